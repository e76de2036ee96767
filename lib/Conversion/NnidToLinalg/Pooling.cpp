//===- Pooling.cpp - lowering nnid pooling to linalg ----------------------===//
//
// Max pooling pads with -inf and runs linalg.pooling_nchw_max; average
// pooling pads with zeros, sums with linalg.pooling_nchw_sum and divides by
// each window's count, exactly as PyTorch counts it: a scalar when every
// window counts the same, else a constant table of the counts, or, for
// outputs too large for a table, a row count times a column count computed
// at run time.
// With ceil_mode the input is padded further at the bottom/right so the last
// (partial) window fits; the extra padding never reaches a result: -inf does
// not win a max, zeros add nothing and are not counted.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Support/Shapes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace nnid;
using namespace nnid::detail;

namespace {

/// The padding that lets every output window fit in the padded input:
/// [top, left] and [bottom, right], the latter grown for ceil_mode.
struct WindowPadding {
  SmallVector<int64_t, 2> low, high;
};

WindowPadding getWindowPadding(RankedTensorType input, RankedTensorType result,
                               ArrayRef<int64_t> kernel,
                               ArrayRef<int64_t> stride,
                               ArrayRef<int64_t> padding,
                               ArrayRef<int64_t> dilation) {
  WindowPadding p;
  for (int d = 0; d < 2; ++d) {
    int64_t in = input.getDimSize(2 + d);
    int64_t needed = (result.getDimSize(2 + d) - 1) * stride[d] +
                     shapes::dilatedKernel(kernel[d], dilation[d]);
    int64_t have = in + padding[d] + padding[2 + d];
    p.low.push_back(padding[d]);
    p.high.push_back(padding[2 + d] + std::max<int64_t>(0, needed - have));
  }
  return p;
}

/// Runs a linalg pooling op of type `PoolOp` over `padded` with a window of
/// `kernel` elements, accumulating onto `init`.
template <typename PoolOp>
Value createPool(OpBuilder &b, Location loc, Value padded, Value init,
                 ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                 ArrayRef<int64_t> dilation) {
  auto elementType = cast<RankedTensorType>(padded.getType()).getElementType();
  Value window = tensor::EmptyOp::create(b, loc, kernel, elementType);
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("strides", getI64VectorAttr(b, stride)),
      b.getNamedAttr("dilations", getI64VectorAttr(b, dilation))};
  return PoolOp::create(b, loc, TypeRange{init.getType()},
                        ValueRange{padded, window}, ValueRange{init}, attrs)
      .getResult(0);
}

/// The number of elements window `i` of one dimension counts, both at
/// compile time and as index arithmetic on the index value `i` (the same
/// formula twice).
struct AxisCounts {
  /// 0 for rows, 1 for columns: what `count` and `emit` take first.
  int axis;
  int64_t size;
  llvm::function_ref<int64_t(int, int64_t)> count;
  llvm::function_ref<Value(int, OpBuilder &, Location, Value)> emit;

  int64_t countAt(int64_t i) const { return count(axis, i); }
  Value emitAt(OpBuilder &b, Location loc, Value i) const {
    return emit(axis, b, loc, i);
  }
};

/// Count tables with at most this many entries are constants; beyond it,
/// the counts are computed at run time, so that no compile-time table grows
/// with the output.
constexpr int64_t kMaxCountTableSize = int64_t(1) << 20;

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// A [size] f32 tensor of the counts of `axis`, computed at run time: a
/// tensor.generate, which elementwise fusion leaves alone, so that the
/// division stays a consumer that a pooling kernel can absorb.
Value createAxisCounts(OpBuilder &b, Location loc, const AxisCounts &axis) {
  auto type = RankedTensorType::get({axis.size}, b.getF32Type());
  return tensor::GenerateOp::create(
             b, loc, type, ValueRange{},
             [&](OpBuilder &nb, Location nloc, ValueRange indices) {
               Value n = axis.emitAt(nb, nloc, indices[0]);
               Value asInt =
                   arith::IndexCastOp::create(nb, nloc, nb.getI64Type(), n);
               Value asFloat =
                   arith::SIToFPOp::create(nb, nloc, nb.getF32Type(), asInt);
               tensor::YieldOp::create(nb, nloc, asFloat);
             })
      .getResult();
}

/// out[n, c, h, w] = in[n, c, h, w] / (rows.count(h) * cols.count(w)): a
/// scalar when every window counts `uniform`, else a constant [OH, OW]
/// table, or, for larger outputs, the product of a row and a column count
/// computed at run time (as a float product, which equals the integer
/// product while each count is below 2^24).
Value divideByWindowCounts(OpBuilder &b, Location loc, Value sums,
                           RankedTensorType type,
                           std::optional<int64_t> uniform,
                           const AxisCounts &rows, const AxisCounts &cols) {
  MLIRContext *ctx = b.getContext();
  Value empty = createEmpty(b, loc, type, sums);
  SmallVector<AffineMap> maps;
  SmallVector<Value> inputs = {sums};
  AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
  maps.push_back(identity);
  AffineExpr h = b.getAffineDimExpr(2);
  AffineExpr w = b.getAffineDimExpr(3);
  bool table = !uniform && rows.size * cols.size <= kMaxCountTableSize;
  Value scalarCount;
  if (uniform) {
    scalarCount = arith::ConstantOp::create(
        b, loc, b.getF32FloatAttr(static_cast<float>(*uniform)));
  } else if (table) {
    // As PyTorch divides: by the product in integers, then as a float.
    SmallVector<float> counts;
    counts.reserve(rows.size * cols.size);
    for (int64_t i = 0; i < rows.size; ++i)
      for (int64_t j = 0; j < cols.size; ++j)
        counts.push_back(static_cast<float>(rows.countAt(i) * cols.countAt(j)));
    auto countType =
        RankedTensorType::get({rows.size, cols.size}, b.getF32Type());
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(countType, ArrayRef<float>(counts))));
    maps.push_back(AffineMap::get(4, 0, {h, w}, ctx));
  } else {
    inputs.push_back(createAxisCounts(b, loc, rows));
    maps.push_back(AffineMap::get(4, 0, h));
    inputs.push_back(createAxisCounts(b, loc, cols));
    maps.push_back(AffineMap::get(4, 0, w));
  }
  maps.push_back(identity);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs, ValueRange{empty}, maps,
             getParallelIterators(4),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value count =
                   uniform ? scalarCount
                   : table ? args[1]
                           : arith::MulFOp::create(nb, nloc, args[1], args[2])
                                 .getResult();
               Value q = arith::DivFOp::create(nb, nloc, args[0], count);
               linalg::YieldOp::create(nb, nloc, q);
             })
      .getResult(0);
}

struct MaxPool2dLowering : OpConversionPattern<MaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getEffectiveStride();
    WindowPadding pad = getWindowPadding(inputType, resultType, kernel, stride,
                                         op.getPadding(), op.getDilation());
    double lowest = -std::numeric_limits<double>::infinity();
    Value input = adaptor.getInput();
    Value padded = padHW(rewriter, loc, input, pad.low, pad.high, lowest);
    Value init = createFilled(rewriter, loc, resultType, input, lowest);
    rewriter.replaceOp(
        op, createPool<linalg::PoolingNchwMaxOp>(
                rewriter, loc, padded, init, kernel, stride, op.getDilation()));
    return success();
  }
};

struct AvgPool2dLowering : OpConversionPattern<AvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getEffectiveStride();
    ArrayRef<int64_t> padding = op.getPadding();
    static constexpr int64_t noDilation[] = {1, 1};
    WindowPadding pad = getWindowPadding(inputType, resultType, kernel, stride,
                                         padding, noDilation);
    Value input = adaptor.getInput();
    Value padded = padHW(rewriter, loc, input, pad.low, pad.high, 0.0);
    Value init = createFilled(rewriter, loc, resultType, input, 0.0);
    Value sums = createPool<linalg::PoolingNchwSumOp>(
        rewriter, loc, padded, init, kernel, stride, noDilation);

    // PyTorch's divisor (aten avg_pool2d): the window clipped to the padded
    // input, or, without count_include_pad, to the input itself. Along one
    // dimension window i starts at i * stride - before and ends at
    // min(start + kernel, input + after); the count is separable.
    bool includePad = op.getCountIncludePad();
    std::optional<int64_t> uniform = kernel[0] * kernel[1];
    int64_t in[2], out[2];
    for (int d = 0; d < 2; ++d) {
      in[d] = inputType.getDimSize(2 + d);
      out[d] = resultType.getDimSize(2 + d);
      // Every window counts the whole kernel when the last one ends inside
      // the padded input and, without count_include_pad, none reaches into
      // the padding.
      int64_t lastEnd = (out[d] - 1) * stride[d] - padding[d] + kernel[d];
      if (includePad ? lastEnd > in[d] + padding[2 + d]
                     : padding[d] != 0 || lastEnd > in[d])
        uniform.reset();
    }
    auto count = [&](int d, int64_t i) {
      int64_t start = i * stride[d] - padding[d];
      int64_t end = std::min(start + kernel[d], in[d] + padding[2 + d]);
      if (!includePad) {
        start = std::max<int64_t>(start, 0);
        end = std::min(end, in[d]);
      }
      return end - start;
    };
    auto emit = [&](int d, OpBuilder &b, Location l, Value i) -> Value {
      Value start = arith::SubIOp::create(
          b, l, arith::MulIOp::create(b, l, i, indexConstant(b, l, stride[d])),
          indexConstant(b, l, padding[d]));
      Value end = arith::MinSIOp::create(
          b, l,
          arith::AddIOp::create(b, l, start, indexConstant(b, l, kernel[d])),
          indexConstant(b, l, in[d] + padding[2 + d]));
      if (!includePad) {
        start = arith::MaxSIOp::create(b, l, start, indexConstant(b, l, 0));
        end = arith::MinSIOp::create(b, l, end, indexConstant(b, l, in[d]));
      }
      return arith::SubIOp::create(b, l, end, start);
    };
    rewriter.replaceOp(op,
                       divideByWindowCounts(rewriter, loc, sums, resultType,
                                            uniform, {0, out[0], count, emit},
                                            {1, out[1], count, emit}));
    return success();
  }
};

/// The first input index of adaptive pooling bin `i` (shapes::adaptiveStart),
/// and one past its last (shapes::adaptiveEnd), as index arithmetic.
Value emitAdaptiveStart(OpBuilder &b, Location loc, Value i, int64_t in,
                        int64_t out) {
  return arith::DivUIOp::create(
      b, loc, arith::MulIOp::create(b, loc, i, indexConstant(b, loc, in)),
      indexConstant(b, loc, out));
}

Value emitAdaptiveEnd(OpBuilder &b, Location loc, Value i, int64_t in,
                      int64_t out) {
  Value next = arith::AddIOp::create(b, loc, i, indexConstant(b, loc, 1));
  Value scaled = arith::MulIOp::create(b, loc, next, indexConstant(b, loc, in));
  Value rounded =
      arith::AddIOp::create(b, loc, scaled, indexConstant(b, loc, out - 1));
  return arith::DivUIOp::create(b, loc, rounded, indexConstant(b, loc, out));
}

/// Adaptive average pooling. When the bins tile the input evenly it is a
/// sum pool with kernel = stride = input / output. Otherwise the bins are
/// uneven (and may overlap): a reduction over a window of the largest bin
/// size, placed at each bin's start, that adds only the elements inside the
/// bin (a select, so that an inf or NaN outside the bin never reaches it),
/// then a division by each bin's element count. The work is that of a sum
/// pool with that window, and what is built at compile time is bounded (a
/// count table of at most kMaxCountTableSize entries).
struct AdaptiveAvgPool2dLowering : OpConversionPattern<AdaptiveAvgPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AdaptiveAvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput();
    int64_t in[2] = {inputType.getDimSize(2), inputType.getDimSize(3)};
    int64_t out[2] = {resultType.getDimSize(2), resultType.getDimSize(3)};
    // The size of bin i: end(i) - start(i).
    auto count = [&](int d, int64_t i) {
      return shapes::adaptiveEnd(i, in[d], out[d]) -
             shapes::adaptiveStart(i, in[d], out[d]);
    };
    auto emit = [&](int d, OpBuilder &b, Location l, Value i) -> Value {
      return arith::SubIOp::create(b, l,
                                   emitAdaptiveEnd(b, l, i, in[d], out[d]),
                                   emitAdaptiveStart(b, l, i, in[d], out[d]));
    };
    AxisCounts binCounts[2] = {{0, out[0], count, emit},
                               {1, out[1], count, emit}};

    if (in[0] % out[0] == 0 && in[1] % out[1] == 0) {
      int64_t kernel[2] = {in[0] / out[0], in[1] / out[1]};
      static constexpr int64_t noDilation[] = {1, 1};
      Value init = createFilled(rewriter, loc, resultType, input, 0.0);
      Value sums = createPool<linalg::PoolingNchwSumOp>(
          rewriter, loc, input, init, kernel, kernel, noDilation);
      rewriter.replaceOp(op,
                         divideByWindowCounts(rewriter, loc, sums, resultType,
                                              kernel[0] * kernel[1],
                                              binCounts[0], binCounts[1]));
      return success();
    }

    // The window: the largest bin along each dimension. Windows placed at
    // the last bins' starts may reach past the input (by at most one
    // element); pad it so that every read is in bounds.
    int64_t window[2], padHigh[2];
    for (int d = 0; d < 2; ++d) {
      window[d] = shapes::adaptiveMaxBinSize(in[d], out[d]);
      padHigh[d] = std::max<int64_t>(
          0,
          shapes::adaptiveStart(out[d] - 1, in[d], out[d]) + window[d] - in[d]);
    }
    static constexpr int64_t noPadding[] = {0, 0};
    Value padded = padHW(rewriter, loc, input, noPadding, padHigh, 0.0);

    MLIRContext *ctx = rewriter.getContext();
    auto dim = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
    // Iteration space (n, c, i, j, r, s): output (i, j), window offset
    // (r, s); the input element is (start(i) + r, start(j) + s). As in
    // linalg's pooling ops, a window operand (never read) gives the extent of
    // (r, s).
    AffineExpr rows = (dim(2) * in[0]).floorDiv(out[0]) + dim(4);
    AffineExpr cols = (dim(3) * in[1]).floorDiv(out[1]) + dim(5);
    SmallVector<AffineMap> maps = {
        AffineMap::get(6, 0, {dim(0), dim(1), rows, cols}, ctx),
        AffineMap::get(6, 0, {dim(4), dim(5)}, ctx),
        AffineMap::get(6, 0, {dim(0), dim(1), dim(2), dim(3)}, ctx)};
    Value windowShape =
        tensor::EmptyOp::create(rewriter, loc, window, rewriter.getF32Type());
    SmallVector<utils::IteratorType> iterators = getParallelIterators(6);
    iterators[4] = iterators[5] = utils::IteratorType::reduction;
    Value init = createFilled(rewriter, loc, resultType, input, 0.0);
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{resultType},
            ValueRange{padded, windowShape}, ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              // Inside bin (i, j): start(i) + r < end(i), and so for j.
              Value inside;
              for (int d = 0; d < 2; ++d) {
                Value i = linalg::IndexOp::create(b, l, 2 + d);
                Value r = linalg::IndexOp::create(b, l, 4 + d);
                Value at = arith::AddIOp::create(
                    b, l, emitAdaptiveStart(b, l, i, in[d], out[d]), r);
                Value cond = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::ult, at,
                    emitAdaptiveEnd(b, l, i, in[d], out[d]));
                inside =
                    d == 0
                        ? cond
                        : arith::AndIOp::create(b, l, inside, cond).getResult();
              }
              Value zero =
                  arith::ConstantOp::create(b, l, b.getF32FloatAttr(0));
              Value term = arith::SelectOp::create(b, l, inside, args[0], zero);
              Value sum = arith::AddFOp::create(b, l, args[2], term);
              linalg::YieldOp::create(b, l, sum);
            })
            .getResult(0);

    // Every bin counts the largest bin's size when the sizes do not vary
    // (shapes::adaptiveMaxBinSize).
    std::optional<int64_t> uniform = window[0] * window[1];
    for (int d = 0; d < 2; ++d) {
      int64_t r = in[d] % out[d];
      if (r != 0 && out[d] % r != 0)
        uniform.reset();
    }
    rewriter.replaceOp(op, divideByWindowCounts(rewriter, loc, sums, resultType,
                                                uniform, binCounts[0],
                                                binCounts[1]));
    return success();
  }
};

} // namespace

void nnid::populateNnidPoolingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, AdaptiveAvgPool2dLowering>(
      patterns.getContext());
}
