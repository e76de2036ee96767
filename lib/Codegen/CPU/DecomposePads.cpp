//===- DecomposePads.cpp - padding as border fills and an interior --------===//
//
// One-shot bufferization turns `tensor.pad` into a fresh buffer, a fill of
// all of it and a copy of the source into its interior. Here the pad
// becomes a tensor.empty whose border alone is filled, with the source
// inserted into the interior; the empty tensor and the fills come before
// the source's producer, so that empty-tensor elimination can point that
// producer's output at the interior.
//
//===----------------------------------------------------------------------===//

#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace nnid {
#define GEN_PASS_DEF_DECOMPOSEPADS
#include "nnid/Codegen/CPU/Passes.h.inc"
} // namespace nnid

using namespace mlir;

namespace {

/// Where the padded tensor should be created: before the source's producer
/// and before the producers of that op's operands in the same block, so
/// the producer's output can become a slice of it, and so that nothing
/// touching the padded buffer lands between the producer and the op before
/// it (a kernel may absorb the producer into its epilogue).
static Operation *findInsertionPoint(tensor::PadOp pad) {
  Operation *point = pad;
  auto consider = [&](Value value) {
    Operation *def = value.getDefiningOp();
    if (def && def->getBlock() == pad->getBlock() &&
        def->isBeforeInBlock(point))
      point = def;
  };
  consider(pad.getSource());
  if (Operation *producer = pad.getSource().getDefiningOp())
    if (producer->getBlock() == pad->getBlock())
      for (Value operand : producer->getOperands())
        if (!operand.getDefiningOp<arith::ConstantOp>())
          consider(operand);
  return point;
}

struct DecomposePad : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    RankedTensorType sourceType = pad.getSourceType();
    RankedTensorType resultType = pad.getResultType();
    if (!sourceType.hasStaticShape() || !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(pad, "dynamic shape");
    Value value = pad.getConstantPaddingValue();
    if (!value || !value.getDefiningOp<arith::ConstantOp>())
      return rewriter.notifyMatchFailure(pad, "non-constant padding value");
    ArrayRef<int64_t> low = pad.getStaticLow();
    ArrayRef<int64_t> high = pad.getStaticHigh();
    if (ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high))
      return rewriter.notifyMatchFailure(pad, "dynamic padding");
    SmallVector<int64_t> padded;
    for (int64_t d = 0, e = sourceType.getRank(); d < e; ++d)
      if (low[d] != 0 || high[d] != 0)
        padded.push_back(d);
    if (padded.empty() || padded.size() > 2)
      return rewriter.notifyMatchFailure(pad, "not a pad of 1 or 2 dims");

    Location loc = pad.getLoc();
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(findInsertionPoint(pad));
    Value fillValue = rewriter.clone(*value.getDefiningOp())->getResult(0);
    Value result = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                           resultType.getElementType());

    // The border: for the first padded dimension, the slabs before and
    // after the source (all of the other dimensions); for the second, the
    // slabs beside the source, within the first one's interior.
    int64_t rank = resultType.getRank();
    auto fillRegion = [&](ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes) {
      if (llvm::is_contained(sizes, 0))
        return;
      Value region = tensor::EmptyOp::create(rewriter, loc, sizes,
                                             resultType.getElementType());
      Value filled =
          linalg::FillOp::create(rewriter, loc, fillValue, region).result();
      SmallVector<int64_t> strides(rank, 1);
      result = tensor::InsertSliceOp::create(
          rewriter, loc, filled, result, ValueRange{}, ValueRange{},
          ValueRange{}, offsets, sizes, strides);
    };
    SmallVector<int64_t> offsets(rank, 0);
    SmallVector<int64_t> sizes(resultType.getShape());
    for (int64_t d : padded) {
      int64_t inner = sourceType.getDimSize(d);
      offsets[d] = 0;
      sizes[d] = low[d];
      fillRegion(offsets, sizes);
      offsets[d] = low[d] + inner;
      sizes[d] = high[d];
      fillRegion(offsets, sizes);
      // The next dimension's slabs lie within this one's interior.
      offsets[d] = low[d];
      sizes[d] = inner;
    }

    rewriter.setInsertionPoint(pad);
    SmallVector<int64_t> strides(rank, 1);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        pad, pad.getSource(), result, ValueRange{}, ValueRange{}, ValueRange{},
        low, sourceType.getShape(), strides);
    return success();
  }
};

struct DecomposePadsPass : nnid::impl::DecomposePadsBase<DecomposePadsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposePad>(&getContext());
    // One visit per pad, no folding: the rest of the IR stays as it is.
    walkAndApplyPatterns(getOperation(), std::move(patterns));
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
};

} // namespace
