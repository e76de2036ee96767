//===- CudaExecutionTest.cpp - nnid's CUDA target on a GPU ----------------===//
//
// Runs on an NVIDIA GPU only: the lit tests next to this file run it, case
// by case, when lit.local.cfg finds a GPU, and are unsupported otherwise.
// Without a usable GPU every test here fails: nothing is skipped.
//
//   - every PyTorch reference case that test/Integration/CPU/references.py
//     writes at build time (each op and attribute case; the seed model, a
//     ResNet basic block, an IdentityBasedConv1x1 block, an MLP), through
//     compileForCUDA, against PyTorch's results;
//   - the seed model and resnet18 with fc = Identity at 1x3x224x224 (C++
//     DSL, random weights), against the CPU path (compileForCPU), with
//     parameters as arguments and as constants, and with a dynamic batch;
//   - the API: runOnDevice on caller-owned device buffers, the GPU code
//     formats, errors on host pointers.
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
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace nnid;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Fails the test unless the GPU is usable, saying why.
void requireGPU() {
  llvm::Error error = cuda::initialize();
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  auto device = cuda::getDeviceInfo();
  ASSERT_TRUE(static_cast<bool>(device)) << llvm::toString(device.takeError());
  static bool printed = false;
  if (!printed) {
    printed = true;
    std::printf("GPU: %s (%s), %d multiprocessors, driver %d\n",
                device->name.c_str(), device->getChip().c_str(),
                device->multiprocessors, device->driverVersion);
  }
}

/// Counts the elements where |got - want| > rtol * |want| + atol (NaN
/// counts), reporting the first few.
size_t countMismatches(llvm::ArrayRef<float> got, llvm::ArrayRef<float> want,
                       double rtol, double atol, const std::string &what) {
  EXPECT_EQ(got.size(), want.size()) << what;
  size_t mismatches = 0;
  for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    if (std::fabs(got[i] - want[i]) <= rtol * std::fabs(want[i]) + atol)
      continue;
    if (++mismatches <= 5)
      ADD_FAILURE() << what << "[" << i << "]: GPU " << got[i] << ", expected "
                    << want[i];
  }
  return mismatches;
}

/// Buffers for a kernel's inputs and outputs.
struct Buffers {
  std::vector<std::vector<float>> inputData, outputData;
  std::vector<TensorRef> inputs;
  std::vector<MutableTensorRef> outputs;

  void addInput(std::vector<float> data, llvm::ArrayRef<int64_t> shape) {
    inputData.push_back(std::move(data));
    inputs.push_back({inputData.back(), llvm::SmallVector<int64_t, 4>(shape)});
  }
  void addOutput(llvm::ArrayRef<int64_t> shape) {
    size_t n = 1;
    for (int64_t d : shape)
      n *= d;
    outputData.emplace_back(n, NAN);
    outputs.push_back(
        {outputData.back(), llvm::SmallVector<int64_t, 4>(shape)});
  }
  void reserve(size_t inputs, size_t outputs) {
    inputData.reserve(inputs);
    outputData.reserve(outputs);
  }
};

//===----------------------------------------------------------------------===//
// PyTorch reference cases
//===----------------------------------------------------------------------===//

std::vector<std::string> listCases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(NNID_REFERENCE_DIR, ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef path = it->path();
    if (path.ends_with(".mlir"))
      names.push_back(llvm::sys::path::stem(path).str());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string casePath(const std::string &name, const char *extension) {
  return std::string(NNID_REFERENCE_DIR) + "/" + name + extension;
}

TEST(CudaReferenceCases, AreAllThere) {
  std::vector<std::string> names = listCases();
  EXPECT_GE(names.size(), 40u) << "no reference data in " << NNID_REFERENCE_DIR;
  for (const char *graph : {"graph_seed_model", "graph_resnet_basic_block",
                            "graph_identity_conv_block", "graph_concat_mlp"})
    EXPECT_NE(std::find(names.begin(), names.end(), graph), names.end())
        << graph;
}

class CudaReferenceCase : public ::testing::TestWithParam<std::string> {};

TEST_P(CudaReferenceCase, MatchesPyTorch) {
  requireGPU();
  const std::string &name = GetParam();
  auto source = llvm::MemoryBuffer::getFile(casePath(name, ".mlir"));
  ASSERT_TRUE(source) << source.getError().message();
  auto kernel = compileForCUDA((*source)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  auto data = SafeTensorsFile::open(casePath(name, ".safetensors"));
  ASSERT_TRUE(static_cast<bool>(data)) << llvm::toString(data.takeError());
  double rtol = std::stod(data->getMetadata().at("rtol"));
  double atol = std::stod(data->getMetadata().at("atol"));

  Buffers buffers;
  buffers.reserve((*kernel)->getInputs().size(),
                  (*kernel)->getOutputs().size());
  for (const TensorSpec &spec : (*kernel)->getInputs()) {
    const SafeTensorInfo *info = data->lookup(spec.name);
    ASSERT_TRUE(info) << "no tensor '" << spec.name << "'";
    auto values = data->readF32(*info);
    ASSERT_TRUE(static_cast<bool>(values))
        << llvm::toString(values.takeError());
    buffers.addInput(std::move(*values), info->shape);
  }
  std::vector<std::vector<float>> expected;
  for (size_t i = 0; i < (*kernel)->getOutputs().size(); ++i) {
    const SafeTensorInfo *info = data->lookup("expected." + std::to_string(i));
    ASSERT_TRUE(info);
    auto values = data->readF32(*info);
    ASSERT_TRUE(static_cast<bool>(values))
        << llvm::toString(values.takeError());
    expected.push_back(std::move(*values));
    buffers.addOutput(info->shape);
  }
  llvm::Error error = (*kernel)->run(buffers.inputs, buffers.outputs);
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(countMismatches(buffers.outputData[i], expected[i], rtol, atol,
                              name + " output " + std::to_string(i)),
              0u);
}

INSTANTIATE_TEST_SUITE_P(PyTorch, CudaReferenceCase,
                         ::testing::ValuesIn(listCases()),
                         [](const auto &info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CudaReferenceCase);

//===----------------------------------------------------------------------===//
// Whole models from the C++ DSL against the CPU path
//===----------------------------------------------------------------------===//

/// Deterministic random parameters of a plausible scale: He-uniform
/// weights, batch-norm statistics near their usual values.
std::vector<float> makeParameter(const std::string &name,
                                 llvm::ArrayRef<int64_t> shape,
                                 std::mt19937 &random) {
  int64_t count = 1, fanIn = 1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    count *= d;
    if (i > 0)
      fanIn *= d;
  }
  llvm::StringRef n(name);
  float low = -0.1f, high = 0.1f;
  if (n.ends_with("running_var") ||
      (n.ends_with("weight") && shape.size() == 1))
    low = 0.5f, high = 1.5f;
  else if (n.ends_with("weight")) {
    float bound = std::sqrt(6.0f / fanIn);
    low = -bound, high = bound;
  }
  std::uniform_real_distribution<float> distribution(low, high);
  std::vector<float> values(count);
  for (float &v : values)
    v = distribution(random);
  return values;
}

/// A model emitted by the DSL, compiled for the GPU and for the CPU, run on
/// the same random input and parameters: the outputs must agree.
template <class M>
void compareWithCPU(int64_t batch, bool frozen, double rtol = 1e-3) {
  requireGPU();
  mlir::MLIRContext context;
  mlir::OpBuilder builder(&context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(builder.getUnknownLoc());
  std::mt19937 random(42);
  std::map<std::string, std::vector<float>> parameters;
  for (const ParameterSpec &spec : M::getParameters())
    if (spec.dtype == DType::F32)
      parameters[spec.name] = makeParameter(spec.name, spec.shape, random);
  nn::FunctionWeightSource weights(
      [&](const ParameterSpec &spec) -> llvm::Expected<llvm::ArrayRef<float>> {
        return llvm::ArrayRef<float>(parameters.at(spec.name));
      });
  nn::EmitOptions options;
  if (frozen)
    options.weights = &weights;
  auto function = nn::emitModel<M>(*module, options);
  ASSERT_TRUE(static_cast<bool>(function))
      << llvm::toString(function.takeError());

  auto gpu = compileForCUDA(*module);
  ASSERT_TRUE(static_cast<bool>(gpu)) << llvm::toString(gpu.takeError());
  auto cpu = compileForCPU(*module);
  ASSERT_TRUE(static_cast<bool>(cpu)) << llvm::toString(cpu.takeError());

  auto concrete = [&](llvm::ArrayRef<int64_t> shape) {
    llvm::SmallVector<int64_t, 4> dims(shape);
    for (int64_t &d : dims)
      if (d == TensorSpec::kDynamic)
        d = batch;
    return dims;
  };
  Buffers gpuBuffers, cpuBuffers;
  gpuBuffers.reserve((*gpu)->getInputs().size(), 1);
  cpuBuffers.reserve((*gpu)->getInputs().size(), 1);
  for (const TensorSpec &spec : (*gpu)->getInputs()) {
    llvm::SmallVector<int64_t, 4> shape = concrete(spec.shape);
    std::vector<float> values;
    if (auto it = parameters.find(spec.name); it != parameters.end()) {
      values = it->second;
    } else {
      std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
      int64_t count = 1;
      for (int64_t d : shape)
        count *= d;
      values.resize(count);
      for (float &v : values)
        v = distribution(random);
    }
    gpuBuffers.addInput(values, shape);
    cpuBuffers.addInput(std::move(values), shape);
  }
  ASSERT_EQ((*gpu)->getOutputs().size(), 1u);
  llvm::SmallVector<int64_t, 4> outputShape =
      concrete((*gpu)->getOutputs()[0].shape);
  gpuBuffers.addOutput(outputShape);
  cpuBuffers.addOutput(outputShape);

  llvm::Error error = (*gpu)->run(gpuBuffers.inputs, gpuBuffers.outputs);
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  error = (*cpu)->run(cpuBuffers.inputs, cpuBuffers.outputs);
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));

  // Sums of thousands of products in different orders, through many layers:
  // agreement relative to each value and to the output's scale.
  const std::vector<float> &want = cpuBuffers.outputData[0];
  float scale = 0;
  for (float v : want)
    scale = std::max(scale, std::fabs(v));
  EXPECT_GT(scale, 0.0f);
  EXPECT_EQ(countMismatches(gpuBuffers.outputData[0], want, rtol, rtol * scale,
                            "output"),
            0u);
}

using SeedModelDynamic =
    nn::Model<models::SeedNetwork, nn::Input<nn::kDynamic, 3, 64, 64>>;

TEST(CudaModels, SeedModel) {
  compareWithCPU<models::SeedModel>(1, /*frozen=*/false);
}

TEST(CudaModels, SeedModelFrozenWeights) {
  compareWithCPU<models::SeedModel>(1, /*frozen=*/true);
}

TEST(CudaModels, SeedModelDynamicBatch) {
  compareWithCPU<SeedModelDynamic>(3, /*frozen=*/false);
}

TEST(CudaModels, ResNet18Features) {
  compareWithCPU<models::ResNet18Features>(1, /*frozen=*/false);
}

TEST(CudaModels, ResNet18FeaturesFrozenWeights) {
  compareWithCPU<models::ResNet18Features>(1, /*frozen=*/true);
}

//===----------------------------------------------------------------------===//
// The API on a GPU
//===----------------------------------------------------------------------===//

constexpr const char *kConvModel = R"mlir(
func.func @forward(%x: tensor<?x3x16x16xf32>, %w: tensor<8x3x3x3xf32>,
                   %b: tensor<8xf32>) -> tensor<?x8x8x8xf32> {
  %y = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>)
      -> tensor<?x8x16x16xf32>
  %r = nnid.relu %y : tensor<?x8x16x16xf32>
  %p = nnid.max_pool2d %r {kernel_size = array<i64: 2, 2>}
      : tensor<?x8x16x16xf32> -> tensor<?x8x8x8xf32>
  return %p : tensor<?x8x8x8xf32>
}
)mlir";

struct ConvData {
  std::vector<float> x = std::vector<float>(2 * 3 * 16 * 16),
                     w = std::vector<float>(8 * 3 * 3 * 3),
                     b = std::vector<float>(8);
  ConvData() {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
    for (std::vector<float> *v : {&x, &w, &b})
      for (float &e : *v)
        e = distribution(random);
  }
  std::vector<float> run(CudaKernel &kernel) {
    std::vector<float> y(2 * 8 * 8 * 8, NAN);
    llvm::Error error =
        kernel.run({{x, {2, 3, 16, 16}}, {w, {8, 3, 3, 3}}, {b, {8}}},
                   {{y, {2, 8, 8, 8}}});
    EXPECT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
    return y;
  }
};

TEST(CudaAPI, RunOnDeviceMatchesRun) {
  requireGPU();
  auto kernel = compileForCUDA(kConvModel);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  ConvData data;
  std::vector<float> expected = data.run(**kernel);

  std::vector<void *> device;
  llvm::scope_exit release([&] {
    for (void *p : device)
      llvm::consumeError(cuda::release(p));
  });
  for (size_t bytes : {data.x.size() * 4, data.w.size() * 4, data.b.size() * 4,
                       expected.size() * 4}) {
    auto pointer = cuda::allocate(bytes);
    ASSERT_TRUE(static_cast<bool>(pointer))
        << llvm::toString(pointer.takeError());
    device.push_back(*pointer);
  }
  for (auto [pointer, host] : llvm::zip(llvm::ArrayRef(device).take_front(3),
                                        std::vector<const std::vector<float> *>{
                                            &data.x, &data.w, &data.b})) {
    llvm::Error error = cuda::copy(pointer, host->data(), host->size() * 4);
    ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  }
  llvm::Error error = (*kernel)->runOnDevice({{device[0], {2, 3, 16, 16}},
                                              {device[1], {8, 3, 3, 3}},
                                              {device[2], {8}}},
                                             {{device[3], {2, 8, 8, 8}}});
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  std::vector<float> got(expected.size(), NAN);
  error = cuda::copy(got.data(), device[3], got.size() * 4);
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  EXPECT_EQ(got, expected);

  // Host pointers are refused, and so is a wrong batch in the outputs,
  // which the GPU code checks.
  std::vector<float> y(2 * 8 * 8 * 8);
  error = (*kernel)->runOnDevice({{data.x.data(), {2, 3, 16, 16}},
                                  {device[1], {8, 3, 3, 3}},
                                  {device[2], {8}}},
                                 {{device[3], {2, 8, 8, 8}}});
  std::string message = llvm::toString(std::move(error));
  EXPECT_NE(message.find("input 0 is not CUDA device memory"),
            std::string::npos)
      << message;
  error = (*kernel)->runOnDevice({{device[0], {1, 3, 16, 16}},
                                  {device[1], {8, 3, 3, 3}},
                                  {device[2], {8}}},
                                 {{device[3], {2, 8, 8, 8}}});
  message = llvm::toString(std::move(error));
  EXPECT_NE(message.find("does not match the shape the model computes"),
            std::string::npos)
      << message;
}

TEST(CudaAPI, FormatsAndChipAgree) {
  requireGPU();
  ConvData data;
  std::vector<float> reference;
  for (const char *format : {"isa", "bin", "fatbin"}) {
    CudaCompileOptions options;
    options.format = format;
    auto kernel = compileForCUDA(kConvModel, options);
    ASSERT_TRUE(static_cast<bool>(kernel))
        << format << ": " << llvm::toString(kernel.takeError());
    auto device = cuda::getDeviceInfo();
    ASSERT_TRUE(static_cast<bool>(device));
    EXPECT_EQ((*kernel)->getChip(), device->getChip());
    std::vector<float> y = data.run(**kernel);
    if (reference.empty())
      reference = y;
    else
      EXPECT_EQ(y, reference) << format;
  }
}

TEST(CudaAPI, CodeForAnotherChipIsAnError) {
  requireGPU();
  auto device = cuda::getDeviceInfo();
  ASSERT_TRUE(static_cast<bool>(device));
  CudaCompileOptions options;
  // A cubin for another major architecture, which the device cannot run.
  options.chip = device->major == 9 ? "sm_80" : "sm_90";
  options.format = "bin";
  auto kernel = compileForCUDA(kConvModel, options);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  ConvData data;
  std::vector<float> y(2 * 8 * 8 * 8, NAN);
  for (int attempt = 0; attempt < 2; ++attempt) {
    llvm::Error error = (*kernel)->run(
        {{data.x, {2, 3, 16, 16}}, {data.w, {8, 3, 3, 3}}, {data.b, {8}}},
        {{y, {2, 8, 8, 8}}});
    std::string message = llvm::toString(std::move(error));
    EXPECT_NE(message.find("did not load"), std::string::npos) << message;
  }
  EXPECT_TRUE(std::isnan(y[0]));
  // The process's GPU still works.
  auto good = compileForCUDA(kConvModel);
  ASSERT_TRUE(static_cast<bool>(good)) << llvm::toString(good.takeError());
  std::vector<float> result = data.run(**good);
  EXPECT_FALSE(std::isnan(result[0]));
}

} // namespace
