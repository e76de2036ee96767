//===- Sequence.h - layers applied one after another ------------*- C++ -*-===//
//
// Named gives a layer a PyTorch attribute name; Sequential is nn.Sequential
// (children named "0", "1", ... unless Named); Chain applies layers in order
// without adding a name, as a custom module's forward() calls its
// attributes; Module fixes the state_dict order of a custom module's
// attributes.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_SEQUENCE_H
#define NNID_DSL_SEQUENCE_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/FixedString.h"
#include "nnid/DSL/Layer.h"

#include <array>
#include <string_view>
#include <vector>

namespace nnid::nn {

/// Layer L as the attribute `Name` of its parent module: its parameters are
/// named "Name.weight" etc. Using one Named layer twice (the same type in the
/// same parent) shares its parameters, as calling one PyTorch module twice
/// does.
template <FixedString Name, class L> struct Named {
  using Layer = L;
  static constexpr std::string_view name = Name.view();

  template <class In> struct Apply { using type = OutputOf<L, In>; };

  static constexpr Path childPath(const Path &path) {
    return path.named(Name.view(), &detail::typeKey<Named>);
  }

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    L::forEachParameter(childPath(path), visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return emitLayer<L, In>(emitter, input, childPath(path));
  }
};

namespace detail {

template <class L> inline constexpr bool isNamed = false;
template <FixedString Name, class L>
inline constexpr bool isNamed<Named<Name, L>> = true;

/// The output shape of Layers applied in order to In.
template <class In, class... Layers> struct ApplyInOrder { using type = In; };
template <class In, class L, class... Rest>
struct ApplyInOrder<In, L, Rest...> {
  using type = typename ApplyInOrder<OutputOf<L, In>, Rest...>::type;
};

/// The path of child `index` of a sequence; nn.Sequential names children
/// that are not Named by their index.
template <bool NameByIndex, class L>
constexpr Path sequenceChildPath(const Path &path, size_t index) {
  if constexpr (NameByIndex && !isNamed<L>)
    return path.indexed(index);
  else
    return path.branch(index);
}

template <bool NameByIndex, class... Layers, class Visitor>
constexpr void forEachSequenceParameter(const Path &path, Visitor &&visit) {
  size_t index = 0;
  (Layers::forEachParameter(
       sequenceChildPath<NameByIndex, Layers>(path, index++), visit),
   ...);
}

template <bool NameByIndex, class In, class... Layers> struct EmitInOrder;
template <bool NameByIndex, class In> struct EmitInOrder<NameByIndex, In> {
  template <class Emitter>
  static typename Emitter::Value emit(Emitter &, typename Emitter::Value input,
                                      const Path &, size_t) {
    return input;
  }
};
template <bool NameByIndex, class In, class L, class... Rest>
struct EmitInOrder<NameByIndex, In, L, Rest...> {
  template <class Emitter>
  static typename Emitter::Value emit(Emitter &emitter,
                                      typename Emitter::Value input,
                                      const Path &path, size_t index) {
    typename Emitter::Value output = emitLayer<L, In>(
        emitter, input, sequenceChildPath<NameByIndex, L>(path, index));
    return EmitInOrder<NameByIndex, OutputOf<L, In>, Rest...>::emit(
        emitter, output, path, index + 1);
  }
};

} // namespace detail

/// torch.nn.Sequential: applies Layers in order. A child that is not Named
/// is named by its index, as in nn.Sequential(a, b); Named children take
/// their name, as in nn.Sequential(OrderedDict(...)).
template <class... Layers> struct Sequential {
  template <class In> struct Apply {
    using type = typename detail::ApplyInOrder<In, Layers...>::type;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachSequenceParameter</*NameByIndex=*/true, Layers...>(path,
                                                                      visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return detail::EmitInOrder<true, In, Layers...>::emit(emitter, input, path,
                                                          0);
  }
};

/// Applies Layers in order without adding a name level: the body of a custom
/// module's forward(), whose children are its Named attributes.
template <class... Layers> struct Chain {
  template <class In> struct Apply {
    using type = typename detail::ApplyInOrder<In, Layers...>::type;
  };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    detail::forEachSequenceParameter</*NameByIndex=*/false, Layers...>(path,
                                                                       visit);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return detail::EmitInOrder<false, In, Layers...>::emit(emitter, input, path,
                                                           0);
  }
};

namespace detail {

/// The attribute (first name component below `prefix`) a parameter is in.
constexpr std::string_view attributeOf(std::string_view name,
                                       std::string_view prefix) {
  std::string_view rest = name.substr(prefix.size());
  return rest.substr(0, rest.find('.'));
}

template <FixedString... Attributes>
constexpr bool isListed(std::string_view attribute) {
  return ((attribute == Attributes.view()) || ...);
}

template <class Body, FixedString... Attributes>
constexpr FixedString<128> firstUnlistedAttribute() {
  std::vector<ParameterEntry> entries;
  Body::forEachParameter(
      Path{}, [&](ParameterEntry entry) { entries.push_back(entry); });
  for (const ParameterEntry &entry : entries) {
    std::string_view attribute = attributeOf(entry.spec.name, "");
    if (!isListed<Attributes...>(attribute))
      return FixedString<128>(attribute);
  }
  return {};
}

} // namespace detail

/// A custom nn.Module: Body is its forward(), Attributes the names of its
/// attributes in the order its __init__ assigns them. That order is the
/// state_dict order, which may differ from the order forward() uses them:
///
///   Module<Chain<Named<"bn0", ...>, Named<"lin1", ...>>, "lin1", "bn0">
///
/// lists lin1's parameters before bn0's. Attributes without parameters may
/// be left out.
template <class Body, FixedString... Attributes> struct Module {
#if NNID_DSL_CONSTEXPR_STRINGS
  static_assert(check::AttributeIsListed<
                detail::firstUnlistedAttribute<Body, Attributes...>()>::value);
#endif

  template <class In> struct Apply { using type = OutputOf<Body, In>; };

  template <class Visitor>
  static constexpr void forEachParameter(const Path &path, Visitor &&visit) {
    std::vector<ParameterEntry> entries;
    Body::forEachParameter(
        path, [&](ParameterEntry entry) { entries.push_back(entry); });
    // Attribute by attribute; within one, in the order Body reports them.
    const std::array<std::string_view, sizeof...(Attributes)> order = {
        Attributes.view()...};
    for (std::string_view attribute : order)
      for (const ParameterEntry &entry : entries)
        if (detail::attributeOf(entry.spec.name, path.prefix) == attribute)
          visit(entry);
  }

  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const Path &path) {
    return emitLayer<Body, In>(emitter, input, path);
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_SEQUENCE_H
