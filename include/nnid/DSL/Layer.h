//===- Layer.h - what every layer of the DSL provides -----------*- C++ -*-===//
//
// A layer is a type with three static members:
//
//   template <class In> struct Apply { using type = ...; };
//     The output shape on an input of shape In. Instantiating it checks the
//     input (static_assert with the concepts of Checks.h).
//
//   template <class Visitor>
//   static constexpr void forEachParameter(const Path &path, Visitor &&visit);
//     Calls visit(ParameterEntry) for each parameter, named as PyTorch's
//     state_dict names it, in state_dict order. Usable at compile time.
//
//   template <class In, class Emitter>
//   static typename Emitter::Value emit(Emitter &emitter,
//                                       typename Emitter::Value input,
//                                       const Path &path);
//     Builds the layer on `input` through the emitter (Emit.h builds nnid
//     ops); children are built with emitLayer().
//
// None of this depends on MLIR: a model's shapes and parameter names are
// checked by the C++ compiler alone.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_LAYER_H
#define NNID_DSL_LAYER_H

#include "nnid/DSL/Shape.h"
#include "nnid/Support/ParameterSpec.h"

#include <string>
#include <string_view>
#include <vector>

namespace nnid::nn {

/// The output shape of layer L on an input of shape In.
template <class L, class In>
using OutputOf = typename L::template Apply<In>::type;

namespace detail {

/// A distinct address per type, comparable at compile time.
template <class T> inline constexpr char typeKey = 0;

/// std::to_string, which is not constexpr.
constexpr std::string toDecimal(size_t value) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + value % 10));
    value /= 10;
  } while (value != 0);
  return digits;
}

} // namespace detail

/// One parameter as a layer reports it: its spec, and where it comes from in
/// the model's type, which tells a parameter shared by reusing a Named layer
/// from two layers whose names collide.
struct ParameterEntry {
  ParameterSpec spec;
  /// The nearest enclosing Named layer (its type), or null.
  const void *owner = nullptr;
  /// The child indices from `owner` (or the root) down to the layer.
  std::string position;
};

/// Where a layer sits in its model.
struct Path {
  /// The prefix of the layer's parameter names: empty, or ends with '.'.
  std::string prefix;
  const void *owner = nullptr;
  std::string position;

  /// The path of a child that is a module attribute named `name`.
  constexpr Path named(std::string_view name, const void *namedOwner) const {
    return {prefix + std::string(name) + ".", namedOwner, ""};
  }
  /// The path of child `index` of an nn.Sequential, named by its index.
  constexpr Path indexed(size_t index) const {
    std::string digits = detail::toDecimal(index);
    return {prefix + digits + ".", owner, position + digits + "/"};
  }
  /// The path of child `index` of a composite that adds no name (a branch
  /// of a residual, sum or concat, or a step of a Chain).
  constexpr Path branch(size_t index) const {
    return {prefix, owner, position + detail::toDecimal(index) + "/"};
  }

  /// The entry for this layer's parameter `name`.
  constexpr ParameterEntry parameter(std::string_view name,
                                     std::vector<int64_t> shape,
                                     DType dtype = DType::F32) const {
    return {ParameterSpec{prefix + std::string(name), std::move(shape), dtype},
            owner, position};
  }
  /// The full name of this layer's parameter `name`.
  std::string parameterName(std::string_view name) const {
    return prefix + std::string(name);
  }
  /// The layer's own name ("layer1.0.conv1"), empty at the root.
  std::string layerName() const {
    return prefix.empty() ? prefix : prefix.substr(0, prefix.size() - 1);
  }
};

/// Builds child layer L on `input` (of shape In). All composites build their
/// children through this, so that the emitter sees every layer.
template <class L, class In, class Emitter>
typename Emitter::Value
emitLayer(Emitter &emitter, typename Emitter::Value input, const Path &path) {
  return emitter.template emitLayer<L, In>(
      input, path, [&] { return L::template emit<In>(emitter, input, path); });
}

/// Base of layers without parameters.
struct NoParameters {
  template <class Visitor>
  static constexpr void forEachParameter(const Path &, Visitor &&) {}
};

} // namespace nnid::nn

#endif // NNID_DSL_LAYER_H
