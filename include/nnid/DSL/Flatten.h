//===- Flatten.h - merging dimensions ---------------------------*- C++ -*-===//
//
// nn.Flatten(start_dim, end_dim): dimensions start_dim through end_dim
// (inclusive; negative ones count from the end) become one.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_FLATTEN_H
#define NNID_DSL_FLATTEN_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"

#include <algorithm>
#include <array>

namespace nnid::nn {
namespace detail {

constexpr int64_t normalizeDim(int64_t dim, int64_t rank) {
  return dim < 0 ? dim + rank : dim;
}

/// The flattened dimensions; a dynamic dimension in the range makes the
/// merged one dynamic.
template <class In, int64_t Start, int64_t End> constexpr auto flattenDims() {
  std::array<int64_t, In::rank - (End - Start)> out{};
  size_t next = 0;
  for (int64_t i = 0; i < Start; ++i)
    out[next++] = In::dims[i];
  int64_t merged = 1;
  for (int64_t i = Start; i <= End; ++i)
    merged = (merged == kDynamic || In::dims[i] == kDynamic)
                 ? kDynamic
                 : merged * In::dims[i];
  out[next++] = merged;
  for (int64_t i = End + 1; i < static_cast<int64_t>(In::rank); ++i)
    out[next++] = In::dims[i];
  return out;
}

} // namespace detail

/// torch.nn.Flatten(start_dim=1, end_dim=-1).
template <int64_t StartDim = 1, int64_t EndDim = -1>
struct Flatten : NoParameters {
  static constexpr int64_t startDim = StartDim;
  static constexpr int64_t endDim = EndDim;

  template <class In> struct Apply {
    static constexpr int64_t rank = In::rank;
    static_assert(check::DimInRange<StartDim, rank>,
                  "Flatten: start_dim is out of range for the input's rank");
    static_assert(check::DimInRange<EndDim, rank>,
                  "Flatten: end_dim is out of range for the input's rank");
    // Clamped so that a failed check does not cascade.
    static constexpr int64_t start =
        std::clamp<int64_t>(detail::normalizeDim(StartDim, rank), 0, rank - 1);
    static constexpr int64_t end = std::clamp<int64_t>(
        detail::normalizeDim(EndDim, rank), start, rank - 1);
    static_assert(
        check::StartDimNotAfterEndDim<detail::normalizeDim(StartDim, rank),
                                      detail::normalizeDim(EndDim, rank)>,
        "Flatten: start_dim comes after end_dim");
    using type = ShapeFromArray<detail::flattenDims<In, start, end>()>;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.flatten(input, StartDim, EndDim);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_FLATTEN_H
