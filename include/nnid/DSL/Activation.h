//===- Activation.h - ReLU and Identity -------------------------*- C++ -*-===//
//
// nn.ReLU and nn.Identity. Both accept an input of any rank.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_ACTIVATION_H
#define NNID_DSL_ACTIVATION_H

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

} // namespace nnid::nn

#endif // NNID_DSL_ACTIVATION_H
