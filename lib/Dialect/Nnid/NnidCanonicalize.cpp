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
} // namespace

void IdentityConv1x1Op::getCanonicalizationPatterns(RewritePatternSet &results,
                                                    MLIRContext *context) {
  results.add<IdentityConv1x1ToConv2d>(context);
}

void ReluOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<ReluOfRelu, ReluOfMaxPoolOfRelu>(context);
}
