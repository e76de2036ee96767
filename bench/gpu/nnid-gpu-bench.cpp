//===- nnid-gpu-bench.cpp - nnid's CUDA benchmark -------------------------===//
//
// Times nnid-compiled networks on an NVIDIA GPU: the seed model and resnet18
// with fc = Identity at 1x3x224x224. Each case is the PyTorch module of
// bench/cases.py (`cases.py --write DIR` writes its weights, input and
// PyTorch's output): nnid-gpu-bench emits the same network from the C++ DSL
// with those weights as constants, compiles it once with compileForCUDA,
// checks one run against PyTorch's output, warms up, then times
// CudaKernel::runOnDevice (input, output and weights already on the GPU;
// each call returns when the output is written) and prints one JSON object
// per case with the median, minimum and mean times. bench/gpu/run.py runs it
// next to PyTorch on the same GPU.
//
//===----------------------------------------------------------------------===//

#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "nnid/API/Kernel.h"
#include "nnid/DSL/Emit.h"
#include "nnid/Runtime/CUDA/Runtime.h"
#include "nnid/Support/SafeTensors.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>

using namespace nnid;

namespace {

namespace cl = llvm::cl;

cl::opt<std::string>
    dataDir("data", cl::Required,
            cl::desc("Directory of the <case>.safetensors files written by "
                     "bench/cases.py --write"),
            cl::value_desc("dir"));
cl::list<std::string>
    caseNames("cases",
              cl::desc("Cases to run, comma-separated (default: seed_model, "
                       "resnet18_features)"),
              cl::CommaSeparated);
cl::opt<unsigned> warmupRuns("warmup", cl::desc("Untimed runs (default 10)"),
                             cl::init(10));
cl::opt<unsigned> timedRuns("runs", cl::desc("Timed runs (default 200)"),
                            cl::init(200));
cl::opt<std::string> format("format",
                            cl::desc("GPU code format: isa, bin or fatbin "
                                     "(default: compileForCUDA's choice)"),
                            cl::init(""));

/// Emits a case's network with the weights of its safetensors file.
using EmitFn = std::function<llvm::Error(mlir::ModuleOp, nn::WeightSource &)>;

template <class M> EmitFn emitter() {
  return [](mlir::ModuleOp module, nn::WeightSource &weights) -> llvm::Error {
    nn::EmitOptions options;
    options.weights = &weights;
    auto function = nn::emitModel<M>(module, options);
    return function ? llvm::Error::success() : function.takeError();
  };
}

const std::map<std::string, EmitFn> &getCases() {
  static const std::map<std::string, EmitFn> cases = {
      {"seed_model", emitter<models::SeedModel>()},
      {"resnet18_features", emitter<models::ResNet18Features>()},
  };
  return cases;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Device memory freed at the end of a case.
struct DeviceBuffer {
  void *pointer = nullptr;
  ~DeviceBuffer() { llvm::consumeError(cuda::release(pointer)); }
};

llvm::Error runCase(const std::string &name, const EmitFn &emit) {
  auto data = SafeTensorsFile::open(dataDir + "/" + name + ".safetensors");
  if (!data)
    return data.takeError();
  std::vector<float> values;
  nn::FunctionWeightSource weights(
      [&](const ParameterSpec &spec) -> llvm::Expected<llvm::ArrayRef<float>> {
        const SafeTensorInfo *info = data->lookup(spec.name);
        if (!info)
          return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                         "no weight '" + spec.name + "'");
        auto read = data->readF32(*info);
        if (!read)
          return read.takeError();
        values = std::move(*read);
        return llvm::ArrayRef<float>(values);
      });
  mlir::MLIRContext context;
  mlir::OpBuilder builder(&context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(builder.getUnknownLoc());
  if (llvm::Error error = emit(*module, weights))
    return error;

  CudaCompileOptions options;
  options.format = format;
  auto start = std::chrono::steady_clock::now();
  auto kernel = compileForCUDA(*module, options);
  if (!kernel)
    return kernel.takeError();
  double compileSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  const SafeTensorInfo *inputInfo = data->lookup("@input");
  const SafeTensorInfo *expectedInfo = data->lookup("@expected");
  if (!inputInfo || !expectedInfo)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no @input or @expected in the case");
  auto input = data->readF32(*inputInfo);
  if (!input)
    return input.takeError();
  auto expected = data->readF32(*expectedInfo);
  if (!expected)
    return expected.takeError();
  llvm::SmallVector<int64_t, 4> inputShape(inputInfo->shape.begin(),
                                           inputInfo->shape.end());
  llvm::SmallVector<int64_t, 4> outputShape(expectedInfo->shape.begin(),
                                            expectedInfo->shape.end());

  DeviceBuffer x, y;
  for (auto [buffer, bytes] :
       {std::pair{&x, input->size() * 4}, {&y, expected->size() * 4}}) {
    auto pointer = cuda::allocate(bytes);
    if (!pointer)
      return pointer.takeError();
    buffer->pointer = *pointer;
  }
  if (llvm::Error error =
          cuda::copy(x.pointer, input->data(), input->size() * 4))
    return error;
  auto run = [&] {
    return (*kernel)->runOnDevice({{x.pointer, inputShape}},
                                  {{y.pointer, outputShape}});
  };

  // Correctness first: the first run also loads the GPU code.
  start = std::chrono::steady_clock::now();
  if (llvm::Error error = run())
    return error;
  double firstRunSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::vector<float> output(expected->size());
  if (llvm::Error error =
          cuda::copy(output.data(), y.pointer, output.size() * 4))
    return error;
  double rtol = std::stod(data->getMetadata().at("rtol"));
  double atol = std::stod(data->getMetadata().at("atol"));
  size_t mismatches = 0;
  double maxError = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    double error = std::fabs(output[i] - (*expected)[i]);
    maxError = std::max(maxError, error);
    if (!(error <= rtol * std::fabs((*expected)[i]) + atol))
      ++mismatches;
  }

  for (unsigned i = 0; i < warmupRuns; ++i)
    if (llvm::Error error = run())
      return error;
  std::vector<double> times;
  for (unsigned i = 0; i < timedRuns; ++i) {
    start = std::chrono::steady_clock::now();
    if (llvm::Error error = run())
      return error;
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  auto device = cuda::getDeviceInfo();
  if (!device)
    return device.takeError();
  double mean = std::accumulate(times.begin(), times.end(), 0.0) / times.size();
  llvm::outs() << llvm::formatv(
      "{{\"case\": \"{0}\", \"device\": \"{1}\", \"chip\": \"{2}\", "
      "\"format\": \"{3}\", \"compile_s\": {4:f3}, \"first_run_ms\": {5:f3}, "
      "\"runs\": {6}, \"median_ms\": {7:f4}, \"min_ms\": {8:f4}, "
      "\"mean_ms\": {9:f4}, \"mismatches\": {10}, \"max_abs_error\": "
      "{11:e}}\n",
      name, device->name, (*kernel)->getChip(), (*kernel)->getFormat(),
      compileSeconds, firstRunSeconds * 1e3, times.size(), median(times),
      *std::min_element(times.begin(), times.end()), mean, mismatches,
      maxError);
  llvm::outs().flush();
  if (mismatches)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0}: {1} of {2} outputs differ from PyTorch's by more "
                      "than {3} * |torch| + {4}",
                      name, mismatches, output.size(), rtol, atol));
  return llvm::Error::success();
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "nnid's CUDA benchmark\n");
  if (llvm::Error error = cuda::initialize()) {
    llvm::errs() << "nnid-gpu-bench: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  std::vector<std::string> names(caseNames.begin(), caseNames.end());
  if (names.empty())
    names = {"seed_model", "resnet18_features"};
  int status = 0;
  for (const std::string &name : names) {
    auto it = getCases().find(name);
    if (it == getCases().end()) {
      llvm::errs() << "nnid-gpu-bench: unknown case '" << name << "'\n";
      status = 1;
      continue;
    }
    if (llvm::Error error = runCase(name, it->second)) {
      llvm::errs() << "nnid-gpu-bench: " << name << ": "
                   << llvm::toString(std::move(error)) << "\n";
      status = 1;
    }
  }
  return status;
}
