//===- Utils.cpp - helpers shared by the nnid-to-linalg patterns ----------===//

#include "Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

Value nnid::detail::createEmpty(OpBuilder &b, Location loc,
                                RankedTensorType type, Value like) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, like, d));
  return tensor::EmptyOp::create(b, loc, type, dynamicSizes);
}

Value nnid::detail::createFilled(OpBuilder &b, Location loc,
                                 RankedTensorType type, Value like,
                                 double value) {
  Value empty = createEmpty(b, loc, type, like);
  Value scalar = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type.getElementType(), value));
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value nnid::detail::padHW(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                          double value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> lowPad(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> highPad(4, b.getIndexAttr(0));
  SmallVector<int64_t> shape(type.getShape());
  int64_t dims[2] = {2, 3};
  for (int i = 0; i < 2; ++i) {
    lowPad[dims[i]] = b.getIndexAttr(low[i]);
    highPad[dims[i]] = b.getIndexAttr(high[i]);
    shape[dims[i]] += low[i] + high[i];
  }
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  Value padValue = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type.getElementType(), value));
  return tensor::PadOp::create(b, loc, paddedType, input, lowPad, highPad,
                               padValue);
}

Value nnid::detail::broadcastChannels(OpBuilder &b, Location loc,
                                      Value channels, RankedTensorType type,
                                      Value like, int64_t channelDim) {
  Value empty = createEmpty(b, loc, type, like);
  SmallVector<int64_t> dims;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    if (d != channelDim)
      dims.push_back(d);
  return linalg::BroadcastOp::create(b, loc, channels, empty, dims)
      .getResult()[0];
}

DenseIntElementsAttr nnid::detail::getI64VectorAttr(OpBuilder &b,
                                                    ArrayRef<int64_t> values) {
  return b.getI64TensorAttr(values);
}

SmallVector<AffineMap> nnid::detail::getIdentityMaps(MLIRContext *ctx,
                                                     unsigned rank,
                                                     unsigned numOperands) {
  return SmallVector<AffineMap>(numOperands,
                                AffineMap::getMultiDimIdentityMap(rank, ctx));
}

SmallVector<utils::IteratorType>
nnid::detail::getParallelIterators(unsigned rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}
