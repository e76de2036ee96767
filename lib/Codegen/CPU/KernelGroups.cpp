//===- KernelGroups.cpp - the fusion decision the CPU kernels read --------===//

#include "KernelGroups.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

int64_t nnid::cpu::getKernelGroup(Operation *op) {
  if (auto group = op->getAttrOfType<IntegerAttr>(kKernelGroupAttr))
    return group.getInt();
  return -1;
}

/// Every map result is a loop dimension, and the channel dimension (3), if
/// read, comes last so that vectors are contiguous.
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

bool nnid::cpu::isFusableConsumer(linalg::GenericOp consumer, unsigned input) {
  if (input >= consumer.getNumDpsInputs() || consumer.getNumDpsInits() != 1 ||
      consumer.getNumLoops() != 4 || consumer.getNumReductionLoops() != 0 ||
      consumer->getNumResults() > 1)
    return false;
  OpOperand *init = consumer.getDpsInitOperand(0);
  if (!consumer.getMatchingIndexingMap(init).isIdentity() ||
      consumer.payloadUsesValueFromOperand(init))
    return false;
  for (OpOperand *operand : consumer.getDpsInputOperands()) {
    AffineMap map = consumer.getMatchingIndexingMap(operand);
    if (!isVectorizableMap(map) ||
        (operand->getOperandNumber() == input && !map.isIdentity()))
      return false;
  }
  for (Operation &op : consumer.getBody()->without_terminator())
    if (op.getNumRegions() != 0 ||
        (!OpTrait::hasElementwiseMappableTraits(&op) &&
         !op.hasTrait<OpTrait::ConstantLike>()))
      return false;
  return true;
}

bool nnid::cpu::isInertBetweenGroupOps(Operation *op) {
  if (isMemoryEffectFree(op))
    return true;
  auto effects = getEffectsRecursively(op);
  return effects && llvm::all_of(*effects, [](const auto &effect) {
           return isa<MemoryEffects::Allocate>(effect.getEffect());
         });
}
