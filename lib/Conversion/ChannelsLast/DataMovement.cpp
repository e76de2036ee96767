//===- DataMovement.cpp - padding, concatenation, flatten in channels-last ===//
//
// tensor.pad pads the permuted dimensions; tensor.concat joins along the
// permuted axis. A flatten (tensor.collapse_shape) of an activation whose
// height and width are 1 reads the channels-last value through a reshape:
// [N, 1, 1, C] and [N, C, 1, 1] hold the same sequence of values, so no
// transpose is needed.
//
//===----------------------------------------------------------------------===//

#include "ChannelsLast.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnid::channels_last;

namespace {

/// A collapse_shape of an [N, C, 1, 1] activation.
bool isUnitFlatten(tensor::CollapseShapeOp collapse) {
  RankedTensorType type = collapse.getSrcType();
  return isActivation(type) && type.getDimSize(2) == 1 &&
         type.getDimSize(3) == 1;
}

std::optional<OpLayout> matchDataMovement(Operation *op) {
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    if (isActivation(pad.getSourceType()) && pad.getConstantPaddingValue())
      return OpLayout{false, {0}, {0}};
    return std::nullopt;
  }
  if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
    if (!isActivation(concat.getType()))
      return std::nullopt;
    OpLayout layout;
    for (unsigned i = 0, e = concat->getNumOperands(); i < e; ++i)
      layout.operands.push_back(i);
    layout.results.push_back(0);
    return layout;
  }
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
    if (isUnitFlatten(collapse))
      return OpLayout{false, {0}, {}};
  }
  return std::nullopt;
}

/// [N, 1, 1, C] -> [N, C, 1, 1], as a collapse to [N, C] and an expansion.
Value reshapeToNCHW(OpBuilder &b, Location loc, Value nhwc,
                    RankedTensorType nchwType) {
  auto type = cast<RankedTensorType>(nhwc.getType());
  auto matrixType = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(3)}, type.getElementType());
  Value matrix = tensor::CollapseShapeOp::create(
      b, loc, matrixType, nhwc, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
  SmallVector<OpFoldResult> sizes;
  if (type.isDynamicDim(0))
    sizes.push_back(tensor::DimOp::create(b, loc, nhwc, 0).getResult());
  else
    sizes.push_back(b.getIndexAttr(type.getDimSize(0)));
  for (int64_t d : nchwType.getShape().drop_front())
    sizes.push_back(b.getIndexAttr(d));
  return tensor::ExpandShapeOp::create(
      b, loc, nchwType, matrix, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}},
      sizes);
}

SmallVector<Value> convertDataMovement(Operation *op, const Rewriter &r) {
  RewriterBase &b = r.builder();
  Location loc = op->getLoc();
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    Value source = r.getChannelsLast(loc, pad.getSource());
    SmallVector<OpFoldResult> low = pad.getMixedLowPad();
    SmallVector<OpFoldResult> high = pad.getMixedHighPad();
    SmallVector<OpFoldResult> newLow, newHigh;
    for (int64_t d : getPermutation(4)) {
      newLow.push_back(low[d]);
      newHigh.push_back(high[d]);
    }
    return {tensor::PadOp::create(
        b, loc, getChannelsLastType(pad.getType()), source, newLow, newHigh,
        pad.getConstantPaddingValue(), pad.getNofold())};
  }
  if (auto concat = dyn_cast<tensor::ConcatOp>(op)) {
    SmallVector<Value> inputs;
    for (Value input : concat.getInputs())
      inputs.push_back(r.getChannelsLast(loc, input));
    return {tensor::ConcatOp::create(
        b, loc, getChannelsLastType(concat.getResultType()),
        getChannelsLastDim(4, concat.getDim()), inputs)};
  }
  auto collapse = cast<tensor::CollapseShapeOp>(op);
  Value source = reshapeToNCHW(
      b, loc, r.getChannelsLast(loc, collapse.getSrc()), collapse.getSrcType());
  return {tensor::CollapseShapeOp::create(b, loc, collapse.getResultType(),
                                          source,
                                          collapse.getReassociationIndices())};
}

} // namespace

Rule nnid::channels_last::getDataMovementRule() {
  return {matchDataMovement, convertDataMovement};
}
