//===- NnidFolds.cpp - single-op folds of the nnid dialect ----------------===//
//
// Every fold here is exact: it replaces an op by its input only when the op
// computes the identity.
//
//===----------------------------------------------------------------------===//

#include "nnid/Dialect/Nnid/IdentityKernel.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

using namespace mlir;
using namespace nnid;

/// An op folds to `input` only when nothing about the type changes.
static OpFoldResult foldToInput(Operation *op, Value input) {
  if (input.getType() != op->getResult(0).getType())
    return {};
  return input;
}

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

/// Zero weight (PyTorch's initial state): the kernel is the identity.
OpFoldResult IdentityConv1x1Op::fold(FoldAdaptor adaptor) {
  if (!isZeroElements(adaptor.getWeight()))
    return {};
  return foldToInput(*this, getInput());
}

/// A 1x1 convolution with an identity kernel, stride 1, no padding and no or
/// zero bias. Dilation does not matter for a 1x1 kernel.
OpFoldResult Conv2dOp::fold(FoldAdaptor adaptor) {
  if (!llvm::all_of(getStride(), [](int64_t s) { return s == 1; }) ||
      !llvm::all_of(getPadding(), [](int64_t p) { return p == 0; }))
    return {};
  if (getBias() && !isZeroElements(adaptor.getBias()))
    return {};
  if (!isIdentityKernel(adaptor.getWeight(), getGroups()))
    return {};
  return foldToInput(*this, getInput());
}

/// A 1x1 window with stride 1 and no padding selects every element once.
template <typename PoolOp> static OpFoldResult foldUnitPool(PoolOp op) {
  auto isOne = [](int64_t v) { return v == 1; };
  if (!llvm::all_of(op.getKernelSize(), isOne) ||
      !llvm::all_of(op.getEffectiveStride(), isOne) ||
      !llvm::all_of(op.getPadding(), [](int64_t p) { return p == 0; }))
    return {};
  return foldToInput(op, op.getInput());
}

OpFoldResult MaxPool2dOp::fold(FoldAdaptor) { return foldUnitPool(*this); }

OpFoldResult AvgPool2dOp::fold(FoldAdaptor) { return foldUnitPool(*this); }

/// One bin per input element: each bin averages exactly one value.
OpFoldResult AdaptiveAvgPool2dOp::fold(FoldAdaptor) {
  return foldToInput(*this, getInput());
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() != 1)
    return {};
  return foldToInput(*this, getInputs().front());
}

/// Merging a single dimension (or none that changes the shape).
OpFoldResult FlattenOp::fold(FoldAdaptor) {
  return foldToInput(*this, getInput());
}
