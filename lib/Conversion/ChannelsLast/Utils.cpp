//===- Utils.cpp - helpers shared by the channels-last rules --------------===//

#include "ChannelsLast.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

ArrayRef<int64_t> nnid::channels_last::getPermutation(int64_t rank) {
  static constexpr int64_t nhwc[] = {0, 2, 3, 1};
  static constexpr int64_t nhwgc[] = {0, 3, 4, 1, 2};
  assert((rank == 4 || rank == 5) && "no channels-last form");
  if (rank == 4)
    return nhwc;
  return nhwgc;
}

int64_t nnid::channels_last::getChannelsLastDim(int64_t rank, int64_t d) {
  ArrayRef<int64_t> perm = getPermutation(rank);
  return llvm::find(perm, d) - perm.begin();
}

RankedTensorType
nnid::channels_last::getChannelsLastType(RankedTensorType type) {
  SmallVector<int64_t> shape;
  for (int64_t d : getPermutation(type.getRank()))
    shape.push_back(type.getDimSize(d));
  return RankedTensorType::get(shape, type.getElementType());
}

bool nnid::channels_last::isActivation(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 4 && tensor.getElementType().isF32();
}

Value nnid::channels_last::createTranspose(OpBuilder &b, Location loc,
                                           Value value,
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
  SmallVector<Value> dynamicSizes;
  for (auto [i, d] : llvm::enumerate(permutation))
    if (resultType.isDynamicDim(i))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, value, d));
  Value empty = tensor::EmptyOp::create(b, loc, resultType, dynamicSizes);
  return linalg::TransposeOp::create(b, loc, value, empty, permutation)
      .getResult()[0];
}

SmallVector<NamedAttribute> nnid::channels_last::getWindowAttrs(OpBuilder &b,
                                                                Operation *op) {
  SmallVector<NamedAttribute> attrs;
  for (StringRef name : {"strides", "dilations"})
    if (Attribute attr = op->getAttr(name))
      attrs.push_back(b.getNamedAttr(name, attr));
  return attrs;
}
