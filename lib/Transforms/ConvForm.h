//===- ConvForm.h - linear nnid ops seen as convolutions --------*- C++ -*-===//
//
// The algebra behind structural re-parameterization. A conv2d with constant
// weights, a batch_norm, an identity_conv1x1 and an exact avg_pool2d are all
// convolutions ("steps"); a chain of steps whose intermediate results have no
// other users is a "branch", itself a convolution of the chain's input when
// every composition is exact. The pattern families in this directory match
// nnid ops as steps and branches, merge them here, and build one conv2d.
//
// Geometry (ConvGeometry) is computed without reading weights, so matching is
// cheap; the values (ConvKernel) are materialized in double precision only
// when a rewrite is certain, and rounded to f32 once.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_TRANSFORMS_CONVFORM_H
#define NNID_LIB_TRANSFORMS_CONVFORM_H

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace nnid::reparam {

/// Everything about a convolution except its values. Dilation is normalized
/// to 1 along a dimension where the kernel is 1.
struct ConvGeometry {
  int64_t inChannels = 0;
  int64_t outChannels = 0;
  int64_t groups = 1;
  std::array<int64_t, 2> kernel = {1, 1};
  std::array<int64_t, 2> stride = {1, 1};
  std::array<int64_t, 2> dilation = {1, 1};
  /// [top, left, bottom, right], zero padding.
  std::array<int64_t, 4> padding = {0, 0, 0, 0};
  /// Whether the bias may be non-zero (false: no bias at all).
  bool hasBias = false;

  int64_t getInPerGroup() const { return inChannels / groups; }
  int64_t getOutPerGroup() const { return outChannels / groups; }
  bool isOneByOne() const { return kernel[0] == 1 && kernel[1] == 1; }
  bool isUnitStride() const { return stride[0] == 1 && stride[1] == 1; }
  bool hasPadding() const;
  /// 1x1 with stride 1: the same map at every pixel.
  bool isPointwise() const { return isOneByOne() && isUnitStride(); }
  /// Multiply-accumulates for one image with an `outH` x `outW` output.
  int64_t getCost(int64_t outH, int64_t outW) const;
  /// "3x3 conv2d", with the groups when there are several.
  std::string describe() const;
};

/// The values of a convolution, in double precision.
struct ConvKernel {
  ConvGeometry geometry;
  /// [outChannels][inChannels / groups][kh][kw].
  std::vector<double> weight;
  /// [outChannels]; all zero when the geometry has no bias.
  std::vector<double> bias;

  explicit ConvKernel(const ConvGeometry &geometry);
  double &at(int64_t out, int64_t in, int64_t h, int64_t w);
  double at(int64_t out, int64_t in, int64_t h, int64_t w) const;
};

/// One nnid op read as a convolution of its first operand.
struct Step {
  mlir::Operation *op = nullptr;
  ConvGeometry geometry;
};

/// Recognizes `op` as a step: nnid.conv2d with constant weight and bias;
/// nnid.identity_conv1x1 with a constant weight; rank-4 nnid.batch_norm with
/// constant parameters and a finite scale (a depthwise 1x1 convolution with
/// bias); nnid.avg_pool2d whose every window divides by kh * kw (a depthwise
/// convolution with kernel 1 / (kh * kw)). Refuses everything else.
std::optional<Step> matchStep(mlir::Operation *op);

/// The kernel of a step.
ConvKernel materialize(const Step &step);

/// The geometry of `first` followed by `second`, when one convolution
/// computes exactly the same: `second` is a 1x1 stride-1 unpadded
/// convolution (`first`'s geometry is kept), or `first` is a 1x1 stride-1
/// convolution (`second`'s geometry, with both paddings added) and either
/// `second` has no padding or `first` has no bias, since the zero padding of
/// `second` would otherwise replace values equal to `first`'s bias.
std::optional<ConvGeometry> composeGeometry(const ConvGeometry &first,
                                            const ConvGeometry &second);

/// The kernel of `first` followed by `second` (composeGeometry must agree).
ConvKernel compose(const ConvKernel &first, const ConvKernel &second);

/// A value seen as a convolution of `input`: `steps` lead from `input` to the
/// value (in order), every intermediate result has one use. No steps: the
/// identity.
struct Branch {
  mlir::Value input;
  llvm::SmallVector<Step, 4> steps;
  ConvGeometry geometry;

  bool isIdentity() const { return steps.empty(); }
  /// The sum of the steps' costs.
  int64_t getCost() const;
  /// "1x1 conv2d -> batch_norm", or "identity".
  std::string describe() const;
};

/// Every way to see `value` as a branch, from the identity on `value` up to
/// the longest exact chain. Chains of one step or more are only offered when
/// `value` has a single use (the op that will be replaced); the identity is
/// offered for any rank-4 value with static C, H and W.
std::vector<Branch> getBranches(mlir::Value value);

/// The branch in `branches` that reads `input`, or null.
const Branch *findBranch(llvm::ArrayRef<Branch> branches, mlir::Value input);

/// The kernel of a branch.
ConvKernel materialize(const Branch &branch);

/// How parallel branches of one input are laid into one convolution.
struct ParallelLayout {
  ConvGeometry geometry;
  /// Per branch: the offset of its kernel in the merged one, [h, w].
  llvm::SmallVector<std::array<int64_t, 2>> offsets;
};

/// Lays branches of an `inH` x `inW` input, each with an `outH` x `outW`
/// output, into one convolution: same stride; the same dilation along every
/// dimension where a kernel is larger than 1; every branch's window offset
/// from the merged one by a whole number of dilated taps, so that all sample
/// the same centres. With `stack` the output channels are concatenated (and
/// the merged convolution is dense); otherwise they are summed and the groups
/// are the greatest common divisor of the branches' groups.
std::optional<ParallelLayout>
layoutParallel(llvm::ArrayRef<ConvGeometry> branches, int64_t inH, int64_t inW,
               int64_t outH, int64_t outW, bool stack);

/// The kernel of `layout` filled with the branches' kernels.
ConvKernel materialize(const ParallelLayout &layout,
                       llvm::ArrayRef<ConvKernel> kernels, bool stack);

/// Drops border rows and columns of the kernel that are zero for every
/// channel pair, together with the padding that only they read (so never
/// below zero padding); the output is unchanged. A merge whose kernel has
/// become an identity surrounded by zeros is then a 1x1 that folds away.
ConvKernel trimZeroBorder(const ConvKernel &kernel);

/// Multiply-accumulates (or elementwise operations) of one image for an op
/// that a merge removes.
int64_t getOpCost(mlir::Operation *op);

/// Builds `nnid.conv2d(input, kernel)` with f32 constants rounded from the
/// kernel, returning a value of `resultType`.
mlir::Value buildConv(mlir::PatternRewriter &rewriter, mlir::Location loc,
                      mlir::Value input, const ConvKernel &kernel,
                      mlir::Type resultType);

/// Merges `root` with the step that produces its input, when both are steps,
/// the producer has no other user, the composition is exact and costs no
/// more than the two ops. With `emitRemarks`, reports the merge as a remark
/// on `root` ("fused batch_norm into 3x3 conv2d", "merged 1x1 conv2d -> 3x3
/// conv2d into one 3x3 conv2d").
mlir::LogicalResult mergeWithProducer(mlir::PatternRewriter &rewriter,
                                      mlir::Operation *root, bool emitRemarks);

} // namespace nnid::reparam

#endif // NNID_LIB_TRANSFORMS_CONVFORM_H
