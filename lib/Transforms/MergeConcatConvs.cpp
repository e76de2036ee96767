//===- MergeConcatConvs.cpp - concatenated conv branches (transIV) --------===//
//
// concat(conv_a(x), conv_b(x)) along channels -> conv(x) with the kernels and
// biases stacked along output channels. Operands are seen as branches
// (ConvForm.h); the longest run of adjacent operands that are branches of one
// value with a common layout (same stride and dilation, aligned centres) is
// merged, so the channel order never changes. The merged convolution is
// dense, so grouped branches only merge where that costs no more.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Transforms/Reparameterize.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::reparam;

namespace {
/// Adjacent operands [begin, begin + branches.size()) to merge.
struct Run {
  Value input;
  unsigned begin = 0;
  SmallVector<const Branch *> branches;
  ParallelLayout layout;
  int64_t numSteps = 0;

  bool isBetterThan(const Run &other) const {
    if (branches.size() != other.branches.size())
      return branches.size() > other.branches.size();
    return numSteps > other.numSteps;
  }
};

struct MergeConcatenatedBranches : OpRewritePattern<ConcatOp> {
  MergeConcatenatedBranches(MLIRContext *context, bool emitRemarks)
      : OpRewritePattern(context), emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (type.getRank() != 4 || op.getNormalizedAxis() != 1)
      return rewriter.notifyMatchFailure(op, "not a channel concatenation");
    std::vector<std::vector<Branch>> candidates;
    for (Value operand : op.getInputs())
      candidates.push_back(getBranches(operand));

    std::optional<Run> best;
    for (auto [begin, branches] : llvm::enumerate(candidates))
      for (const Branch &branch : branches) {
        std::optional<Run> run = makeRun(begin, branch.input, candidates, type);
        if (run && (!best || run->isBetterThan(*best)))
          best = std::move(run);
      }
    if (!best)
      return rewriter.notifyMatchFailure(op, "no two operands merge exactly");
    rewrite(op, *best, rewriter);
    return success();
  }

  /// The longest run of branches of `input` from operand `begin`; nothing
  /// unless it has two branches (one not the identity) and the merged conv
  /// costs no more than the branches.
  std::optional<Run> makeRun(unsigned begin, Value input,
                             ArrayRef<std::vector<Branch>> candidates,
                             RankedTensorType type) const {
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t inH = inputType.getDimSize(2), inW = inputType.getDimSize(3);
    int64_t outH = type.getDimSize(2), outW = type.getDimSize(3);
    Run run;
    run.input = input;
    run.begin = begin;
    SmallVector<ConvGeometry> geometries;
    int64_t cost = 0;
    for (unsigned i = begin; i < candidates.size(); ++i) {
      const Branch *branch = findBranch(candidates[i], input);
      if (!branch)
        break;
      geometries.push_back(branch->geometry);
      std::optional<ParallelLayout> layout =
          layoutParallel(geometries, inH, inW, outH, outW, /*stack=*/true);
      if (!layout)
        break;
      run.layout = std::move(*layout);
      run.branches.push_back(branch);
      run.numSteps += branch->steps.size();
      cost += branch->getCost();
    }
    if (run.branches.size() < 2 || run.numSteps == 0 ||
        run.layout.geometry.getCost(outH, outW) > cost)
      return std::nullopt;
    return run;
  }

  void rewrite(ConcatOp op, const Run &run, PatternRewriter &rewriter) const {
    SmallVector<ConvKernel> kernels;
    SmallVector<Location> locs = {op.getLoc()};
    for (const Branch *branch : run.branches) {
      kernels.push_back(materialize(*branch));
      for (const Step &step : branch->steps)
        locs.push_back(step.op->getLoc());
    }
    ConvKernel merged =
        trimZeroBorder(materialize(run.layout, kernels, /*stack=*/true));
    const ConvGeometry &g = merged.geometry;
    if (emitRemarks) {
      InFlightDiagnostic remark = op.emitRemark();
      remark << "merged " << run.branches.size()
             << " concatenated branches into one " << g.describe() << " with "
             << g.outChannels << " output channels:";
      for (auto [i, branch] : llvm::enumerate(run.branches))
        remark << (i ? ";" : "") << " " << branch->describe();
    }
    auto type = cast<RankedTensorType>(op.getType());
    auto convType =
        RankedTensorType::get({type.getDimSize(0), g.outChannels,
                               type.getDimSize(2), type.getDimSize(3)},
                              type.getElementType());
    Value conv = buildConv(rewriter, rewriter.getFusedLoc(locs), run.input,
                           merged, convType);

    SmallVector<Value> inputs(op.getInputs().take_front(run.begin));
    inputs.push_back(conv);
    llvm::append_range(
        inputs, op.getInputs().drop_front(run.begin + run.branches.size()));
    if (inputs.size() == 1)
      rewriter.replaceOp(op, conv);
    else
      rewriter.replaceOpWithNewOp<ConcatOp>(op, type, inputs, op.getAxis());
  }

  bool emitRemarks;
};
} // namespace

void nnid::populateMergeConcatConvPatterns(RewritePatternSet &patterns,
                                           bool emitRemarks) {
  patterns.add<MergeConcatenatedBranches>(patterns.getContext(), emitRemarks);
}
