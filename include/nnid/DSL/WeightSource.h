//===- WeightSource.h - where frozen models get their weights ---*- C++ -*-===//
//
// The interface through which emitting a model in frozen mode reads the
// values of its parameters: a weight file reader (safetensors, ...) or a
// function implements it. Failures are llvm::Errors, which emission passes
// on unchanged.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_WEIGHTSOURCE_H
#define NNID_DSL_WEIGHTSOURCE_H

#include "nnid/Support/ParameterSpec.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <utility>

namespace nnid::nn {

/// The values of a model's parameters.
class WeightSource {
public:
  virtual ~WeightSource() = default;

  /// The values of the F32 parameter `param`, row-major,
  /// param.getNumElements() of them. They need to stay valid only until the
  /// next call.
  virtual llvm::Expected<llvm::ArrayRef<float>>
  getValues(const ParameterSpec &param) = 0;
};

/// A WeightSource that calls a function.
class FunctionWeightSource : public WeightSource {
public:
  using Function = std::function<llvm::Expected<llvm::ArrayRef<float>>(
      const ParameterSpec &)>;

  explicit FunctionWeightSource(Function function)
      : function(std::move(function)) {}

  llvm::Expected<llvm::ArrayRef<float>>
  getValues(const ParameterSpec &param) override {
    return function(param);
  }

private:
  Function function;
};

} // namespace nnid::nn

#endif // NNID_DSL_WEIGHTSOURCE_H
