//===- Reparameterize.h - structural re-parameterization --------*- C++ -*-===//
//
// The rewrite patterns of `--nnid-reparameterize`, one family per function.
// Every pattern is exact up to float rounding, fires only on constant
// weights, never computes an op result twice, and never produces a conv2d
// with more multiply-accumulates than the ops it replaces. With
// `emitRemarks`, each rewrite reports what it merged as a remark on the op it
// replaces.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_TRANSFORMS_REPARAMETERIZE_H
#define NNID_TRANSFORMS_REPARAMETERIZE_H

#include "mlir/IR/PatternMatch.h"

namespace nnid {

/// transI, transIII and transV as one pattern, registered on the ops it
/// serves: an op read as a convolution (conv2d, batch_norm, exact
/// avg_pool2d) merges with the one that produces its input (conv2d,
/// identity_conv1x1, batch_norm, avg_pool2d) into one conv2d, when the
/// producer has no other users and one convolution computes exactly the
/// same. The three functions after it add the same pattern for one family.
void populateMergeWithProducerPatterns(mlir::RewritePatternSet &patterns,
                                       bool emitRemarks = false);

/// transI: `batch_norm(conv2d(x))` and `batch_norm(identity_conv1x1(x))`
/// become one conv2d with the batch norm folded into kernel and bias, when
/// the convolution has no other users.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns,
                                   bool emitRemarks = false);

/// transIII: a conv2d after a stride-1 1x1 conv2d (or batch_norm), or a
/// stride-1 1x1 conv2d after a conv2d, becomes one conv2d. Padding of the
/// second conv needs a bias-free first conv.
void populateMergeSequentialConvPatterns(mlir::RewritePatternSet &patterns,
                                         bool emitRemarks = false);

/// transV: avg_pool2d whose every window divides by the full kernel size,
/// seen as a depthwise conv2d: a batch_norm after it and a stride-1 1x1
/// conv2d before or after it are merged with it into one conv2d. (The
/// parallel and concat families also take such pools as branches.)
void populateAvgPoolAsConvPatterns(mlir::RewritePatternSet &patterns,
                                   bool emitRemarks = false);

/// transII and transVI: an `add` tree whose operands are linear branches of
/// the same value (conv2d, batch_norm, exact avg_pool2d chains, or the value
/// itself) becomes one conv2d with summed kernels, smaller kernels
/// zero-padded around the shared centres.
void populateMergeParallelConvPatterns(mlir::RewritePatternSet &patterns,
                                       bool emitRemarks = false);

/// transIV: runs of adjacent `concat` operands (along channels) that are
/// linear branches of the same value become one conv2d with stacked kernels.
void populateMergeConcatConvPatterns(mlir::RewritePatternSet &patterns,
                                     bool emitRemarks = false);

/// All of the above: populateMergeWithProducerPatterns, the parallel and the
/// concat families.
void populateReparameterizePatterns(mlir::RewritePatternSet &patterns,
                                    bool emitRemarks = false);

} // namespace nnid

#endif // NNID_TRANSFORMS_REPARAMETERIZE_H
