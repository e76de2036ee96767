//===- Shape.h - tensor shapes as types -------------------------*- C++ -*-===//
//
// Shapes of activations as C++ types, so that the C++ compiler computes and
// checks every intermediate shape of a model. Pair carries the (h, w)
// hyper-parameters of 2-D layers, as PyTorch's _pair does.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_SHAPE_H
#define NNID_DSL_SHAPE_H

#include "nnid/Support/Dynamic.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace nnid::nn {

/// The size of a dynamic dimension (nnid/Support/Dynamic.h). Only the batch
/// dimension may be dynamic: Input<kDynamic, 3, 224, 224>.
using ::nnid::kDynamic;

/// The shape of an activation, batch first: Shape<1, 3, 224, 224>.
template <int64_t... Dims> struct Shape {
  static constexpr size_t rank = sizeof...(Dims);
  static constexpr std::array<int64_t, sizeof...(Dims)> dims = {Dims...};

  /// Dimension `i`, or 1 past the rank. Shape functions use it so that they
  /// stay defined after a failed rank check, which keeps the compiler from
  /// piling unrelated errors on the one that matters.
  static constexpr int64_t dim(size_t i) { return i < rank ? dims[i] : 1; }

  static std::vector<int64_t> toVector() { return {Dims...}; }
};

/// The input of a model: Input<1, 3, 224, 224>, Input<kDynamic, 10>.
template <int64_t... Dims> using Input = Shape<Dims...>;

/// A (height, width) pair. Converts from one integer, so that the square case
/// reads as in PyTorch (Conv2d<3, 16, 3>) and the general one as
/// Conv2d<3, 16, Pair{1, 7}, 1, Pair{0, 3}>.
struct Pair {
  int64_t h;
  int64_t w;

  constexpr Pair(int64_t both) : h(both), w(both) {}
  constexpr Pair(int64_t h, int64_t w) : h(h), w(w) {}
};

namespace detail {
template <auto Dims, class Indices = std::make_index_sequence<Dims.size()>>
struct ShapeFromArray;
template <auto Dims, size_t... I>
struct ShapeFromArray<Dims, std::index_sequence<I...>> {
  using type = Shape<Dims[I]...>;
};
} // namespace detail

/// The Shape type with the dimensions of a constexpr std::array.
template <auto Dims>
using ShapeFromArray = typename detail::ShapeFromArray<Dims>::type;

} // namespace nnid::nn

#endif // NNID_DSL_SHAPE_H
