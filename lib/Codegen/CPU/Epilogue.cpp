//===- Epilogue.cpp - work a kernel takes over from its neighbours --------===//

#include "Epilogue.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace nnid::cpu;

/// The other users of `buffer` in `block`, before (`forward` false) or
/// after `op`, nearest first.
static Operation *findNeighbour(Operation *op, Value buffer, bool forward) {
  Operation *nearest = nullptr;
  for (Operation *user : buffer.getUsers()) {
    if (user == op || user->getBlock() != op->getBlock())
      continue;
    if (forward ? !op->isBeforeInBlock(user) : !user->isBeforeInBlock(op))
      continue;
    if (!nearest || (forward ? user->isBeforeInBlock(nearest)
                             : nearest->isBeforeInBlock(user)))
      nearest = user;
  }
  return nearest;
}

/// The allocation or argument a buffer is a view of.
static Value getRootBuffer(Value buffer) {
  while (auto view = buffer.getDefiningOp<ViewLikeOpInterface>())
    buffer = view.getViewSource();
  return buffer;
}

/// Whether the work of `consumer` can move up to `op`: no op in between
/// writes a buffer the consumer reads, or touches the buffer it writes.
static bool canHoistConsumer(Operation *op, linalg::GenericOp consumer,
                             Value output) {
  llvm::SmallPtrSet<Value, 4> readRoots;
  for (Value input : consumer.getDpsInputs())
    if (input != output)
      readRoots.insert(getRootBuffer(input));
  Value writeRoot = getRootBuffer(consumer.getDpsInits()[0]);
  for (Operation *between = op->getNextNode(); between && between != consumer;
       between = between->getNextNode()) {
    std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
        getEffectsRecursively(between);
    if (!effects)
      return false;
    for (const MemoryEffects::EffectInstance &effect : *effects) {
      if (isa<MemoryEffects::Allocate, MemoryEffects::Free>(effect.getEffect()))
        continue;
      Value value = effect.getValue();
      if (!value)
        return false;
      Value root = getRootBuffer(value);
      if (root == writeRoot || (isa<MemoryEffects::Write>(effect.getEffect()) &&
                                readRoots.contains(root)))
        return false;
    }
  }
  return true;
}

static void findInit(Operation *op, Value output, Epilogue &epilogue) {
  Operation *previous = findNeighbour(op, output, /*forward=*/false);
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

/// Every map result of a fusable consumer operand is a loop dimension, and
/// the channel dimension (3), if read, comes last so vectors are contiguous.
static bool isVectorizableMap(AffineMap map) {
  for (auto [i, expr] : llvm::enumerate(map.getResults())) {
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim)
      return false;
    if (dim.getPosition() == 3 && i + 1 != map.getNumResults())
      return false;
  }
  return true;
}

/// Whether `value` is available at `op`.
static bool isAvailableAt(Value value, Operation *op) {
  Block *block = value.getParentBlock();
  Operation *ancestor = block->findAncestorOpInBlock(*op);
  if (!ancestor)
    return false;
  Operation *def = value.getDefiningOp();
  return !def || def == ancestor || def->isBeforeInBlock(ancestor);
}

/// Makes `value` available at `op`: it is, or it is made by a pure op
/// without operands (a constant, a global's address) that can move up.
static bool makeAvailableAt(Value value, Operation *op,
                            SmallVectorImpl<Operation *> &toHoist) {
  if (isAvailableAt(value, op))
    return true;
  Operation *def = value.getDefiningOp();
  if (!def || def->getNumOperands() != 0 || def->getNumRegions() != 0 ||
      !isMemoryEffectFree(def) || def->getBlock() != op->getBlock())
    return false;
  toHoist.push_back(def);
  return true;
}

/// Whether the values `op` writes into `output` are read by nothing but
/// `consumer`: `output` is an allocation (bufferization may reuse it for
/// several ops), and its first user after `consumer` in the block, if any,
/// overwrites all of it without reading it. Users before `op` do not
/// matter; views, and users in other blocks, are not followed.
static bool isDeadAfter(Value output, Operation *op, Operation *consumer,
                        Operation *initOp) {
  if (!output.getDefiningOp<memref::AllocOp>())
    return false;
  Operation *next = nullptr;
  for (Operation *user : output.getUsers()) {
    if (user == op || user == consumer || user == initOp ||
        isa<memref::DeallocOp>(user))
      continue;
    if (user->getBlock() != op->getBlock() || isa<ViewLikeOpInterface>(user))
      return false;
    if (user->isBeforeInBlock(op))
      continue;
    if (user->isBeforeInBlock(consumer))
      return false;
    if (!next || user->isBeforeInBlock(next))
      next = user;
  }
  if (!next)
    return true;
  if (auto fill = dyn_cast<linalg::FillOp>(next))
    return fill.getOutputs()[0] == output;
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(next))
    return broadcast.getInit() == output;
  return false;
}

static void findConsumer(Operation *op, Value output, Epilogue &epilogue) {
  Operation *next = findNeighbour(op, output, /*forward=*/true);
  auto generic = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!generic || !generic.hasPureBufferSemantics() ||
      generic.getNumDpsInits() != 1 || generic.getNumLoops() != 4 ||
      generic.getNumReductionLoops() != 0 ||
      !canHoistConsumer(op, generic, output))
    return;
  OpOperand *init = generic.getDpsInitOperand(0);
  if (!generic.getMatchingIndexingMap(init).isIdentity() ||
      generic.payloadUsesValueFromOperand(init))
    return;
  // The output must be one input, read pointwise.
  std::optional<unsigned> input;
  for (OpOperand *operand : generic.getDpsInputOperands()) {
    if (!isVectorizableMap(generic.getMatchingIndexingMap(operand)))
      return;
    if (operand->get() != output)
      continue;
    if (input || !generic.getMatchingIndexingMap(operand).isIdentity())
      return;
    input = operand->getOperandNumber();
  }
  if (!input)
    return;
  Value result = init->get();
  // Unless the consumer writes in place, the kernel no longer writes the
  // op's output at all: nothing else may read it.
  if (result != output && !isDeadAfter(output, op, generic, epilogue.initOp))
    return;
  // Payload ops must be elementwise on scalars, and everything the
  // consumer reads must exist where the kernel runs.
  SmallVector<Operation *> toHoist;
  for (Value input : generic.getDpsInputs())
    if (!makeAvailableAt(input, op, toHoist))
      return;
  for (Operation &bodyOp : generic.getBody()->without_terminator()) {
    if (bodyOp.getNumRegions() != 0 ||
        (!OpTrait::hasElementwiseMappableTraits(&bodyOp) &&
         !bodyOp.hasTrait<OpTrait::ConstantLike>()))
      return;
    for (Value operand : bodyOp.getOperands())
      if (operand.getParentBlock() != generic.getBody() &&
          !makeAvailableAt(operand, op, toHoist))
        return;
  }
  for (Operation *def : toHoist)
    def->moveBefore(op);
  epilogue.consumer = generic;
  epilogue.consumerInput = *input;
  epilogue.result = result;
}

Epilogue nnid::cpu::analyzeEpilogue(linalg::LinalgOp op, Value output) {
  Epilogue epilogue;
  epilogue.result = output;
  findInit(op, output, epilogue);
  findConsumer(op, output, epilogue);
  return epilogue;
}

void nnid::cpu::eraseAbsorbedOps(RewriterBase &rewriter,
                                 const Epilogue &epilogue) {
  if (epilogue.initOp)
    rewriter.eraseOp(epilogue.initOp);
  if (epilogue.consumer)
    rewriter.eraseOp(epilogue.consumer);
}
