//===- NnidOps.h - nnid operations ------------------------------*- C++ -*-===//
//
// The ops of the nnid dialect, generated from dialect/NnidOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNID_NNIDOPS_H
#define NNID_DIALECT_NNID_NNIDOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"

#include <cstdint>

namespace nnid {

/// The largest value the verifier accepts for a static dimension of an
/// operand or result and for an integer attribute (kernel sizes, strides,
/// padding, dilations, output sizes, groups): 2^31 - 1. The product of two
/// such values fits in int64_t, and so does an index into a tensor that
/// respects kMaxNumElements.
inline constexpr int64_t kMaxDimSize = (int64_t(1) << 31) - 1;

/// The most elements the verifier accepts in an operand, a result or a
/// padded input that the lowering materializes, counting the static
/// dimensions: 2^40 (4 TiB of f32).
inline constexpr int64_t kMaxNumElements = int64_t(1) << 40;

} // namespace nnid

#define GET_OP_CLASSES
#include "nnid/Dialect/Nnid/NnidOps.h.inc"

#endif // NNID_DIALECT_NNID_NNIDOPS_H
