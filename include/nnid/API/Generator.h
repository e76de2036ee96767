//===- Generator.h - compiling DSL models at build time ---------*- C++ -*-===//
//
// A model generator is a small program built from a model written in the
// C++ DSL. Run at build time, it emits the model with the weights of a
// safetensors file (checked against the model first), compiles it ahead of
// time (nnid/API/Aot.h) and writes an object file and a C header, which
// the rest of the build links and includes. The whole source of one:
//
//   #include "MyModel.h"
//   #include "nnid/API/Generator.h"
//   NNID_DEFINE_MODEL_GENERATOR(MyModel, "mymodel")
//
// and its command line:
//
//   gen --weights mymodel.safetensors -o mymodel.o --header mymodel.h
//       [--cpu native|generic|<cpu>] [--parallel] [--emit-mlir file]
//       [--progress]
//
// The header declares `int mymodel_forward(const float *input, float
// *output)`. nnid_add_model() of the CMake package builds and runs
// generators. A generator of several models takes --model <name>.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_GENERATOR_H
#define NNID_API_GENERATOR_H

#include "nnid/DSL/Emit.h"
#include "nnid/DSL/SafeTensorsWeights.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace nnid {

/// A model a generator can compile.
struct GeneratorModel {
  /// Emits the model in frozen mode as `func.func @<function>` with the
  /// weights of the safetensors file at `weightsPath`.
  using EmitFunction = llvm::Expected<mlir::func::FuncOp> (*)(
      mlir::ModuleOp module, llvm::StringRef weightsPath,
      const std::string &function);

  /// The model's name: --model selects it, and it is the default prefix of
  /// the C names.
  std::string name;
  EmitFunction emit = nullptr;
};

/// The GeneratorModel of DSL model M (a Model<Network, Input>).
template <class M> GeneratorModel makeGeneratorModel(std::string name) {
  return {std::move(name),
          [](mlir::ModuleOp module, llvm::StringRef weightsPath,
             const std::string &function) {
            return nn::emitFrozenModel<M>(module, weightsPath, function);
          }};
}

/// The main() of a generator of `models`: parses the command line, emits
/// the model, compiles it and writes the object and the header. Returns the
/// exit status; errors go to stderr.
int runModelGenerator(int argc, char **argv,
                      llvm::ArrayRef<GeneratorModel> models);

} // namespace nnid

/// Defines main() of a generator of model `Model`, named `name` (the
/// default prefix of its C names).
#define NNID_DEFINE_MODEL_GENERATOR(Model, name)                               \
  int main(int argc, char **argv) {                                            \
    return ::nnid::runModelGenerator(                                          \
        argc, argv, {::nnid::makeGeneratorModel<Model>(name)});                \
  }

#endif // NNID_API_GENERATOR_H
