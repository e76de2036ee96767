//===- NnidCanonicalize.cpp - canonicalization patterns -------------------===//
//
// Multi-op rewrites of the nnid dialect: the declarative ones generated from
// dialect/NnidPatterns.td, and C++ patterns for what DRR cannot say simply.
//
//===----------------------------------------------------------------------===//

#include "nnid/Dialect/Nnid/IdentityKernel.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace nnid;

namespace {
#include "nnid/Dialect/Nnid/NnidPatterns.inc"

/// identity_conv1x1(x, w) -> conv2d(x, w + id). The identity is added to the
/// weight, never to the activation; when `w` is constant, arith's folder
/// turns the sum into one constant kernel (exact IEEE f32 addition).
struct IdentityConv1x1ToConv2d : OpRewritePattern<IdentityConv1x1Op> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IdentityConv1x1Op op,
                                PatternRewriter &rewriter) const override {
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    Location loc = op.getLoc();
    Value id = arith::ConstantOp::create(
        rewriter, loc, getIdentityKernel(weightType, op.getGroups()));
    Value kernel = arith::AddFOp::create(rewriter, loc, op.getWeight(), id);
    rewriter.replaceOpWithNewOp<Conv2dOp>(
        op, op.getType(), op.getInput(), kernel, /*bias=*/Value(),
        /*stride=*/ArrayRef<int64_t>{1, 1},
        /*padding=*/ArrayRef<int64_t>{0, 0, 0, 0},
        /*dilation=*/ArrayRef<int64_t>{1, 1}, op.getGroups());
    return success();
  }
};

/// max(v, +0.0): never -0.0, so that a bound of 0 acts as relu does on -0.0.
static double maxWithZero(double v) { return v > 0 ? v : 0.0; }

/// relu(hardtanh(x, a, b)) -> hardtanh(x, max(a, 0), max(b, 0)).
struct ReluOfHardtanh : OpRewritePattern<ReluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReluOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<HardtanhOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<HardtanhOp>(
        op, inner.getInput(),
        rewriter.getF64FloatAttr(
            maxWithZero(inner.getMinVal().convertToDouble())),
        rewriter.getF64FloatAttr(
            maxWithZero(inner.getMaxVal().convertToDouble())));
    return success();
  }
};

/// hardtanh(relu(x), a, b) -> hardtanh(x, max(a, 0), b) when b >= 0, and
/// hardtanh(hardtanh(x, a1, b1), a2, b2) -> hardtanh(x, max(a1, a2),
/// min(b1, b2)) when the two intervals overlap. (Otherwise the result is a
/// constant, which this leaves alone.)
struct HardtanhOfClamp : OpRewritePattern<HardtanhOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(HardtanhOp op,
                                PatternRewriter &rewriter) const override {
    double lo = op.getMinVal().convertToDouble();
    double hi = op.getMaxVal().convertToDouble();
    Value input;
    if (auto relu = op.getInput().getDefiningOp<ReluOp>()) {
      input = relu.getInput();
      lo = maxWithZero(lo);
    } else if (auto inner = op.getInput().getDefiningOp<HardtanhOp>()) {
      input = inner.getInput();
      double innerLo = inner.getMinVal().convertToDouble();
      double innerHi = inner.getMaxVal().convertToDouble();
      // The larger lower bound; on a tie a +0.0 bound wins over -0.0.
      if (innerLo > lo || (innerLo == lo && !std::signbit(innerLo)))
        lo = innerLo;
      if (innerHi < hi || (innerHi == hi && std::signbit(innerHi)))
        hi = innerHi;
    } else {
      return failure();
    }
    if (lo > hi)
      return failure();
    rewriter.replaceOpWithNewOp<HardtanhOp>(
        op, input, rewriter.getF64FloatAttr(lo), rewriter.getF64FloatAttr(hi));
    return success();
  }
};
} // namespace

void IdentityConv1x1Op::getCanonicalizationPatterns(RewritePatternSet &results,
                                                    MLIRContext *context) {
  results.add<IdentityConv1x1ToConv2d>(context);
}

void ReluOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<ReluOfRelu, ReluOfMaxPoolOfRelu, ReluOfHardtanh>(context);
}

void HardtanhOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                             MLIRContext *context) {
  results.add<HardtanhOfClamp>(context);
}
