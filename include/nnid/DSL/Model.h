//===- Model.h - a network applied to an input shape ------------*- C++ -*-===//
//
// Model<Network, Input<...>> computes and checks every shape of the network
// on the input at compile time, checks that parameter names are unambiguous,
// and reports the input and output shapes and the parameter list in
// PyTorch's state_dict order.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_MODEL_H
#define NNID_DSL_MODEL_H

#include "nnid/DSL/Checks.h"
#include "nnid/DSL/Layer.h"
#include "nnid/DSL/Shape.h"
#include "nnid/Support/ParameterSpec.h"

#include <algorithm>
#include <string>
#include <vector>

namespace nnid::nn {
namespace detail {

/// Every parameter entry of L, including the repeats of shared ones.
template <class L> constexpr std::vector<ParameterEntry> collectParameters() {
  std::vector<ParameterEntry> entries;
  L::forEachParameter(Path{},
                      [&](ParameterEntry entry) { entries.push_back(entry); });
  return entries;
}

/// The first parameter name that two different layers use, or "". Entries
/// are sorted by name (so that networks of hundreds of parameters stay
/// within the compiler's constexpr budget); within one name, an entry
/// conflicts unless it is the same Named layer reached again, which shares
/// its parameters. "First": the conflicting entry met earliest.
template <class L> constexpr FixedString<128> firstConflictingParameter() {
  std::vector<ParameterEntry> entries = collectParameters<L>();
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const std::string &x = entries[a].spec.name, &y = entries[b].spec.name;
    return x != y ? x < y : a < b;
  });
  size_t first = entries.size();
  for (size_t run = 0; run < order.size();) {
    const ParameterEntry &a = entries[order[run]];
    size_t next = run + 1;
    for (; next < order.size() && entries[order[next]].spec.name == a.spec.name;
         ++next) {
      const ParameterEntry &b = entries[order[next]];
      bool shared = a.owner && a.owner == b.owner && a.position == b.position &&
                    a.spec.shape == b.spec.shape &&
                    a.spec.dtype == b.spec.dtype;
      if (!shared && order[next] < first)
        first = order[next];
    }
    run = next;
  }
  if (first == entries.size())
    return {};
  return FixedString<128>(entries[first].spec.name);
}

} // namespace detail

/// Network applied to inputs of shape In (Input<1, 3, 224, 224>; the batch
/// may be kDynamic).
template <class Network, class In> struct Model {
  static_assert(check::IsBatchSize<In::dim(0)>,
                "Model: the batch size must be positive or kDynamic");
  static_assert(check::HasStaticPositiveSizesAfterBatch<In>,
                "Model: every input dimension but the batch must be a "
                "positive size");
#if NNID_DSL_CONSTEXPR_STRINGS
  static_assert(check::ParameterNameIsUnique<
                detail::firstConflictingParameter<Network>()>::value);
#endif

  using NetworkType = Network;
  using InputShape = In;
  /// The output shape; computing it checks every layer.
  using OutputShape = OutputOf<Network, In>;

  static std::vector<int64_t> getInputShape() { return In::toVector(); }
  static std::vector<int64_t> getOutputShape() {
    return OutputShape::toVector();
  }

  /// The parameters in state_dict order, named as PyTorch names them. A
  /// shared parameter is listed once; BatchNorm's num_batches_tracked is
  /// listed although inference does not use it.
  static std::vector<ParameterSpec> getParameters() {
    std::vector<ParameterSpec> specs;
    for (const ParameterEntry &entry : detail::collectParameters<Network>()) {
      bool seen = false;
      for (const ParameterSpec &spec : specs)
        seen = seen || spec.name == entry.spec.name;
      if (!seen)
        specs.push_back(entry.spec);
    }
    return specs;
  }
};

} // namespace nnid::nn

#endif // NNID_DSL_MODEL_H
