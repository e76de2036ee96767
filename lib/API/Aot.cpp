//===- Aot.cpp - compiling nnid models to object files --------------------===//
//
// --nnid-compile-to-object (the CPU pipeline of compileForCPU, then the C
// entry point), translation to LLVM IR, LLVM's optimization pipeline and an
// object file from a TargetMachine for the chosen CPU. Objects are position
// independent.
//
//===----------------------------------------------------------------------===//

#include "CInterface.h"
#include "CompilerContext.h"
#include "CpuPipeline.h"
#include "EntryWrapper.h"

#include "nnid/API/Aot.h"
#include "nnid/Pipelines/Pipelines.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <mutex>

using namespace mlir;
using namespace nnid;

namespace {

/// The machine objects are emitted for, and the shape of its vector
/// registers, which the CPU kernels are built for.
struct Target {
  std::unique_ptr<llvm::TargetMachine> machine;
  std::string cpu;
  int64_t vectorWidth = 4;
  int64_t numRegisters = 16;
};

llvm::Expected<Target> createTarget(llvm::StringRef cpuOption,
                                    unsigned optLevel) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("no LLVM target for " + triple.str() + ": " + error);

  Target result;
  std::string features;
  if (cpuOption == "native") {
    result.cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures hostFeatures;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(feature.first(), feature.second);
    features = hostFeatures.getString();
  } else if (cpuOption == "generic") {
    result.cpu = triple.isX86() ? "x86-64" : "generic";
  } else {
    result.cpu = cpuOption.str();
  }
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, result.cpu, features));
  if (!subtarget || !subtarget->isCPUStringValid(result.cpu))
    return makeError(llvm::formatv("unknown CPU '{0}' for {1} (`llc "
                                   "-mcpu=help` lists them; or use native "
                                   "or generic)",
                                   result.cpu, triple.str()));
  if (subtarget->checkFeatures("+avx512f")) {
    result.vectorWidth = 16;
    result.numRegisters = 32;
  } else if (subtarget->checkFeatures("+avx2,+fma")) {
    result.vectorWidth = 8;
  }

  llvm::TargetOptions targetOptions;
  result.machine.reset(target->createTargetMachine(
      triple, result.cpu, features, targetOptions, llvm::Reloc::PIC_,
      std::nullopt, static_cast<llvm::CodeGenOptLevel>(optLevel)));
  if (!result.machine)
    return makeError("cannot create a target machine for " + triple.str());
  return result;
}

/// Reports `what` to `progress`, if set.
void report(const ProgressCallback &progress, const llvm::Twine &what) {
  if (progress)
    progress({what.str()});
}

/// Optimizes `module` and emits it as an object file.
llvm::Expected<std::string> emitObject(llvm::Module &module,
                                       const Target &target, unsigned optLevel,
                                       const ProgressCallback &progress) {
  llvm::TargetMachine &machine = *target.machine;
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple());
  report(progress, llvm::formatv("optimizing LLVM IR (-O{0})", optLevel));
  auto optimize =
      makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, &machine);
  if (llvm::Error error = optimize(&module))
    return std::move(error);

  report(progress, "generating machine code for " + target.cpu);

  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return makeError("the target machine cannot emit object files");
  codegen.run(module);
  return std::string(object.begin(), object.end());
}

} // namespace

llvm::Expected<AotResult> nnid::compileToObject(ModuleOp module,
                                                const AotOptions &options) {
  unsigned optLevel = std::min(options.optLevel, 3u);
  llvm::Expected<Target> target = createTarget(options.cpu, optLevel);
  if (!target)
    return target.takeError();
  auto wrapper = nnid::detail::describeEntryWrapper(module, options.entry);
  if (!wrapper)
    return wrapper.takeError();
  auto interface = nnid::detail::makeCInterface(*wrapper, options.name);
  if (!interface)
    return interface.takeError();

  CompileToObjectOptions pipeline;
  pipeline.entry = options.entry;
  pipeline.name = options.name;
  if (llvm::Error error = nnid::detail::setLoweringOptions(
          options, {target->vectorWidth, target->numRegisters},
          /*defaultParallel=*/false, pipeline))
    return std::move(error);
  auto lowered = nnid::detail::runPipeline(
      module,
      [&](OpPassManager &pm) { buildCompileToObjectPipeline(pm, pipeline); },
      "cannot compile the module for the CPU:", options.progress,
      "lowering to the LLVM dialect");
  if (!lowered)
    return lowered.takeError();

  auto workspaceBytes = nnid::detail::getWorkspaceBytes(**lowered, *wrapper);
  if (!workspaceBytes)
    return workspaceBytes.takeError();

  nnid::detail::DiagnosticCollector diagnostics(*module.getContext());
  report(options.progress, "translating to LLVM IR");
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(**lowered, llvmContext, options.name);
  if (!llvmModule)
    return diagnostics.makeError("cannot translate the module to LLVM IR:");
  llvm::Expected<std::string> object =
      emitObject(*llvmModule, *target, optLevel, options.progress);
  if (!object)
    return object.takeError();

  AotResult result;
  result.functionName = interface->functionName;
  result.cpu = target->cpu;
  result.inputs = wrapper->inputs;
  result.outputs = wrapper->outputs;
  result.dynamicBatch = interface->dynamicBatch;
  result.parallel = pipeline.parallel;
  result.workspaceBytes = *workspaceBytes;
  result.workspaceAlignment = kWorkspaceAlignment;
  std::string printed;
  llvm::raw_string_ostream os(printed);
  pipeline.print(os);
  // "{entry=forward kernels=true ...}" without the braces.
  result.pipeline = llvm::StringRef(printed).drop_front().drop_back().str();
  result.object = std::move(*object);
  result.header =
      nnid::detail::writeCHeader(*interface, result, options.sourceName);
  return result;
}

llvm::Expected<AotResult> nnid::compileToObject(llvm::StringRef source,
                                                const AotOptions &options) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  nnid::detail::prepareContext(context);
  report(options.progress, "parsing the module");
  auto module = nnid::detail::parseModule(source, context);
  if (!module)
    return module.takeError();
  return compileToObject(**module, options);
}

/// Writes `contents` to `path`; a failed write removes what it wrote.
static llvm::Error writeFile(llvm::StringRef path, llvm::StringRef contents) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return makeError("cannot write " + path + ": " + ec.message());
  os << contents;
  os.close();
  if (os.has_error()) {
    std::string message = os.error().message();
    os.clear_error();
    llvm::sys::fs::remove(path);
    return makeError("cannot write " + path + ": " + message);
  }
  return llvm::Error::success();
}

llvm::Error nnid::writeAotFiles(const AotResult &result,
                                llvm::StringRef objectPath,
                                llvm::StringRef headerPath) {
  if (llvm::Error error = writeFile(objectPath, result.object))
    return error;
  return writeFile(headerPath, result.header);
}
