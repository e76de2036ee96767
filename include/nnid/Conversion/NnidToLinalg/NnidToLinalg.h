//===- NnidToLinalg.h - lowering nnid to linalg -----------------*- C++ -*-===//
//
// Patterns that lower nnid ops to linalg, tensor, arith and math ops on
// tensors, one populate function per op family. Activations are NCHW, as
// nnid's types are; nnid-convert-to-channels-last changes the layout
// afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_CONVERSION_NNIDTOLINALG_NNIDTOLINALG_H
#define NNID_CONVERSION_NNIDTOLINALG_NNIDTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace nnid {

/// The contractions: nnid.conv2d and nnid.linear (nnid.identity_conv1x1
/// is canonicalized into an nnid.conv2d before lowering).
void populateNnidConvToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// nnid.max_pool2d, nnid.avg_pool2d, nnid.adaptive_avg_pool2d.
void populateNnidPoolingToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// nnid.relu, nnid.add, nnid.mul and nnid.batch_norm.
void populateNnidElementwiseToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// The activation functions: nnid.hardtanh, nnid.sigmoid, nnid.silu,
/// nnid.hardsigmoid, nnid.hardswish, nnid.gelu, nnid.leaky_relu, nnid.elu,
/// nnid.selu, nnid.softplus, nnid.softsign, nnid.tanh.
void populateNnidActivationToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// nnid.identity, nnid.concat, nnid.flatten.
void populateNnidDataMovementToLinalgPatterns(
    mlir::RewritePatternSet &patterns);

/// All of the above.
void populateNnidToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace nnid

#endif // NNID_CONVERSION_NNIDTOLINALG_NNIDTOLINALG_H
