//===- ChannelsLastPass.cpp - the nnid-convert-to-channels-last pass ------===//
//
// The pass in three steps:
//
// 1. Each rule (ChannelsLast.h) says which ops can compute channels-last
//    and which of their operands and results carry the layout.
// 2. The layout propagates from the anchors (convolutions and poolings)
//    along the values that carry it, to every op that can take it: the
//    connected region of such ops around each anchor changes layout.
// 3. Each op of a region is rewritten once, in program order. Its operands
//    that carry the layout are the channels-last results of the ops before
//    it, or, at the region's edge, a linalg.transpose (a permuted constant).
//    Each of its results that carries the layout gets an NCHW view, a
//    linalg.transpose, which its remaining users read. The views that only
//    rewritten ops read are dead: between two ops of a region, the
//    transposes cancel. What remains are the transposes where the region
//    meets other code (function arguments and results, ops no rule knows).
//
//===----------------------------------------------------------------------===//

#include "ChannelsLast.h"

#include "nnid/Conversion/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace nnid {
#define GEN_PASS_DEF_CONVERTTOCHANNELSLAST
#include "nnid/Conversion/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid::channels_last;

namespace {

/// Records the ops a rewrite creates, so that the ones left dead can be
/// erased without touching anything else.
struct Tracker : RewriterBase::Listener {
  llvm::SetVector<Operation *> created;
  llvm::DenseSet<Operation *> erased;

  void notifyOperationInserted(Operation *op, OpBuilder::InsertPoint) override {
    created.insert(op);
    erased.erase(op);
  }
  void notifyOperationErased(Operation *op) override {
    created.remove(op);
    erased.insert(op);
  }
};

struct Candidate {
  OpLayout layout;
  const Rule *rule;
};

struct ConvertToChannelsLastPass
    : nnid::impl::ConvertToChannelsLastBase<ConvertToChannelsLastPass> {
  void runOnOperation() override {
    const Rule rules[] = {getConvolutionRule(), getPoolingRule(),
                          getElementwiseRule(), getDataMovementRule()};

    // 1. What each op can do, in program order.
    llvm::MapVector<Operation *, Candidate> candidates;
    getOperation()->walk<WalkOrder::PreOrder>([&](Operation *op) {
      for (const Rule &rule : rules)
        if (std::optional<OpLayout> layout = rule.match(op)) {
          candidates.insert({op, {*layout, &rule}});
          break;
        }
    });

    // 2. The regions around the anchors.
    llvm::DenseSet<Operation *> selected;
    SmallVector<Operation *> worklist;
    for (auto &[op, candidate] : candidates)
      if (candidate.layout.anchor && selected.insert(op).second)
        worklist.push_back(op);
    auto visit = [&](Operation *op) {
      if (selected.insert(op).second)
        worklist.push_back(op);
    };
    while (!worklist.empty()) {
      Operation *op = worklist.pop_back_val();
      const OpLayout &layout = candidates.find(op)->second.layout;
      for (unsigned i : layout.operands) {
        auto result = dyn_cast<OpResult>(op->getOperand(i));
        if (!result)
          continue;
        auto it = candidates.find(result.getOwner());
        if (it != candidates.end() &&
            llvm::is_contained(it->second.layout.results,
                               result.getResultNumber()))
          visit(result.getOwner());
      }
      for (unsigned i : layout.results)
        for (OpOperand &use : op->getResult(i).getUses()) {
          auto it = candidates.find(use.getOwner());
          if (it != candidates.end() &&
              llvm::is_contained(it->second.layout.operands,
                                 use.getOperandNumber()))
            visit(use.getOwner());
        }
    }

    // 3. Each op of a region, rewritten once.
    Tracker tracker;
    IRRewriter rewriter(&getContext(), &tracker);
    llvm::DenseMap<Value, Value> channelsLast;
    SmallVector<linalg::TransposeOp> views;
    SmallVector<Operation *> mayBeDead;
    auto get = [&](Location loc, Value value) -> Value {
      auto it = channelsLast.find(value);
      if (it != channelsLast.end())
        return it->second;
      int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
      return createTranspose(rewriter, loc, value, getPermutation(rank));
    };
    Rewriter layoutRewriter(rewriter, get);
    for (auto &[op, candidate] : candidates) {
      if (!selected.contains(op))
        continue;
      rewriter.setInsertionPoint(op);
      SmallVector<Value> values = candidate.rule->convert(op, layoutRewriter);
      for (OpResult result : op->getResults()) {
        Value value = values[result.getResultNumber()];
        if (!llvm::is_contained(candidate.layout.results,
                                result.getResultNumber())) {
          rewriter.replaceAllUsesWith(result, value);
          continue;
        }
        if (result.use_empty())
          continue;
        // The NCHW view, for the users that stay as they are.
        int64_t rank = cast<RankedTensorType>(result.getType()).getRank();
        SmallVector<int64_t> inverse;
        for (int64_t d = 0; d < rank; ++d)
          inverse.push_back(getChannelsLastDim(rank, d));
        Value view = createTranspose(rewriter, op->getLoc(), value, inverse);
        channelsLast[view] = value;
        if (auto transpose = view.getDefiningOp<linalg::TransposeOp>())
          views.push_back(transpose);
        rewriter.replaceAllUsesWith(result, view);
      }
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          mayBeDead.push_back(def);
      rewriter.eraseOp(op);
    }

    // The sizes of a view are those of its channels-last value.
    for (linalg::TransposeOp view : views) {
      Value value = view.getInput();
      int64_t rank = view.getInit().getType().getRank();
      for (Operation *user :
           llvm::make_early_inc_range(view->getResult(0).getUsers())) {
        auto dim = dyn_cast<tensor::DimOp>(user);
        std::optional<int64_t> index =
            dim ? dim.getConstantIndex() : std::nullopt;
        if (!index)
          continue;
        rewriter.setInsertionPoint(dim);
        rewriter.replaceOpWithNewOp<tensor::DimOp>(
            dim, value, getChannelsLastDim(rank, *index));
      }
    }

    // Views nothing reads, and whatever else the rewrite left dead.
    for (linalg::TransposeOp view : views)
      if (!tracker.erased.contains(view) && view->use_empty())
        mayBeDead.push_back(view);
    llvm::append_range(mayBeDead, tracker.created);
    while (!mayBeDead.empty()) {
      Operation *op = mayBeDead.pop_back_val();
      if (tracker.erased.contains(op) || !isOpTriviallyDead(op))
        continue;
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp())
          mayBeDead.push_back(def);
      rewriter.eraseOp(op);
    }

    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};

} // namespace
