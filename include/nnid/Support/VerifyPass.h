//===- VerifyPass.h - invalid IR from a pass is a compiler bug --*- C++ -*-===//
//
// nnid's passes end with verifyPassResult(): when what they leave does not
// verify, the error says that nnid has a bug, names the pass and the op,
// and tells how to get the pass's input, instead of a bare verifier message
// pointing at the user's layer.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_SUPPORT_VERIFYPASS_H
#define NNID_SUPPORT_VERIFYPASS_H

#include "mlir/Pass/Pass.h"

namespace nnid {

/// Verifies `op` (the operation `pass` ran on). On failure emits one error
/// at the offending op: "pass 'ARG' left invalid IR (a bug in nnid)", the
/// verifier's message, the op, and how to print the pass's input.
mlir::LogicalResult verifyPassResult(const mlir::Pass &pass,
                                     mlir::Operation *op);

} // namespace nnid

#endif // NNID_SUPPORT_VERIFYPASS_H
