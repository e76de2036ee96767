//===- FixedString.h - string literals as template arguments ----*- C++ -*-===//
//
// A string usable as a non-type template argument, so that layer names can be
// part of a model's type: Named<"conv1", Conv2d<3, 16, 3>>.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_FIXEDSTRING_H
#define NNID_DSL_FIXEDSTRING_H

#include <cstddef>
#include <string_view>

namespace nnid::nn {

/// A NUL-terminated string of at most N - 1 characters, stored inline.
template <size_t N> struct FixedString {
  char data[N] = {};

  constexpr FixedString() = default;
  /// From a string literal; deduces N, so that Named<"conv1", ...> works.
  constexpr FixedString(const char (&literal)[N]) {
    for (size_t i = 0; i < N; ++i)
      data[i] = literal[i];
  }
  /// From any string, cut to N - 1 characters.
  constexpr explicit FixedString(std::string_view str) {
    for (size_t i = 0; i < str.size() && i + 1 < N; ++i)
      data[i] = str[i];
  }

  constexpr std::string_view view() const {
    size_t size = 0;
    while (size + 1 < N && data[size] != '\0')
      ++size;
    return {data, size};
  }
  constexpr bool empty() const { return data[0] == '\0'; }
};

template <size_t N> FixedString(const char (&)[N]) -> FixedString<N>;

} // namespace nnid::nn

#endif // NNID_DSL_FIXEDSTRING_H
