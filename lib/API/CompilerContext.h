//===- CompilerContext.h - what compiling nnid needs ------------*- C++ -*-===//

#ifndef NNID_LIB_API_COMPILERCONTEXT_H
#define NNID_LIB_API_COMPILERCONTEXT_H

#include "nnid/API/Progress.h"
#include "nnid/Support/Error.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
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

/// What every compile function does before it JIT-compiles or emits code:
/// verifies `module`, then runs the pipeline `build` adds on a clone of it
/// (with the pass manager's command-line options, --mlir-print-ir-after-all
/// and --mlir-timing among them, where the tool registered them). Errors
/// hold the module's diagnostics, after `what`. With `progress`, reports
/// `stage` (with the number of passes) as the pipeline starts, then each
/// top-level pass.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
runPipeline(mlir::ModuleOp module,
            llvm::function_ref<void(mlir::OpPassManager &)> build,
            const llvm::Twine &what, const ProgressCallback &progress = {},
            llvm::StringRef stage = "running the pipeline");

/// An execution engine for `module` (lowered to the LLVM dialect) on this
/// machine, optimized at `optLevel` (0 to 3), with `libraries` loaded.
llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>>
createJIT(mlir::ModuleOp module, unsigned optLevel,
          llvm::ArrayRef<llvm::StringRef> libraries = {});

} // namespace nnid::detail

#endif // NNID_LIB_API_COMPILERCONTEXT_H
