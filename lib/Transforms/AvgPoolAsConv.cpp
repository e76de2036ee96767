//===- AvgPoolAsConv.cpp - average pooling as a convolution (transV) ------===//
//
// avg_pool2d whose every window divides by kh * kw is a depthwise conv2d with
// kernel 1 / (kh * kw). As such it merges with its neighbours:
// batch_norm(avg_pool2d(x)) and avg_pool2d(conv1x1(x)) (the 1x1 -> avg
// branch of Diverse Branch Block) become one conv2d, and so does a 1x1
// conv2d after the pool. Pools that stand alone stay pools; the parallel and
// concat families take them as branches of a sum or concatenation.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Transforms/Reparameterize.h"

using namespace mlir;
using namespace nnid;

namespace {
/// avg_pool2d(conv2d(x)), avg_pool2d(batch_norm(x)), ...
struct MergePoolAfterConv : OpRewritePattern<AvgPool2dOp> {
  MergePoolAfterConv(MLIRContext *context, bool emitRemarks)
      : OpRewritePattern(context), emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(AvgPool2dOp op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!isa_and_nonnull<Conv2dOp, IdentityConv1x1Op, BatchNormOp>(producer))
      return rewriter.notifyMatchFailure(op, "not after a convolution");
    return reparam::mergeWithProducer(rewriter, op, emitRemarks);
  }

  bool emitRemarks;
};

/// batch_norm(avg_pool2d(x)) and conv2d(avg_pool2d(x)).
template <typename OpTy> struct MergeAfterPool : OpRewritePattern<OpTy> {
  MergeAfterPool(MLIRContext *context, bool emitRemarks)
      : OpRewritePattern<OpTy>(context), emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInput().template getDefiningOp<AvgPool2dOp>())
      return rewriter.notifyMatchFailure(op, "not after avg_pool2d");
    return reparam::mergeWithProducer(rewriter, op, emitRemarks);
  }

  bool emitRemarks;
};
} // namespace

void nnid::populateAvgPoolAsConvPatterns(RewritePatternSet &patterns,
                                         bool emitRemarks) {
  MLIRContext *context = patterns.getContext();
  patterns.add<MergePoolAfterConv, MergeAfterPool<BatchNormOp>,
               MergeAfterPool<Conv2dOp>>(context, emitRemarks);
}
