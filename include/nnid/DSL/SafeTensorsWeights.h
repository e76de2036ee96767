//===- SafeTensorsWeights.h - weights from a safetensors file ---*- C++ -*-===//
//
// A WeightSource that reads a model's parameters from a `.safetensors` file,
// such as tools/nnid-export-safetensors.py writes from a PyTorch state_dict.
// Opening it checks the whole file against the model's parameter list
// first, so that one error names every missing, extra, mis-shaped and
// mis-typed tensor:
//
//   llvm::Expected<nn::SafeTensorsWeights> weights =
//       nn::SafeTensorsWeights::open<Net>("seed.safetensors");
//   if (!weights) ... // llvm::toString(weights.takeError()) says why
//   nn::emitModel<Net>(module, {"forward", &*weights});
//
// or, in one call, nn::emitFrozenModel<Net>(module, "seed.safetensors").
// Users link NNIDSupport (or nnid::nnid from the CMake package).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_SAFETENSORSWEIGHTS_H
#define NNID_DSL_SAFETENSORSWEIGHTS_H

#include "nnid/DSL/Emit.h"
#include "nnid/DSL/WeightSource.h"
#include "nnid/Support/SafeTensors.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace nnid::nn {

/// The parameters of a model, read from a safetensors file that was checked
/// against the model when opened.
class SafeTensorsWeights : public WeightSource {
public:
  /// Opens `path` and checks it against `specs`: every parameter present
  /// with its shape and dtype, and no other tensor. The error lists every
  /// problem, one per line, or says why the file cannot be read.
  static llvm::Expected<SafeTensorsWeights>
  open(llvm::StringRef path, llvm::ArrayRef<ParameterSpec> specs) {
    llvm::Expected<SafeTensorsFile> file = SafeTensorsFile::open(path);
    if (!file)
      return file.takeError();
    if (llvm::Error error = checkParameters(*file, specs))
      return std::move(error);
    return SafeTensorsWeights(
        std::make_unique<SafeTensorsFile>(std::move(*file)));
  }

  /// Opens `path` for model M (a Model<Network, Input>).
  template <class M>
  static llvm::Expected<SafeTensorsWeights> open(llvm::StringRef path) {
    std::vector<ParameterSpec> specs = M::getParameters();
    return open(path, specs);
  }

  /// The file the weights come from.
  const SafeTensorsFile &getFile() const { return *file; }

  llvm::Expected<llvm::ArrayRef<float>>
  getValues(const ParameterSpec &param) override {
    const SafeTensorInfo *tensor = file->lookup(param.name);
    // open() has checked the names and shapes; a spec of another model
    // still gets an error, not a wrong read.
    if (!tensor || tensor->shape != param.shape)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "%s: no tensor '%s' of shape %s (the file was checked against "
          "another model)",
          file->getFileName().str().c_str(), param.name.c_str(),
          formatShape(param.shape).c_str());
    llvm::Expected<std::vector<float>> values = file->readF32(*tensor);
    if (!values)
      return values.takeError();
    buffer = std::move(*values);
    return llvm::ArrayRef<float>(buffer);
  }

private:
  explicit SafeTensorsWeights(std::unique_ptr<SafeTensorsFile> file)
      : file(std::move(file)) {}

  std::unique_ptr<SafeTensorsFile> file;
  std::vector<float> buffer;
};

/// Emits model M in frozen mode, as `func.func @<functionName>`, with the
/// weights of the safetensors file at `weightsPath` (checked against M
/// first).
template <class M>
llvm::Expected<mlir::func::FuncOp>
emitFrozenModel(mlir::ModuleOp module, llvm::StringRef weightsPath,
                std::string functionName = "forward") {
  llvm::Expected<SafeTensorsWeights> weights =
      SafeTensorsWeights::open<M>(weightsPath);
  if (!weights)
    return weights.takeError();
  EmitOptions options;
  options.functionName = std::move(functionName);
  options.weights = &*weights;
  return emitModel<M>(module, options);
}

} // namespace nnid::nn

#endif // NNID_DSL_SAFETENSORSWEIGHTS_H
