//===- IdentityKernel.cpp - identity convolution kernels ------------------===//

#include "nnid/Dialect/Nnid/IdentityKernel.h"

#include "llvm/ADT/APFloat.h"

using namespace mlir;

DenseElementsAttr nnid::getIdentityKernel(RankedTensorType weightType,
                                          int64_t groups) {
  int64_t channels = weightType.getDimSize(0);
  int64_t perGroup = channels / groups;
  auto elementType = cast<FloatType>(weightType.getElementType());
  const llvm::fltSemantics &sem = elementType.getFloatSemantics();
  SmallVector<APFloat> values(channels * perGroup, APFloat::getZero(sem));
  for (int64_t i = 0; i < channels; ++i)
    values[i * perGroup + i % perGroup] = APFloat::getOne(sem);
  return DenseElementsAttr::get(weightType, values);
}

bool nnid::isIdentityKernel(Attribute kernel, int64_t groups) {
  auto elements = dyn_cast_or_null<DenseFPElementsAttr>(kernel);
  if (!elements || groups < 1)
    return false;
  ArrayRef<int64_t> shape = elements.getType().getShape();
  if (shape.size() != 4 || shape[2] != 1 || shape[3] != 1 ||
      shape[0] % groups != 0 || shape[0] / groups != shape[1])
    return false;
  int64_t perGroup = shape[1];
  for (auto [index, value] : llvm::enumerate(elements.getValues<APFloat>())) {
    int64_t out = index / perGroup, in = index % perGroup;
    bool onDiagonal = in == out % perGroup;
    if (onDiagonal ? !value.isExactlyValue(1.0) : !value.isZero())
      return false;
  }
  return true;
}

bool nnid::isZeroElements(Attribute value) {
  auto elements = dyn_cast_or_null<DenseFPElementsAttr>(value);
  return elements && llvm::all_of(elements.getValues<APFloat>(),
                                  [](const APFloat &v) { return v.isZero(); });
}
