//===- PipelineFlags.h - the CPU pipeline's options as flags ----*- C++ -*-===//
//
// Command-line flags for CpuPipelineOptions, with --nnid-lower-to-llvm's
// names: --layout, --kernels, --reparameterize, --parallel, --vector-width,
// --registers. nnid-compile, nnid-run and the model generators
// (nnid/API/Generator.h) take them, and MLIR's pass manager flags
// (--mlir-print-ir-after-all, --mlir-timing, ...), which the API's
// pipelines then follow.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_PIPELINEFLAGS_H
#define NNID_API_PIPELINEFLAGS_H

#include "nnid/API/PipelineOptions.h"

#include "llvm/Support/CommandLine.h"

namespace nnid {

/// The flags, registered in `category` when constructed (construct one,
/// before llvm::cl::ParseCommandLineOptions), with registerPassManagerFlags.
class PipelineFlags {
public:
  explicit PipelineFlags(llvm::cl::OptionCategory &category);

  /// `base` with the flags given on the command line applied.
  CpuPipelineOptions apply(CpuPipelineOptions base = {}) const;

private:
  llvm::cl::opt<std::string> layout;
  llvm::cl::opt<bool> kernels;
  llvm::cl::opt<bool> reparameterize;
  llvm::cl::opt<bool> parallel;
  llvm::cl::opt<int64_t> vectorWidth;
  llvm::cl::opt<int64_t> registers;
};

/// Registers MLIR's pass manager flags (--mlir-print-ir-before/after...,
/// --mlir-timing) with the command line, and MLIR's and nnid's passes for
/// them to name, and has the pipelines that compileForCPU, compileToObject
/// and compileForCUDA run follow them. Without it they ignore those flags.
void registerPassManagerFlags();

} // namespace nnid

#endif // NNID_API_PIPELINEFLAGS_H
