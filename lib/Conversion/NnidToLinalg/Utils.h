//===- Utils.h - helpers shared by the nnid-to-linalg patterns --*- C++ -*-===//

#ifndef NNID_LIB_CONVERSION_NNIDTOLINALG_UTILS_H
#define NNID_LIB_CONVERSION_NNIDTOLINALG_UTILS_H

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace nnid::detail {

/// Where the channel, height and width dimensions of a rank-4 activation
/// are: NCHW (PyTorch's, nnid's types) or NHWC (channels innermost).
struct ActivationLayout {
  bool nhwc = false;

  int64_t channelDim() const { return nhwc ? 3 : 1; }
  int64_t heightDim() const { return nhwc ? 1 : 2; }
  int64_t widthDim() const { return nhwc ? 2 : 3; }
  /// The NCHW dimension `d` of a rank-4 activation, in this layout.
  int64_t fromNCHW(int64_t d) const {
    static constexpr int64_t toNHWC[] = {0, 3, 1, 2};
    return nhwc ? toNHWC[d] : d;
  }
};

/// Permutes the elements of `value` (a constant of the permuted type) or
/// emits a linalg.transpose: result dimension i is input dimension
/// `permutation[i]`.
mlir::Value createTranspose(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value value,
                            llvm::ArrayRef<int64_t> permutation);

/// A `tensor.empty` of `type`, whose dynamic dimensions (the batch) are
/// taken from the same dimensions of `like`.
mlir::Value createEmpty(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::Value like);

/// `tensor.empty` of `type` filled with `value`.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type, mlir::Value like,
                         double value);

/// Pads the H and W dimensions of an activation with `value`: `low` and
/// `high` are [h, w]. Returns `input` when there is nothing to pad.
mlir::Value padHW(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                  ActivationLayout layout, llvm::ArrayRef<int64_t> low,
                  llvm::ArrayRef<int64_t> high, double value);

/// Broadcasts the per-channel vector `channels` ([C]) along every dimension
/// of `type` but `channelDim`.
mlir::Value broadcastChannels(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value channels, mlir::RankedTensorType type,
                              mlir::Value like, int64_t channelDim);

/// An i64 elements attribute for linalg's `strides`/`dilations`.
mlir::DenseIntElementsAttr getI64VectorAttr(mlir::OpBuilder &b,
                                            llvm::ArrayRef<int64_t> values);

/// Identity maps and all-parallel iterators for an elementwise
/// linalg.generic of rank `rank` with `numOperands` operands.
llvm::SmallVector<mlir::AffineMap>
getIdentityMaps(mlir::MLIRContext *ctx, unsigned rank, unsigned numOperands);
llvm::SmallVector<mlir::utils::IteratorType>
getParallelIterators(unsigned rank);

/// Whether `type` is a rank-4 f32 activation.
bool isActivation(mlir::Type type);

/// The NCHW view of an NHWC activation: a linalg.transpose marked as such,
/// which the patterns of later ops see through.
mlir::Value createNCHWView(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value nhwc);

/// The NHWC form of an NCHW activation: the source of an NCHW view, or a new
/// linalg.transpose.
mlir::Value createNHWC(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value nchw);

/// A conversion pattern that computes in `layout`. nnid's types are NCHW; in
/// NHWC every converted op still yields an NCHW value, the NCHW view of its
/// NHWC result, and reads its activation operands through `getInput`, which
/// sees through such views. Views whose users all see through them become
/// dead, so transposes remain only where the graph meets other code.
template <typename OpT> struct LayoutPattern : mlir::OpConversionPattern<OpT> {
  LayoutPattern(mlir::MLIRContext *context, ActivationLayout layout)
      : mlir::OpConversionPattern<OpT>(context), layout(layout) {}

  /// An activation operand (as the adaptor gives it) in this layout.
  mlir::Value getInput(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value value) const {
    if (!layout.nhwc || !isActivation(value.getType()))
      return value;
    return createNHWC(b, loc, value);
  }

  /// The type of a result computed in this layout.
  mlir::RankedTensorType getResultType(mlir::Type nchwType) const {
    auto type = mlir::cast<mlir::RankedTensorType>(nchwType);
    if (!layout.nhwc || !isActivation(type))
      return type;
    llvm::ArrayRef<int64_t> s = type.getShape();
    return mlir::RankedTensorType::get({s[0], s[2], s[3], s[1]},
                                       type.getElementType());
  }

  /// Replaces `op` by `result`, computed in this layout.
  void replace(mlir::ConversionPatternRewriter &rewriter, mlir::Operation *op,
               mlir::Value result) const {
    if (layout.nhwc && isActivation(op->getResult(0).getType()))
      result = createNCHWView(rewriter, op->getLoc(), result);
    rewriter.replaceOp(op, result);
  }

  ActivationLayout layout;
};

} // namespace nnid::detail

#endif // NNID_LIB_CONVERSION_NNIDTOLINALG_UTILS_H
