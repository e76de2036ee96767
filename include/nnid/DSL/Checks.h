//===- Checks.h - shape checks with readable errors -------------*- C++ -*-===//
//
// The conditions layers check on their input, as concepts. A layer checks one
// with `static_assert(check::X<a, b>, "Layer: what is wrong")`: the message
// names the layer, and g++ prints the numbers under the names of the
// concept's parameters, e.g.
//
//   error: static assertion failed: Conv2d: in_channels does not match the
//          input's channels
//   note: the expression 'InChannels == InputChannels [with InputChannels =
//         3; InChannels = 16]' evaluated to 'false'
//
// (A static_assert message must be a string literal in C++20, so the numbers
// cannot be part of it.)
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_CHECKS_H
#define NNID_DSL_CHECKS_H

#include "nnid/DSL/FixedString.h"
#include "nnid/DSL/Shape.h"

#include <cstdint>
#include <type_traits>

/// Whether the compiler evaluates std::string in constant expressions, as
/// the parameter-name checks (Model, Module) do. Clang cannot with
/// libstdc++ before 13, whose basic_string writes an inactive union member;
/// there those checks are left out (g++ still makes them).
#if defined(__clang__) && defined(_GLIBCXX_RELEASE) && _GLIBCXX_RELEASE < 13
#define NNID_DSL_CONSTEXPR_STRINGS 0
#else
#define NNID_DSL_CONSTEXPR_STRINGS 1
#endif

namespace nnid::nn {
namespace detail {

constexpr bool allPositiveAfterBatch(auto dims) {
  for (size_t i = 1; i < dims.size(); ++i)
    if (dims[i] <= 0)
      return false;
  return true;
}

/// Whether two shapes have the same rank and agree in every dimension but
/// `axis` (in [0, rank)).
constexpr bool sameSizesOffAxis(int64_t axis, auto dims, auto firstDims) {
  if (dims.size() != firstDims.size())
    return false;
  for (size_t i = 0; i < dims.size(); ++i)
    if (static_cast<int64_t>(i) != axis && dims[i] != firstDims[i])
      return false;
  return true;
}

/// Whether `dims` broadcasts to `to`: the same rank, each dimension `to`'s
/// or 1.
constexpr bool broadcastsTo(auto dims, auto to) {
  if (dims.size() != to.size())
    return false;
  for (size_t i = 0; i < dims.size(); ++i)
    if (dims[i] != to[i] && dims[i] != 1)
      return false;
  return true;
}

} // namespace detail

namespace check {

template <int64_t Rank, int64_t ExpectedRank>
concept RankIs = Rank == ExpectedRank;

template <int64_t Value>
concept IsPositive = Value > 0;

template <int64_t Value>
concept IsNonNegative = Value >= 0;

template <double Value>
concept IsProbability = Value >= 0 && Value <= 1;

template <int64_t BatchSize>
concept IsBatchSize = BatchSize > 0 || BatchSize == kDynamic;

template <class InputShape>
concept HasStaticPositiveSizesAfterBatch =
    detail::allPositiveAfterBatch(InputShape::dims);

template <int64_t InChannels, int64_t InputChannels>
concept InChannelsMatchInput = InChannels == InputChannels;

template <int64_t NumFeatures, int64_t InputChannels>
concept NumFeaturesMatchInput = NumFeatures == InputChannels;

template <int64_t InFeatures, int64_t InputFeatures>
concept InFeaturesMatchInput = InFeatures == InputFeatures;

template <int64_t Groups, int64_t Channels>
concept GroupsDivideChannels = Groups > 0 && Channels % Groups == 0;

template <int64_t Window, int64_t PaddedInput>
concept WindowFitsInput = Window <= PaddedInput;

template <int64_t Padding, int64_t KernelSize>
concept PaddingAtMostHalfKernel = Padding <= KernelSize / 2;

template <int64_t KernelSize>
concept IsOdd = KernelSize % 2 == 1;

template <int64_t Padding, int64_t KernelSize>
concept PaddingIsHalfKernel = Padding == KernelSize / 2;

template <int64_t Dim, int64_t Rank>
concept DimInRange = Dim >= -Rank && Dim < Rank;

template <int64_t StartDim, int64_t EndDim>
concept StartDimNotAfterEndDim = StartDim <= EndDim;

template <class BodyOutput, class ShortcutOutput>
concept ResidualShapesMatch = std::is_same_v<BodyOutput, ShortcutOutput>;

template <class From, class To>
concept BroadcastsTo = detail::broadcastsTo(From::dims, To::dims);

template <class BranchOutput, class FirstBranchOutput>
concept BranchShapesMatch = std::is_same_v<BranchOutput, FirstBranchOutput>;

template <int64_t Axis, class BranchOutput, class FirstBranchOutput>
concept SizesMatchOffAxis =
    detail::sameSizesOffAxis(Axis, BranchOutput::dims, FirstBranchOutput::dims);

/// Names are checked by instantiation (g++ prints a string argument of a
/// class template readably, but not one of a concept): `Name` is the first
/// offending parameter name, empty when all is well.
template <FixedString<128> Name> struct ParameterNameIsUnique {
  static_assert(Name.empty(),
                "Model: two different layers have a parameter of this name; "
                "give them different Named<> names (one Named layer used "
                "twice shares its parameters)");
  static constexpr bool value = true;
};

template <FixedString<128> Name> struct AttributeIsListed {
  static_assert(Name.empty(),
                "Module: a parameter belongs to an attribute that is missing "
                "from the module's attribute list");
  static constexpr bool value = true;
};

} // namespace check
} // namespace nnid::nn

#endif // NNID_DSL_CHECKS_H
