//===- Kernels.h - CPU micro-kernels for NHWC ops on buffers ----*- C++ -*-===//

#ifndef NNID_LIB_CODEGEN_CPU_KERNELS_H
#define NNID_LIB_CODEGEN_CPU_KERNELS_H

#include "KernelEmitter.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace nnid::cpu {

/// Each replaces `op` (and the ops its epilogue absorbs) by loops around a
/// register-blocked kernel, or fails without changing anything when the op
/// is not in the supported form (static shapes but the batch, unit stride
/// in the channel dimension).
mlir::LogicalResult lowerConv(mlir::RewriterBase &rewriter,
                              mlir::linalg::Conv2DNhwcHwcfOp op,
                              const KernelConfig &config);
mlir::LogicalResult
lowerDepthwiseConv(mlir::RewriterBase &rewriter,
                   mlir::linalg::DepthwiseConv2DNhwcHwcOp op,
                   const KernelConfig &config);
mlir::LogicalResult lowerPooling(mlir::RewriterBase &rewriter,
                                 mlir::linalg::LinalgOp op,
                                 const KernelConfig &config);

/// Changes the layout of a rank-4 buffer between NCHW and NHWC (a
/// linalg.transpose with permutation [0, 2, 3, 1] or [0, 3, 1, 2]) by
/// tiles transposed in registers.
mlir::LogicalResult lowerTranspose(mlir::RewriterBase &rewriter,
                                   mlir::linalg::TransposeOp op,
                                   const KernelConfig &config);

/// A copy of the constant HWCF conv kernel `kernel` (a memref.get_global of
/// a constant global), packed as [F / blockSize, KH, KW, C, blockSize] in a
/// new global, read by a memref.get_global next to `kernel`'s; fails when
/// `kernel` is not such a constant.
mlir::FailureOr<mlir::Value> packConvKernel(mlir::RewriterBase &rewriter,
                                            mlir::Operation *op,
                                            mlir::Value kernel,
                                            int64_t blockSize);

/// Erases `kernel`'s memref.get_global when nothing reads it, and the
/// global when nothing else refers to it.
void eraseIfUnused(mlir::RewriterBase &rewriter, mlir::Value kernel);

/// Whether `type` is a memref with a static shape (but dimension 0 when
/// `dynamicBatch`) and unit stride in its last dimension.
bool isKernelBuffer(mlir::Type type, bool dynamicBatch);

} // namespace nnid::cpu

#endif // NNID_LIB_CODEGEN_CPU_KERNELS_H
