//===- TransposeKernels.cpp - layout changes at the graph's edges ---------===//
//
// A network in NHWC changes layout where it meets NCHW code: NCHW -> NHWC
// ([C, H*W] -> [H*W, C] per image) on the way in, the reverse on the way
// out. Element by element, one side of such a transpose is read or written
// with a stride of a whole plane, a cache miss per element. This kernel
// moves tiles of VW x VW elements instead: VW vector loads of rows, a
// transpose in registers (log2(VW) rounds of interleaving shuffles), VW
// vector stores of columns. Rows and columns past the last full tile are
// copied element by element.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace nnid::cpu;

/// Transposes `rows` (VW vectors of VW lanes) in registers: after log2(VW)
/// rounds in which vectors i and i + VW/2 become their interleaved low and
/// high halves, vector j holds column j.
static SmallVector<Value> transposeInRegisters(OpBuilder &b, Location loc,
                                               ArrayRef<Value> rows) {
  int64_t width = rows.size();
  SmallVector<int64_t> low, high;
  for (int64_t i = 0; i < width / 2; ++i) {
    low.append({i, width + i});
    high.append({width / 2 + i, width + width / 2 + i});
  }
  SmallVector<Value> v(rows);
  for (int64_t round = 1; round < width; round *= 2) {
    SmallVector<Value> next;
    for (int64_t i = 0; i < width / 2; ++i) {
      next.push_back(
          vector::ShuffleOp::create(b, loc, v[i], v[i + width / 2], low));
      next.push_back(
          vector::ShuffleOp::create(b, loc, v[i], v[i + width / 2], high));
    }
    v = std::move(next);
  }
  return v;
}

/// `memref` [N, d1, d2, d3] as [N, d1 * d2, d3] (`mergeFirst`) or
/// [N, d1, d2 * d3].
static Value collapse(OpBuilder &b, Location loc, Value memref,
                      bool mergeFirst) {
  SmallVector<ReassociationIndices> groups =
      mergeFirst ? SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}}
                 : SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}};
  return memref::CollapseShapeOp::create(b, loc, memref, groups);
}

LogicalResult nnid::cpu::lowerTranspose(RewriterBase &rewriter,
                                        linalg::TransposeOp op,
                                        const KernelConfig &config) {
  if (!op.hasPureBufferSemantics())
    return failure();
  ArrayRef<int64_t> perm = op.getPermutation();
  bool toNHWC = perm == ArrayRef<int64_t>{0, 2, 3, 1};
  if (!toNHWC && perm != ArrayRef<int64_t>{0, 3, 1, 2})
    return failure();
  Value input = op.getInput(), output = op.getInit();
  auto inputType = dyn_cast<MemRefType>(input.getType());
  auto outputType = dyn_cast<MemRefType>(output.getType());
  if (!inputType || !outputType || !isKernelBuffer(inputType, true) ||
      !isKernelBuffer(outputType, true))
    return failure();
  // The NCHW side is contiguous. The NHWC side may be a strided view (the
  // interior of a padded buffer): unless it is contiguous too, it keeps its
  // four dimensions and a pixel p is [p / W, p % W].
  MemRefType nchwType = toNHWC ? inputType : outputType;
  MemRefType nhwcType = toNHWC ? outputType : inputType;
  if (!nchwType.getLayout().isIdentity())
    return failure();
  bool nhwcFlat = nhwcType.getLayout().isIdentity();
  int64_t imageWidth = nhwcType.getDimSize(2);

  // Per image, a [rows, cols] matrix becomes [cols, rows].
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value nchw = collapse(rewriter, loc, toNHWC ? input : output,
                        /*mergeFirst=*/false);
  Value nhwc = toNHWC ? output : input;
  if (nhwcFlat)
    nhwc = collapse(rewriter, loc, nhwc, /*mergeFirst=*/true);
  Value in = toNHWC ? nchw : nhwc, out = toNHWC ? nhwc : nchw;
  auto nchwFlatType = cast<MemRefType>(nchw.getType());
  int64_t channels = nchwFlatType.getDimSize(1);
  int64_t pixels = nchwFlatType.getDimSize(2);
  int64_t rows = toNHWC ? channels : pixels;
  int64_t cols = toNHWC ? pixels : channels;
  int64_t width = config.vectorWidth;
  int64_t fullRows = rows / width * width, fullCols = cols / width * width;
  // Indices of [n, pixel, channel] on the NHWC side, of [n, channel, pixel]
  // on the NCHW side; `in` is read at [n, r, c], `out` written at [n, c, r].
  auto indices = [&](OpBuilder &b, Location l, bool nhwcSide, Value n,
                     Value pixel, Value channel) -> SmallVector<Value> {
    if (!nhwcSide)
      return {n, channel, pixel};
    if (nhwcFlat)
      return {n, pixel, channel};
    Value w = arith::ConstantIndexOp::create(b, l, imageWidth);
    return {n, arith::DivUIOp::create(b, l, pixel, w),
            arith::RemUIOp::create(b, l, pixel, w), channel};
  };
  auto inIndices = [&](OpBuilder &b, Location l, Value n, Value r, Value c) {
    return toNHWC ? indices(b, l, false, n, c, r)
                  : indices(b, l, true, n, r, c);
  };
  auto outIndices = [&](OpBuilder &b, Location l, Value n, Value c, Value r) {
    return toNHWC ? indices(b, l, true, n, c, r)
                  : indices(b, l, false, n, r, c);
  };

  KernelEmitter outer(rewriter, loc, width);
  Value batch = memref::DimOp::create(rewriter, loc, in, 0);
  auto copyElement = [&](OpBuilder &b, Location l, Value n, Value r, Value c) {
    Value x = memref::LoadOp::create(b, l, in, inIndices(b, l, n, r, c));
    memref::StoreOp::create(b, l, x, out, outIndices(b, l, n, c, r));
  };
  // Full tiles, and the columns past the last full tile of each row band.
  if (fullRows > 0)
    buildParallelNest(
        rewriter, loc, {batch, outer.index(fullRows / width)}, config.parallel,
        [&](OpBuilder &b, Location l, ValueRange ivs) {
          KernelEmitter e(b, l, width);
          Value n = ivs[0], r0 = e.mul(ivs[1], width);
          if (fullCols > 0)
            buildLoop(b, l, e.index(0), e.index(fullCols), width, {},
                      [&](OpBuilder &b1, Location l1, Value c0, ValueRange) {
                        KernelEmitter e1(b1, l1, width);
                        SmallVector<Value> tile;
                        for (int64_t i = 0; i < width; ++i)
                          tile.push_back(e1.load(
                              in, inIndices(b1, l1, n, e1.add(r0, i), c0),
                              {0, width}));
                        SmallVector<Value> columns =
                            transposeInRegisters(b1, l1, tile);
                        for (int64_t j = 0; j < width; ++j)
                          e1.store(columns[j], out,
                                   outIndices(b1, l1, n, e1.add(c0, j), r0),
                                   {0, width});
                        return SmallVector<Value>{};
                      });
          if (fullCols < cols)
            buildLoop(b, l, e.index(0), e.index(width), 1, {},
                      [&](OpBuilder &b1, Location l1, Value i, ValueRange) {
                        KernelEmitter e1(b1, l1, width);
                        Value r = e1.add(r0, i);
                        buildLoop(b1, l1, e1.index(fullCols), e1.index(cols), 1,
                                  {},
                                  [&](OpBuilder &b2, Location l2, Value c,
                                      ValueRange) {
                                    copyElement(b2, l2, n, r, c);
                                    return SmallVector<Value>{};
                                  });
                        return SmallVector<Value>{};
                      });
        });
  // The rows past the last full band.
  if (fullRows < rows)
    buildParallelNest(
        rewriter, loc, {batch, outer.index(rows - fullRows)}, config.parallel,
        [&](OpBuilder &b, Location l, ValueRange ivs) {
          KernelEmitter e(b, l, width);
          Value r = e.add(ivs[1], fullRows);
          buildLoop(b, l, e.index(0), e.index(cols), 1, {},
                    [&](OpBuilder &b1, Location l1, Value c, ValueRange) {
                      copyElement(b1, l1, ivs[0], r, c);
                      return SmallVector<Value>{};
                    });
        });
  rewriter.eraseOp(op);
  return success();
}
