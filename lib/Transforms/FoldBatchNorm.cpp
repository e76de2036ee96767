//===- FoldBatchNorm.cpp - batch_norm folded into a conv (transI) ---------===//
//
// batch_norm(conv2d(x, W, b)) -> conv2d(x, W * s, (b - mean) * s + beta) with
// s = gamma / sqrt(var + eps) per output channel, when the convolution has no
// other users. The same for identity_conv1x1, whose kernel is W + id.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Transforms/Reparameterize.h"

using namespace mlir;
using namespace nnid;

namespace {
struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  FoldBatchNormIntoConv(MLIRContext *context, bool emitRemarks)
      : OpRewritePattern(context), emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInput().getDefiningOp<Conv2dOp>() &&
        !op.getInput().getDefiningOp<IdentityConv1x1Op>())
      return rewriter.notifyMatchFailure(op, "not after a convolution");
    return reparam::mergeWithProducer(rewriter, op, emitRemarks);
  }

  bool emitRemarks;
};
} // namespace

void nnid::populateFoldBatchNormPatterns(RewritePatternSet &patterns,
                                         bool emitRemarks) {
  patterns.add<FoldBatchNormIntoConv>(patterns.getContext(), emitRemarks);
}
