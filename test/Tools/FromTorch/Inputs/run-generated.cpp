//===- run-generated.cpp - runs a network nnid-from-torch.py wrote --------===//
//
// Compiled with the generated header included first (-include NET.h) and
// -DNNID_MODEL=<namespace>::Model:
//
//   run-generated WEIGHTS.safetensors DATA.safetensors
//
// emits the model in frozen mode with the weights, compiles it for this CPU
// with compileForCPU, runs it on DATA's "input" and compares the output with
// DATA's "expected" (PyTorch's) within rtol * |torch| + atol, the tolerances
// DATA's metadata states. Exits non-zero when they disagree.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/DSL/SafeTensorsWeights.h"
#include "nnid/Support/FormatShape.h"
#include "nnid/Support/SafeTensors.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

#ifndef NNID_MODEL
#error "compile with -DNNID_MODEL=<namespace>::Model"
#endif

using namespace nnid;

static int fail(llvm::Error error) {
  llvm::errs() << "error: " << llvm::toString(std::move(error)) << "\n";
  return 1;
}

static double tolerance(const SafeTensorsFile &file, const std::string &key) {
  double value = 1e-4;
  auto it = file.getMetadata().find(key);
  if (it != file.getMetadata().end())
    llvm::StringRef(it->second).getAsDouble(value);
  return value;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: run-generated WEIGHTS DATA\n";
    return 2;
  }
  using M = NNID_MODEL;
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
  if (auto function = nn::emitFrozenModel<M>(*module, argv[1]); !function)
    return fail(function.takeError());
  auto kernel = compileForCPU(*module);
  if (!kernel)
    return fail(kernel.takeError());

  auto data = SafeTensorsFile::open(argv[2]);
  if (!data)
    return fail(data.takeError());
  const SafeTensorInfo *inputInfo = data->lookup("input");
  const SafeTensorInfo *expectedInfo = data->lookup("expected");
  if (!inputInfo || !expectedInfo) {
    llvm::errs() << "error: " << argv[2] << " lacks input or expected\n";
    return 1;
  }
  auto input = data->readF32(*inputInfo);
  if (!input)
    return fail(input.takeError());
  auto expected = data->readF32(*expectedInfo);
  if (!expected)
    return fail(expected.takeError());
  llvm::SmallVector<int64_t, 4> inputShape(inputInfo->shape.begin(),
                                           inputInfo->shape.end());
  llvm::SmallVector<int64_t, 4> outputShape(expectedInfo->shape.begin(),
                                            expectedInfo->shape.end());

  std::vector<float> output(expected->size(), NAN);
  if (llvm::Error error =
          (*kernel)->run({TensorRef{*input, inputShape}},
                         {MutableTensorRef{output, outputShape}}))
    return fail(std::move(error));

  double rtol = tolerance(*data, "rtol"), atol = tolerance(*data, "atol");
  double maxError = 0;
  size_t mismatches = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    double error = std::fabs(double(output[i]) - double((*expected)[i]));
    if (!(error <= rtol * std::fabs((*expected)[i]) + atol) &&
        ++mismatches <= 5)
      llvm::errs() << "output[" << i << "] = " << output[i] << ", PyTorch "
                   << (*expected)[i] << "\n";
    if (!(error <= maxError))
      maxError = error;
  }
  llvm::outs() << "output " << formatShape(outputShape) << ", " << output.size()
               << " values, max |nnid - torch| = "
               << llvm::format("%.3e", maxError) << ": "
               << (mismatches ? "DIFFERS from PyTorch" : "matches PyTorch")
               << "\n";
  return mismatches ? 1 : 0;
}
