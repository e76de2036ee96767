//===- Passes.h - nnid transformation passes --------------------*- C++ -*-===//
//
// Declarations and registration of the passes in Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_TRANSFORMS_PASSES_H
#define NNID_TRANSFORMS_PASSES_H

#include "nnid/Dialect/Nnid/NnidDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Pass/Pass.h"

namespace nnid {

#define GEN_PASS_DECL
#include "nnid/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnid/Transforms/Passes.h.inc"

} // namespace nnid

#endif // NNID_TRANSFORMS_PASSES_H
