//===- ConvKernels.cpp - direct and depthwise convolution kernels ---------===//
//
// Direct convolution, NHWC input [N, IH, IW, C], HWCF kernel [KH, KW, C, F]:
// a block of RW output pixels of one row by RB vectors of output channels
// stays in registers while, for every tap (kh, kw) and input channel c, one
// broadcast input value meets RB kernel vectors. RW * RB accumulators, RB
// kernel vectors and the broadcast value fill the register file.
//
// Depthwise convolution, kernel [KH, KW, C]: a block of RW pixels by RB
// channel vectors; every tap multiplies input vectors by kernel vectors.
//
// Both loop over (batch, channel block, output row) in parallel, then over
// pixel blocks of the row; a last partial pixel block and a last partial
// channel block get their own kernels. Where rows are short (7 or 14
// pixels, deep in a network), a row leaves tiles of 3 or 4 pixels, too few
// accumulators to hide the FMA latency: the pixels of the whole image are
// then tiled as one flat sequence, a tile's pixels possibly spanning two
// rows, and the parallel loop runs over (batch, channel block, tile).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace nnid::cpu;

bool nnid::cpu::isKernelBuffer(Type type, bool dynamicBatch) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.getElementType().isF32())
    return false;
  for (auto [d, size] : llvm::enumerate(memref.getShape()))
    if (ShapedType::isDynamic(size) && !(dynamicBatch && d == 0))
      return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(memref.getStridesAndOffset(strides, offset)))
    return false;
  return strides.back() == 1;
}

namespace {

/// What both convolution kernels share: the loop structure.
struct ConvGeometry {
  int64_t kh, kw, outH, outW, channels;
  int64_t strideH, strideW, dilationH, dilationW;
};

ConvGeometry getGeometry(linalg::LinalgOp op, ArrayRef<int64_t> kernel,
                         int64_t channels, DenseIntElementsAttr strides,
                         DenseIntElementsAttr dilations) {
  auto out = cast<MemRefType>(op.getDpsInits()[0].getType());
  SmallVector<int64_t> s(strides.getValues<int64_t>());
  SmallVector<int64_t> d(dilations.getValues<int64_t>());
  return {kernel[0],
          kernel[1],
          out.getDimSize(1),
          out.getDimSize(2),
          channels,
          s[0],
          s[1],
          d[0],
          d[1]};
}

/// An output pixel of a tile.
struct Pixel {
  Value oh, ow;
};

/// Emits the loops of a kernel over the output [N, OH, OW, channels]:
/// `tile(emitter, n, pixels, c0, slots)` computes `pixels` by the channel
/// vectors `slots` from c0.
using TileFn = llvm::function_ref<void(KernelEmitter &, Value, ArrayRef<Pixel>,
                                       Value, ArrayRef<VectorSlot>)>;

/// Whether tiling the image's pixels as one sequence gives tiles at least
/// 10% fuller, on average, than tiling each row.
bool preferFlatTiles(const ConvGeometry &g, int64_t maxPixels) {
  auto average = [&](int64_t n) {
    return static_cast<double>(n) / ((n + maxPixels - 1) / maxPixels);
  };
  return average(g.outH * g.outW) > 1.1 * average(g.outW);
}

void emitOutputLoops(OpBuilder &b, Location loc, Value output,
                     const ConvGeometry &g, const ChannelBlocks &blocks,
                     int64_t pixelsPerTile, const KernelConfig &config,
                     TileFn tile) {
  KernelEmitter outer(b, loc, config.vectorWidth);
  Value batch = memref::DimOp::create(b, loc, output, 0);
  // One parallel nest over the batch, the channel blocks (`numBlocks`, or
  // none for the tail block) and `extent` row or tile indices.
  auto emitNest =
      [&](int64_t numBlocks, ArrayRef<VectorSlot> slots, int64_t extent,
          llvm::function_ref<void(KernelEmitter &, Value, Value, Value)> body) {
        SmallVector<Value> upper = {batch};
        if (numBlocks > 0)
          upper.push_back(outer.index(numBlocks));
        upper.push_back(outer.index(extent));
        buildParallelNest(b, loc, upper, config.parallel,
                          [&](OpBuilder &nb, Location nloc, ValueRange ivs) {
                            KernelEmitter e(nb, nloc, config.vectorWidth);
                            Value c0 = numBlocks > 0
                                           ? e.mul(ivs[1], blocks.blockSize)
                                           : e.index(blocks.numFull *
                                                     blocks.blockSize);
                            body(e, ivs[0], c0, ivs.back());
                          });
      };
  auto emitBlocks = [&](int64_t numBlocks, ArrayRef<VectorSlot> slots) {
    if (!preferFlatTiles(g, pixelsPerTile)) {
      emitNest(numBlocks, slots, g.outH,
               [&](KernelEmitter &e, Value n, Value c0, Value oh) {
                 emitPixelTiles(
                     e, g.outW, pixelsPerTile,
                     [&](KernelEmitter &inner, Value ow0, int64_t count) {
                       SmallVector<Pixel> pixels;
                       for (int64_t r = 0; r < count; ++r)
                         pixels.push_back({oh, inner.add(ow0, r)});
                       tile(inner, n, pixels, c0, slots);
                     });
               });
      return;
    }
    // Balanced tiles over the flat pixel index p = oh * OW + ow: `larger`
    // tiles of base + 1 pixels, then tiles of base pixels.
    int64_t total = g.outH * g.outW;
    int64_t tiles = (total + pixelsPerTile - 1) / pixelsPerTile;
    int64_t base = total / tiles, larger = total % tiles;
    auto emitRun = [&](int64_t start, int64_t count, int64_t size) {
      if (count == 0)
        return;
      emitNest(numBlocks, slots, count,
               [&](KernelEmitter &e, Value n, Value c0, Value t) {
                 OpBuilder &eb = e.builder();
                 Value width = e.index(g.outW);
                 Value p0 = e.add(e.mul(t, size), start);
                 SmallVector<Pixel> pixels;
                 for (int64_t r = 0; r < size; ++r) {
                   Value p = e.add(p0, r);
                   pixels.push_back(
                       {arith::DivUIOp::create(eb, e.getLoc(), p, width),
                        arith::RemUIOp::create(eb, e.getLoc(), p, width)});
                 }
                 tile(e, n, pixels, c0, slots);
               });
    };
    emitRun(0, larger, base + 1);
    emitRun(larger * (base + 1), tiles - larger, base);
  };
  if (blocks.numFull > 0)
    emitBlocks(blocks.numFull, blocks.full);
  if (!blocks.tail.empty())
    emitBlocks(0, blocks.tail);
}

/// Pixels per tile for `accsPerPixel` accumulators per pixel and `reserved`
/// other live registers.
int64_t pixelsPerTile(const KernelConfig &config, int64_t accsPerPixel,
                      int64_t reserved, int64_t outW) {
  int64_t pixels = (config.numRegisters - reserved) / accsPerPixel;
  return std::clamp<int64_t>(pixels, 1, outW);
}

/// Whether a convolution on buffers has operands a kernel can read and
/// write: input, kernel and output (only the batch dynamic, and not for
/// the kernel) with unit innermost stride.
bool hasKernelOperands(linalg::LinalgOp op) {
  return op.hasPureBufferSemantics() &&
         isKernelBuffer(op.getDpsInputs()[0].getType(), true) &&
         isKernelBuffer(op.getDpsInputs()[1].getType(), false) &&
         isKernelBuffer(op.getDpsInits()[0].getType(), true);
}

/// A tile's accumulators, pixel-major, starting where the epilogue says.
SmallVector<Value> initAccumulators(KernelEmitter &e, const Epilogue &epilogue,
                                    Value output, Value n,
                                    ArrayRef<Pixel> pixels,
                                    ArrayRef<Value> channels,
                                    ArrayRef<VectorSlot> slots) {
  SmallVector<Value> accs;
  for (const Pixel &px : pixels)
    for (auto [s, slot] : llvm::enumerate(slots))
      accs.push_back(e.initAccumulator(epilogue, output,
                                       {n, px.oh, px.ow, channels[s]}, slot));
  return accs;
}

/// Applies the epilogue to a tile's accumulators and stores them.
void finishAccumulators(KernelEmitter &e, const Epilogue &epilogue,
                        ValueRange accs, Value n, ArrayRef<Pixel> pixels,
                        ArrayRef<Value> channels, ArrayRef<VectorSlot> slots) {
  for (auto [r, px] : llvm::enumerate(pixels))
    for (auto [s, slot] : llvm::enumerate(slots))
      e.finishAccumulator(epilogue, accs[r * slots.size() + s],
                          {n, px.oh, px.ow, channels[s]}, slot);
}

/// Each pixel's window origin in the input: (oh * sh, ow * sw).
void getWindowOrigins(KernelEmitter &e, const ConvGeometry &g,
                      ArrayRef<Pixel> pixels, SmallVectorImpl<Value> &ih0,
                      SmallVectorImpl<Value> &iw0) {
  for (const Pixel &px : pixels) {
    ih0.push_back(e.mul(px.oh, g.strideH));
    iw0.push_back(e.mul(px.ow, g.strideW));
  }
}

} // namespace

LogicalResult nnid::cpu::lowerConv(RewriterBase &rewriter,
                                   linalg::Conv2DNhwcHwcfOp op,
                                   const KernelConfig &config) {
  if (!hasKernelOperands(op))
    return failure();
  Value input = op.getDpsInputs()[0], kernel = op.getDpsInputs()[1];
  Value output = op.getDpsInits()[0];
  auto kernelType = cast<MemRefType>(kernel.getType());
  int64_t channels = kernelType.getDimSize(2);
  int64_t filters = kernelType.getDimSize(3);
  ConvGeometry g = getGeometry(op, kernelType.getShape().take_front(2),
                               channels, op.getStrides(), op.getDilations());

  int64_t width = config.vectorWidth;
  int64_t vectorsPerBlock = filters >= 4 * width && config.numRegisters >= 32
                                ? 4
                            : filters > width ? 2
                                              : 1;
  ChannelBlocks blocks = splitChannels(filters, width, vectorsPerBlock);
  // Live registers: the accumulators, one kernel vector per slot, the
  // broadcast input and one spare.
  int64_t pixels =
      pixelsPerTile(config, vectorsPerBlock, vectorsPerBlock + 2, g.outW);

  // A constant kernel is read packed by channel block.
  FailureOr<Value> packed =
      packConvKernel(rewriter, op, kernel, blocks.blockSize);
  Epilogue epilogue = analyzeEpilogue(op, output);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(epilogue.insertionPoint);
  emitOutputLoops(
      rewriter, loc, output, g, blocks, pixels, config,
      [&](KernelEmitter &e, Value n, ArrayRef<Pixel> pixels, Value f0,
          ArrayRef<VectorSlot> slots) {
        int64_t count = pixels.size();
        SmallVector<Value> fs;
        for (VectorSlot slot : slots)
          fs.push_back(e.add(f0, slot.offset));
        Value fb = arith::DivUIOp::create(e.builder(), e.getLoc(), f0,
                                          e.index(blocks.blockSize));
        SmallVector<Value> accs =
            initAccumulators(e, epilogue, output, n, pixels, fs, slots);
        SmallVector<Value> ih0, iw0;
        getWindowOrigins(e, g, pixels, ih0, iw0);
        OpBuilder &b = e.builder();
        SmallVector<Value> results = buildLoop(
            b, loc, e.index(0), e.index(g.kh), 1, accs,
            [&](OpBuilder &b1, Location l1, Value kh, ValueRange a1) {
              KernelEmitter e1(b1, l1, width);
              Value dh = e1.mul(kh, g.dilationH);
              SmallVector<Value> ih;
              for (Value origin : ih0)
                ih.push_back(e1.add(origin, dh));
              return buildLoop(
                  b1, l1, e1.index(0), e1.index(g.kw), 1, a1,
                  [&](OpBuilder &b2, Location l2, Value kw, ValueRange a2) {
                    KernelEmitter e2(b2, l2, width);
                    Value dw = e2.mul(kw, g.dilationW);
                    SmallVector<Value> iw;
                    for (Value origin : iw0)
                      iw.push_back(e2.add(origin, dw));
                    return buildLoop(
                        b2, l2, e2.index(0), e2.index(channels), 1, a2,
                        [&](OpBuilder &b3, Location l3, Value c,
                            ValueRange a3) {
                          KernelEmitter e3(b3, l3, width);
                          SmallVector<Value> weights;
                          for (auto [s, slot] : llvm::enumerate(slots))
                            weights.push_back(
                                succeeded(packed)
                                    ? e3.load(*packed,
                                              {fb, kh, kw, c,
                                               e3.index(slot.offset)},
                                              slot)
                                    : e3.load(kernel, {kh, kw, c, fs[s]},
                                              slot));
                          SmallVector<Value> next(a3);
                          for (int64_t r = 0; r < count; ++r) {
                            Value x = memref::LoadOp::create(
                                b3, l3, input, ValueRange{n, ih[r], iw[r], c});
                            Value xs = e3.broadcast(x);
                            for (size_t s = 0; s < slots.size(); ++s) {
                              Value &acc = next[r * slots.size() + s];
                              acc = vector::FMAOp::create(b3, l3, xs,
                                                          weights[s], acc);
                            }
                          }
                          return next;
                        });
                  });
            });
        finishAccumulators(e, epilogue, results, n, pixels, fs, slots);
      });
  eraseAbsorbedOps(rewriter, epilogue);
  rewriter.eraseOp(op);
  if (succeeded(packed))
    eraseIfUnused(rewriter, kernel);
  return success();
}

LogicalResult nnid::cpu::lowerDepthwiseConv(RewriterBase &rewriter,
                                            linalg::DepthwiseConv2DNhwcHwcOp op,
                                            const KernelConfig &config) {
  if (!hasKernelOperands(op))
    return failure();
  Value input = op.getDpsInputs()[0], kernel = op.getDpsInputs()[1];
  Value output = op.getDpsInits()[0];
  auto kernelType = cast<MemRefType>(kernel.getType());
  int64_t channels = kernelType.getDimSize(2);
  ConvGeometry g = getGeometry(op, kernelType.getShape().take_front(2),
                               channels, op.getStrides(), op.getDilations());

  int64_t width = config.vectorWidth;
  int64_t vectorsPerBlock = channels > width ? 2 : 1;
  ChannelBlocks blocks = splitChannels(channels, width, vectorsPerBlock);
  // Live registers: accumulators, kernel vectors, one input vector, spare.
  int64_t pixels =
      pixelsPerTile(config, vectorsPerBlock, vectorsPerBlock + 2, g.outW);

  Epilogue epilogue = analyzeEpilogue(op, output);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(epilogue.insertionPoint);
  emitOutputLoops(
      rewriter, loc, output, g, blocks, pixels, config,
      [&](KernelEmitter &e, Value n, ArrayRef<Pixel> pixels, Value c0,
          ArrayRef<VectorSlot> slots) {
        int64_t count = pixels.size();
        SmallVector<Value> cs;
        for (VectorSlot slot : slots)
          cs.push_back(e.add(c0, slot.offset));
        SmallVector<Value> accs =
            initAccumulators(e, epilogue, output, n, pixels, cs, slots);
        SmallVector<Value> ih0, iw0;
        getWindowOrigins(e, g, pixels, ih0, iw0);
        SmallVector<Value> results = buildLoop(
            e.builder(), loc, e.index(0), e.index(g.kh), 1, accs,
            [&](OpBuilder &b1, Location l1, Value kh, ValueRange a1) {
              KernelEmitter e1(b1, l1, width);
              Value dh = e1.mul(kh, g.dilationH);
              SmallVector<Value> ih;
              for (Value origin : ih0)
                ih.push_back(e1.add(origin, dh));
              return buildLoop(
                  b1, l1, e1.index(0), e1.index(g.kw), 1, a1,
                  [&](OpBuilder &b2, Location l2, Value kw, ValueRange a2) {
                    KernelEmitter e2(b2, l2, width);
                    Value dw = e2.mul(kw, g.dilationW);
                    SmallVector<Value> next(a2);
                    for (auto [s, slot] : llvm::enumerate(slots)) {
                      Value w = e2.load(kernel, {kh, kw, cs[s]}, slot);
                      for (int64_t r = 0; r < count; ++r) {
                        Value x = e2.load(
                            input, {n, ih[r], e2.add(iw0[r], dw), cs[s]}, slot);
                        Value &acc = next[r * slots.size() + s];
                        acc = vector::FMAOp::create(b2, l2, x, w, acc);
                      }
                    }
                    return next;
                  });
            });
        finishAccumulators(e, epilogue, results, n, pixels, cs, slots);
      });
  eraseAbsorbedOps(rewriter, epilogue);
  rewriter.eraseOp(op);
  return success();
}
