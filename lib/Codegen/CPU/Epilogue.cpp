//===- Epilogue.cpp - work a kernel takes over from its neighbours --------===//
//
// The decision is nnid-group-cpu-kernels', made on tensors; here it is read
// back on buffers, and each marked neighbour is checked to still be in the
// form the kernel emits (see docs/cpu-codegen.md, "Fusion").
//
//===----------------------------------------------------------------------===//

#include "Epilogue.h"
#include "KernelGroups.h"

#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace nnid::cpu;

/// The op of `group` nearest `op` before (`forward` false) or after it in
/// its block, provided only inert ops stand between them.
static Operation *findGroupNeighbour(Operation *op, int64_t group,
                                     bool forward) {
  for (Operation *it = forward ? op->getNextNode() : op->getPrevNode(); it;
       it = forward ? it->getNextNode() : it->getPrevNode()) {
    if (getKernelGroup(it) == group)
      return it;
    if (!isInertBetweenGroupOps(it))
      return nullptr;
  }
  return nullptr;
}

/// The allocation or argument a buffer is a view of.
static Value getRootBuffer(Value buffer) {
  while (auto view = buffer.getDefiningOp<ViewLikeOpInterface>())
    buffer = view.getViewSource();
  return buffer;
}

static void findInit(Operation *op, int64_t group, Value output,
                     Epilogue &epilogue) {
  Operation *previous = findGroupNeighbour(op, group, /*forward=*/false);
  if (!previous)
    return;
  if (auto fill = dyn_cast<linalg::FillOp>(previous)) {
    if (fill.getOutputs()[0] != output || !fill.hasPureBufferSemantics())
      return;
    epilogue.init = Epilogue::Init::Splat;
    epilogue.initValue = fill.getInputs()[0];
    epilogue.initOp = fill;
    return;
  }
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(previous)) {
    // A [C] vector (possibly a slice of a longer one: a group's biases)
    // broadcast along N, H and W of an NHWC buffer.
    auto source = dyn_cast<MemRefType>(broadcast.getInput().getType());
    if (broadcast.getInit() != output || !source || source.getRank() != 1 ||
        broadcast.getDimensions() != ArrayRef<int64_t>{0, 1, 2} ||
        !source.isLastDimUnitStride())
      return;
    epilogue.init = Epilogue::Init::Channel;
    epilogue.initValue = broadcast.getInput();
    epilogue.initOp = broadcast;
  }
}

static void findConsumer(Operation *op, int64_t group, Value output,
                         Epilogue &epilogue) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(
      findGroupNeighbour(op, group, /*forward=*/true));
  if (!generic || !generic.hasPureBufferSemantics())
    return;
  std::optional<unsigned> input;
  for (OpOperand *operand : generic.getDpsInputOperands()) {
    if (operand->get() != output)
      continue;
    if (input)
      return;
    input = operand->getOperandNumber();
  }
  if (!input || !isFusableConsumer(generic, *input))
    return;
  // The kernel reads the op's inputs while it writes the consumer's output,
  // tile by tile. Bufferization may have put that output in the buffer of
  // one of the op's inputs (legal for the two ops run one after the other:
  // the op's reads all come first); fused, a tile would overwrite inputs
  // that later tiles read. The op's operands and buffers are not followed
  // further than their views: distinct allocations do not overlap.
  Value written = getRootBuffer(generic.getDpsInits()[0]);
  for (Value read : cast<linalg::LinalgOp>(op).getDpsInputs())
    if (isa<MemRefType>(read.getType()) && getRootBuffer(read) == written)
      return;
  // On tensors the consumer was the only reader of the op's result, so the
  // kernel need not write the op's output when the consumer writes
  // elsewhere. Emitted where the consumer was, the kernel sees every value
  // the consumer reads, and the op's operands (defined before the op).
  epilogue.consumer = generic;
  epilogue.consumerInput = *input;
  epilogue.result = generic.getDpsInits()[0];
  epilogue.insertionPoint = generic;
}

Epilogue nnid::cpu::analyzeEpilogue(linalg::LinalgOp op, Value output) {
  Epilogue epilogue;
  epilogue.result = output;
  epilogue.insertionPoint = op;
  int64_t group = getKernelGroup(op);
  if (group < 0)
    return epilogue;
  findInit(op, group, output, epilogue);
  findConsumer(op, group, output, epilogue);
  return epilogue;
}

void nnid::cpu::eraseAbsorbedOps(RewriterBase &rewriter,
                                 const Epilogue &epilogue) {
  if (epilogue.initOp)
    rewriter.eraseOp(epilogue.initOp);
  if (epilogue.consumer)
    rewriter.eraseOp(epilogue.consumer);
}
