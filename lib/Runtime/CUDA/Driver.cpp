//===- Driver.cpp - the CUDA driver API, loaded with dlopen ---------------===//

#include "Driver.h"
#include "nnid/Support/Error.h"

#include "llvm/Support/FormatVariadic.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

using namespace nnid::cuda;
using namespace nnid::cuda::detail;
using nnid::makeError;

/// Names of the errors met while setting up, for drivers that cannot name
/// them (the toolkit's stub library names none).
static const char *getKnownErrorName(CUresult result) {
  switch (result) {
  case 1:
    return "CUDA_ERROR_INVALID_VALUE";
  case 2:
    return "CUDA_ERROR_OUT_OF_MEMORY";
  case 3:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case 34:
    return "CUDA_ERROR_STUB_LIBRARY (the CUDA toolkit's stub libcuda, not a "
           "driver, was loaded)";
  case 35:
    return "CUDA_ERROR_INSUFFICIENT_DRIVER (the driver is older than the "
           "CUDA runtime)";
  case 46:
    return "CUDA_ERROR_DEVICE_UNAVAILABLE";
  case 100:
    return "CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)";
  case 999:
    return "CUDA_ERROR_UNKNOWN";
  default:
    return nullptr;
  }
}

std::string Driver::describe(CUresult result) const {
  const char *name = nullptr, *text = nullptr;
  if (api.cuGetErrorName(result, &name) != CUDA_SUCCESS || !name) {
    if (const char *known = getKnownErrorName(result))
      return known;
    return llvm::formatv("CUDA error {0}", result).str();
  }
  if (api.cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    return name;
  return llvm::formatv("{0} ({1})", name, text).str();
}

llvm::Error Driver::check(CUresult result, const llvm::Twine &what) const {
  if (result == CUDA_SUCCESS)
    return llvm::Error::success();
  return makeError(what + " failed: " + describe(result));
}

namespace {

/// A dlopen handle, closed unless released.
class Library {
public:
  explicit Library(void *handle) : handle(handle) {}
  Library(const Library &) = delete;
  ~Library() {
    if (handle)
      dlclose(handle);
  }
  void *get() const { return handle; }
  void release() { handle = nullptr; }

private:
  void *handle;
};

/// Resolves `symbol` into `slot`; false when the library lacks it.
template <typename F> bool resolve(void *library, const char *symbol, F &slot) {
  slot = reinterpret_cast<F>(dlsym(library, symbol));
  return slot != nullptr;
}

} // namespace

/// Resolves every function of DriverFunctions; names the first one missing.
static llvm::Error resolveFunctions(void *library, const std::string &path,
                                    DriverFunctions &api) {
  const char *missing = nullptr;
  auto require = [&](const char *symbol, auto &slot) {
    if (!missing && !resolve(library, symbol, slot))
      missing = symbol;
  };
  require("cuInit", api.cuInit);
  require("cuDriverGetVersion", api.cuDriverGetVersion);
  require("cuGetErrorName", api.cuGetErrorName);
  require("cuGetErrorString", api.cuGetErrorString);
  require("cuDeviceGetCount", api.cuDeviceGetCount);
  require("cuDeviceGet", api.cuDeviceGet);
  require("cuDeviceGetName", api.cuDeviceGetName);
  require("cuDeviceGetAttribute", api.cuDeviceGetAttribute);
  require("cuDeviceTotalMem_v2", api.cuDeviceTotalMem);
  require("cuDevicePrimaryCtxRetain", api.cuDevicePrimaryCtxRetain);
  require("cuCtxGetCurrent", api.cuCtxGetCurrent);
  require("cuCtxSetCurrent", api.cuCtxSetCurrent);
  require("cuModuleLoadData", api.cuModuleLoadData);
  require("cuModuleLoadDataEx", api.cuModuleLoadDataEx);
  require("cuModuleUnload", api.cuModuleUnload);
  require("cuModuleGetFunction", api.cuModuleGetFunction);
  require("cuLaunchKernel", api.cuLaunchKernel);
  require("cuStreamCreate", api.cuStreamCreate);
  require("cuStreamDestroy_v2", api.cuStreamDestroy);
  require("cuStreamSynchronize", api.cuStreamSynchronize);
  require("cuStreamWaitEvent", api.cuStreamWaitEvent);
  require("cuEventCreate", api.cuEventCreate);
  require("cuEventDestroy_v2", api.cuEventDestroy);
  require("cuEventRecord", api.cuEventRecord);
  require("cuEventSynchronize", api.cuEventSynchronize);
  require("cuMemAlloc_v2", api.cuMemAlloc);
  require("cuMemAllocManaged", api.cuMemAllocManaged);
  require("cuMemFree_v2", api.cuMemFree);
  require("cuMemcpy", api.cuMemcpy);
  require("cuMemcpyAsync", api.cuMemcpyAsync);
  require("cuMemsetD32Async", api.cuMemsetD32Async);
  require("cuMemsetD16Async", api.cuMemsetD16Async);
  require("cuPointerGetAttribute", api.cuPointerGetAttribute);
  if (missing)
    return makeError(llvm::formatv("{0} is not a usable CUDA driver: it has "
                                   "no function {1}",
                                   path, missing));
  // Optional: older drivers lack stream-ordered allocation.
  if (!resolve(library, "cuMemAllocAsync", api.cuMemAllocAsync) ||
      !resolve(library, "cuMemFreeAsync", api.cuMemFreeAsync))
    api.cuMemAllocAsync = nullptr, api.cuMemFreeAsync = nullptr;
  return llvm::Error::success();
}

/// Fills in the device's description.
static llvm::Error queryDevice(Driver &driver) {
  const DriverFunctions &api = driver.api;
  char name[256] = {};
  if (llvm::Error error = driver.check(
          api.cuDeviceGetName(name, sizeof(name) - 1, driver.device),
          "cuDeviceGetName"))
    return error;
  DeviceInfo &info = driver.info;
  info.name = name;
  auto attribute = [&](int which, int &value) {
    return driver.check(api.cuDeviceGetAttribute(&value, which, driver.device),
                        "cuDeviceGetAttribute");
  };
  if (llvm::Error error =
          attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, info.major))
    return error;
  if (llvm::Error error =
          attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, info.minor))
    return error;
  if (llvm::Error error = attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                                    info.multiprocessors))
    return error;
  int pools = 0;
  // Memory pools are optional: ignore the attribute's failure on old drivers.
  if (api.cuDeviceGetAttribute(&pools,
                               CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED,
                               driver.device) != CUDA_SUCCESS)
    pools = 0;
  driver.streamOrderedAllocation = pools && api.cuMemAllocAsync;
  if (llvm::Error error =
          driver.check(api.cuDeviceTotalMem(&info.totalMemory, driver.device),
                       "cuDeviceTotalMem"))
    return error;
  return driver.check(api.cuDriverGetVersion(&info.driverVersion),
                      "cuDriverGetVersion");
}

llvm::Expected<std::unique_ptr<Driver>>
nnid::cuda::detail::loadDriver(const std::string &path) {
  Library library(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (!library.get()) {
    const char *reason = dlerror();
    return makeError(llvm::formatv("no CUDA driver: {0} not found ({1})", path,
                                   reason ? reason : "dlopen failed"));
  }
  auto driver = std::make_unique<Driver>();
  if (llvm::Error error = resolveFunctions(library.get(), path, driver->api))
    return std::move(error);
  const DriverFunctions &api = driver->api;
  if (CUresult result = api.cuInit(0))
    return makeError(llvm::formatv("no usable CUDA driver: cuInit failed: {0}",
                                   driver->describe(result)));
  int count = 0;
  if (llvm::Error error =
          driver->check(api.cuDeviceGetCount(&count), "cuDeviceGetCount"))
    return std::move(error);
  if (count < 1)
    return makeError("no CUDA device: the driver reports no devices");
  if (llvm::Error error =
          driver->check(api.cuDeviceGet(&driver->device, 0), "cuDeviceGet"))
    return std::move(error);
  if (llvm::Error error = queryDevice(*driver))
    return std::move(error);
  if (llvm::Error error = driver->check(
          api.cuDevicePrimaryCtxRetain(&driver->context, driver->device),
          "cuDevicePrimaryCtxRetain"))
    return std::move(error);
  // The driver stays loaded for the life of the process.
  library.release();
  return std::move(driver);
}

/// The driver library to load: $NNID_CUDA_DRIVER or libcuda.so.1.
static std::string getDriverPath() {
  if (const char *path = std::getenv(kDriverEnvironmentVariable))
    if (*path)
      return path;
  return "libcuda.so.1";
}

llvm::Expected<const Driver &> nnid::cuda::detail::getDriver() {
  static std::once_flag once;
  static std::unique_ptr<Driver> driver;
  static std::string failure;
  std::call_once(once, [] {
    auto loaded = loadDriver(getDriverPath());
    if (loaded)
      driver = std::move(*loaded);
    else
      failure = llvm::toString(loaded.takeError());
  });
  if (!driver)
    return makeError(failure);
  return *driver;
}

llvm::Expected<const Driver &> nnid::cuda::detail::getCurrentDriver() {
  auto driver = getDriver();
  if (!driver)
    return driver.takeError();
  // Other code on this thread (the CUDA runtime, another library) may have
  // made another context current since nnid last ran here.
  CUcontext current = nullptr;
  if (driver->api.cuCtxGetCurrent(&current) == CUDA_SUCCESS &&
      current == driver->context)
    return *driver;
  if (llvm::Error error = driver->check(
          driver->api.cuCtxSetCurrent(driver->context), "cuCtxSetCurrent"))
    return std::move(error);
  return *driver;
}

llvm::Error nnid::cuda::probeDriver(const std::string &path) {
  auto driver = loadDriver(path);
  if (!driver)
    return driver.takeError();
  return llvm::Error::success();
}
