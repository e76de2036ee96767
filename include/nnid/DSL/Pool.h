//===- Pool.h - pooling layers ----------------------------------*- C++ -*-===//
//
// nn.MaxPool2d, nn.AvgPool2d and nn.AdaptiveAvgPool2d, with PyTorch's
// hyper-parameters (the stride defaults to the kernel size).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_POOL_H
#define NNID_DSL_POOL_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"
#include "nnid/Support/Shapes.h"

#include <algorithm>

namespace nnid::nn {
namespace detail {

/// The output size of a pooling window along one dimension, at least 1 so
/// that a failed check does not cascade.
constexpr int64_t poolOutput(int64_t input, int64_t kernel, int64_t stride,
                             int64_t padding, int64_t dilation, bool ceilMode) {
  return std::max<int64_t>(
      1, shapes::poolOutputSize(input, kernel, std::max<int64_t>(stride, 1),
                                padding, padding, dilation, ceilMode));
}

} // namespace detail

/// torch.nn.MaxPool2d(kernel_size, stride=kernel_size, padding, dilation,
/// ceil_mode).
template <Pair KernelSize, Pair Stride = KernelSize, Pair Padding = 0,
          Pair Dilation = 1, bool CeilMode = false>
struct MaxPool2d : NoParameters {
  static_assert(check::IsPositive<KernelSize.h> &&
                    check::IsPositive<KernelSize.w>,
                "MaxPool2d: kernel_size must be positive");
  static_assert(check::IsPositive<Stride.h> && check::IsPositive<Stride.w>,
                "MaxPool2d: stride must be positive");
  static_assert(check::IsPositive<Dilation.h> && check::IsPositive<Dilation.w>,
                "MaxPool2d: dilation must be positive");
  static_assert(check::IsNonNegative<Padding.h> &&
                    check::IsNonNegative<Padding.w>,
                "MaxPool2d: padding must not be negative");
  static_assert(check::PaddingAtMostHalfKernel<Padding.h, KernelSize.h> &&
                    check::PaddingAtMostHalfKernel<Padding.w, KernelSize.w>,
                "MaxPool2d: padding must be at most half the kernel size");

  static constexpr Pair kernelSize = KernelSize;
  static constexpr Pair stride = Stride;
  static constexpr Pair padding = Padding;
  static constexpr Pair dilation = Dilation;
  static constexpr bool ceilMode = CeilMode;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "MaxPool2d: the input must be NCHW (rank 4)");
    static_assert(
        check::WindowFitsInput<shapes::dilatedKernel(KernelSize.h, Dilation.h),
                               In::dim(2) + 2 * Padding.h>,
        "MaxPool2d: the dilated window is larger than the padded input "
        "height");
    static_assert(
        check::WindowFitsInput<shapes::dilatedKernel(KernelSize.w, Dilation.w),
                               In::dim(3) + 2 * Padding.w>,
        "MaxPool2d: the dilated window is larger than the padded input width");
    using type = Shape<In::dim(0), In::dim(1),
                       detail::poolOutput(In::dim(2), KernelSize.h, Stride.h,
                                          Padding.h, Dilation.h, CeilMode),
                       detail::poolOutput(In::dim(3), KernelSize.w, Stride.w,
                                          Padding.w, Dilation.w, CeilMode)>;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.maxPool2d(input, {KernelSize.h, KernelSize.w},
                             {Stride.h, Stride.w},
                             {Padding.h, Padding.w, Padding.h, Padding.w},
                             {Dilation.h, Dilation.w}, CeilMode);
  }
};

/// torch.nn.AvgPool2d(kernel_size, stride=kernel_size, padding, ceil_mode,
/// count_include_pad).
template <Pair KernelSize, Pair Stride = KernelSize, Pair Padding = 0,
          bool CeilMode = false, bool CountIncludePad = true>
struct AvgPool2d : NoParameters {
  static_assert(check::IsPositive<KernelSize.h> &&
                    check::IsPositive<KernelSize.w>,
                "AvgPool2d: kernel_size must be positive");
  static_assert(check::IsPositive<Stride.h> && check::IsPositive<Stride.w>,
                "AvgPool2d: stride must be positive");
  static_assert(check::IsNonNegative<Padding.h> &&
                    check::IsNonNegative<Padding.w>,
                "AvgPool2d: padding must not be negative");
  static_assert(check::PaddingAtMostHalfKernel<Padding.h, KernelSize.h> &&
                    check::PaddingAtMostHalfKernel<Padding.w, KernelSize.w>,
                "AvgPool2d: padding must be at most half the kernel size");

  static constexpr Pair kernelSize = KernelSize;
  static constexpr Pair stride = Stride;
  static constexpr Pair padding = Padding;
  static constexpr bool ceilMode = CeilMode;
  static constexpr bool countIncludePad = CountIncludePad;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "AvgPool2d: the input must be NCHW (rank 4)");
    static_assert(
        check::WindowFitsInput<KernelSize.h, In::dim(2) + 2 * Padding.h>,
        "AvgPool2d: the window is larger than the padded input "
        "height");
    static_assert(
        check::WindowFitsInput<KernelSize.w, In::dim(3) + 2 * Padding.w>,
        "AvgPool2d: the window is larger than the padded input "
        "width");
    using type = Shape<In::dim(0), In::dim(1),
                       detail::poolOutput(In::dim(2), KernelSize.h, Stride.h,
                                          Padding.h, 1, CeilMode),
                       detail::poolOutput(In::dim(3), KernelSize.w, Stride.w,
                                          Padding.w, 1, CeilMode)>;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.avgPool2d(input, {KernelSize.h, KernelSize.w},
                             {Stride.h, Stride.w},
                             {Padding.h, Padding.w, Padding.h, Padding.w},
                             CeilMode, CountIncludePad);
  }
};

/// torch.nn.AdaptiveAvgPool2d((output_h, output_w)).
template <int64_t OutputH, int64_t OutputW = OutputH>
struct AdaptiveAvgPool2d : NoParameters {
  static_assert(check::IsPositive<OutputH> && check::IsPositive<OutputW>,
                "AdaptiveAvgPool2d: output_size must be positive");

  static constexpr Pair outputSize = Pair{OutputH, OutputW};

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "AdaptiveAvgPool2d: the input must be NCHW (rank 4)");
    using type = Shape<In::dim(0), In::dim(1), OutputH, OutputW>;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.adaptiveAvgPool2d(input, {OutputH, OutputW});
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_POOL_H
