//===- PoolKernels.cpp - NHWC pooling kernels -----------------------------===//
//
// Max and sum pooling over NHWC buffers vectorize over channels: a block of
// RW pixels by RB channel vectors stays in registers while the window's taps
// are combined into it. The fill that initializes the output (-inf or 0)
// becomes the accumulators' initial value, and an average's division, the
// elementwise op that follows, is applied before the store.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace nnid::cpu;

LogicalResult nnid::cpu::lowerPooling(RewriterBase &rewriter,
                                      linalg::LinalgOp op,
                                      const KernelConfig &config) {
  bool isMax = isa<linalg::PoolingNhwcMaxOp>(op);
  if (!isMax && !isa<linalg::PoolingNhwcSumOp>(op))
    return failure();
  if (!op.hasPureBufferSemantics())
    return failure();
  Value input = op.getDpsInputs()[0];
  Value output = op.getDpsInits()[0];
  auto window = dyn_cast<MemRefType>(op.getDpsInputs()[1].getType());
  if (!window || !window.hasStaticShape() ||
      !isKernelBuffer(input.getType(), true) ||
      !isKernelBuffer(output.getType(), true))
    return failure();
  auto strides = op->getAttrOfType<DenseIntElementsAttr>("strides");
  auto dilations = op->getAttrOfType<DenseIntElementsAttr>("dilations");
  if (!strides || !dilations)
    return failure();
  SmallVector<int64_t> stride(strides.getValues<int64_t>());
  SmallVector<int64_t> dilation(dilations.getValues<int64_t>());
  auto outType = cast<MemRefType>(output.getType());
  int64_t outH = outType.getDimSize(1), outW = outType.getDimSize(2);
  int64_t channels = outType.getDimSize(3);
  int64_t kh = window.getDimSize(0), kw = window.getDimSize(1);

  int64_t width = config.vectorWidth;
  int64_t vectorsPerBlock = channels > width ? 2 : 1;
  ChannelBlocks blocks = splitChannels(channels, width, vectorsPerBlock);
  int64_t pixels =
      std::clamp<int64_t>((config.numRegisters - 2) / vectorsPerBlock, 1, outW);

  Epilogue epilogue = analyzeEpilogue(op, output);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(epilogue.insertionPoint);
  KernelEmitter outer(rewriter, loc, width);
  Value batch = memref::DimOp::create(rewriter, loc, output, 0);

  auto tile = [&](KernelEmitter &e, Value n, Value oh, Value ow0, int64_t count,
                  Value c0, ArrayRef<VectorSlot> slots) {
    SmallVector<Value> accs, cs;
    for (VectorSlot slot : slots)
      cs.push_back(e.add(c0, slot.offset));
    for (int64_t r = 0; r < count; ++r)
      for (auto [s, slot] : llvm::enumerate(slots))
        accs.push_back(e.initAccumulator(epilogue, output,
                                         {n, oh, e.add(ow0, r), cs[s]}, slot));
    Value ih0 = e.mul(oh, stride[0]);
    Value iw0 = e.mul(ow0, stride[1]);
    SmallVector<Value> results = buildLoop(
        e.builder(), loc, e.index(0), e.index(kh), 1, accs,
        [&](OpBuilder &b1, Location l1, Value i, ValueRange a1) {
          KernelEmitter e1(b1, l1, width);
          Value ih = e1.add(ih0, e1.mul(i, dilation[0]));
          return buildLoop(
              b1, l1, e1.index(0), e1.index(kw), 1, a1,
              [&](OpBuilder &b2, Location l2, Value j, ValueRange a2) {
                KernelEmitter e2(b2, l2, width);
                Value iw = e2.add(iw0, e2.mul(j, dilation[1]));
                SmallVector<Value> next(a2);
                for (int64_t r = 0; r < count; ++r)
                  for (auto [s, slot] : llvm::enumerate(slots)) {
                    Value x = e2.load(
                        input, {n, ih, e2.add(iw, r * stride[1]), cs[s]}, slot);
                    Value &acc = next[r * slots.size() + s];
                    acc =
                        isMax
                            ? arith::MaximumFOp::create(b2, l2, acc, x)
                                  .getResult()
                            : arith::AddFOp::create(b2, l2, acc, x).getResult();
                  }
                return next;
              });
        });
    for (int64_t r = 0; r < count; ++r)
      for (auto [s, slot] : llvm::enumerate(slots))
        e.finishAccumulator(epilogue, results[r * slots.size() + s],
                            {n, oh, e.add(ow0, r), cs[s]}, slot);
  };

  auto emitRow = [&](KernelEmitter &e, Value n, Value oh, Value c0,
                     ArrayRef<VectorSlot> slots) {
    emitPixelTiles(e, outW, pixels,
                   [&](KernelEmitter &inner, Value ow0, int64_t count) {
                     tile(inner, n, oh, ow0, count, c0, slots);
                   });
  };
  if (blocks.numFull > 0)
    buildParallelNest(
        rewriter, loc, {batch, outer.index(outH), outer.index(blocks.numFull)},
        config.parallel, [&](OpBuilder &nb, Location nloc, ValueRange ivs) {
          KernelEmitter e(nb, nloc, width);
          emitRow(e, ivs[0], ivs[1], e.mul(ivs[2], blocks.blockSize),
                  blocks.full);
        });
  if (!blocks.tail.empty())
    buildParallelNest(
        rewriter, loc, {batch, outer.index(outH)}, config.parallel,
        [&](OpBuilder &nb, Location nloc, ValueRange ivs) {
          KernelEmitter e(nb, nloc, width);
          emitRow(e, ivs[0], ivs[1], e.index(blocks.numFull * blocks.blockSize),
                  blocks.tail);
        });
  eraseAbsorbedOps(rewriter, epilogue);
  rewriter.eraseOp(op);
  return success();
}
