//===- Norm.h - batch normalization layers ----------------------*- C++ -*-===//
//
// nn.BatchNorm2d and nn.BatchNorm1d (affine, with running statistics), in
// inference form. Parameters, in state_dict order: weight, bias,
// running_mean, running_var ([C] each, F32) and num_batches_tracked (an I64
// scalar that inference does not use, but every state_dict has).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_NORM_H
#define NNID_DSL_NORM_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"

namespace nnid::nn {
namespace detail {

template <int64_t NumFeatures, class Visitor>
constexpr void forEachBatchNormParameter(const Path &path, Visitor &&visit) {
  for (const char *name : {"weight", "bias", "running_mean", "running_var"})
    visit(path.parameter(name, {NumFeatures}));
  visit(path.parameter("num_batches_tracked", {}, DType::I64));
}

template <class Emitter>
typename Emitter::Value emitBatchNorm(Emitter &emitter,
                                      typename Emitter::Value input,
                                      const Path &path, double eps) {
  return emitter.batchNorm(input, emitter.parameter(path, "weight"),
                           emitter.parameter(path, "bias"),
                           emitter.parameter(path, "running_mean"),
                           emitter.parameter(path, "running_var"), eps);
}

} // namespace detail

/// torch.nn.BatchNorm2d(num_features, eps) on an NCHW input.
template <int64_t NumFeatures, double Eps = 1e-5> struct BatchNorm2d {
  static_assert(check::IsPositive<NumFeatures>,
                "BatchNorm2d: num_features must be positive");

  static constexpr int64_t numFeatures = NumFeatures;
  static constexpr double eps = Eps;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 4>,
                  "BatchNorm2d: the input must be NCHW (rank 4)");
    static_assert(check::NumFeaturesMatchInput<NumFeatures, In::dim(1)>,
                  "BatchNorm2d: num_features does not match the input's "
                  "channels");
    using type = In;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachBatchNormParameter<NumFeatures>(path, visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return detail::emitBatchNorm(emitter, input, path, Eps);
  }
};

/// torch.nn.BatchNorm1d(num_features, eps) on an [N, C] input.
template <int64_t NumFeatures, double Eps = 1e-5> struct BatchNorm1d {
  static_assert(check::IsPositive<NumFeatures>,
                "BatchNorm1d: num_features must be positive");

  static constexpr int64_t numFeatures = NumFeatures;
  static constexpr double eps = Eps;

  template <class In> struct Apply {
    static_assert(check::RankIs<In::rank, 2>,
                  "BatchNorm1d: the input must be [N, C] (rank 2)");
    static_assert(check::NumFeaturesMatchInput<NumFeatures, In::dim(1)>,
                  "BatchNorm1d: num_features does not match the input's "
                  "features");
    using type = In;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachBatchNormParameter<NumFeatures>(path, visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return detail::emitBatchNorm(emitter, input, path, Eps);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_NORM_H
