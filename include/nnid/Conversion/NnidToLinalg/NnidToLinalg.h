//===- NnidToLinalg.h - lowering nnid to linalg -----------------*- C++ -*-===//
//
// Patterns that lower nnid ops to linalg, tensor, arith and math ops on
// tensors, one populate function per op family.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_CONVERSION_NNIDTOLINALG_NNIDTOLINALG_H
#define NNID_CONVERSION_NNIDTOLINALG_NNIDTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace nnid {

/// How nnid ops lower.
struct NnidToLinalgOptions {
  /// Compute rank-4 activations in NHWC (channels innermost) with the NHWC
  /// forms of the linalg ops; weights are permuted to match, at compile time
  /// when they are constants. nnid's values stay NCHW: each converted op
  /// yields the NCHW view (a marked linalg.transpose) of its NHWC result,
  /// and later ops read through such views, so transposes remain only where
  /// the graph meets other code (function arguments and results).
  bool nhwc = false;
};

/// The contractions: nnid.conv2d, nnid.identity_conv1x1 and nnid.linear.
void populateNnidConvToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                      const NnidToLinalgOptions &options = {});

/// nnid.max_pool2d, nnid.avg_pool2d, nnid.adaptive_avg_pool2d.
void populateNnidPoolingToLinalgPatterns(
    mlir::RewritePatternSet &patterns, const NnidToLinalgOptions &options = {});

/// nnid.relu, nnid.add, nnid.mul and nnid.batch_norm.
void populateNnidElementwiseToLinalgPatterns(
    mlir::RewritePatternSet &patterns, const NnidToLinalgOptions &options = {});

/// The activation functions: nnid.hardtanh, nnid.sigmoid, nnid.silu,
/// nnid.hardsigmoid, nnid.hardswish, nnid.gelu, nnid.leaky_relu, nnid.elu,
/// nnid.selu, nnid.softplus, nnid.softsign, nnid.tanh.
void populateNnidActivationToLinalgPatterns(
    mlir::RewritePatternSet &patterns, const NnidToLinalgOptions &options = {});

/// nnid.identity, nnid.concat, nnid.flatten.
void populateNnidDataMovementToLinalgPatterns(
    mlir::RewritePatternSet &patterns, const NnidToLinalgOptions &options = {});

/// All of the above.
void populateNnidToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                  const NnidToLinalgOptions &options = {});

} // namespace nnid

#endif // NNID_CONVERSION_NNIDTOLINALG_NNIDTOLINALG_H
