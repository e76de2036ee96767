//===- CompilerContext.h - what compiling nnid needs ------------*- C++ -*-===//

#ifndef NNID_LIB_API_COMPILERCONTEXT_H
#define NNID_LIB_API_COMPILERCONTEXT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace nnid::detail {

/// Makes every dialect, interface and translation the compiler uses
/// available in `context`.
void prepareContext(mlir::MLIRContext &context);

/// Collects the diagnostics emitted on a context while it lives, so that a
/// failure can be returned as an llvm::Error instead of printed.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context);
  ~DiagnosticCollector();

  /// An error holding `what` and the collected diagnostics.
  llvm::Error makeError(const llvm::Twine &what) const;

private:
  mlir::MLIRContext &context;
  mlir::DiagnosticEngine::HandlerID handler;
  std::string messages;
};

/// Parses MLIR text or bytecode into `context`.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
parseModule(llvm::StringRef source, mlir::MLIRContext &context);

} // namespace nnid::detail

#endif // NNID_LIB_API_COMPILERCONTEXT_H
