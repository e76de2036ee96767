//===- CompilerContext.cpp - what compiling nnid needs --------------------===//

#include "CompilerContext.h"

#include "nnid/API/PipelineFlags.h"
#include "nnid/InitAll.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <functional>
#include <mutex>

/// Set once the pass manager's command-line options exist.
static std::atomic<bool> passManagerFlagsRegistered = false;

void nnid::registerPassManagerFlags() {
  static std::once_flag once;
  std::call_once(once, [] {
    // --mlir-print-ir-after=<pass> and friends name the passes registered
    // when they are.
    mlir::registerAllPasses();
    nnid::registerAllPasses();
    mlir::registerPassManagerCLOptions();
    mlir::registerDefaultTimingManagerCLOptions();
    passManagerFlagsRegistered = true;
  });
}

using namespace mlir;

void nnid::detail::prepareContext(MLIRContext &context) {
  DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  nnid::registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

nnid::detail::DiagnosticCollector::DiagnosticCollector(MLIRContext &context)
    : context(context) {
  handler = context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    llvm::raw_string_ostream os(messages);
    os << "\n  " << diag.getLocation() << ": ";
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    case DiagnosticSeverity::Note:
      os << "note: ";
      break;
    case DiagnosticSeverity::Remark:
      os << "remark: ";
      break;
    }
    os << diag.str();
    for (Diagnostic &note : diag.getNotes())
      os << "\n  " << note.getLocation() << ": note: " << note.str();
    return success();
  });
}

nnid::detail::DiagnosticCollector::~DiagnosticCollector() {
  context.getDiagEngine().eraseHandler(handler);
}

llvm::Error
nnid::detail::DiagnosticCollector::makeError(const llvm::Twine &what) const {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 what + messages);
}

/// MLIR's parser recurses once per nested bracket: a source nested deeper
/// than this is refused before it can overflow the stack. nnid IR nests a
/// few levels (regions, 4-D weight literals).
static constexpr int64_t kMaxTextNesting = 256;

/// Whether MLIR text nests `(`, `[` or `{` deeper than kMaxTextNesting,
/// outside string literals and comments.
static bool isNestedTooDeeply(llvm::StringRef text) {
  int64_t depth = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (c == '"') {
      for (++i; i < e && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
    } else if (c == '/' && i + 1 < e && text[i + 1] == '/') {
      i = std::min(text.find('\n', i), e);
    } else if (c == '(' || c == '[' || c == '{') {
      if (++depth > kMaxTextNesting)
        return true;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

llvm::Expected<OwningOpRef<ModuleOp>>
nnid::detail::parseModule(llvm::StringRef source, MLIRContext &context) {
  // Text, not MLIR bytecode (which starts with "ML\xefR").
  if (!source.starts_with("ML\xefR") && isNestedTooDeeply(source))
    return makeError(llvm::formatv("cannot parse the module: it nests "
                                   "brackets deeper than {0} levels",
                                   kMaxTextNesting));
  DiagnosticCollector diagnostics(context);
  // MLIR's lexer reads up to a NUL terminator, which a StringRef into a
  // larger buffer does not have: parse a terminated copy.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, "input"), llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return diagnostics.makeError("cannot parse the module:");
  return module;
}

namespace {

/// Reports the pipeline of a pass manager as it starts, with its number of
/// passes, then each top-level pass as it starts. The pass manager merges
/// adjacent nested pipelines (func.func(a), func.func(b) into
/// func.func(a, b)) when it runs, so its passes are counted then.
class PassProgress : public PassInstrumentation {
public:
  PassProgress(OpPassManager &pm, const nnid::ProgressCallback &progress,
               llvm::StringRef stage)
      : pm(pm), progress(progress), stage(stage.str()) {}

  void runBeforePass(Pass *pass, Operation *) override {
    if (indices.empty()) {
      unsigned index = 0;
      for (Pass &topLevel : pm.getPasses())
        indices[&topLevel] = ++index;
      progress(
          {llvm::formatv("{0} ({1} passes)", stage, indices.size()).str()});
    }
    auto it = indices.find(pass);
    if (it == indices.end())
      return; // a nested pass, or one a pass runs
    progress(
        {describe(*pass), it->second, static_cast<unsigned>(indices.size())});
  }

private:
  /// The pass as a pipeline names it, without options and cut to a line:
  /// "func.func(canonicalize, cse)".
  static std::string describe(Pass &pass) {
    std::string text, result;
    llvm::raw_string_ostream os(text);
    pass.printAsTextualPipeline(os);
    int depth = 0;
    for (char c : text) {
      if (c == '{')
        ++depth;
      else if (c == '}')
        --depth;
      else if (depth == 0)
        result += c == ',' ? ", " : std::string(1, c);
    }
    constexpr size_t kMaxLength = 72;
    if (result.size() > kMaxLength)
      result = result.substr(0, kMaxLength - 3) + "...";
    return result;
  }

  OpPassManager &pm;
  const nnid::ProgressCallback &progress;
  std::string stage;
  llvm::DenseMap<Pass *, unsigned> indices;
};

} // namespace

llvm::Expected<OwningOpRef<ModuleOp>> nnid::detail::runPipeline(
    ModuleOp module, llvm::function_ref<void(OpPassManager &)> build,
    const llvm::Twine &what, const nnid::ProgressCallback &progress,
    llvm::StringRef stage) {
  MLIRContext &context = *module.getContext();
  prepareContext(context);
  DiagnosticCollector diagnostics(context);
  if (failed(verify(module)))
    return diagnostics.makeError("the module is not valid:");
  OwningOpRef<ModuleOp> clone = module.clone();
  PassManager pm(&context);
  if (passManagerFlagsRegistered) {
    if (failed(applyPassManagerCLOptions(pm)))
      return diagnostics.makeError("invalid pass manager options:");
    applyDefaultTimingPassManagerCLOptions(pm);
  }
  build(pm);
  if (progress)
    pm.addInstrumentation(std::make_unique<PassProgress>(pm, progress, stage));
  // A pass's error names the op; printing the op (a whole model, for a
  // function) would bury the message.
  bool printOp = context.shouldPrintOpOnDiagnostic();
  context.printOpOnDiagnostic(false);
  LogicalResult result = pm.run(*clone);
  context.printOpOnDiagnostic(printOp);
  if (failed(result))
    return diagnostics.makeError(what);
  return clone;
}

llvm::Expected<std::unique_ptr<ExecutionEngine>>
nnid::detail::createJIT(ModuleOp module, unsigned optLevel,
                        llvm::ArrayRef<llvm::StringRef> libraries) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto machineBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    return machineBuilder.takeError();
  auto machine = machineBuilder->createTargetMachine();
  if (!machine)
    return machine.takeError();
  optLevel = std::min(optLevel, 3u);
  // ExecutionEngineOptions::transformer is a function_ref: the function it
  // refers to must outlive ExecutionEngine::create.
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, machine->get());
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.sharedLibPaths = libraries;
  options.jitCodeGenOptLevel = static_cast<llvm::CodeGenOptLevel>(optLevel);
  return ExecutionEngine::create(module, options, std::move(*machine));
}
