//===- CompilerContext.cpp - what compiling nnid needs --------------------===//

#include "CompilerContext.h"

#include "nnid/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/raw_ostream.h"

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

llvm::Expected<OwningOpRef<ModuleOp>>
nnid::detail::parseModule(llvm::StringRef source, MLIRContext &context) {
  DiagnosticCollector diagnostics(context);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, &context, "input");
  if (!module)
    return diagnostics.makeError("cannot parse the module:");
  return module;
}
