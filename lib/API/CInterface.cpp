//===- CInterface.cpp - the C entry point of an AOT model -----------------===//

#include "CInterface.h"

#include "nnid/Interface/EntryPoint.h"
#include "nnid/Support/Error.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace nnid;
using namespace nnid::detail;

/// The names of `specs` as C parameters, unique among `taken`. A single
/// unnamed buffer is `single` ("input"), others keep their names.
static std::vector<std::string>
getParameterNames(llvm::ArrayRef<TensorSpec> specs,
                  llvm::StringRef defaultPrefix, llvm::StringSet<> &taken) {
  std::vector<std::string> names;
  for (auto [index, spec] : llvm::enumerate(specs)) {
    std::string name = sanitizeCIdentifier(spec.name);
    if (specs.size() == 1 && spec.name == (defaultPrefix + "0").str())
      name = defaultPrefix.str();
    if (taken.contains(name))
      name += "_" + std::to_string(index);
    taken.insert(name);
    names.push_back(name);
  }
  return names;
}

llvm::Expected<CInterface>
nnid::detail::makeCInterface(const EntryWrapper &wrapper,
                             llvm::StringRef prefix) {
  if (!isCIdentifier(prefix))
    return makeError(llvm::formatv("the name '{0}' is not a C identifier "
                                   "(letters, digits and '_', not starting "
                                   "with a digit)",
                                   prefix));
  CInterface interface;
  llvm::StringRef function = wrapper.name;
  function.consume_front(getEntryWrapperName(""));
  interface.functionName = getCEntryPointName(prefix, function);
  interface.macroPrefix = llvm::StringRef(prefix).upper();
  interface.wrapperName = wrapper.name;

  auto checkShape = [&](const TensorSpec &spec) -> llvm::Error {
    for (auto [dim, size] : llvm::enumerate(spec.shape)) {
      if (size != TensorSpec::kDynamic)
        continue;
      if (dim != 0)
        return makeError(llvm::formatv(
            "'{0}' {1}: only the first (batch) dimension may be dynamic "
            "in a model compiled ahead of time",
            spec.name, spec.str()));
      interface.dynamicBatch = true;
    }
    return llvm::Error::success();
  };

  llvm::StringSet<> taken = {"batch"};
  std::vector<std::string> inputNames =
      getParameterNames(wrapper.inputs, "input", taken);
  std::vector<std::string> outputNames =
      getParameterNames(wrapper.outputs, "output", taken);
  auto add = [&](std::vector<CParameter> &to, llvm::ArrayRef<TensorSpec> specs,
                 llvm::ArrayRef<std::string> names) -> llvm::Error {
    for (auto [spec, name] : llvm::zip_equal(specs, names)) {
      if (llvm::Error error = checkShape(spec))
        return error;
      to.push_back({name,
                    interface.macroPrefix + "_" + llvm::StringRef(name).upper(),
                    spec});
    }
    return llvm::Error::success();
  };
  if (llvm::Error error = add(interface.inputs, wrapper.inputs, inputNames))
    return std::move(error);
  if (llvm::Error error = add(interface.outputs, wrapper.outputs, outputNames))
    return std::move(error);
  return interface;
}
