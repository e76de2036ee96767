//===- Conv.cpp - lowering nnid contractions to linalg --------------------===//
//
// nnid.conv2d becomes a zero tensor.pad followed by one of linalg's NCHW
// convolutions, chosen by `groups`:
//
//   groups == 1            conv_2d_nchw_fchw
//   groups == Cin == Cout  depthwise_conv_2d_nchw_chw
//   other groups           conv_2d_ngchw_gfchw on [N, G, C/G, H, W] views
//
// The bias, broadcast over N, H and W, is the initial value of the
// accumulator, so it costs no extra pass over the output. The NHWC forms
// are nnid-convert-to-channels-last's.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::detail;

namespace {

/// The accumulator of a convolution or matmul: the bias broadcast to the
/// result, or zeros.
Value createAccumulator(OpBuilder &b, Location loc, Value bias,
                        RankedTensorType resultType, Value like,
                        int64_t channelDim) {
  if (bias)
    return broadcastChannels(b, loc, bias, resultType, like, channelDim);
  return createFilled(b, loc, resultType, like, 0.0);
}

/// Splits dimension `dim` of `value` into [groups, size / groups].
Value splitDim(OpBuilder &b, Location loc, Value value, int64_t dim,
               int64_t groups) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] /= groups;
  shape.insert(shape.begin() + dim, groups);
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d) {
    if (d < dim)
      reassociation.push_back({d});
    else if (d == dim)
      reassociation.push_back({d, d + 1});
    else
      reassociation.push_back({d + 1});
  }
  auto expandedType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, expandedType, value,
                                       reassociation);
}

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Value weight = op.getWeight();
    auto weightType = cast<RankedTensorType>(weight.getType());
    int64_t groups = op.getGroups();
    int64_t inChannels = inputType.getDimSize(1);
    int64_t outChannels = weightType.getDimSize(0);
    ArrayRef<int64_t> padding = op.getPadding();

    Value input = adaptor.getInput();
    Value padded = padHW(rewriter, loc, input, {padding[0], padding[1]},
                         {padding[2], padding[3]}, 0.0);
    Value init = createAccumulator(rewriter, loc, adaptor.getBias(), resultType,
                                   input, 1);
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("strides",
                              getI64VectorAttr(rewriter, op.getStride())),
        rewriter.getNamedAttr("dilations",
                              getI64VectorAttr(rewriter, op.getDilation()))};
    Value result;
    if (groups == 1) {
      result = linalg::Conv2DNchwFchwOp::create(
                   rewriter, loc, TypeRange{resultType},
                   ValueRange{padded, weight}, ValueRange{init}, attrs)
                   .getResult(0);
    } else if (groups == inChannels && outChannels == inChannels) {
      result = linalg::DepthwiseConv2DNchwChwOp::create(
                   rewriter, loc, TypeRange{resultType},
                   ValueRange{padded, collapseDepthwise(rewriter, loc, weight)},
                   ValueRange{init}, attrs)
                   .getResult(0);
    } else {
      Value groupedInput = splitDim(rewriter, loc, padded, 1, groups);
      Value groupedWeight = splitDim(rewriter, loc, weight, 0, groups);
      Value groupedInit = splitDim(rewriter, loc, init, 1, groups);
      Value conv = linalg::Conv2DNgchwGfchwOp::create(
                       rewriter, loc, TypeRange{groupedInit.getType()},
                       ValueRange{groupedInput, groupedWeight},
                       ValueRange{groupedInit}, attrs)
                       .getResult(0);
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, resultType, conv,
          ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  /// [C, 1, kh, kw] -> [C, kh, kw].
  static Value collapseDepthwise(OpBuilder &b, Location loc, Value weight) {
    auto type = cast<RankedTensorType>(weight.getType());
    auto kernelType = RankedTensorType::get(
        {type.getDimSize(0), type.getDimSize(2), type.getDimSize(3)},
        type.getElementType());
    return tensor::CollapseShapeOp::create(
        b, loc, kernelType, weight,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
  }
};

/// linear(x, W, b) = x * W^T + b: a linalg.matmul that reads W transposed
/// through its indexing map, accumulating onto the broadcast bias.
struct LinearLowering : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init = createAccumulator(rewriter, loc, adaptor.getBias(), resultType,
                                   adaptor.getInput(), 1);
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx),
                                   AffineMap::get(3, 0, {n, k}, ctx),
                                   AffineMap::get(3, 0, {m, n}, ctx)};
    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{resultType},
        ValueRange{adaptor.getInput(), op.getWeight()}, ValueRange{init});
    matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

} // namespace

void nnid::populateNnidConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering, LinearLowering>(patterns.getContext());
}
