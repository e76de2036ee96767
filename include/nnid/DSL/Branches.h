//===- Branches.h - layers applied side by side -----------------*- C++ -*-===//
//
// Residual (x + f(x), or downsample(x) + f(x)), Gate (x * f(x), f(x)
// broadcast), Sum (the sum of parallel branches) and Concat (their
// concatenation). Like the code of a forward()
// that combines a module's attributes, they add no name level: branches
// with parameters are told apart by Named (or by being Sequentials of
// differently named layers).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_BRANCHES_H
#define NNID_DSL_BRANCHES_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"

#include <algorithm>
#include <array>
#include <type_traits>

namespace nnid::nn {
namespace detail {

/// The shortcut of a residual without downsampling: the input itself, with
/// no op (unlike Identity, which is an op).
struct NoShortcut : NoParameters {
  template <class In> struct Apply {
    using type = In;
  };

  template <class In, class Emitter>
  static typename Emitter::Value emit(Emitter &, typename Emitter::Value input,
                                      const Path &) {
    return input;
  }
};

template <class... Branches, class Visitor>
constexpr void forEachBranchParameter(const Path &path, Visitor &&visit) {
  size_t index = 0;
  (Branches::forEachParameter(path.branch(index++), visit), ...);
}

} // namespace detail

/// Body(x) + Shortcut(x), as the residual blocks of ResNet compute; without a
/// Shortcut, x + Body(x). Both outputs must have the same shape. Body comes
/// first in the parameter list (torchvision registers downsample last).
template <class Body, class Shortcut = detail::NoShortcut> struct Residual {
  template <class In> struct Apply {
    using BodyOutput = OutputOf<Body, In>;
    using ShortcutOutput = OutputOf<Shortcut, In>;
    static_assert(check::ResidualShapesMatch<BodyOutput, ShortcutOutput>,
                  "Residual: the body's output shape does not match the "
                  "shortcut's");
    using type = BodyOutput;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachBranchParameter<Body, Shortcut>(path, visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    typename Emitter::Value body =
        emitLayer<Body, In>(emitter, input, path.branch(0));
    typename Emitter::Value shortcut =
        emitLayer<Shortcut, In>(emitter, input, path.branch(1));
    return emitter.add(body, shortcut);
  }
};

/// x * Scale(x), Scale's output broadcast to x's shape (the same rank, each
/// dimension x's or 1): the gate of squeeze-and-excitation blocks, whose
/// Scale pools to [N, C, 1, 1].
template <class Scale> struct Gate {
  template <class In> struct Apply {
    using ScaleOutput = OutputOf<Scale, In>;
    static_assert(check::BroadcastsTo<ScaleOutput, In>,
                  "Gate: the scale's output shape does not broadcast to the "
                  "input's (same rank, each dimension the input's or 1)");
    using type = In;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachBranchParameter<Scale>(path, visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    typename Emitter::Value scale =
        emitLayer<Scale, In>(emitter, input, path.branch(0));
    return emitter.mul(input, scale);
  }
};

/// The sum of parallel branches applied to the same input, as in
/// re-parameterizable blocks (RepVGG, Diverse Branch Block). All outputs
/// must have the same shape.
template <class First, class... Rest> struct Sum {
  template <class In> struct Apply {
    using FirstOutput = OutputOf<First, In>;
    static_assert((check::BranchShapesMatch<OutputOf<Rest, In>, FirstOutput> &&
                   ...),
                  "Sum: the branches' output shapes differ");
    using type = FirstOutput;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachBranchParameter<First, Rest...>(path, visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    typename Emitter::Value sum =
        emitLayer<First, In>(emitter, input, path.branch(0));
    size_t index = 1;
    ((sum = emitter.add(
          sum, emitLayer<Rest, In>(emitter, input, path.branch(index++)))),
     ...);
    return sum;
  }
};

namespace detail {

template <int64_t Axis, class FirstOutput, class... RestOutputs>
constexpr auto concatDims() {
  std::array<int64_t, FirstOutput::rank> dims = FirstOutput::dims;
  if constexpr (Axis >= 0 && Axis < static_cast<int64_t>(FirstOutput::rank))
    for (int64_t size : {RestOutputs::dim(Axis)...})
      dims[Axis] = (dims[Axis] == kDynamic || size == kDynamic)
                       ? kDynamic
                       : dims[Axis] + size;
  return dims;
}

} // namespace detail

/// torch.cat([branch(x) for branch in Branches], Axis): the branches' outputs
/// must agree in every dimension but Axis (negative counts from the end).
template <int64_t Axis, class First, class... Rest> struct Concat {
  static constexpr int64_t axis = Axis;

  template <class In> struct Apply {
    using FirstOutput = OutputOf<First, In>;
    static constexpr int64_t rank = FirstOutput::rank;
    static_assert(check::DimInRange<Axis, rank>,
                  "Concat: the axis is out of range for the branches' rank");
    static constexpr int64_t normalizedAxis = Axis < 0 ? Axis + rank : Axis;
    static_assert((check::SizesMatchOffAxis<normalizedAxis, OutputOf<Rest, In>,
                                            FirstOutput> &&
                   ...),
                  "Concat: the branches' outputs differ in a dimension other "
                  "than the concatenation axis");
    using type = ShapeFromArray<detail::concatDims<normalizedAxis, FirstOutput,
                                                   OutputOf<Rest, In>...>()>;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachBranchParameter<First, Rest...>(path, visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    size_t index = 0;
    std::array<typename Emitter::Value, 1 + sizeof...(Rest)> branches = {
        emitLayer<First, In>(emitter, input, path.branch(index++)),
        emitLayer<Rest, In>(emitter, input, path.branch(index++))...};
    return emitter.concat(branches, Axis);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_BRANCHES_H
