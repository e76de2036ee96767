//===- CpuKernel.cpp - JIT-compiling nnid modules for the host CPU --------===//

#include "CompilerContext.h"
#include "CpuPipeline.h"
#include "EntryWrapper.h"
#include "HostTarget.h"
#include "PackedArguments.h"

#include "nnid/API/Kernel.h"
#include "nnid/Pipelines/Pipelines.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/Pass/PassManager.h"

#include <mutex>

using namespace mlir;
using namespace nnid;

namespace {

class CpuKernel : public Kernel {
public:
  CpuKernel(std::unique_ptr<ExecutionEngine> engine,
            nnid::detail::EntryWrapper wrapper, void (*entry)(void **),
            unsigned numThreads)
      : Kernel(wrapper.inputs, wrapper.outputs), engine(std::move(engine)),
        entry(entry), numThreads(numThreads) {
    // The kernels' parallel loops run on libomp's threads; the thread count
    // is set on the calling thread before every call.
    if (auto setThreads = this->engine->lookup("omp_set_num_threads"))
      setNumThreads = reinterpret_cast<void (*)(int)>(*setThreads);
    else
      llvm::consumeError(setThreads.takeError());
  }

protected:
  llvm::Error runChecked(llvm::ArrayRef<TensorRef> inputs,
                         llvm::ArrayRef<MutableTensorRef> outputs) override {
    nnid::detail::PackedArguments args;
    for (const TensorRef &in : inputs)
      args.addBuffer(in.data.data(), in.shape);
    for (const MutableTensorRef &out : outputs)
      args.addBuffer(out.data.data(), out.shape);
    // The compiled code's intermediate buffers are one static workspace:
    // calls take turns.
    std::lock_guard<std::mutex> lock(mutex);
    if (setNumThreads)
      setNumThreads(static_cast<int>(numThreads));
    entry(args.get().data());
    if (args.status != 0)
      return makeError("an output buffer's shape does not match the shape "
                       "the model computes for these inputs");
    return llvm::Error::success();
  }

private:
  std::unique_ptr<ExecutionEngine> engine;
  void (*entry)(void **);
  unsigned numThreads;
  void (*setNumThreads)(int) = nullptr;
  std::mutex mutex;
};

} // namespace

HostCpu nnid::getHostCpu() {
  nnid::detail::HostTarget host = nnid::detail::getHostTarget();
  HostCpu result;
  result.vectorWidth = host.vectorWidth;
  result.registers = host.numRegisters;
  result.cores = host.numCores;
  result.openMP = !host.openMPLibrary.empty();
  return result;
}

llvm::Expected<std::unique_ptr<Kernel>>
nnid::compileForCPU(ModuleOp module, const CompileOptions &options) {
  auto wrapper = nnid::detail::describeEntryWrapper(module, options.entry);
  if (!wrapper)
    return wrapper.takeError();

  // Compile for this machine: its vector registers, and threads when
  // libomp is there to run them.
  CompileForCPUOptions pipeline;
  pipeline.entry = options.entry;
  nnid::detail::HostTarget host = nnid::detail::getHostTarget();
  if (llvm::Error error = nnid::detail::setLoweringOptions(
          options, {host.vectorWidth, host.numRegisters},
          /*defaultParallel=*/!host.openMPLibrary.empty(), pipeline))
    return std::move(error);
  if (pipeline.parallel && host.openMPLibrary.empty())
    return makeError("parallel kernels need LLVM's OpenMP runtime (libomp), "
                     "which is not installed");
  unsigned numThreads = options.numThreads ? options.numThreads : host.numCores;

  auto lowered = nnid::detail::runPipeline(
      module,
      [&](OpPassManager &pm) { buildCompileForCPUPipeline(pm, pipeline); },
      "cannot compile the module for the CPU:");
  if (!lowered)
    return lowered.takeError();
  SmallVector<StringRef> libraries;
  if (pipeline.parallel)
    libraries.push_back(host.openMPLibrary);
  auto engine = nnid::detail::createJIT(**lowered, options.optLevel, libraries);
  if (!engine)
    return engine.takeError();
  // The JIT generates machine code when a symbol is first looked up: here,
  // so that compileForCPU does all the compiling and run() none.
  auto entry = (*engine)->lookupPacked("_mlir_ciface_" + wrapper->name);
  if (!entry)
    return entry.takeError();
  return std::make_unique<CpuKernel>(std::move(*engine), std::move(*wrapper),
                                     *entry, numThreads);
}

llvm::Expected<std::unique_ptr<Kernel>>
nnid::compileForCPU(llvm::StringRef source, const CompileOptions &options) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  nnid::detail::prepareContext(context);
  auto module = nnid::detail::parseModule(source, context);
  if (!module)
    return module.takeError();
  return compileForCPU(**module, options);
}
