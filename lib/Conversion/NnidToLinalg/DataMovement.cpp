//===- DataMovement.cpp - lowering nnid data movement to tensor ops -------===//

#include "Utils.h"

#include "nnid/Conversion/NnidToLinalg/NnidToLinalg.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace nnid;
using namespace nnid::detail;

namespace {

struct IdentityLowering : OpConversionPattern<IdentityOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

struct ConcatLowering : LayoutPattern<ConcatOp> {
  using LayoutPattern::LayoutPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getNormalizedAxis();
    if (type.getRank() == 4)
      axis = layout.fromNCHW(axis);
    SmallVector<Value> inputs;
    for (Value input : adaptor.getInputs())
      inputs.push_back(getInput(rewriter, op.getLoc(), input));
    replace(rewriter, op,
            tensor::ConcatOp::create(rewriter, op.getLoc(), getResultType(type),
                                     axis, inputs));
    return success();
  }
};

/// Merging dimensions start..end of a contiguous tensor is a collapse_shape
/// of the NCHW value. In NHWC, an NCHW view with H = W = 1 only needs a
/// reshape: both layouts then hold the same sequence of values.
struct FlattenLowering : LayoutPattern<FlattenOp> {
  using LayoutPattern::LayoutPattern;

  LogicalResult
  matchAndRewrite(FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = inputType.getRank();
    Value input = adaptor.getInput();
    if (layout.nhwc && rank == 4 && inputType.getDimSize(2) == 1 &&
        inputType.getDimSize(3) == 1)
      input = reshapeToNCHW(rewriter, op.getLoc(),
                            getInput(rewriter, op.getLoc(), input), inputType);
    // The result has rank - (end - start) dimensions; recover start and end.
    int64_t merged = rank - resultType.getRank() + 1;
    int64_t start = op.getStartDimAttr().getInt();
    if (start < 0)
      start += rank;
    SmallVector<ReassociationIndices> reassociation;
    for (int64_t d = 0; d < rank;) {
      ReassociationIndices group;
      int64_t count = d == start ? merged : 1;
      for (int64_t i = 0; i < count; ++i)
        group.push_back(d++);
      reassociation.push_back(group);
    }
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, resultType, input,
                                                         reassociation);
    return success();
  }

  /// [N, 1, 1, C] -> [N, C, 1, 1].
  static Value reshapeToNCHW(OpBuilder &b, Location loc, Value nhwc,
                             RankedTensorType nchwType) {
    auto type = cast<RankedTensorType>(nhwc.getType());
    auto matrixType = RankedTensorType::get(
        {type.getDimSize(0), type.getDimSize(3)}, type.getElementType());
    Value matrix = tensor::CollapseShapeOp::create(
        b, loc, matrixType, nhwc,
        ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
    SmallVector<OpFoldResult> sizes;
    if (type.isDynamicDim(0))
      sizes.push_back(tensor::DimOp::create(b, loc, nhwc, 0).getResult());
    else
      sizes.push_back(b.getIndexAttr(type.getDimSize(0)));
    for (int64_t d : nchwType.getShape().drop_front())
      sizes.push_back(b.getIndexAttr(d));
    return tensor::ExpandShapeOp::create(
        b, loc, nchwType, matrix,
        ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}}, sizes);
  }
};

} // namespace

void nnid::populateNnidDataMovementToLinalgPatterns(
    RewritePatternSet &patterns, const NnidToLinalgOptions &options) {
  MLIRContext *context = patterns.getContext();
  patterns.add<IdentityLowering>(context);
  patterns.add<ConcatLowering, FlattenLowering>(context,
                                                ActivationLayout{options.nhwc});
}
