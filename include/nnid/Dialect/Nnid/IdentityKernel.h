//===- IdentityKernel.h - identity convolution kernels ----------*- C++ -*-===//
//
// Constant kernels of 1x1 convolutions that compute the identity, shared by
// the folds and canonicalizations of nnid.conv2d and nnid.identity_conv1x1.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNID_IDENTITYKERNEL_H
#define NNID_DIALECT_NNID_IDENTITYKERNEL_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

namespace nnid {

/// The identity kernel of a grouped 1x1 convolution with weight type
/// `[C, C / groups, 1, 1]`: element [i, i % (C / groups), 0, 0] is 1, every
/// other element 0 (the `id_tensor` of PyTorch's IdentityBasedConv1x1).
mlir::DenseElementsAttr getIdentityKernel(mlir::RankedTensorType weightType,
                                          int64_t groups);

/// Whether `kernel` is exactly the identity kernel for `groups` (zeros of
/// either sign off the diagonal).
bool isIdentityKernel(mlir::Attribute kernel, int64_t groups);

/// Whether `value` is a float elements attribute whose elements are all zero
/// (of either sign).
bool isZeroElements(mlir::Attribute value);

} // namespace nnid

#endif // NNID_DIALECT_NNID_IDENTITYKERNEL_H
