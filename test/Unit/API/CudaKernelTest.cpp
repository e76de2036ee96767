//===- CudaKernelTest.cpp - compileForCUDA on a machine without a GPU -----===//
//
// This binary points NNID_CUDA_DRIVER at a library that does not exist
// before anything loads the driver, so that it tests, on every machine, what
// a user without a GPU or driver gets: kernels that compile, and runs that
// fail with an error saying why, writing nothing. Execution on a GPU is
// tested by test/Integration/CUDA.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/Conversion/GPU/CudaTarget.h"
#include "nnid/Runtime/CUDA/Runtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

using namespace nnid;

namespace {

constexpr const char *kMissingDriver = "/nonexistent/nnid/libcuda.so.1";

// Runs before main, so before anything can load the driver.
const bool driverHidden = [] {
  setenv(cuda::kDriverEnvironmentVariable, kMissingDriver, /*overwrite=*/1);
  return true;
}();

constexpr const char *kModel = R"mlir(
func.func @forward(%x: tensor<?x3x8x8xf32> {nnid.name = "x"},
                   %w: tensor<4x3x3x3xf32> {nnid.name = "conv.weight"},
                   %b: tensor<4xf32> {nnid.name = "conv.bias"})
    -> tensor<?x4x4x4xf32> {
  %y = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
      -> tensor<?x4x8x8xf32>
  %r = nnid.relu %y : tensor<?x4x8x8xf32>
  %p = nnid.max_pool2d %r {kernel_size = array<i64: 2, 2>}
      : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}
)mlir";

std::string message(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : std::string();
}

/// Sets an environment variable for the life of the object.
class ScopedEnvironment {
public:
  ScopedEnvironment(const char *name, const char *value) : name(name) {
    if (const char *old = std::getenv(name))
      previous = old;
    setenv(name, value, 1);
  }
  ~ScopedEnvironment() {
    if (previous)
      setenv(name, previous->c_str(), 1);
    else
      unsetenv(name);
  }

private:
  const char *name;
  std::optional<std::string> previous;
};

class CudaKernelWithoutDriver : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(driverHidden);
    CudaCompileOptions options;
    options.chip = "sm_90";
    options.format = "isa";
    auto compiled = compileForCUDA(kModel, options);
    ASSERT_TRUE(static_cast<bool>(compiled))
        << llvm::toString(compiled.takeError());
    kernel = std::move(*compiled);
  }

  std::unique_ptr<CudaKernel> kernel;
  std::vector<float> x = std::vector<float>(2 * 3 * 8 * 8, 1.0f);
  std::vector<float> w = std::vector<float>(4 * 3 * 3 * 3, 0.5f);
  std::vector<float> b = std::vector<float>(4, 0.25f);
  std::vector<float> y = std::vector<float>(2 * 4 * 4 * 4, NAN);
};

TEST_F(CudaKernelWithoutDriver, Compiles) {
  EXPECT_EQ(kernel->getChip(), "sm_90");
  EXPECT_EQ(kernel->getFormat(), "isa");
  ASSERT_EQ(kernel->getInputs().size(), 3u);
  EXPECT_EQ(kernel->getInputs()[0].name, "x");
  EXPECT_EQ(kernel->getInputs()[0].str(), "[?, 3, 8, 8]");
  EXPECT_EQ(kernel->getInputs()[1].name, "conv.weight");
  ASSERT_EQ(kernel->getOutputs().size(), 1u);
  EXPECT_EQ(kernel->getOutputs()[0].str(), "[?, 4, 4, 4]");
}

TEST_F(CudaKernelWithoutDriver, RunSaysThereIsNoDriver) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string error = message(kernel->run(
        {{x, {2, 3, 8, 8}}, {w, {4, 3, 3, 3}}, {b, {4}}}, {{y, {2, 4, 4, 4}}}));
    EXPECT_NE(error.find("no CUDA driver"), std::string::npos) << error;
    EXPECT_NE(error.find(kMissingDriver), std::string::npos) << error;
  }
  for (float v : y)
    ASSERT_TRUE(std::isnan(v)) << "an output was written";
  EXPECT_FALSE(cuda::hasPendingError());
}

TEST_F(CudaKernelWithoutDriver, RunOnDeviceSaysThereIsNoDriver) {
  // Addresses that would be device buffers: never dereferenced here.
  auto *fake = reinterpret_cast<float *>(0x7f0000000000);
  std::string error = message(kernel->runOnDevice(
      {{fake, {2, 3, 8, 8}}, {fake + 1024, {4, 3, 3, 3}}, {fake + 2048, {4}}},
      {{fake + 4096, {2, 4, 4, 4}}}));
  EXPECT_NE(error.find("no CUDA driver"), std::string::npos) << error;
}

TEST_F(CudaKernelWithoutDriver, BuffersAreCheckedFirst) {
  std::string error = message(kernel->run(
      {{x, {2, 3, 8, 8}}, {w, {4, 3, 3, 3}}, {b, {4}}}, {{y, {2, 4, 4, 5}}}));
  EXPECT_NE(error.find("output 0 has shape [2, 4, 4, 5], but the kernel "
                       "expects [?, 4, 4, 4]"),
            std::string::npos)
      << error;
  error = message(kernel->run({{x, {2, 3, 8, 8}}}, {{y, {2, 4, 4, 4}}}));
  EXPECT_NE(error.find("the kernel takes 3 inputs, got 1"), std::string::npos)
      << error;

  // The same checks for device buffers, on their shapes and addresses.
  auto *fake = reinterpret_cast<float *>(0x7f0000000000);
  error = message(kernel->runOnDevice(
      {{fake, {2, 3, 8, 8}}, {fake + 1024, {4, 3, 3, 3}}, {fake + 2048, {4}}},
      {{fake + 100, {2, 4, 4, 4}}}));
  EXPECT_NE(error.find("output 0 overlaps input 0"), std::string::npos)
      << error;
  error = message(kernel->runOnDevice(
      {{fake, {2, 3, 8, 8}}, {fake + 1024, {4, 3, 3, 3}}, {fake + 2048, {2}}},
      {{fake + 4096, {2, 4, 4, 4}}}));
  EXPECT_NE(error.find("input 2 has shape [2], but the kernel expects [4]"),
            std::string::npos)
      << error;
}

TEST(CudaCompile, ChoosesTargetWithoutDriver) {
  // No driver to ask: sm_90, and bin exactly when ptxas is found.
  auto kernel = compileForCUDA(kModel);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ((*kernel)->getChip(), "sm_90");
  bool hasPtxas = findCudaTool("ptxas", findCudaToolkit()).has_value();
  EXPECT_EQ((*kernel)->getFormat(), hasPtxas ? "bin" : "isa");
}

TEST(CudaCompile, OtherChips) {
  CudaCompileOptions options;
  options.chip = "sm_80";
  options.format = "isa";
  auto kernel = compileForCUDA(kModel, options);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ((*kernel)->getChip(), "sm_80");
}

TEST(CudaCompile, ReportsMissingToolkit) {
  ScopedEnvironment home("CUDA_HOME", "/nonexistent/nnid/cuda");
  ScopedEnvironment path("PATH", "/nonexistent/nnid/bin");
  CudaCompileOptions options;
  options.format = "bin";
  auto kernel = compileForCUDA(kModel, options);
  ASSERT_FALSE(static_cast<bool>(kernel));
  std::string error = llvm::toString(kernel.takeError());
  EXPECT_NE(error.find("cannot compile the module for CUDA (sm_90, format "
                       "bin)"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("format 'bin' needs 'ptxas' from the CUDA toolkit"),
            std::string::npos)
      << error;

  // PTX needs no toolkit, and the default falls back to it.
  unsetenv("CUDA_HOME");
  options.format = "isa";
  auto ptx = compileForCUDA(kModel, options);
  EXPECT_TRUE(static_cast<bool>(ptx)) << llvm::toString(ptx.takeError());
}

TEST(CudaCompile, ReportsInvalidInput) {
  auto kernel = compileForCUDA("func.func @forward(%x: f32) -> f32 {\n"
                               "  return %x : f32\n}\n");
  ASSERT_FALSE(static_cast<bool>(kernel));
  std::string error = llvm::toString(kernel.takeError());
  EXPECT_NE(error.find("must be a ranked f32 tensor"), std::string::npos)
      << error;

  CudaCompileOptions options;
  options.chip = "sm_100";
  options.features = "+ptx70";
  options.format = "isa";
  kernel = compileForCUDA(kModel, options);
  ASSERT_FALSE(static_cast<bool>(kernel));
  error = llvm::toString(kernel.takeError());
  EXPECT_NE(error.find("sm_100 needs PTX 8.6"), std::string::npos) << error;
}

} // namespace
