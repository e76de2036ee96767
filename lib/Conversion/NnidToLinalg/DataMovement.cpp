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

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(
        op, type, op.getNormalizedAxis(), adaptor.getInputs());
    return success();
  }
};

/// Merging dimensions start..end of a contiguous tensor is a collapse_shape.
struct FlattenLowering : OpConversionPattern<FlattenOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = inputType.getRank();
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
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, adaptor.getInput(), reassociation);
    return success();
  }
};

} // namespace

void nnid::populateNnidDataMovementToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<IdentityLowering, ConcatLowering, FlattenLowering>(
      patterns.getContext());
}
