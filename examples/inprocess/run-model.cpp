//===- run-model.cpp - the example models, compiled in-process ------------===//
//
// Emits an example model written in the C++ DSL (examples/models/) with
// weights exported from PyTorch, compiles it for this CPU with
// compileForCPU, runs it on the input reference_models.py wrote, and
// compares with PyTorch's output:
//
//   nnid-example-jit seed DATA_DIR [--runs N] [--num-threads N]
//
// It prints the output shape, a checksum and the time per inference, and
// exits non-zero when nnid and PyTorch disagree.
//
//===----------------------------------------------------------------------===//

#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/MobileNetV3.h"
#include "models/MultiNetA.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"
#include "nnid/API/Kernel.h"
#include "nnid/DSL/SafeTensorsWeights.h"
#include "nnid/Support/SafeTensors.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

using namespace nnid;
using Clock = std::chrono::steady_clock;

static llvm::cl::opt<std::string> modelName(llvm::cl::Positional,
                                            llvm::cl::Required,
                                            llvm::cl::desc("<model>"));
static llvm::cl::opt<std::string> dataDir(llvm::cl::Positional,
                                          llvm::cl::Required,
                                          llvm::cl::desc("<data dir>"));
static llvm::cl::opt<unsigned> runs("runs", llvm::cl::desc("Timed inferences"),
                                    llvm::cl::init(20));
static llvm::cl::opt<unsigned>
    threads("num-threads", llvm::cl::desc("Threads (0: every core)"),
            llvm::cl::init(0));

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string dataFile(llvm::StringRef name, llvm::StringRef suffix) {
  llvm::SmallString<256> path(dataDir);
  llvm::sys::path::append(path, name + suffix);
  return path.str().str();
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A tensor of a data file, with its shape.
struct Tensor {
  std::vector<float> values;
  llvm::SmallVector<int64_t, 4> shape;
};

llvm::Expected<Tensor> readTensor(const SafeTensorsFile &file,
                                  llvm::StringRef name) {
  const SafeTensorInfo *info = file.lookup(name);
  if (!info)
    return makeError(file.getFileName() + ": no tensor '" + name + "'");
  llvm::Expected<std::vector<float>> values = file.readF32(*info);
  if (!values)
    return values.takeError();
  return Tensor{std::move(*values), {info->shape.begin(), info->shape.end()}};
}

/// The tolerance `key` the data file states, 1e-4 if none.
double getTolerance(const SafeTensorsFile &file, const std::string &key) {
  auto it = file.getMetadata().find(key);
  double value = 1e-4;
  if (it != file.getMetadata().end())
    llvm::StringRef(it->second).getAsDouble(value);
  return value;
}

/// Compiles model M with the weights of DATA_DIR/<name>.weights.safetensors
/// and checks it against DATA_DIR/<name>.data.safetensors.
template <class M> llvm::Error runModel(llvm::StringRef name) {
  // The DSL model with PyTorch's weights, checked against the model, as
  // `func.func @forward`; then compiled for this CPU.
  Clock::time_point start = Clock::now();
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
  if (auto function = nn::emitFrozenModel<M>(
          *module, dataFile(name, ".weights.safetensors"));
      !function)
    return function.takeError();
  CompileOptions options;
  options.numThreads = threads;
  llvm::Expected<std::unique_ptr<Kernel>> kernel =
      compileForCPU(*module, options);
  if (!kernel)
    return kernel.takeError();
  double compileSeconds = secondsSince(start);

  llvm::Expected<SafeTensorsFile> data =
      SafeTensorsFile::open(dataFile(name, ".data.safetensors"));
  if (!data)
    return data.takeError();
  llvm::Expected<Tensor> input = readTensor(*data, "input");
  if (!input)
    return input.takeError();
  llvm::Expected<Tensor> expected = readTensor(*data, "expected");
  if (!expected)
    return expected.takeError();
  double rtol = getTolerance(*data, "rtol"), atol = getTolerance(*data, "atol");

  // Run once to check, then time.
  std::vector<float> output(expected->values.size(), NAN);
  TensorRef in{input->values, input->shape};
  MutableTensorRef out{output, expected->shape};
  if (llvm::Error error = (*kernel)->run({in}, {out}))
    return error;
  start = Clock::now();
  for (unsigned i = 0; i < runs; ++i)
    if (llvm::Error error = (*kernel)->run({in}, {out}))
      return error;
  double msPerRun = secondsSince(start) * 1e3 / runs;

  double sum = 0, maxError = 0;
  size_t mismatches = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    float got = output[i], want = expected->values[i];
    double error = std::fabs(double(got) - double(want));
    sum += got;
    if (!(error <= rtol * std::fabs(want) + atol) && ++mismatches <= 5)
      llvm::errs() << name << ": output[" << i << "] = " << got << ", PyTorch "
                   << want << "\n";
    if (!(error <= maxError))
      maxError = error;
  }
  llvm::outs() << llvm::format(
      "%s: output %s, checksum %.6e, %.3f ms per inference (mean of %u, "
      "compiled in %.2f s)\n",
      name.str().c_str(), formatShape(expected->shape).c_str(), sum, msPerRun,
      unsigned(runs), compileSeconds);
  llvm::outs() << llvm::format(
      "%s: max |nnid - torch| = %.3e over %zu values: %s\n", name.str().c_str(),
      maxError, output.size(),
      mismatches ? "DIFFERS from PyTorch" : "matches PyTorch");
  if (mismatches)
    return makeError(llvm::formatv("{0} values differ from PyTorch's by more "
                                   "than {1} * |torch| + {2}",
                                   mismatches, rtol, atol));
  return llvm::Error::success();
}

struct Example {
  const char *name;
  llvm::Error (*run)(llvm::StringRef name);
};

const Example examples[] = {
    {"seed", runModel<models::SeedModel>},
    {"resnet18", runModel<models::ResNet18Features>},
    {"dbb", runModel<models::DiverseBranchBlockModel>},
    {"mlp", runModel<models::MultiNetAModel>},
    {"squeezenet1_1", runModel<models::SqueezeNet1_1Model>},
    {"googlenet", runModel<models::GoogLeNetModel>},
    {"mobilenet_v2", runModel<models::MobileNetV2Model>},
    {"mobilenet_v3_small", runModel<models::MobileNetV3SmallModel>},
};

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "Runs an example model (seed, resnet18, dbb, mlp, squeezenet1_1, "
      "googlenet, mobilenet_v2, mobilenet_v3_small) compiled in-process and "
      "compares it "
      "with PyTorch\n");
  if (runs == 0) {
    llvm::WithColor::error() << "--runs must be at least 1\n";
    return 2;
  }
  for (const Example &example : examples) {
    if (modelName != example.name)
      continue;
    if (llvm::Error error = example.run(example.name)) {
      llvm::WithColor::error() << llvm::toString(std::move(error)) << "\n";
      return 1;
    }
    return 0;
  }
  llvm::WithColor::error() << "no example model '" << modelName
                           << "' (seed, resnet18, dbb, mlp, squeezenet1_1, "
                              "googlenet, mobilenet_v2, mobilenet_v3_small)\n";
  return 2;
}
