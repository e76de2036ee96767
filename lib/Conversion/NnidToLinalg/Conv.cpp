//===- Conv.cpp - lowering nnid contractions to linalg --------------------===//
//
// nnid.conv2d becomes a zero tensor.pad followed by one of linalg's NCHW
// convolutions, chosen by `groups`:
//   groups == 1                    linalg.conv_2d_nchw_fchw
//   groups == Cin == Cout          linalg.depthwise_conv_2d_nchw_chw
//   otherwise                      linalg.conv_2d_ngchw_gfchw on views that
//                                  split the channels into [groups, C/groups]
// The bias, broadcast over N, H and W, is the initial value of the
// accumulator, so it costs no extra pass over the output.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Dialect/Nnid/IdentityKernel.h"
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
                        RankedTensorType resultType, Value like) {
  if (bias)
    return broadcastChannels(b, loc, bias, resultType, like);
  return createFilled(b, loc, resultType, like, 0.0);
}

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    int64_t groups = op.getGroups();
    int64_t inChannels = inputType.getDimSize(1);
    int64_t outChannels = resultType.getDimSize(1);
    ArrayRef<int64_t> padding = op.getPadding();

    Value input = adaptor.getInput();
    Value padded = padHW(rewriter, loc, input, {padding[0], padding[1]},
                         {padding[2], padding[3]}, 0.0);
    Value init =
        createAccumulator(rewriter, loc, adaptor.getBias(), resultType, input);
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("strides",
                              getI64VectorAttr(rewriter, op.getStride())),
        rewriter.getNamedAttr("dilations",
                              getI64VectorAttr(rewriter, op.getDilation()))};

    if (groups == 1) {
      rewriter.replaceOp(op, linalg::Conv2DNchwFchwOp::create(
                                 rewriter, loc, TypeRange{resultType},
                                 ValueRange{padded, adaptor.getWeight()},
                                 ValueRange{init}, attrs)
                                 .getResult(0));
      return success();
    }

    if (groups == inChannels && outChannels == inChannels) {
      // [C, 1, kh, kw] -> [C, kh, kw].
      auto kernelType = RankedTensorType::get(
          {outChannels, weightType.getDimSize(2), weightType.getDimSize(3)},
          weightType.getElementType());
      Value kernel = tensor::CollapseShapeOp::create(
          rewriter, loc, kernelType, adaptor.getWeight(),
          ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
      rewriter.replaceOp(op, linalg::DepthwiseConv2DNchwChwOp::create(
                                 rewriter, loc, TypeRange{resultType},
                                 ValueRange{padded, kernel}, ValueRange{init},
                                 attrs)
                                 .getResult(0));
      return success();
    }

    // Grouped: split the channel dimension of input, weight and accumulator
    // into [groups, channels / groups].
    auto split = [&](Value value, int64_t dim) -> Value {
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
      return tensor::ExpandShapeOp::create(rewriter, loc, expandedType, value,
                                           reassociation);
    };
    Value groupedInput = split(padded, 1);
    Value groupedWeight = split(adaptor.getWeight(), 0);
    Value groupedInit = split(init, 1);
    Value conv = linalg::Conv2DNgchwGfchwOp::create(
                     rewriter, loc, TypeRange{groupedInit.getType()},
                     ValueRange{groupedInput, groupedWeight},
                     ValueRange{groupedInit}, attrs)
                     .getResult(0);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, conv,
        ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
    return success();
  }
};

/// identity_conv1x1(x, w) -> conv2d(x, w + id); the new nnid.conv2d is
/// lowered by Conv2dLowering. Canonicalization normally removes these ops
/// before lowering; this keeps the lowering complete without it.
struct IdentityConv1x1Lowering : OpConversionPattern<IdentityConv1x1Op> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IdentityConv1x1Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    int64_t groups = op.getGroups();
    Value id = arith::ConstantOp::create(rewriter, loc,
                                         getIdentityKernel(weightType, groups));
    Value empty = tensor::EmptyOp::create(rewriter, loc, weightType.getShape(),
                                          weightType.getElementType());
    Value kernel = linalg::AddOp::create(rewriter, loc, TypeRange{weightType},
                                         ValueRange{adaptor.getWeight(), id},
                                         ValueRange{empty})
                       .getResult(0);
    rewriter.replaceOpWithNewOp<Conv2dOp>(
        op, op.getType(), adaptor.getInput(), kernel, /*bias=*/Value(),
        ArrayRef<int64_t>{1, 1}, ArrayRef<int64_t>{0, 0, 0, 0},
        ArrayRef<int64_t>{1, 1}, groups);
    return success();
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
                                   adaptor.getInput());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx),
                                   AffineMap::get(3, 0, {n, k}, ctx),
                                   AffineMap::get(3, 0, {m, n}, ctx)};
    auto matmul = linalg::MatmulOp::create(
        rewriter, loc, TypeRange{resultType},
        ValueRange{adaptor.getInput(), adaptor.getWeight()}, ValueRange{init});
    matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

} // namespace

void nnid::populateNnidConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<Conv2dLowering, IdentityConv1x1Lowering, LinearLowering>(
      patterns.getContext());
}
