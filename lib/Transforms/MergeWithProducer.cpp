//===- MergeWithProducer.cpp - steps in sequence (transI, III, V) ---------===//
//
// One pattern for every sequential merge: an op read as a convolution (a
// step, ConvForm.h) and the step that produces its input become one conv2d,
// when the producer has no other user, one convolution computes exactly the
// same (composeGeometry) and it costs no more than the two ops. Which pairs
// of steps merge, and under which family, is the table in `classify`:
//
//   transI    batch_norm after conv2d or identity_conv1x1: the batch norm
//             folds into kernel and bias;
//   transIII  conv2d after conv2d, identity_conv1x1 or batch_norm, one of
//             the two a stride-1 1x1 (a padded kxk needs a bias-free 1x1,
//             since nnid pads the 1x1's output with zeros, not its bias);
//   transV    avg_pool2d (as its depthwise conv) after conv2d,
//             identity_conv1x1 or batch_norm, or before batch_norm or
//             conv2d.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Transforms/Reparameterize.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::reparam;

namespace {
/// The sequential families, as bits of a mask.
constexpr unsigned kTransI = 1, kTransIII = 2, kTransV = 4;
constexpr unsigned kAllFamilies = kTransI | kTransIII | kTransV;

constexpr StepKind kStepKinds[] = {StepKind::Conv, StepKind::IdentityConv,
                                   StepKind::BatchNorm, StepKind::AvgPool};

/// The family under which `second` after `first` merges, or 0 when that pair
/// is never merged.
unsigned classify(StepKind first, StepKind second) {
  if (second == StepKind::IdentityConv)
    return 0;
  if (first == StepKind::AvgPool || second == StepKind::AvgPool)
    return first == second ? 0 : kTransV;
  if (second == StepKind::BatchNorm)
    return first == StepKind::BatchNorm ? 0 : kTransI;
  return kTransIII;
}

struct MergeWithProducer : RewritePattern {
  MergeWithProducer(StringRef rootName, MLIRContext *context, unsigned families,
                    bool emitRemarks)
      : RewritePattern(rootName, /*benefit=*/1, context), families(families),
        emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(Operation *root,
                                PatternRewriter &rewriter) const override {
    Value intermediate = root->getOperand(0);
    Operation *producer = intermediate.getDefiningOp();
    if (!producer || !intermediate.hasOneUse())
      return rewriter.notifyMatchFailure(
          root, "the input has other users or no producer");
    std::optional<Step> second = matchStep(root);
    if (!second)
      return rewriter.notifyMatchFailure(root, "not a constant linear op");
    std::optional<Step> first = matchStep(producer);
    if (!first)
      return rewriter.notifyMatchFailure(root, "the producer is not a "
                                               "constant linear op");
    if (!(classify(first->kind, second->kind) & families))
      return rewriter.notifyMatchFailure(root, "not a merge of this family");
    std::optional<ConvGeometry> geometry =
        composeGeometry(first->geometry, second->geometry);
    if (!geometry)
      return rewriter.notifyMatchFailure(root, "the composition is not exact");
    auto resultType = cast<RankedTensorType>(root->getResult(0).getType());
    auto inputType = cast<RankedTensorType>(producer->getOperand(0).getType());
    for (int d = 0; d < 2; ++d)
      if (geometry->getOutputSize(d, inputType.getDimSize(2 + d)) !=
          resultType.getDimSize(2 + d))
        return rewriter.notifyMatchFailure(root, "the output sizes differ");
    if (geometry->getCost(resultType.getDimSize(2), resultType.getDimSize(3)) >
        first->cost + second->cost)
      return rewriter.notifyMatchFailure(root, "the merged conv2d costs more");

    ConvKernel kernel =
        trimZeroBorder(compose(materialize(*first), materialize(*second)));
    if (emitRemarks) {
      InFlightDiagnostic remark = root->emitRemark();
      if (second->kind == StepKind::BatchNorm) {
        remark << "fused batch_norm into " << first->describe();
        if (first->kind != StepKind::Conv)
          remark << " as one " << kernel.geometry.describe();
      } else {
        remark << "merged " << first->describe() << " -> " << second->describe()
               << " into one " << kernel.geometry.describe();
      }
    }
    Location loc = rewriter.getFusedLoc({root->getLoc(), producer->getLoc()});
    Value conv =
        buildConv(rewriter, loc, producer->getOperand(0), kernel, resultType);
    rewriter.replaceOp(root, conv);
    return success();
  }

  unsigned families;
  bool emitRemarks;
};

/// Registers the pattern on every step op that is the second of a pair in
/// `families`.
void addMergeWithProducer(RewritePatternSet &patterns, unsigned families,
                          bool emitRemarks) {
  ArrayRef<StringLiteral> names = getStepOpNames();
  for (StepKind second : kStepKinds)
    if (llvm::any_of(kStepKinds, [&](StepKind first) {
          return classify(first, second) & families;
        }))
      patterns.add<MergeWithProducer>(names[unsigned(second)],
                                      patterns.getContext(), families,
                                      emitRemarks);
}
} // namespace

void nnid::populateMergeWithProducerPatterns(RewritePatternSet &patterns,
                                             bool emitRemarks) {
  addMergeWithProducer(patterns, kAllFamilies, emitRemarks);
}

void nnid::populateFoldBatchNormPatterns(RewritePatternSet &patterns,
                                         bool emitRemarks) {
  addMergeWithProducer(patterns, kTransI, emitRemarks);
}

void nnid::populateMergeSequentialConvPatterns(RewritePatternSet &patterns,
                                               bool emitRemarks) {
  addMergeWithProducer(patterns, kTransIII, emitRemarks);
}

void nnid::populateAvgPoolAsConvPatterns(RewritePatternSet &patterns,
                                         bool emitRemarks) {
  addMergeWithProducer(patterns, kTransV, emitRemarks);
}
