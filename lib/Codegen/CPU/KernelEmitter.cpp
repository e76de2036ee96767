//===- KernelEmitter.cpp - building blocks of CPU micro-kernels -----------===//

#include "KernelEmitter.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace nnid::cpu;

ChannelBlocks nnid::cpu::splitChannels(int64_t channels, int64_t width,
                                       int64_t vectorsPerBlock) {
  ChannelBlocks blocks;
  blocks.blockSize = width * vectorsPerBlock;
  blocks.numFull = channels / blocks.blockSize;
  for (int64_t v = 0; v < vectorsPerBlock; ++v)
    blocks.full.push_back({v * width, width});
  for (int64_t offset = 0, rest = channels % blocks.blockSize; rest > 0;
       offset += width, rest -= width)
    blocks.tail.push_back({offset, std::min(rest, width)});
  return blocks;
}

Value KernelEmitter::index(int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value KernelEmitter::add(Value a, int64_t c) {
  return c == 0 ? a : arith::AddIOp::create(b, loc, a, index(c)).getResult();
}

Value KernelEmitter::add(Value a, Value c) {
  return arith::AddIOp::create(b, loc, a, c);
}

Value KernelEmitter::mul(Value a, int64_t c) {
  return c == 1 ? a : arith::MulIOp::create(b, loc, a, index(c)).getResult();
}

Value KernelEmitter::load(Value memref, ValueRange indices, VectorSlot slot) {
  Type element = cast<MemRefType>(memref.getType()).getElementType();
  VectorType type = vectorType(element);
  if (slot.lanes == width)
    return vector::LoadOp::create(b, loc, type, memref, indices);
  VectorType maskType = VectorType::get({width}, b.getI1Type());
  Value mask = vector::ConstantMaskOp::create(b, loc, maskType,
                                              ArrayRef<int64_t>{slot.lanes});
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(type));
  return vector::MaskedLoadOp::create(b, loc, type, memref, indices, mask,
                                      zero);
}

void KernelEmitter::store(Value vector, Value memref, ValueRange indices,
                          VectorSlot slot) {
  if (slot.lanes == width) {
    vector::StoreOp::create(b, loc, vector, memref, indices);
    return;
  }
  VectorType maskType = VectorType::get({width}, b.getI1Type());
  Value mask = vector::ConstantMaskOp::create(b, loc, maskType,
                                              ArrayRef<int64_t>{slot.lanes});
  vector::MaskedStoreOp::create(b, loc, memref, indices, mask, vector);
}

Value KernelEmitter::broadcast(Value scalar) {
  return vector::BroadcastOp::create(b, loc, vectorType(scalar.getType()),
                                     scalar);
}

Value KernelEmitter::initAccumulator(const Epilogue &epilogue, Value output,
                                     ValueRange nhwc, VectorSlot slot) {
  switch (epilogue.init) {
  case Epilogue::Init::Output:
    return load(output, nhwc, slot);
  case Epilogue::Init::Splat:
    return broadcast(epilogue.initValue);
  case Epilogue::Init::Channel:
    return load(epilogue.initValue, nhwc[3], slot);
  }
  llvm_unreachable("unknown initialization");
}

void KernelEmitter::finishAccumulator(const Epilogue &epilogue, Value acc,
                                      ValueRange nhwc, VectorSlot slot) {
  linalg::GenericOp consumer = epilogue.consumer;
  if (!consumer) {
    store(acc, epilogue.result, nhwc, slot);
    return;
  }
  // The consumer's payload, on vectors: its operands are the accumulator or
  // loads at the indices its maps give; scalars are broadcast where they
  // meet vectors.
  IRMapping mapping;
  Block *body = consumer.getBody();
  for (OpOperand *operand : consumer.getDpsInputOperands()) {
    BlockArgument arg = body->getArgument(operand->getOperandNumber());
    if (operand->getOperandNumber() == epilogue.consumerInput) {
      mapping.map(arg, acc);
      continue;
    }
    AffineMap map = consumer.getMatchingIndexingMap(operand);
    SmallVector<Value> indices;
    for (AffineExpr expr : map.getResults())
      indices.push_back(nhwc[cast<AffineDimExpr>(expr).getPosition()]);
    bool readsChannels =
        map.getNumResults() > 0 &&
        cast<AffineDimExpr>(map.getResults().back()).getPosition() == 3;
    Value value = readsChannels
                      ? load(operand->get(), indices, slot)
                      : memref::LoadOp::create(b, loc, operand->get(), indices)
                            .getResult();
    mapping.map(arg, value);
  }
  for (Operation &op : body->without_terminator()) {
    SmallVector<Value> operands;
    bool anyVector = false;
    for (Value operand : op.getOperands()) {
      operands.push_back(mapping.lookupOrDefault(operand));
      anyVector |= isa<VectorType>(operands.back().getType());
    }
    if (anyVector)
      for (Value &operand : operands)
        if (!isa<VectorType>(operand.getType()))
          operand = broadcast(operand);
    OperationState state(loc, op.getName());
    state.addOperands(operands);
    for (Type type : op.getResultTypes())
      state.addTypes(anyVector ? Type(vectorType(type)) : type);
    state.propertiesAttr = op.getPropertiesAsAttribute();
    for (NamedAttribute attr : op.getDiscardableAttrs())
      state.addAttribute(attr.getName(), attr.getValue());
    Operation *clone = b.create(state);
    mapping.map(op.getResults(), clone->getResults());
  }
  Value result = mapping.lookupOrDefault(body->getTerminator()->getOperand(0));
  if (!isa<VectorType>(result.getType()))
    result = broadcast(result);
  store(result, epilogue.result, nhwc, slot);
}

SmallVector<Value> nnid::cpu::buildLoop(
    OpBuilder &b, Location loc, Value lower, Value upper, int64_t step,
    ValueRange init,
    llvm::function_ref<SmallVector<Value>(OpBuilder &, Location, Value,
                                          ValueRange)>
        body) {
  Value stepValue = arith::ConstantIndexOp::create(b, loc, step);
  auto loop = scf::ForOp::create(
      b, loc, lower, upper, stepValue, init,
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        SmallVector<Value> yielded = body(nb, nloc, iv, args);
        scf::YieldOp::create(nb, nloc, yielded);
      });
  return SmallVector<Value>(loop.getResults());
}

void nnid::cpu::emitPixelTiles(
    KernelEmitter &e, int64_t width, int64_t maxPixels,
    llvm::function_ref<void(KernelEmitter &, Value, int64_t)> tile) {
  int64_t tiles = (width + maxPixels - 1) / maxPixels;
  int64_t base = width / tiles, larger = width % tiles;
  // `larger` tiles of base + 1 pixels, then the others of base pixels.
  auto emitRun = [&](int64_t start, int64_t count, int64_t pixels) {
    if (count == 0)
      return;
    if (count == 1) {
      tile(e, e.index(start), pixels);
      return;
    }
    buildLoop(e.builder(), e.getLoc(), e.index(start),
              e.index(start + count * pixels), pixels, {},
              [&](OpBuilder &b, Location loc, Value ow0, ValueRange) {
                KernelEmitter inner(b, loc, e.getWidth());
                tile(inner, ow0, pixels);
                return SmallVector<Value>{};
              });
  };
  emitRun(0, larger, base + 1);
  emitRun(larger * (base + 1), tiles - larger, base);
}

void nnid::cpu::buildParallelNest(
    OpBuilder &b, Location loc, ValueRange upper, bool parallel,
    llvm::function_ref<void(OpBuilder &, Location, ValueRange)> body) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lower(upper.size(), zero), steps(upper.size(), one);
  if (parallel) {
    scf::ParallelOp::create(b, loc, lower, upper, steps, body);
    return;
  }
  SmallVector<Value> ivs;
  std::function<void(OpBuilder &, Location, unsigned)> nest =
      [&](OpBuilder &nb, Location nloc, unsigned depth) {
        if (depth == upper.size()) {
          body(nb, nloc, ivs);
          return;
        }
        scf::ForOp::create(
            nb, nloc, lower[depth], upper[depth], steps[depth], ValueRange{},
            [&](OpBuilder &ib, Location iloc, Value iv, ValueRange) {
              ivs.push_back(iv);
              nest(ib, iloc, depth + 1);
              ivs.pop_back();
              scf::YieldOp::create(ib, iloc);
            });
      };
  nest(b, loc, 0);
}
