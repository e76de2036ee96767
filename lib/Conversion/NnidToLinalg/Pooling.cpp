//===- Pooling.cpp - lowering nnid pooling to linalg ----------------------===//
//
// Max pooling pads with -inf and runs linalg.pooling_nchw_max; average
// pooling pads with zeros, sums with linalg.pooling_nchw_sum and divides by a
// per-window count computed at compile time, exactly as PyTorch counts it.
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

/// A sum pool in the layout's linalg op.
Value createSumPool(OpBuilder &b, Location loc, ActivationLayout layout,
                    Value padded, Value init, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> stride, ArrayRef<int64_t> dilation) {
  if (layout.nhwc)
    return createPool<linalg::PoolingNhwcSumOp>(b, loc, padded, init, kernel,
                                                stride, dilation);
  return createPool<linalg::PoolingNchwSumOp>(b, loc, padded, init, kernel,
                                              stride, dilation);
}

/// out[n, c, h, w] = in[n, c, h, w] / divisor[h, w], with `divisor` a
/// constant [OH, OW] tensor, or a scalar when all windows count the same.
Value divideByWindowCounts(OpBuilder &b, Location loc, ActivationLayout layout,
                           Value sums, ArrayRef<float> counts,
                           RankedTensorType type) {
  MLIRContext *ctx = b.getContext();
  Value empty = createEmpty(b, loc, type, sums);
  bool uniform = llvm::all_equal(counts);
  SmallVector<AffineMap> maps;
  SmallVector<Value> inputs = {sums};
  AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
  maps.push_back(identity);
  Value scalarCount;
  if (uniform) {
    scalarCount =
        arith::ConstantOp::create(b, loc, b.getF32FloatAttr(counts[0]));
  } else {
    int64_t h = layout.heightDim(), w = layout.widthDim();
    auto countType = RankedTensorType::get(
        {type.getDimSize(h), type.getDimSize(w)}, b.getF32Type());
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(countType, counts)));
    maps.push_back(AffineMap::get(
        4, 0, {b.getAffineDimExpr(h), b.getAffineDimExpr(w)}, ctx));
  }
  maps.push_back(identity);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, inputs, ValueRange{empty}, maps,
             getParallelIterators(4),
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               Value count = uniform ? scalarCount : args[1];
               Value q = arith::DivFOp::create(nb, nloc, args[0], count);
               linalg::YieldOp::create(nb, nloc, q);
             })
      .getResult(0);
}

struct MaxPool2dLowering : LayoutPattern<MaxPool2dOp> {
  using LayoutPattern::LayoutPattern;

  LogicalResult
  matchAndRewrite(MaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto nchwResultType = cast<RankedTensorType>(op.getType());
    RankedTensorType resultType = getResultType(op.getType());
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getEffectiveStride();
    WindowPadding pad =
        getWindowPadding(inputType, nchwResultType, kernel, stride,
                         op.getPadding(), op.getDilation());
    double lowest = -std::numeric_limits<double>::infinity();
    Value input = getInput(rewriter, loc, adaptor.getInput());
    Value padded =
        padHW(rewriter, loc, input, layout, pad.low, pad.high, lowest);
    Value init = createFilled(rewriter, loc, resultType, input, lowest);
    if (layout.nhwc)
      replace(rewriter, op,
              createPool<linalg::PoolingNhwcMaxOp>(rewriter, loc, padded, init,
                                                   kernel, stride,
                                                   op.getDilation()));
    else
      replace(rewriter, op,
              createPool<linalg::PoolingNchwMaxOp>(rewriter, loc, padded, init,
                                                   kernel, stride,
                                                   op.getDilation()));
    return success();
  }
};

struct AvgPool2dLowering : LayoutPattern<AvgPool2dOp> {
  using LayoutPattern::LayoutPattern;

  LogicalResult
  matchAndRewrite(AvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto nchwResultType = cast<RankedTensorType>(op.getType());
    RankedTensorType resultType = getResultType(op.getType());
    ArrayRef<int64_t> kernel = op.getKernelSize();
    ArrayRef<int64_t> stride = op.getEffectiveStride();
    ArrayRef<int64_t> padding = op.getPadding();
    static constexpr int64_t noDilation[] = {1, 1};
    WindowPadding pad = getWindowPadding(inputType, nchwResultType, kernel,
                                         stride, padding, noDilation);
    Value input = getInput(rewriter, loc, adaptor.getInput());
    Value padded = padHW(rewriter, loc, input, layout, pad.low, pad.high, 0.0);
    Value init = createFilled(rewriter, loc, resultType, input, 0.0);
    Value sums = createSumPool(rewriter, loc, layout, padded, init, kernel,
                               stride, noDilation);

    // PyTorch's divisor (aten avg_pool2d): the window clipped to the padded
    // input, or, without count_include_pad, to the input itself.
    int64_t height = inputType.getDimSize(2), width = inputType.getDimSize(3);
    int64_t outH = nchwResultType.getDimSize(2);
    int64_t outW = nchwResultType.getDimSize(3);
    SmallVector<float> counts;
    for (int64_t oh = 0; oh < outH; ++oh) {
      for (int64_t ow = 0; ow < outW; ++ow) {
        int64_t h0 = oh * stride[0] - padding[0];
        int64_t w0 = ow * stride[1] - padding[1];
        int64_t h1 = std::min(h0 + kernel[0], height + padding[2]);
        int64_t w1 = std::min(w0 + kernel[1], width + padding[3]);
        int64_t poolSize = (h1 - h0) * (w1 - w0);
        h0 = std::max<int64_t>(h0, 0);
        w0 = std::max<int64_t>(w0, 0);
        h1 = std::min(h1, height);
        w1 = std::min(w1, width);
        counts.push_back(op.getCountIncludePad() ? poolSize
                                                 : (h1 - h0) * (w1 - w0));
      }
    }
    replace(
        rewriter, op,
        divideByWindowCounts(rewriter, loc, layout, sums, counts, resultType));
    return success();
  }
};

/// Adaptive average pooling. When the bins tile the input evenly it is a
/// sum pool with kernel = stride = input / output. Otherwise the bins are
/// uneven (and may overlap): the sums are two contractions with 0/1 bin
/// membership matrices, out = M_h * x * M_w^T, then a division by each
/// bin's element count; every product is exact, so only the summation order
/// differs from PyTorch.
struct AdaptiveAvgPool2dLowering : LayoutPattern<AdaptiveAvgPool2dOp> {
  using LayoutPattern::LayoutPattern;

  LogicalResult
  matchAndRewrite(AdaptiveAvgPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto nchwResultType = cast<RankedTensorType>(op.getType());
    RankedTensorType resultType = getResultType(op.getType());
    Value input = getInput(rewriter, loc, adaptor.getInput());
    int64_t in[2] = {inputType.getDimSize(2), inputType.getDimSize(3)};
    int64_t out[2] = {nchwResultType.getDimSize(2),
                      nchwResultType.getDimSize(3)};

    if (in[0] % out[0] == 0 && in[1] % out[1] == 0) {
      int64_t kernel[2] = {in[0] / out[0], in[1] / out[1]};
      static constexpr int64_t noDilation[] = {1, 1};
      Value init = createFilled(rewriter, loc, resultType, input, 0.0);
      Value sums = createSumPool(rewriter, loc, layout, input, init, kernel,
                                 kernel, noDilation);
      SmallVector<float> counts(out[0] * out[1], kernel[0] * kernel[1]);
      replace(rewriter, op,
              divideByWindowCounts(rewriter, loc, layout, sums, counts,
                                   resultType));
      return success();
    }

    // Bin membership matrices [out, in] and bin sizes.
    auto membership = [&](int d) {
      SmallVector<float> m(out[d] * in[d], 0.0f);
      for (int64_t i = 0; i < out[d]; ++i)
        for (int64_t j = shapes::adaptiveStart(i, in[d], out[d]);
             j < shapes::adaptiveEnd(i, in[d], out[d]); ++j)
          m[i * in[d] + j] = 1.0f;
      auto type = RankedTensorType::get({out[d], in[d]}, rewriter.getF32Type());
      return arith::ConstantOp::create(
                 rewriter, loc,
                 DenseElementsAttr::get(type, ArrayRef<float>(m)))
          .getResult();
    };
    Value rows = membership(0);
    Value cols = membership(1);
    MLIRContext *ctx = rewriter.getContext();
    auto dim = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
    // Orders (n, c, h, w) indices or sizes as the layout stores them.
    auto inLayout = [&](auto n, auto c, auto h, auto w) {
      using T = decltype(n);
      return layout.nhwc ? SmallVector<T>{n, h, w, c}
                         : SmallVector<T>{n, c, h, w};
    };
    auto contract = [&](Value x, Value matrix, RankedTensorType type,
                        ArrayRef<AffineExpr> xExprs,
                        ArrayRef<AffineExpr> mExprs) {
      Value init = createFilled(rewriter, loc, type, input, 0.0);
      // Iteration space (n, c, i, j, r): r is the reduced input row/column.
      SmallVector<AffineMap> maps = {
          AffineMap::get(5, 0, xExprs, ctx), AffineMap::get(5, 0, mExprs, ctx),
          AffineMap::get(5, 0, inLayout(dim(0), dim(1), dim(2), dim(3)), ctx)};
      SmallVector<utils::IteratorType> iterators = getParallelIterators(5);
      iterators[4] = utils::IteratorType::reduction;
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{type}, ValueRange{x, matrix},
                 ValueRange{init}, maps, iterators,
                 [&](OpBuilder &nb, Location nloc, ValueRange args) {
                   Value p = arith::MulFOp::create(nb, nloc, args[0], args[1]);
                   Value s = arith::AddFOp::create(nb, nloc, args[2], p);
                   linalg::YieldOp::create(nb, nloc, s);
                 })
          .getResult(0);
    };
    // rowSums[n, c, i, w] = sum_r rows[i, r] * x[n, c, r, w]
    auto rowSumType =
        RankedTensorType::get(inLayout(inputType.getDimSize(0),
                                       inputType.getDimSize(1), out[0], in[1]),
                              inputType.getElementType());
    Value rowSums =
        contract(input, rows, rowSumType,
                 inLayout(dim(0), dim(1), dim(4), dim(3)), {dim(2), dim(4)});
    // sums[n, c, i, j] = sum_r rowSums[n, c, i, r] * cols[j, r]
    Value sums =
        contract(rowSums, cols, resultType,
                 inLayout(dim(0), dim(1), dim(2), dim(4)), {dim(3), dim(4)});
    SmallVector<float> counts;
    for (int64_t i = 0; i < out[0]; ++i)
      for (int64_t j = 0; j < out[1]; ++j)
        counts.push_back((shapes::adaptiveEnd(i, in[0], out[0]) -
                          shapes::adaptiveStart(i, in[0], out[0])) *
                         (shapes::adaptiveEnd(j, in[1], out[1]) -
                          shapes::adaptiveStart(j, in[1], out[1])));
    replace(
        rewriter, op,
        divideByWindowCounts(rewriter, loc, layout, sums, counts, resultType));
    return success();
  }
};

} // namespace

void nnid::populateNnidPoolingToLinalgPatterns(
    RewritePatternSet &patterns, const NnidToLinalgOptions &options) {
  patterns.add<MaxPool2dLowering, AvgPool2dLowering, AdaptiveAvgPool2dLowering>(
      patterns.getContext(), ActivationLayout{options.nhwc});
}
