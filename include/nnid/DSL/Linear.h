//===- Linear.h - fully connected layer -------------------------*- C++ -*-===//
//
// nn.Linear on an [N, in_features] input. Parameters: weight
// [out_features, in_features], and bias [out_features] unless Bias is false.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_LINEAR_H
#define NNID_DSL_LINEAR_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"

namespace nnid::nn {

/// torch.nn.Linear(in_features, out_features, bias).
template <int64_t InFeatures, int64_t OutFeatures, bool Bias = true>
struct Linear {
  static_assert(check::IsPositive<InFeatures>,
                "Linear: in_features must be positive");
  static_assert(check::IsPositive<OutFeatures>,
                "Linear: out_features must be positive");

  static constexpr int64_t inFeatures = InFeatures;
  static constexpr int64_t outFeatures = OutFeatures;
  static constexpr bool bias = Bias;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 2>,
                  "Linear: the input must be [N, in_features] (rank 2); "
                  "flatten it first");
    static_assert(check::InFeaturesMatchInput<InFeatures, In::dim(1)>,
                  "Linear: in_features does not match the input's features");
    using type = Shape<In::dim(0), OutFeatures>;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    visit(path.parameter("weight", {OutFeatures, InFeatures}));
    if constexpr (Bias)
      visit(path.parameter("bias", {OutFeatures}));
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    typename Emitter::Value biasValue{};
    if constexpr (Bias)
      biasValue = emitter.parameter(path, "bias");
    return emitter.linear(input, emitter.parameter(path, "weight"), biasValue);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_LINEAR_H
