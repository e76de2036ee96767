//===- Conv.h - convolution layers ------------------------------*- C++ -*-===//
//
// nn.Conv2d and the IdentityBasedConv1x1 of Diverse Branch Block
// re-parameterization, with PyTorch's hyper-parameters and parameter names.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_CONV_H
#define NNID_DSL_CONV_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"
#include "nnid/Support/Shapes.h"

#include <algorithm>

namespace nnid::nn {

/// torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding,
/// dilation, groups, bias). Padding is symmetric, as PyTorch's integer and
/// pair paddings are. Parameters: weight [out, in / groups, kh, kw], and
/// bias [out] unless Bias is false.
template <int64_t InChannels, int64_t OutChannels, Pair KernelSize,
          Pair Stride = 1, Pair Padding = 0, Pair Dilation = 1,
          int64_t Groups = 1, bool Bias = true>
struct Conv2d {
  static_assert(check::IsPositive<InChannels>,
                "Conv2d: in_channels must be positive");
  static_assert(check::IsPositive<OutChannels>,
                "Conv2d: out_channels must be positive");
  static_assert(check::IsPositive<KernelSize.h> &&
                    check::IsPositive<KernelSize.w>,
                "Conv2d: kernel_size must be positive");
  static_assert(check::IsPositive<Stride.h> && check::IsPositive<Stride.w>,
                "Conv2d: stride must be positive");
  static_assert(check::IsNonNegative<Padding.h> &&
                    check::IsNonNegative<Padding.w>,
                "Conv2d: padding must not be negative");
  static_assert(check::IsPositive<Dilation.h> && check::IsPositive<Dilation.w>,
                "Conv2d: dilation must be positive");
  static_assert(check::GroupsDivideChannels<Groups, InChannels>,
                "Conv2d: groups does not divide in_channels");
  static_assert(check::GroupsDivideChannels<Groups, OutChannels>,
                "Conv2d: groups does not divide out_channels");

  static constexpr int64_t inChannels = InChannels;
  static constexpr int64_t outChannels = OutChannels;
  static constexpr Pair kernelSize = KernelSize;
  static constexpr Pair stride = Stride;
  static constexpr Pair padding = Padding;
  static constexpr Pair dilation = Dilation;
  static constexpr int64_t groups = Groups;
  static constexpr bool bias = Bias;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "Conv2d: the input must be NCHW (rank 4)");
    static_assert(check::InChannelsMatchInput<InChannels, In::dim(1)>,
                  "Conv2d: in_channels does not match the input's channels");
    static constexpr int64_t windowH =
        shapes::dilatedKernel(KernelSize.h, Dilation.h);
    static constexpr int64_t windowW =
        shapes::dilatedKernel(KernelSize.w, Dilation.w);
    static_assert(check::WindowFitsInput<windowH, In::dim(2) + 2 * Padding.h>,
                  "Conv2d: the dilated kernel is larger than the padded "
                  "input height");
    static_assert(check::WindowFitsInput<windowW, In::dim(3) + 2 * Padding.w>,
                  "Conv2d: the dilated kernel is larger than the padded "
                  "input width");
    // At least 1 (and a stride of at least 1) so that a failed check above
    // does not cascade into errors further down the model.
    static constexpr int64_t outH = std::max<int64_t>(
        1, shapes::convOutputSize(In::dim(2), KernelSize.h,
                                  std::max<int64_t>(Stride.h, 1), Padding.h,
                                  Padding.h, Dilation.h));
    static constexpr int64_t outW = std::max<int64_t>(
        1, shapes::convOutputSize(In::dim(3), KernelSize.w,
                                  std::max<int64_t>(Stride.w, 1), Padding.w,
                                  Padding.w, Dilation.w));
    using type = Shape<In::dim(0), OutChannels, outH, outW>;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    // (Groups is checked above; max() keeps a bad one from dividing by 0.)
    visit(path.parameter("weight", {OutChannels,
                                    InChannels / std::max<int64_t>(Groups, 1),
                                    KernelSize.h, KernelSize.w}));
    if constexpr (Bias)
      visit(path.parameter("bias", {OutChannels}));
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    typename Emitter::Value weight = emitter.parameter(path, "weight");
    typename Emitter::Value biasValue{};
    if constexpr (Bias)
      biasValue = emitter.parameter(path, "bias");
    return emitter.conv2d(input, weight, biasValue, {Stride.h, Stride.w},
                          {Padding.h, Padding.w, Padding.h, Padding.w},
                          {Dilation.h, Dilation.w}, Groups);
  }
};

/// IdentityBasedConv1x1(channels, groups): a 1x1 convolution without bias
/// whose kernel is weight + identity. Parameter: weight
/// [channels, channels / groups, 1, 1].
template <int64_t Channels, int64_t Groups = 1> struct IdentityBasedConv1x1 {
  static_assert(check::IsPositive<Channels>,
                "IdentityBasedConv1x1: channels must be positive");
  static_assert(check::GroupsDivideChannels<Groups, Channels>,
                "IdentityBasedConv1x1: groups does not divide channels");

  static constexpr int64_t channels = Channels;
  static constexpr int64_t groups = Groups;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "IdentityBasedConv1x1: the input must be NCHW (rank 4)");
    static_assert(check::InChannelsMatchInput<Channels, In::dim(1)>,
                  "IdentityBasedConv1x1: channels does not match the input's "
                  "channels");
    using type = In;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    visit(path.parameter(
        "weight", {Channels, Channels / std::max<int64_t>(Groups, 1), 1, 1}));
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return emitter.identityConv1x1(input, emitter.parameter(path, "weight"),
                                   Groups);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_CONV_H
