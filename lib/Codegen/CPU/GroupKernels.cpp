//===- GroupKernels.cpp - the nnid-group-cpu-kernels pass -----------------===//
//
// Decides on tensors, where dominance and use counts are facts of the IR,
// which neighbours each kernel op absorbs, moves each group's ops next to
// each other and marks them. See docs/cpu-codegen.md ("Fusion").
//
//===----------------------------------------------------------------------===//

#include "KernelGroups.h"

#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace nnid {
#define GEN_PASS_DEF_GROUPCPUKERNELS
#include "nnid/Codegen/CPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;
using namespace nnid::cpu;

namespace {

struct Group {
  linalg::LinalgOp root;
  Operation *init = nullptr;
  linalg::GenericOp consumer;
};

bool isKernelRoot(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      op->getNumResults() != 1 || linalgOp.getNumDpsInits() != 1)
    return false;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  return type && type.getRank() == 4 &&
         isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
             linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op);
}

/// The fill or per-channel broadcast that makes the root's initial output,
/// when nothing else reads it.
Operation *findInit(linalg::LinalgOp root) {
  Value init = root.getDpsInits()[0];
  Operation *def = init.getDefiningOp();
  if (!def || def->getBlock() != root->getBlock() || !init.hasOneUse())
    return nullptr;
  if (auto fill = dyn_cast<linalg::FillOp>(def))
    return fill.hasPureTensorSemantics() ? def : nullptr;
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(def)) {
    // A [C] vector broadcast along N, H and W of an NHWC tensor.
    auto source = dyn_cast<RankedTensorType>(broadcast.getInput().getType());
    if (broadcast.hasPureTensorSemantics() && source && source.getRank() == 1 &&
        broadcast.getDimensions() == ArrayRef<int64_t>{0, 1, 2})
      return def;
  }
  return nullptr;
}

/// The elementwise linalg.generic that is the only reader of the root's
/// result, in the form a kernel applies to its accumulators.
linalg::GenericOp findConsumer(linalg::LinalgOp root) {
  Value result = root->getResult(0);
  if (result.use_empty())
    return {};
  Operation *user = *result.getUsers().begin();
  for (Operation *other : result.getUsers())
    if (other != user)
      return {};
  auto generic = dyn_cast<linalg::GenericOp>(user);
  if (!generic || generic->getBlock() != root->getBlock())
    return {};
  // The root's result is one input; it may also be the init (an in-place
  // consumer), which the payload must then not read.
  std::optional<unsigned> input;
  for (OpOperand *operand : generic.getDpsInputOperands()) {
    if (operand->get() != result)
      continue;
    if (input)
      return {};
    input = operand->getOperandNumber();
  }
  if (!input || !isFusableConsumer(generic, *input))
    return {};
  return generic;
}

struct GroupCPUKernelsPass
    : nnid::impl::GroupCPUKernelsBase<GroupCPUKernelsPass> {
  void runOnOperation() override {
    SmallVector<Group> groups;
    llvm::SmallPtrSet<Operation *, 16> claimed;
    getOperation().walk([&](Operation *op) {
      if (!isKernelRoot(op) || op->hasAttr(kKernelGroupAttr))
        return;
      Group group{cast<linalg::LinalgOp>(op)};
      group.init = findInit(group.root);
      group.consumer = findConsumer(group.root);
      if (group.consumer && !claimed.insert(group.consumer).second)
        group.consumer = {};
      if (group.init || group.consumer)
        groups.push_back(group);
    });

    // Each group's ops become adjacent: the root moves down to just before
    // its consumer (its operands dominate it there, and the consumer is its
    // only user), and the init to just before the root (the root is its only
    // user). Moving pure tensor ops within a block changes nothing else.
    for (Group &group : groups) {
      if (group.consumer)
        group.root->moveBefore(group.consumer);
      if (group.init)
        group.init->moveBefore(group.root);
      // A consumer whose output starts as an empty tensor that other ops
      // also start from gets an empty tensor of its own: bufferization
      // could otherwise give it the buffer of one of the root's inputs
      // (another user of that empty tensor), which the fused kernel would
      // overwrite while it still reads it.
      if (group.consumer) {
        OpOperand &init = group.consumer.getDpsInitsMutable()[0];
        auto empty = init.get().getDefiningOp<tensor::EmptyOp>();
        if (empty && !empty->hasOneUse()) {
          OpBuilder builder(group.init ? group.init
                                       : group.root.getOperation());
          init.set(builder.clone(*empty)->getResult(0));
        }
      }
    }

    Builder b(&getContext());
    int64_t number = 0;
    for (Group &group : groups) {
      // Later moves may not split an earlier group; keep only adjacent ones.
      if (group.init && group.init->getNextNode() != group.root)
        group.init = nullptr;
      if (group.consumer && group.root->getNextNode() != group.consumer)
        group.consumer = {};
      if (!group.init && !group.consumer)
        continue;
      IntegerAttr id = b.getI64IntegerAttr(number++);
      group.root->setAttr(kKernelGroupAttr, id);
      if (group.init)
        group.init->setAttr(kKernelGroupAttr, id);
      if (group.consumer)
        group.consumer->setAttr(kKernelGroupAttr, id);
    }
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};

} // namespace
