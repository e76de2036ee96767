//===- MergeParallelConvs.cpp - sums of conv branches (transII, VI) -------===//
//
// add(conv_a(x), add(conv_b(x), x)) -> conv(x) with the kernels summed and
// the biases summed. Every operand of an add tree is seen as a branch of some
// value (ConvForm.h): a chain of conv2d, identity_conv1x1, batch_norm and
// exact avg_pool2d ops, or the value itself, whose kernel is the identity
// (RepVGG's identity branch, with or without its batch_norm). The branches of
// the value shared by the most operands are laid into one kernel, smaller
// kernels zero-padded so that every branch samples the same centres
// (transVI); the remaining operands are added to the merged conv.
//
//===----------------------------------------------------------------------===//

#include "ConvForm.h"

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Transforms/Reparameterize.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::reparam;

namespace {
/// Branches of one input chosen for merging, one per operand.
struct Plan {
  Value input;
  SmallVector<unsigned> operands;
  SmallVector<const Branch *> branches;
  ParallelLayout layout;
  int64_t numSteps = 0;

  bool isBetterThan(const Plan &other) const {
    if (operands.size() != other.operands.size())
      return operands.size() > other.operands.size();
    return numSteps > other.numSteps;
  }
};

/// The operands of the add tree rooted at `op`, looking through inner adds
/// that have no other user.
void collectOperands(AddOp op, SmallVectorImpl<Value> &operands) {
  for (Value value : {op.getLhs(), op.getRhs()}) {
    auto inner = value.getDefiningOp<AddOp>();
    if (inner && value.hasOneUse())
      collectOperands(inner, operands);
    else
      operands.push_back(value);
  }
}

struct MergeParallelBranches : OpRewritePattern<AddOp> {
  MergeParallelBranches(MLIRContext *context, bool emitRemarks)
      : OpRewritePattern(context), emitRemarks(emitRemarks) {}

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (type.getRank() != 4)
      return rewriter.notifyMatchFailure(op, "not an NCHW sum");
    SmallVector<Value> operands;
    collectOperands(op, operands);
    std::vector<std::vector<Branch>> candidates;
    llvm::SetVector<Value> inputs;
    for (Value operand : operands) {
      candidates.push_back(getBranches(operand));
      for (const Branch &branch : candidates.back())
        inputs.insert(branch.input);
    }

    std::optional<Plan> best;
    for (Value input : inputs) {
      std::optional<Plan> plan = makePlan(input, operands, candidates, type);
      if (plan && (!best || plan->isBetterThan(*best)))
        best = std::move(plan);
    }
    if (!best)
      return rewriter.notifyMatchFailure(op, "no two branches merge exactly");
    rewrite(op, operands, *best, rewriter);
    return success();
  }

  /// Greedily collects the branches of `input` that can join one layout;
  /// nothing unless two of them do (one not the identity) and the merged
  /// conv costs no more than the branches and the adds it replaces.
  std::optional<Plan> makePlan(Value input, ArrayRef<Value> operands,
                               ArrayRef<std::vector<Branch>> candidates,
                               RankedTensorType type) const {
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t inH = inputType.getDimSize(2), inW = inputType.getDimSize(3);
    int64_t outH = type.getDimSize(2), outW = type.getDimSize(3);
    Plan plan;
    plan.input = input;
    SmallVector<ConvGeometry> geometries;
    int64_t cost = 0;
    for (auto [index, branches] : llvm::enumerate(candidates)) {
      const Branch *branch = findBranch(branches, input);
      if (!branch)
        continue;
      geometries.push_back(branch->geometry);
      std::optional<ParallelLayout> layout =
          layoutParallel(geometries, inH, inW, outH, outW, /*stack=*/false);
      if (!layout) {
        geometries.pop_back();
        continue;
      }
      plan.layout = std::move(*layout);
      plan.operands.push_back(index);
      plan.branches.push_back(branch);
      plan.numSteps += branch->steps.size();
      cost += branch->getCost();
    }
    if (plan.operands.size() < 2 || plan.numSteps == 0)
      return std::nullopt;
    // The merge removes one add per merged operand but one.
    int64_t addCost = type.getDimSize(1) * outH * outW;
    cost += addCost * int64_t(plan.operands.size() - 1);
    if (plan.layout.geometry.getCost(outH, outW) > cost)
      return std::nullopt;
    return plan;
  }

  void rewrite(AddOp op, ArrayRef<Value> operands, const Plan &plan,
               PatternRewriter &rewriter) const {
    SmallVector<ConvKernel> kernels;
    SmallVector<Location> locs = {op.getLoc()};
    for (const Branch *branch : plan.branches) {
      kernels.push_back(materialize(*branch));
      for (const Step &step : branch->steps)
        locs.push_back(step.op->getLoc());
    }
    ConvKernel merged =
        trimZeroBorder(materialize(plan.layout, kernels, /*stack=*/false));
    if (emitRemarks) {
      InFlightDiagnostic remark = op.emitRemark();
      remark << "merged " << plan.branches.size()
             << " parallel branches into one " << merged.geometry.describe()
             << ":";
      for (auto [i, branch] : llvm::enumerate(plan.branches))
        remark << (i ? ";" : "") << " " << branch->describe();
    }
    Value conv = buildConv(rewriter, rewriter.getFusedLoc(locs), plan.input,
                           merged, op.getType());

    // The merged conv takes the place of the first merged operand.
    Value sum;
    for (auto [index, operand] : llvm::enumerate(operands)) {
      Value term = operand;
      if (llvm::is_contained(plan.operands, index)) {
        if (index != plan.operands.front())
          continue;
        term = conv;
      }
      sum = sum ? AddOp::create(rewriter, op.getLoc(), sum, term).getResult()
                : term;
    }
    rewriter.replaceOp(op, sum);
  }

  bool emitRemarks;
};
} // namespace

void nnid::populateMergeParallelConvPatterns(RewritePatternSet &patterns,
                                             bool emitRemarks) {
  patterns.add<MergeParallelBranches>(patterns.getContext(), emitRemarks);
}
