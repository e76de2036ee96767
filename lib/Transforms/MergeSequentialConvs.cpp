//===- MergeSequentialConvs.cpp - convs in sequence (transIII) ------------===//
//
// conv2d(conv2d(x)) -> conv2d(x) when one of the two is a stride-1 1x1
// convolution: a kxk after a 1x1 (the kxk's padding needs a bias-free 1x1,
// since nnid pads the 1x1's output with zeros, not with its bias), or an
// unpadded 1x1 after anything. A batch_norm or identity_conv1x1 in place of
// the first 1x1 merges the same way. Grouped convolutions merge with the
// greatest common divisor of their groups.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Transforms/Reparameterize.h"

using namespace mlir;
using namespace nnid;

namespace {
struct MergeConvAfterConv : OpRewritePattern<Conv2dOp> {
  MergeConvAfterConv(MLIRContext *context, bool emitRemarks)
      : OpRewritePattern(context), emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(Conv2dOp op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!isa_and_nonnull<Conv2dOp, IdentityConv1x1Op, BatchNormOp>(producer))
      return rewriter.notifyMatchFailure(op, "not after a convolution");
    return reparam::mergeWithProducer(rewriter, op, emitRemarks);
  }

  bool emitRemarks;
};
} // namespace

void nnid::populateMergeSequentialConvPatterns(RewritePatternSet &patterns,
                                               bool emitRemarks) {
  patterns.add<MergeConvAfterConv>(patterns.getContext(), emitRemarks);
}
