//===- VerifyPass.cpp - invalid IR from a pass is a compiler bug ----------===//

#include "nnid/Support/VerifyPass.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

LogicalResult nnid::verifyPassResult(const Pass &pass, Operation *op) {
  SmallVector<Diagnostic> diagnostics;
  LogicalResult result = success();
  {
    // The verifier's own messages are kept, to be told as part of ours.
    ScopedDiagnosticHandler handler(op->getContext(), [&](Diagnostic &diag) {
      diagnostics.push_back(std::move(diag));
      return success();
    });
    result = verify(op);
  }
  if (succeeded(result))
    return success();

  StringRef name = pass.getArgument();
  if (name.empty())
    name = pass.getName();
  Location loc =
      diagnostics.empty() ? op->getLoc() : diagnostics.front().getLocation();
  InFlightDiagnostic error =
      emitError(loc) << "pass '" << name
                     << "' left invalid IR; this is a bug in nnid, not in "
                        "the model";
  for (Diagnostic &diag : diagnostics) {
    Diagnostic &note = error.attachNote(diag.getLocation());
    note << "the verifier says: " << diag.str();
    for (Diagnostic &inner : diag.getNotes())
      error.attachNote(inner.getLocation()) << inner.str();
  }
  error.attachNote(op->getLoc())
      << "to get the IR this pass was given, run nnid-opt with the same "
         "pipeline and --mlir-print-ir-before="
      << name << " (or --mlir-print-ir-after-failure for what it left)";
  return failure();
}
