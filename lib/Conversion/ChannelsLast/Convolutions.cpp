//===- Convolutions.cpp - convolutions in channels-last -------------------===//
//
// Each NCHW convolution has an NHWC counterpart, which reads the kernel in
// the layout it wants (output channels innermost), permuted at compile time
// when it is a constant:
//
//   conv_2d_nchw_fchw            conv_2d_nhwc_hwcf           OIHW -> HWIO
//   depthwise_conv_2d_nchw_chw   depthwise_conv_2d_nhwc_hwc  CHW -> HWC
//   conv_2d_ngchw_gfchw          one conv_2d_nhwc_hwcf per group on channel
//                                slices (up to 16 groups), else
//                                conv_2d_nhwgc_gfhwc
//
// A grouped convolution reads [N, G, C/G, H, W] views (tensor.expand_shape)
// of its input and accumulator and yields one of its result
// (tensor.collapse_shape); those views compute channels-last as
// [N, H, W, G, C/G].
//
//===----------------------------------------------------------------------===//

#include "ChannelsLast.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnid::channels_last;

namespace {

/// Groups up to this many compute as one NHWC convolution each.
constexpr int64_t kMaxSplitGroups = 16;

/// [[0], [1, 2], [3], [4]]: a channel split into [G, C/G] (NCHW-like).
bool isChannelSplit(ArrayRef<ReassociationIndices> reassociation) {
  return reassociation.size() == 4 && reassociation[0].size() == 1 &&
         reassociation[1].size() == 2 && reassociation[2].size() == 1 &&
         reassociation[3].size() == 1;
}

/// The same split in channels-last form: [[0], [1], [2], [3, 4]].
SmallVector<ReassociationIndices> getChannelsLastSplit() {
  return {{0}, {1}, {2}, {3, 4}};
}

/// The rank-4 source of `value` when it is the channels-last split of one.
Value getSplitSource(Value value) {
  auto expand = value.getDefiningOp<tensor::ExpandShapeOp>();
  if (!expand || expand.getSrcType().getRank() != 4 ||
      expand.getReassociationIndices() != getChannelsLastSplit())
    return {};
  return expand.getSrc();
}

/// A static slice [offset, offset + size) of dimension `dim` of `value`.
Value sliceDim(OpBuilder &b, Location loc, Value value, int64_t dim,
               int64_t offset, int64_t size) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    sizes.push_back(
        d == dim ? OpFoldResult(b.getIndexAttr(size))
        : type.isDynamicDim(d)
            ? OpFoldResult(tensor::DimOp::create(b, loc, value, d).getResult())
            : OpFoldResult(b.getIndexAttr(type.getDimSize(d))));
  offsets[dim] = b.getIndexAttr(offset);
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, value, offsets, sizes, strides);
}

/// Inserts `part` into `whole` at `offset` along dimension `dim`.
Value insertDim(OpBuilder &b, Location loc, Value part, Value whole,
                int64_t dim, int64_t offset) {
  auto type = cast<RankedTensorType>(part.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  offsets[dim] = b.getIndexAttr(offset);
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d)
    sizes.push_back(
        type.isDynamicDim(d)
            ? OpFoldResult(tensor::DimOp::create(b, loc, part, d).getResult())
            : OpFoldResult(b.getIndexAttr(type.getDimSize(d))));
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, part, whole, offsets, sizes,
                                       strides);
}

std::optional<OpLayout> matchConvolution(Operation *op) {
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    if (!linalgOp.hasPureTensorSemantics() ||
        !isa<linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNchwChwOp,
             linalg::Conv2DNgchwGfchwOp>(op))
      return std::nullopt;
    return OpLayout{/*anchor=*/true, {0, 2}, {0}};
  }
  // The [N, G, C/G, H, W] views of a grouped convolution's input,
  // accumulator and result; other such views (a channel shuffle) keep their
  // layout, so that their transposes stay those of rank-4 values.
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op)) {
    if (isActivation(expand.getSrcType()) &&
        isChannelSplit(expand.getReassociationIndices()) &&
        !expand->use_empty() &&
        llvm::all_of(expand->getUses(), [](OpOperand &use) {
          return isa<linalg::Conv2DNgchwGfchwOp>(use.getOwner()) &&
                 use.getOperandNumber() != 1;
        }))
      return OpLayout{false, {0}, {0}};
    return std::nullopt;
  }
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
    if (isActivation(collapse.getResultType()) &&
        isChannelSplit(collapse.getReassociationIndices()) &&
        collapse.getSrc().getDefiningOp<linalg::Conv2DNgchwGfchwOp>())
      return OpLayout{false, {0}, {0}};
  }
  return std::nullopt;
}

/// A grouped convolution with few groups, as one NHWC convolution per
/// group on channel slices: each starts from its slice of the biases (or
/// the fill value) and writes its channels of the result, in place once
/// empty tensors are eliminated. Fails unless the input, kernel and
/// accumulator are splits of rank-4 values.
FailureOr<Value> createSplitGroups(RewriterBase &b, Location loc,
                                   linalg::Conv2DNgchwGfchwOp op, Value input,
                                   Value init) {
  Value padded = getSplitSource(input);
  Value whole = getSplitSource(init);
  auto weightSplit = op.getInputs()[1].getDefiningOp<tensor::ExpandShapeOp>();
  if (!padded || !whole || !weightSplit ||
      weightSplit.getSrcType().getRank() != 4)
    return failure();
  Value weight = weightSplit.getSrc();
  auto filterType = cast<RankedTensorType>(op.getInputs()[1].getType());
  int64_t groups = filterType.getDimSize(0);
  int64_t outPerGroup = filterType.getDimSize(1);
  int64_t inPerGroup = filterType.getDimSize(2);
  auto resultType = cast<RankedTensorType>(whole.getType());

  // The accumulator: a per-channel broadcast of the biases or a fill, which
  // each group repeats on its slice, or any tensor, sliced.
  Value bias, fillValue;
  if (auto broadcast = whole.getDefiningOp<linalg::BroadcastOp>()) {
    auto source = cast<RankedTensorType>(broadcast.getInput().getType());
    if (source.getRank() == 1 &&
        broadcast.getDimensions() == ArrayRef<int64_t>{0, 1, 2} &&
        broadcast.getInit().getDefiningOp<tensor::EmptyOp>())
      bias = broadcast.getInput();
  } else if (auto fill = whole.getDefiningOp<linalg::FillOp>()) {
    if (fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>())
      fillValue = fill.getInputs()[0];
  }
  Value result = whole;
  if (bias || fillValue) {
    Operation *def = whole.getDefiningOp();
    auto empty = cast<linalg::LinalgOp>(def)
                     .getDpsInits()[0]
                     .getDefiningOp<tensor::EmptyOp>();
    result =
        tensor::EmptyOp::create(b, loc, resultType, empty.getDynamicSizes());
  }

  SmallVector<NamedAttribute> attrs = getWindowAttrs(b, op);
  for (int64_t g = 0; g < groups; ++g) {
    Value in = sliceDim(b, loc, padded, 3, g * inPerGroup, inPerGroup);
    Value kernel = createTranspose(
        b, loc, sliceDim(b, loc, weight, 0, g * outPerGroup, outPerGroup),
        {2, 3, 1, 0});
    Value acc = sliceDim(b, loc, result, 3, g * outPerGroup, outPerGroup);
    if (bias)
      acc = linalg::BroadcastOp::create(
                b, loc, sliceDim(b, loc, bias, 0, g * outPerGroup, outPerGroup),
                acc, ArrayRef<int64_t>{0, 1, 2})
                .getResult()[0];
    else if (fillValue)
      acc =
          linalg::FillOp::create(b, loc, ValueRange{fillValue}, ValueRange{acc})
              .result();
    Value conv = linalg::Conv2DNhwcHwcfOp::create(
                     b, loc, TypeRange{acc.getType()}, ValueRange{in, kernel},
                     ValueRange{acc}, attrs)
                     .getResult(0);
    result = insertDim(b, loc, conv, result, 3, g * outPerGroup);
  }
  // The grouped view of the result, which the collapse_shape after the
  // convolution folds away.
  return tensor::ExpandShapeOp::create(
             b, loc, getChannelsLastType(cast<RankedTensorType>(op.getType(0))),
             result, getChannelsLastSplit())
      .getResult();
}

SmallVector<Value> convertConvolution(Operation *op, const Rewriter &r) {
  RewriterBase &b = r.builder();
  Location loc = op->getLoc();
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op)) {
    Value source = r.getChannelsLast(loc, expand.getSrc());
    return {tensor::ExpandShapeOp::create(
        b, loc, getChannelsLastType(expand.getResultType()), source,
        getChannelsLastSplit())};
  }
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
    Value source = r.getChannelsLast(loc, collapse.getSrc());
    RankedTensorType type = getChannelsLastType(collapse.getResultType());
    if (Value split = getSplitSource(source))
      if (split.getType() == type)
        return {split};
    return {tensor::CollapseShapeOp::create(b, loc, type, source,
                                            getChannelsLastSplit())};
  }

  auto linalgOp = cast<linalg::LinalgOp>(op);
  Value input = r.getChannelsLast(loc, linalgOp.getDpsInputs()[0]);
  Value filter = linalgOp.getDpsInputs()[1];
  Value init = r.getChannelsLast(loc, linalgOp.getDpsInits()[0]);
  SmallVector<NamedAttribute> attrs = getWindowAttrs(b, op);
  Operation *conv;
  if (isa<linalg::Conv2DNchwFchwOp>(op)) {
    // OIHW -> HWIO.
    Value kernel = createTranspose(b, loc, filter, {2, 3, 1, 0});
    conv = linalg::Conv2DNhwcHwcfOp::create(b, loc, TypeRange{init.getType()},
                                            ValueRange{input, kernel},
                                            ValueRange{init}, attrs);
  } else if (isa<linalg::DepthwiseConv2DNchwChwOp>(op)) {
    // [C, kh, kw] -> [kh, kw, C].
    Value kernel = createTranspose(b, loc, filter, {1, 2, 0});
    conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
        b, loc, TypeRange{init.getType()}, ValueRange{input, kernel},
        ValueRange{init}, attrs);
  } else {
    auto grouped = cast<linalg::Conv2DNgchwGfchwOp>(op);
    int64_t groups = cast<RankedTensorType>(filter.getType()).getDimSize(0);
    if (groups <= kMaxSplitGroups) {
      FailureOr<Value> split = createSplitGroups(b, loc, grouped, input, init);
      if (succeeded(split))
        return {*split};
    }
    // [G, F/G, C/G, kh, kw] -> [G, F/G, kh, kw, C/G].
    Value kernel = createTranspose(b, loc, filter, {0, 1, 3, 4, 2});
    conv = linalg::Conv2DNhwgcGfhwcOp::create(b, loc, TypeRange{init.getType()},
                                              ValueRange{input, kernel},
                                              ValueRange{init}, attrs);
  }
  return {conv->getResult(0)};
}

} // namespace

Rule nnid::channels_last::getConvolutionRule() {
  return {matchConvolution, convertConvolution};
}
