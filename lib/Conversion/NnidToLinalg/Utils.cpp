//===- Utils.cpp - helpers shared by the nnid-to-linalg patterns ----------===//

#include "Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

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
                          ActivationLayout layout, ArrayRef<int64_t> low,
                          ArrayRef<int64_t> high, double value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> lowPad(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> highPad(4, b.getIndexAttr(0));
  SmallVector<int64_t> shape(type.getShape());
  int64_t dims[2] = {layout.heightDim(), layout.widthDim()};
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

Value nnid::detail::createTranspose(OpBuilder &b, Location loc, Value value,
                                    ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : permutation)
    shape.push_back(type.getDimSize(d));
  auto resultType = RankedTensorType::get(shape, type.getElementType());

  // Constant weights are permuted now, not at run time.
  DenseElementsAttr elements;
  if (matchPattern(value, m_Constant(&elements)) && type.hasStaticShape() &&
      type.getElementType().isF32()) {
    if (elements.isSplat())
      return arith::ConstantOp::create(b, loc,
                                       elements.resizeSplat(resultType));
    SmallVector<float> source(elements.getValues<float>());
    SmallVector<float> permuted(source.size());
    SmallVector<int64_t> sourceStrides(type.getRank(), 1);
    for (int64_t d = type.getRank() - 2; d >= 0; --d)
      sourceStrides[d] = sourceStrides[d + 1] * type.getDimSize(d + 1);
    SmallVector<int64_t> index(shape.size(), 0);
    for (float &element : permuted) {
      int64_t offset = 0;
      for (size_t i = 0; i < shape.size(); ++i)
        offset += index[i] * sourceStrides[permutation[i]];
      element = source[offset];
      for (int64_t i = shape.size() - 1; i >= 0; --i) {
        if (++index[i] < shape[i])
          break;
        index[i] = 0;
      }
    }
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(resultType, ArrayRef<float>(permuted)));
  }
  Value empty = createEmpty(b, loc, resultType, value);
  return linalg::TransposeOp::create(b, loc, value, empty, permutation)
      .getResult()[0];
}

bool nnid::detail::isActivation(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 4 && tensor.getElementType().isF32();
}

/// Marks the linalg.transpose ops that are NCHW views of NHWC values.
static constexpr llvm::StringLiteral kNCHWViewAttr = "nnid.nchw_view";

Value nnid::detail::createNCHWView(OpBuilder &b, Location loc, Value nhwc) {
  auto type = cast<RankedTensorType>(nhwc.getType());
  ArrayRef<int64_t> s = type.getShape();
  auto viewType =
      RankedTensorType::get({s[0], s[3], s[1], s[2]}, type.getElementType());
  Value empty = createEmpty(b, loc, viewType, nhwc);
  auto view = linalg::TransposeOp::create(b, loc, nhwc, empty,
                                          ArrayRef<int64_t>{0, 3, 1, 2});
  view->setAttr(kNCHWViewAttr, b.getUnitAttr());
  return view.getResult()[0];
}

Value nnid::detail::createNHWC(OpBuilder &b, Location loc, Value nchw) {
  if (auto view = nchw.getDefiningOp<linalg::TransposeOp>())
    if (view->hasAttr(kNCHWViewAttr))
      return view.getInput();
  return createTranspose(b, loc, nchw, {0, 2, 3, 1});
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
