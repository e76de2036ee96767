//===- CudaRuntimeTest.cpp - the CUDA runtime without a driver ------------===//
//
// This binary points NNID_CUDA_DRIVER at a library that does not exist
// before anything loads the driver, so that every machine, with or without
// a GPU, runs the runtime as a machine without a driver does: every entry
// point must report an error, none may crash or abort.
//
//===----------------------------------------------------------------------===//

#include "nnid/Runtime/CUDA/Runtime.h"
#include "nnid/Runtime/CUDA/RuntimeWrappers.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

using namespace nnid;

namespace {

constexpr const char *kMissingDriver = "/nonexistent/nnid/libcuda.so.1";

// Runs before main, so before any test can load the driver.
const bool driverHidden = [] {
  setenv(cuda::kDriverEnvironmentVariable, kMissingDriver, /*overwrite=*/1);
  return true;
}();

std::string errorMessage(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : std::string();
}

TEST(CudaRuntimeWithoutDriver, CxxCallsReturnErrors) {
  ASSERT_TRUE(driverHidden);
  std::string message = errorMessage(cuda::initialize());
  EXPECT_NE(message.find("no CUDA driver"), std::string::npos) << message;
  EXPECT_NE(message.find(kMissingDriver), std::string::npos) << message;
  EXPECT_NE(message.find("not found"), std::string::npos) << message;

  // The failure is remembered, not retried into a different message.
  EXPECT_EQ(errorMessage(cuda::initialize()), message);

  auto info = cuda::getDeviceInfo();
  EXPECT_EQ(errorMessage(info.takeError()), message);
  auto memory = cuda::allocate(1024);
  EXPECT_EQ(errorMessage(memory.takeError()), message);
  float host[4] = {};
  EXPECT_EQ(errorMessage(cuda::copy(host, host + 2, sizeof(float))), message);
  EXPECT_EQ(errorMessage(cuda::release(host)), message);
  // Releasing null needs no driver.
  EXPECT_EQ(errorMessage(cuda::release(nullptr)), "");
  auto isDevice = cuda::isDeviceMemory(host);
  EXPECT_EQ(errorMessage(isDevice.takeError()), message);
  EXPECT_FALSE(cuda::hasPendingError());
}

TEST(CudaRuntimeWithoutDriver, WrappersRecordTheFirstError) {
  ASSERT_FALSE(cuda::hasPendingError());
  const char image[] = "not a GPU module";
  void *module = mgpuModuleLoad(const_cast<char *>(image), sizeof(image));
  EXPECT_EQ(module, nullptr);
  ASSERT_TRUE(cuda::hasPendingError());

  // Everything after the failure is a quiet no-op.
  EXPECT_EQ(mgpuModuleLoadJIT(const_cast<char *>(image), 3), nullptr);
  void *function = mgpuModuleGetFunction(module, "kernel");
  EXPECT_EQ(function, nullptr);
  void *stream = mgpuStreamCreate();
  EXPECT_EQ(stream, nullptr);
  void *memory = mgpuMemAlloc(4096, stream, false);
  EXPECT_EQ(memory, nullptr);
  float host[16] = {};
  mgpuMemcpy(memory, host, sizeof(host), stream);
  mgpuMemset32(memory, 0, 16, stream);
  mgpuMemset16(memory, 0, 16, stream);
  void *params[1] = {&memory};
  mgpuLaunchKernel(function, 1, 1, 1, 256, 1, 1, 0, stream, params, nullptr, 1);
  void *event = mgpuEventCreate();
  EXPECT_EQ(event, nullptr);
  mgpuEventRecord(event, stream);
  mgpuStreamWaitEvent(stream, event);
  mgpuEventSynchronize(event);
  mgpuEventDestroy(event);
  mgpuStreamSynchronize(stream);
  mgpuMemFree(memory, stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);

  // The first error is the one reported, and taking it clears it.
  std::string message = errorMessage(cuda::takeLastError());
  EXPECT_NE(message.find("no CUDA driver"), std::string::npos) << message;
  EXPECT_FALSE(cuda::hasPendingError());
  EXPECT_EQ(errorMessage(cuda::takeLastError()), "");
}

TEST(CudaRuntimeWithoutDriver, EveryWrapperReportsWhenFirst) {
  // Each call on its own, with no error pending before it.
  auto reports = [](auto call) {
    EXPECT_FALSE(cuda::hasPendingError());
    call();
    std::string message = errorMessage(cuda::takeLastError());
    return message.find("no CUDA driver") != std::string::npos;
  };
  int value = 0;
  EXPECT_TRUE(reports([] { mgpuModuleLoadJIT(nullptr, 2); }));
  EXPECT_TRUE(reports([] { mgpuStreamCreate(); }));
  EXPECT_TRUE(reports([] { mgpuEventCreate(); }));
  EXPECT_TRUE(reports([] { mgpuMemAlloc(64, nullptr, false); }));
  EXPECT_TRUE(reports([] { mgpuMemAlloc(64, nullptr, true); }));
  EXPECT_TRUE(reports([&] { mgpuMemcpy(&value, &value, 4, nullptr); }));
  EXPECT_TRUE(reports([&] { mgpuMemFree(&value, nullptr); }));
  EXPECT_TRUE(reports([&] { mgpuStreamSynchronize(&value); }));
  EXPECT_TRUE(reports([&] { mgpuStreamDestroy(&value); }));
  EXPECT_TRUE(reports([&] { mgpuModuleUnload(&value); }));
  EXPECT_TRUE(reports([&] {
    mgpuLaunchKernel(&value, 1, 1, 1, 32, 1, 1, 0, nullptr, nullptr, nullptr,
                     0);
  }));
  // A kernel whose module did not load says so.
  EXPECT_FALSE(cuda::hasPendingError());
  EXPECT_EQ(mgpuModuleGetFunction(nullptr, "forward_kernel"), nullptr);
  std::string message = errorMessage(cuda::takeLastError());
  EXPECT_NE(message.find("'forward_kernel'"), std::string::npos) << message;
  EXPECT_NE(message.find("not loaded"), std::string::npos) << message;
  // Nothing to do needs no driver.
  EXPECT_EQ(mgpuMemAlloc(0, nullptr, false), nullptr);
  mgpuMemFree(nullptr, nullptr);
  mgpuStreamSynchronize(nullptr);
  EXPECT_FALSE(cuda::hasPendingError());
}

TEST(CudaRuntimeWithoutDriver, ErrorsBelongToTheirThread) {
  mgpuStreamCreate();
  ASSERT_TRUE(cuda::hasPendingError());
  bool otherHasError = true;
  std::thread([&] { otherHasError = cuda::hasPendingError(); }).join();
  EXPECT_FALSE(otherHasError);
  llvm::consumeError(cuda::takeLastError());
}

TEST(CudaRuntime, ProbeExplainsUnusableDrivers) {
  std::string missing = errorMessage(cuda::probeDriver(kMissingDriver));
  EXPECT_NE(missing.find("no CUDA driver"), std::string::npos) << missing;

  // A library that is not a driver.
  std::string notDriver = errorMessage(cuda::probeDriver("libm.so.6"));
  EXPECT_NE(notDriver.find("libm.so.6 is not a usable CUDA driver: it has no "
                           "function cuInit"),
            std::string::npos)
      << notDriver;

  // The toolkit's stub library links but cannot initialize.
  for (const char *stub : {"/usr/local/cuda/lib64/stubs/libcuda.so",
                           "/usr/local/cuda/targets/x86_64-linux/lib/stubs/"
                           "libcuda.so"}) {
    if (!llvm::sys::fs::exists(stub))
      continue;
    std::string message = errorMessage(cuda::probeDriver(stub));
    EXPECT_NE(message.find("cuInit failed"), std::string::npos) << message;
    EXPECT_NE(message.find("CUDA_ERROR_STUB_LIBRARY"), std::string::npos)
        << message;
  }
}

TEST(CudaRuntime, ListsEveryWrapper) {
  llvm::StringSet<> names;
  cuda::forEachRuntimeFunction([&](llvm::StringRef name, void *address) {
    EXPECT_NE(address, nullptr) << name.str();
    EXPECT_TRUE(names.insert(name).second) << name.str();
  });
  for (const char *name :
       {"mgpuModuleLoad", "mgpuModuleLoadJIT", "mgpuModuleUnload",
        "mgpuModuleGetFunction", "mgpuLaunchKernel", "mgpuStreamCreate",
        "mgpuStreamDestroy", "mgpuStreamSynchronize", "mgpuMemAlloc",
        "mgpuMemFree", "mgpuMemcpy"})
    EXPECT_TRUE(names.contains(name)) << name;
}

TEST(CudaRuntime, DeviceInfoNamesItsChip) {
  cuda::DeviceInfo info;
  info.major = 9;
  info.minor = 0;
  EXPECT_EQ(info.getChip(), "sm_90");
}

} // namespace
