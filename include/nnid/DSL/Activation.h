//===- Activation.h - activation functions, Identity and Dropout -*- C++
//-*-===//
//
// torch.nn's activation functions (ReLU, ReLU6, Hardtanh, Sigmoid, SiLU,
// Hardsigmoid, Hardswish, GELU, LeakyReLU, ELU, SELU, Softplus, Softsign,
// Tanh), nn.Identity and nn.Dropout (the identity at inference), with
// PyTorch's parameters and defaults. All accept an input of any rank.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_ACTIVATION_H
#define NNID_DSL_ACTIVATION_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/FixedString.h"
#include "nnid/DSL/Layer.h"

namespace nnid::nn {

/// torch.nn.ReLU.
struct ReLU : NoParameters {
  template <class In> struct Apply {
    using type = In;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.relu(input);
  }
};

/// An activation function: the output has the input's shape; Derived's
/// emit() calls the emitter.
struct ElementwiseLayer : NoParameters {
  template <class In> struct Apply {
    using type = In;
  };
};

/// torch.nn.Hardtanh(min_val, max_val): clamps to [MinVal, MaxVal].
template <double MinVal = -1.0, double MaxVal = 1.0>
struct Hardtanh : ElementwiseLayer {
  static_assert(MinVal <= MaxVal,
                "Hardtanh: min_val must not be greater than max_val");

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.hardtanh(input, MinVal, MaxVal);
  }
};

/// torch.nn.ReLU6: Hardtanh(0, 6).
using ReLU6 = Hardtanh<0.0, 6.0>;

/// torch.nn.LeakyReLU(negative_slope).
template <double NegativeSlope = 0.01> struct LeakyReLU : ElementwiseLayer {
  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.leakyRelu(input, NegativeSlope);
  }
};

/// torch.nn.ELU(alpha).
template <double Alpha = 1.0> struct ELU : ElementwiseLayer {
  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.elu(input, Alpha);
  }
};

/// torch.nn.Softplus(beta, threshold).
template <double Beta = 1.0, double Threshold = 20.0>
struct Softplus : ElementwiseLayer {
  static_assert(Beta > 0, "Softplus: nnid needs a positive beta");

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.softplus(input, Beta, Threshold);
  }
};

/// torch.nn.GELU(approximate): "none" (the erf form) or "tanh".
template <FixedString Approximate = "none"> struct GELU : ElementwiseLayer {
  static_assert(Approximate.view() == "none" || Approximate.view() == "tanh",
                "GELU: approximate must be \"none\" or \"tanh\"");

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.gelu(input, Approximate.view());
  }
};

/// The parameterless activations: torch.nn.Sigmoid, SiLU, Hardsigmoid,
/// Hardswish, SELU, Softsign and Tanh.
#define NNID_DSL_ACTIVATION(NAME, METHOD)                                      \
  struct NAME : ElementwiseLayer {                                             \
    template <class In, class Emitter>                                         \
    static typename Emitter::Value                                             \
    emit(Emitter &emitter, typename Emitter::Value input, const Path &) {      \
      return emitter.METHOD(input);                                            \
    }                                                                          \
  };
NNID_DSL_ACTIVATION(Sigmoid, sigmoid)
NNID_DSL_ACTIVATION(SiLU, silu)
NNID_DSL_ACTIVATION(Hardsigmoid, hardsigmoid)
NNID_DSL_ACTIVATION(Hardswish, hardswish)
NNID_DSL_ACTIVATION(SELU, selu)
NNID_DSL_ACTIVATION(Softsign, softsign)
NNID_DSL_ACTIVATION(Tanh, tanh)
#undef NNID_DSL_ACTIVATION

/// torch.nn.Identity: a placeholder for a skipped layer or a removed head.
/// It is emitted as nnid.identity, which canonicalization erases.
struct Identity : NoParameters {
  template <class In> struct Apply {
    using type = In;
  };

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

  template <class In> struct Apply {
    using type = In;
  };

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &) {
    return emitter.identity(input);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_ACTIVATION_H
