//===- ConvAlgebra.h - exact algebra of convolutions ------------*- C++ -*-===//
//
// The arithmetic behind structural re-parameterization, on plain vectors of
// doubles and with no MLIR types: convolutions in sequence (compose) and in
// parallel (layoutParallel), zero-border trimming and kernel
// materialization. docs/reparameterization.md describes the merges built on
// it; lib/Transforms/ConvForm.h reads nnid ops as these convolutions.
//
// Geometry (ConvGeometry) is computed without values, so matching is cheap;
// the values (ConvKernel) are combined in double precision only when a
// rewrite is certain.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_TRANSFORMS_CONVALGEBRA_H
#define NNID_TRANSFORMS_CONVALGEBRA_H

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace nnid::reparam {

/// Everything about a convolution except its values. Dilation is normalized
/// to 1 along a dimension where the kernel is 1 (normalizeDilation).
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
  /// Sets the dilation to 1 along every dimension where the kernel is 1.
  void normalizeDilation();
  /// The output size along `dim` (0: H, 1: W) for an input of `inSize`.
  int64_t getOutputSize(int dim, int64_t inSize) const;
  /// Multiply-accumulates for one image with an `outH` x `outW` output.
  int64_t getCost(int64_t outH, int64_t outW) const;
  /// "3x3 conv2d", with the groups when there are several.
  std::string describe() const;
};

/// A 1x1 depthwise convolution of `channels` channels (groups = channels).
ConvGeometry depthwise(int64_t channels);

/// The values of a convolution, in double precision.
struct ConvKernel {
  ConvGeometry geometry;
  /// [outChannels][inChannels / groups][kh][kw].
  std::vector<double> weight;
  /// [outChannels]; all zero when the geometry has no bias.
  std::vector<double> bias;

  /// All-zero values.
  explicit ConvKernel(const ConvGeometry &geometry);
  double &at(int64_t out, int64_t in, int64_t h, int64_t w);
  double at(int64_t out, int64_t in, int64_t h, int64_t w) const;
};

/// The identity on `channels` channels, a depthwise 1x1 kernel of ones.
ConvKernel identityKernel(int64_t channels);

/// The geometry of `first` followed by `second`, when one convolution
/// computes exactly the same: `second` is a 1x1 stride-1 unpadded
/// convolution (`first`'s geometry is kept), or `first` is a 1x1 stride-1
/// convolution (`second`'s geometry, with both paddings added) and either
/// `second` has no padding or `first` has no bias, since the zero padding of
/// `second` would otherwise replace values equal to `first`'s bias. Groups
/// become the greatest common divisor of both.
std::optional<ConvGeometry> composeGeometry(const ConvGeometry &first,
                                            const ConvGeometry &second);

/// The kernel of `first` followed by `second` (composeGeometry must agree).
ConvKernel compose(const ConvKernel &first, const ConvKernel &second);

/// How parallel convolutions of one input are laid into one.
struct ParallelLayout {
  ConvGeometry geometry;
  /// Per branch: the offset of its kernel in the merged one, [h, w].
  std::vector<std::array<int64_t, 2>> offsets;
};

/// Lays convolutions of an `inH` x `inW` input, each with an `outH` x `outW`
/// output, into one: same stride; the same dilation along every dimension
/// where a kernel is larger than 1; every branch's window offset from the
/// merged one by a whole number of dilated taps, so that all sample the same
/// centres. With `stack` the output channels are concatenated (and the
/// merged convolution is dense); otherwise they are summed and the groups
/// are the greatest common divisor of the branches' groups.
std::optional<ParallelLayout>
layoutParallel(std::span<const ConvGeometry> branches, int64_t inH, int64_t inW,
               int64_t outH, int64_t outW, bool stack);

/// The kernel of `layout` filled with the branches' kernels (in the order
/// given to layoutParallel).
ConvKernel materialize(const ParallelLayout &layout,
                       std::span<const ConvKernel> kernels, bool stack);

/// Drops border rows and columns of the kernel that are zero for every
/// channel pair, together with the padding that only they read (so never
/// below zero padding); the output is unchanged. A merge whose kernel has
/// become an identity surrounded by zeros is then a 1x1 that folds away.
ConvKernel trimZeroBorder(const ConvKernel &kernel);

} // namespace nnid::reparam

#endif // NNID_TRANSFORMS_CONVALGEBRA_H
