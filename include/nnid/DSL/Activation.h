//===- Activation.h - ReLU, Identity and Dropout ----------------*- C++ -*-===//
//
// nn.ReLU, nn.Identity and nn.Dropout (the identity at inference). All accept
// an input of any rank.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_ACTIVATION_H
#define NNID_DSL_ACTIVATION_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"

namespace nnid::nn {

/// torch.nn.ReLU.
struct ReLU : NoParameters {
  template <class In> struct Apply { using type = In; };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.relu(input);
  }
};

/// torch.nn.Identity: a placeholder for a skipped layer or a removed head.
/// It is emitted as nnid.identity, which canonicalization erases.
struct Identity : NoParameters {
  template <class In> struct Apply { using type = In; };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.identity(input);
  }
};

/// torch.nn.Dropout(p): in eval mode, which is what nnid compiles, the
/// identity. It is emitted as nnid.identity, which canonicalization erases;
/// P is kept for the record and checked as PyTorch checks it.
template <double P = 0.5> struct Dropout : NoParameters {
  static_assert(check::IsProbability<P>, "Dropout: p must be between 0 and 1");

  static constexpr double p = P;

  template <class In> struct Apply { using type = In; };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.identity(input);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_ACTIVATION_H
