//===- CheckCudaTarget.cpp - the CUDA target and its tools, checked -------===//

#include "nnid/Conversion/GPU/CudaTarget.h"
#include "nnid/Conversion/GPU/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Regex.h"

namespace nnid {
#define GEN_PASS_DEF_CHECKCUDATARGET
#include "nnid/Conversion/GPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid;

namespace {

struct CheckCudaTargetPass
    : nnid::impl::CheckCudaTargetBase<CheckCudaTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    if (failed(checkChip()) || failed(checkFormat()) || failed(checkTools()))
      signalPassFailure();
  }

  /// An error at the module's location (not on the module, which the
  /// diagnostic would print in full).
  InFlightDiagnostic error() {
    return mlir::emitError(getOperation()->getLoc());
  }

  LogicalResult checkChip() {
    if (!llvm::Regex("^sm_[0-9]+[af]?$").match(chip))
      return error() << "chip '" << chip
                     << "' is not a CUDA architecture name like sm_90";
    std::optional<unsigned> minimum = getMinimumPtxVersion(chip);
    llvm::SmallVector<llvm::StringRef> matches;
    if (!minimum || !llvm::Regex("\\+ptx([0-9]+)").match(features, &matches))
      return success();
    unsigned version = 0;
    if (matches[1].getAsInteger(10, version) || version >= *minimum)
      return success();
    return error() << llvm::formatv(
               "features '{0}' select PTX {1}.{2}, but {3} needs PTX {4}.{5} "
               "or later: leave features empty to get it",
               features, version / 10, version % 10, chip, *minimum / 10,
               *minimum % 10);
  }

  LogicalResult checkFormat() {
    if (format == "isa" || format == "bin" || format == "fatbin")
      return success();
    return error() << "format '" << format
                   << "' is not one of isa (PTX), bin (cubin), fatbin";
  }

  LogicalResult checkTools() {
    if (!toolkit.empty() && !llvm::sys::fs::is_directory(toolkit))
      return error() << "the CUDA toolkit '" << toolkit
                     << "' is not a directory";
    std::optional<CudaToolkitVariable> variable = getCudaToolkitVariable();
    if (format != "isa") {
      llvm::SmallVector<llvm::StringRef, 2> tools = {"ptxas"};
      if (format == "fatbin")
        tools.push_back("fatbinary");
      for (llvm::StringRef tool : tools) {
        if (findCudaTool(tool, toolkit))
          continue;
        std::string searched = "$PATH";
        if (!toolkit.empty())
          searched = toolkit + "/bin, " + searched;
        searched += variable ? llvm::formatv(", ${0}/bin ({1}/bin)",
                                             variable->name, variable->value)
                                   .str()
                             : ", $CUDA_HOME/bin (CUDA_HOME is not set)";
        return error() << llvm::formatv(
                   "format '{0}' needs '{1}' from the CUDA toolkit, which is "
                   "in none of: {2}. Install the CUDA toolkit (at {3}) or "
                   "set CUDA_HOME to it or put its bin directory on PATH; or "
                   "emit PTX with format isa, which needs no toolkit",
                   format, tool, searched, kDefaultCudaToolkit);
      }
    }
    // Without a toolkit of its own, the NVVM target links libdevice from the
    // environment variable's toolkit, and fails when there is none there.
    if (toolkit.empty() && variable && !isCudaToolkit(variable->value))
      return error() << llvm::formatv(
                 "{0} is set to '{1}', which is not a CUDA toolkit (it has no "
                 "bin/ptxas and nvvm/libdevice/libdevice.10.bc); the NVVM "
                 "target reads libdevice from it for every format: point {0} "
                 "at a CUDA toolkit or unset it",
                 variable->name, variable->value);
    return success();
  }
};

} // namespace
