//===- PreparedCase.cpp - one benchmark case, compiled and checked --------===//

#include "PreparedCase.h"
#include "CaseData.h"
#include "Compare.h"

#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>

using namespace mlir;
using namespace nnid;
using namespace nnid::bench;

namespace {

/// nnid and PyTorch add the same f32 products in different orders.
constexpr double kRelativeTolerance = 1e-4, kAbsoluteTolerance = 1e-4;

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The number of nnid ops in `module`.
int64_t countNnidOps(ModuleOp module) {
  int64_t count = 0;
  module.walk([&](Operation *op) {
    if (isa<NnidDialect>(op->getDialect()))
      ++count;
  });
  return count;
}

llvm::Error reparameterize(ModuleOp module) {
  PassManager pm(module.getContext());
  ReparameterizeOptions options;
  options.emitRemarks = false;
  pm.addPass(createReparameterize(options));
  if (failed(pm.run(module)))
    return makeError("--nnid-reparameterize failed");
  return llvm::Error::success();
}

} // namespace

llvm::Expected<std::unique_ptr<PreparedCase>>
PreparedCase::create(const BenchCase &benchCase, llvm::StringRef dataDir,
                     const CaseConfig &config) {
  llvm::Expected<CaseData> data = CaseData::open(benchCase.name, dataDir);
  if (!data)
    return data.takeError();

  std::unique_ptr<Kernel> kernel;
  std::string summary;
  std::chrono::duration<double> compileTime{};
  {
    // The kernel does not refer to the IR it was compiled from.
    MLIRContext context(MLIRContext::Threading::DISABLED);
    OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&context));
    if (llvm::Error error = benchCase.emit(*module, data->getWeightSource()))
      return std::move(error);
    int64_t emitted = countNnidOps(*module);
    summary = llvm::formatv("{0} nnid ops", emitted);
    if (config.reparameterize) {
      if (llvm::Error error = reparameterize(*module))
        return std::move(error);
      summary = llvm::formatv("{0} nnid ops, {1} after --nnid-reparameterize",
                              emitted, countNnidOps(*module));
    }
    CompileOptions options;
    options.numThreads = config.numThreads;
    // As written means as written: the compiler's own pass stays off too.
    options.reparameterize = config.reparameterize;
    auto start = std::chrono::steady_clock::now();
    llvm::Expected<std::unique_ptr<Kernel>> compiled =
        compileForCPU(*module, options);
    compileTime = std::chrono::steady_clock::now() - start;
    if (!compiled)
      return compiled.takeError();
    kernel = std::move(*compiled);
  }

  std::unique_ptr<PreparedCase> prepared(new PreparedCase());
  prepared->kernel = std::move(kernel);
  prepared->input = data->takeInput();
  prepared->inputShape.assign(data->getInputShape().begin(),
                              data->getInputShape().end());
  prepared->outputShape.assign(data->getExpectedShape().begin(),
                               data->getExpectedShape().end());
  prepared->output.assign(data->getExpected().size(), 0.0f);
  prepared->flops = data->getFlops();
  prepared->summary = std::move(summary);
  prepared->compileSeconds = compileTime.count();
  if (llvm::Error error = prepared->run())
    return std::move(error);
  if (llvm::Error error =
          compareOutputs(prepared->output, data->getExpected(),
                         kRelativeTolerance, kAbsoluteTolerance))
    return std::move(error);
  return std::move(prepared);
}

llvm::Error PreparedCase::run() {
  return kernel->run({TensorRef{input, inputShape}},
                     {MutableTensorRef{output, outputShape}});
}

llvm::Error PreparedCase::runInto(std::vector<float> &out) const {
  out.resize(output.size());
  return kernel->run({TensorRef{input, inputShape}},
                     {MutableTensorRef{out, outputShape}});
}
