//===- Elementwise.cpp - lowering nnid elementwise ops to linalg ----------===//
//
// relu, add, mul and batch_norm become elementwise linalg.generic ops, the form
// that linalg's elementwise fusion and the later tiling work on.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::detail;

namespace {

/// An elementwise linalg.generic over `inputs` (all of `type`, or with the
/// given maps) computing `body(args...)`.
Value createElementwise(
    OpBuilder &b, Location loc, RankedTensorType type, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps,
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value empty = createEmpty(b, loc, type, inputs.front());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(
      AffineMap::getMultiDimIdentityMap(type.getRank(), b.getContext()));
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs, ValueRange{empty}, maps,
             getParallelIterators(type.getRank()),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc,
                                       body(nb, nloc, args.drop_back()));
             })
      .getResult(0);
}

struct ReluLowering : OpConversionPattern<ReluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    rewriter.replaceOp(
        op, createElementwise(
                rewriter, op.getLoc(), type, adaptor.getInput(),
                getIdentityMaps(getContext(), type.getRank(), 1),
                [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
                  Value zero = arith::ConstantOp::create(
                      b, loc, b.getZeroAttr(type.getElementType()));
                  // maximumf propagates NaN, as torch.relu does.
                  return arith::MaximumFOp::create(b, loc, args[0], zero);
                }));
    return success();
  }
};

struct AddLowering : OpConversionPattern<AddOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    rewriter.replaceOp(
        op,
        createElementwise(
            rewriter, loc, type, ValueRange{adaptor.getLhs(), adaptor.getRhs()},
            getIdentityMaps(getContext(), type.getRank(), 2),
            [](OpBuilder &b, Location loc, ValueRange args) -> Value {
              return arith::AddFOp::create(b, loc, args[0], args[1]);
            }));
    return success();
  }
};

/// lhs * rhs, rhs read at index 0 along each dimension where it is 1 and
/// lhs is not.
struct MulLowering : OpConversionPattern<MulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    SmallVector<AffineExpr> rhsExprs;
    for (int64_t i = 0; i < type.getRank(); ++i)
      rhsExprs.push_back(rhsType.getDimSize(i) == 1 && type.getDimSize(i) != 1
                             ? getAffineConstantExpr(0, ctx)
                             : getAffineDimExpr(i, ctx));
    AffineMap identity = AffineMap::getMultiDimIdentityMap(type.getRank(), ctx);
    AffineMap rhsMap = AffineMap::get(type.getRank(), 0, rhsExprs, ctx);
    rewriter.replaceOp(
        op,
        createElementwise(
            rewriter, loc, type, ValueRange{adaptor.getLhs(), adaptor.getRhs()},
            {identity, rhsMap},
            [](OpBuilder &b, Location loc, ValueRange args) -> Value {
              return arith::MulFOp::create(b, loc, args[0], args[1]);
            }));
    return success();
  }
};

/// Inference batch norm as PyTorch's CPU kernel computes it: per channel
/// alpha = weight / sqrt(var + eps) and beta = bias - mean * alpha, then
/// y = x * alpha + beta.
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto paramType = cast<RankedTensorType>(op.getWeight().getType());
    MLIRContext *ctx = getContext();
    Type f32 = type.getElementType();
    double epsilon = op.getEpsilon().convertToDouble();

    Value alpha = createElementwise(
        rewriter, loc, paramType,
        ValueRange{adaptor.getWeight(), adaptor.getRunningVar()},
        getIdentityMaps(ctx, 1, 2),
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value eps =
              arith::ConstantOp::create(b, l, b.getFloatAttr(f32, epsilon));
          Value std = math::SqrtOp::create(
              b, l, arith::AddFOp::create(b, l, a[1], eps));
          return arith::DivFOp::create(b, l, a[0], std);
        });
    Value beta = createElementwise(
        rewriter, loc, paramType,
        ValueRange{adaptor.getBias(), adaptor.getRunningMean(), alpha},
        getIdentityMaps(ctx, 1, 3),
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          return arith::SubFOp::create(b, l, a[0],
                                       arith::MulFOp::create(b, l, a[1], a[2]));
        });

    unsigned rank = type.getRank();
    unsigned channelDim = 1;
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap channel =
        AffineMap::get(rank, 0, rewriter.getAffineDimExpr(channelDim));
    Value input = adaptor.getInput();
    rewriter.replaceOp(
        op,
        createElementwise(rewriter, loc, type, ValueRange{input, alpha, beta},
                          {identity, channel, channel},
                          [](OpBuilder &b, Location l, ValueRange a) -> Value {
                            Value scaled =
                                arith::MulFOp::create(b, l, a[0], a[1]);
                            return arith::AddFOp::create(b, l, scaled, a[2]);
                          }));
    return success();
  }
};

} // namespace

void nnid::populateNnidElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ReluLowering, AddLowering, MulLowering, BatchNormLowering>(
      patterns.getContext());
}
