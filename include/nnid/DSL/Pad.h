//===- Pad.h - zero padding -------------------------------------*- C++ -*-===//
//
// nn.ZeroPad2d with a symmetric padding. nnid has no pad op: the border is
// emitted as a depthwise 1x1 conv2d with an all-ones kernel and that
// padding, which --nnid-reparameterize merges into a 1x1 convolution after
// it. Diverse Branch Block (RepBlocks.h) writes its padded border this way.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_PAD_H
#define NNID_DSL_PAD_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"

namespace nnid::nn {

/// torch.nn.ZeroPad2d(padding) on an NCHW input: Padding.h rows of zeros
/// above and below, Padding.w columns left and right (ZeroPad2d(p) for one
/// integer p, ZeroPad2d((w, w, h, h)) for a Pair{h, w}).
template <Pair Padding> struct ZeroPad2d : NoParameters {
  static_assert(check::IsNonNegative<Padding.h> &&
                    check::IsNonNegative<Padding.w>,
                "ZeroPad2d: padding must not be negative");

  static constexpr Pair padding = Padding;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "ZeroPad2d: the input must be NCHW (rank 4)");
    using type = Shape<In::dim(0), In::dim(1), In::dim(2) + 2 * Padding.h,
                       In::dim(3) + 2 * Padding.w>;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.zeroPad2d(input,
                             {Padding.h, Padding.w, Padding.h, Padding.w});
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_PAD_H
