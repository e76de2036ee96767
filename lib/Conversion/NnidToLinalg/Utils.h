//===- Utils.h - helpers shared by the nnid-to-linalg patterns --*- C++ -*-===//

#ifndef NNID_LIB_CONVERSION_NNIDTOLINALG_UTILS_H
#define NNID_LIB_CONVERSION_NNIDTOLINALG_UTILS_H

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace nnid::detail {

/// A `tensor.empty` of `type`, whose dynamic dimensions (the batch) are
/// taken from the same dimensions of `like`.
mlir::Value createEmpty(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::Value like);

/// `tensor.empty` of `type` filled with `value`.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type, mlir::Value like,
                         double value);

/// Pads the H and W dimensions of an NCHW activation with `value`: `low`
/// and `high` are [h, w]. Returns `input` when there is nothing to pad.
mlir::Value padHW(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                  llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                  double value);

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

} // namespace nnid::detail

#endif // NNID_LIB_CONVERSION_NNIDTOLINALG_UTILS_H
