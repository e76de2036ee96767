//===- Elementwise.cpp - elementwise ops in channels-last -----------------===//
//
// An op that treats every element alike needs no layout of its own: it
// reads and writes its rank-4 operands in whatever layout they come in.
//
// - A linalg.generic reads each rank-4 operand through the permuted
//   operand: its indexing map's results are permuted the same way. An
//   elementwise one (four parallel loops, identity output maps) also has its
//   loops permuted, so that its maps stay identities and its innermost loop
//   runs along the channels; its other maps (per-channel vectors, count
//   tables) and linalg.index ops follow the loops.
// - linalg.fill, linalg.broadcast (of a vector along the other dimensions)
//   and tensor.empty, which make the accumulators of the convolutions and
//   pools, are built in the permuted shape.
//
//===----------------------------------------------------------------------===//

#include "ChannelsLast.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnid::channels_last;

namespace {

/// The broadcast's kept dimensions (those its input maps to) stay in order
/// when permuted: linalg.broadcast cannot transpose its input.
bool keepsInputOrder(linalg::BroadcastOp broadcast) {
  int64_t rank = broadcast.getInit().getType().getRank();
  ArrayRef<int64_t> dims = broadcast.getDimensions();
  int64_t last = -1;
  for (int64_t d = 0; d < rank; ++d) {
    if (llvm::is_contained(dims, d))
      continue;
    int64_t position = getChannelsLastDim(rank, d);
    if (position < last)
      return false;
    last = position;
  }
  return true;
}

std::optional<OpLayout> matchElementwise(Operation *op) {
  if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    if (!generic.hasPureTensorSemantics())
      return std::nullopt;
    OpLayout layout;
    for (OpOperand &operand : op->getOpOperands())
      if (isActivation(operand.get().getType()))
        layout.operands.push_back(operand.getOperandNumber());
    for (OpResult result : op->getResults())
      if (isActivation(result.getType()))
        layout.results.push_back(result.getResultNumber());
    if (layout.operands.empty() && layout.results.empty())
      return std::nullopt;
    return layout;
  }
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    if (fill.hasPureTensorSemantics() &&
        isActivation(fill.getOutputs()[0].getType()))
      return OpLayout{false, {1}, {0}};
    return std::nullopt;
  }
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(op)) {
    if (broadcast.hasPureTensorSemantics() &&
        isActivation(broadcast.getInit().getType()) &&
        keepsInputOrder(broadcast))
      return OpLayout{false, {1}, {0}};
    return std::nullopt;
  }
  if (auto empty = dyn_cast<tensor::EmptyOp>(op)) {
    if (isActivation(empty.getType()))
      return OpLayout{false, {}, {0}};
  }
  return std::nullopt;
}

/// Whether the loops of `generic` can be permuted with its rank-4 operands:
/// four parallel loops, written through identity maps.
bool hasElementwiseLoops(linalg::GenericOp generic) {
  if (generic.getNumLoops() != 4 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return false;
  for (OpOperand &init : generic.getDpsInitsMutable())
    if (!isActivation(init.get().getType()) ||
        !generic.getMatchingIndexingMap(&init).isIdentity())
      return false;
  return true;
}

linalg::GenericOp convertGeneric(linalg::GenericOp generic, const Rewriter &r) {
  RewriterBase &b = r.builder();
  Location loc = generic.getLoc();
  bool permuteLoops = hasElementwiseLoops(generic);
  unsigned numLoops = generic.getNumLoops();
  SmallVector<AffineExpr> loops;
  for (unsigned d = 0; d < numLoops; ++d)
    loops.push_back(
        b.getAffineDimExpr(permuteLoops ? getChannelsLastDim(4, d) : d));

  SmallVector<Value> operands;
  SmallVector<AffineMap> maps;
  for (OpOperand &operand : generic->getOpOperands()) {
    AffineMap map = generic.getMatchingIndexingMap(&operand);
    if (permuteLoops)
      map = map.replaceDimsAndSymbols(loops, {}, numLoops, map.getNumSymbols());
    Value value = operand.get();
    if (isActivation(value.getType())) {
      value = r.getChannelsLast(loc, value);
      SmallVector<AffineExpr> results;
      for (int64_t d : getPermutation(4))
        results.push_back(map.getResult(d));
      map = AffineMap::get(numLoops, map.getNumSymbols(), results,
                           b.getContext());
    }
    operands.push_back(value);
    maps.push_back(map);
  }
  unsigned numInputs = generic.getNumDpsInputs();
  SmallVector<Type> resultTypes;
  for (Type type : generic->getResultTypes())
    resultTypes.push_back(
        isActivation(type)
            ? Type(getChannelsLastType(cast<RankedTensorType>(type)))
            : type);
  auto converted = linalg::GenericOp::create(
      b, loc, resultTypes, ArrayRef(operands).take_front(numInputs),
      ArrayRef(operands).drop_front(numInputs), maps,
      generic.getIteratorTypesArray());
  converted->setDiscardableAttrs(generic->getDiscardableAttrDictionary());
  b.inlineRegionBefore(generic.getRegion(), converted.getRegion(),
                       converted.getRegion().end());
  if (permuteLoops)
    converted.walk([&](linalg::IndexOp index) {
      b.modifyOpInPlace(
          index, [&] { index.setDim(getChannelsLastDim(4, index.getDim())); });
    });
  return converted;
}

SmallVector<Value> convertElementwise(Operation *op, const Rewriter &r) {
  RewriterBase &b = r.builder();
  Location loc = op->getLoc();
  if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    return SmallVector<Value>(convertGeneric(generic, r)->getResults());
  }
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    Value init = r.getChannelsLast(loc, fill.getOutputs()[0]);
    return {linalg::FillOp::create(b, loc, fill.getInputs(), ValueRange{init})
                .getResult(0)};
  }
  if (auto broadcast = dyn_cast<linalg::BroadcastOp>(op)) {
    Value init = r.getChannelsLast(loc, broadcast.getInit());
    int64_t rank = broadcast.getInit().getType().getRank();
    SmallVector<int64_t> dims;
    for (int64_t d : broadcast.getDimensions())
      dims.push_back(getChannelsLastDim(rank, d));
    llvm::sort(dims);
    return {
        linalg::BroadcastOp::create(b, loc, broadcast.getInput(), init, dims)
            .getResult()[0]};
  }
  auto empty = cast<tensor::EmptyOp>(op);
  RankedTensorType type = empty.getType();
  SmallVector<Value> dynamicSizes;
  for (int64_t d : getPermutation(type.getRank()))
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(empty.getDynamicSize(d));
  return {
      tensor::EmptyOp::create(b, loc, getChannelsLastType(type), dynamicSizes)};
}

} // namespace

Rule nnid::channels_last::getElementwiseRule() {
  return {matchElementwise, convertElementwise};
}
