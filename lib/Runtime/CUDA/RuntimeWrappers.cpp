//===- RuntimeWrappers.cpp - the functions GPU host code calls ------------===//
//
// Each function makes the runtime's context current, calls the driver and
// records a failure with reportError. Once an error is pending on a thread,
// launches, copies, memsets and allocations do nothing (an allocation
// returns null), so that a failure does not cascade into launches on
// missing buffers; synchronizations and releases still run, so that
// nothing leaks.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"
#include "LastError.h"

#include "nnid/Runtime/CUDA/RuntimeWrappers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <mutex>
#include <string>

using namespace nnid::cuda;
using namespace nnid::cuda::detail;

namespace {

/// The driver with its context current, or null after reporting why not.
const Driver *activate() {
  auto driver = getCurrentDriver();
  if (!driver) {
    reportError(driver.takeError());
    return nullptr;
  }
  return &*driver;
}

/// activate(), or null without a call when an error is pending: for the
/// operations that must not run after a failure.
const Driver *activateUnlessFailed() {
  return hasPendingError() ? nullptr : activate();
}

/// Records a failed call; returns whether `result` is success.
bool succeeded(const Driver &driver, CUresult result, const llvm::Twine &what) {
  if (llvm::Error error = driver.check(result, what)) {
    reportError(std::move(error));
    return false;
  }
  return true;
}

CUdeviceptr toDevicePointer(const void *pointer) {
  return reinterpret_cast<CUdeviceptr>(pointer);
}

/// Kernel functions by module and name: launches look their kernel up on
/// every call.
class FunctionCache {
public:
  CUfunction lookup(CUmodule module, const char *name) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = functions.find({module, name});
    return it == functions.end() ? nullptr : it->second;
  }
  void insert(CUmodule module, const char *name, CUfunction function) {
    std::lock_guard<std::mutex> lock(mutex);
    functions[{module, name}] = function;
  }
  void forget(CUmodule module) {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = functions.begin(); it != functions.end();) {
      auto current = it++;
      if (current->first.first == module)
        functions.erase(current);
    }
  }

private:
  std::mutex mutex;
  llvm::DenseMap<std::pair<CUmodule, const char *>, CUfunction> functions;
};

FunctionCache &getFunctionCache() {
  static FunctionCache cache;
  return cache;
}

/// Loads a module image; `optLevel` >= 0 JIT-compiles PTX at that level.
void *loadModule(const void *image, int optLevel) {
  const Driver *driver = activate();
  if (!driver)
    return nullptr;
  char log[4096] = {};
  llvm::SmallVector<int, 3> options = {CU_JIT_ERROR_LOG_BUFFER,
                                       CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  llvm::SmallVector<void *, 3> values = {
      log, reinterpret_cast<void *>(static_cast<uintptr_t>(sizeof(log) - 1))};
  if (optLevel >= 0) {
    options.push_back(CU_JIT_OPTIMIZATION_LEVEL);
    values.push_back(reinterpret_cast<void *>(
        static_cast<uintptr_t>(std::min(optLevel, 4))));
  }
  CUmodule module = nullptr;
  CUresult result = driver->api.cuModuleLoadDataEx(
      &module, image, options.size(), options.data(), values.data());
  if (result == CUDA_SUCCESS)
    return module;
  std::string message = "cannot load the GPU code: " + driver->describe(result);
  if (result == CUDA_ERROR_NO_BINARY_FOR_GPU)
    message += llvm::formatv("; the device is {0} ({1}): compile for chip "
                             "{1}, or emit PTX (format isa)",
                             driver->info.name, driver->info.getChip())
                   .str();
  if (*log)
    message += std::string("\n") + log;
  reportError(llvm::createStringError(llvm::inconvertibleErrorCode(), message));
  return nullptr;
}

} // namespace

extern "C" void *mgpuModuleLoad(void *data, size_t /*size*/) {
  return loadModule(data, /*optLevel=*/-1);
}

extern "C" void *mgpuModuleLoadJIT(void *data, int optLevel) {
  return loadModule(data, optLevel);
}

extern "C" void mgpuModuleUnload(void *module) {
  if (!module)
    return;
  getFunctionCache().forget(static_cast<CUmodule>(module));
  if (const Driver *driver = activate())
    succeeded(*driver,
              driver->api.cuModuleUnload(static_cast<CUmodule>(module)),
              "cuModuleUnload");
}

extern "C" void *mgpuModuleGetFunction(void *module, const char *name) {
  if (hasPendingError())
    return nullptr;
  if (!module) {
    reportError(llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("cannot launch kernel '{0}': its GPU module is not "
                      "loaded",
                      name)));
    return nullptr;
  }
  auto cuModule = static_cast<CUmodule>(module);
  FunctionCache &cache = getFunctionCache();
  if (CUfunction function = cache.lookup(cuModule, name))
    return function;
  const Driver *driver = activate();
  if (!driver)
    return nullptr;
  CUfunction function = nullptr;
  if (!succeeded(*driver,
                 driver->api.cuModuleGetFunction(&function, cuModule, name),
                 llvm::formatv("cuModuleGetFunction('{0}')", name)))
    return nullptr;
  cache.insert(cuModule, name, function);
  return function;
}

extern "C" void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                                 intptr_t gridZ, intptr_t blockX,
                                 intptr_t blockY, intptr_t blockZ,
                                 int32_t sharedMemoryBytes, void *stream,
                                 void **params, void **extra,
                                 size_t /*paramsCount*/) {
  const Driver *driver = activateUnlessFailed();
  if (!driver)
    return;
  if (!function) {
    reportError(llvm::createStringError(llvm::inconvertibleErrorCode(),
                                        "launching a null kernel function"));
    return;
  }
  succeeded(*driver,
            driver->api.cuLaunchKernel(
                static_cast<CUfunction>(function), gridX, gridY, gridZ, blockX,
                blockY, blockZ, sharedMemoryBytes,
                static_cast<CUstream>(stream), params, extra),
            llvm::formatv("launching a kernel on grid ({0}, {1}, {2}) with "
                          "blocks ({3}, {4}, {5})",
                          gridX, gridY, gridZ, blockX, blockY, blockZ));
}

extern "C" void *mgpuStreamCreate() {
  const Driver *driver = activateUnlessFailed();
  if (!driver)
    return nullptr;
  // A blocking stream: its work waits for what was queued before on the
  // legacy default stream, such as the copies and uploads of the C++ API
  // (cuMemcpy), whose DMA may still be running when they return.
  CUstream stream = nullptr;
  if (!succeeded(*driver, driver->api.cuStreamCreate(&stream, /*flags=*/0),
                 "cuStreamCreate"))
    return nullptr;
  return stream;
}

extern "C" void mgpuStreamDestroy(void *stream) {
  if (!stream)
    return;
  if (const Driver *driver = activate())
    succeeded(*driver,
              driver->api.cuStreamDestroy(static_cast<CUstream>(stream)),
              "cuStreamDestroy");
}

extern "C" void mgpuStreamSynchronize(void *stream) {
  if (!stream)
    return;
  // Kernel faults surface here.
  if (const Driver *driver = activate())
    succeeded(*driver,
              driver->api.cuStreamSynchronize(static_cast<CUstream>(stream)),
              "running the GPU code (cuStreamSynchronize)");
}

extern "C" void mgpuStreamWaitEvent(void *stream, void *event) {
  const Driver *driver = activateUnlessFailed();
  if (!driver || !stream || !event)
    return;
  succeeded(*driver,
            driver->api.cuStreamWaitEvent(static_cast<CUstream>(stream),
                                          static_cast<CUevent>(event), 0),
            "cuStreamWaitEvent");
}

extern "C" void *mgpuEventCreate() {
  const Driver *driver = activateUnlessFailed();
  if (!driver)
    return nullptr;
  CUevent event = nullptr;
  if (!succeeded(*driver,
                 driver->api.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING),
                 "cuEventCreate"))
    return nullptr;
  return event;
}

extern "C" void mgpuEventDestroy(void *event) {
  if (!event)
    return;
  if (const Driver *driver = activate())
    succeeded(*driver, driver->api.cuEventDestroy(static_cast<CUevent>(event)),
              "cuEventDestroy");
}

extern "C" void mgpuEventSynchronize(void *event) {
  if (!event)
    return;
  if (const Driver *driver = activate())
    succeeded(*driver,
              driver->api.cuEventSynchronize(static_cast<CUevent>(event)),
              "running the GPU code (cuEventSynchronize)");
}

extern "C" void mgpuEventRecord(void *event, void *stream) {
  const Driver *driver = activateUnlessFailed();
  if (!driver || !event)
    return;
  succeeded(*driver,
            driver->api.cuEventRecord(static_cast<CUevent>(event),
                                      static_cast<CUstream>(stream)),
            "cuEventRecord");
}

extern "C" void *mgpuMemAlloc(uint64_t sizeBytes, void *stream,
                              bool isHostShared) {
  if (!sizeBytes)
    return nullptr;
  const Driver *driver = activateUnlessFailed();
  if (!driver)
    return nullptr;
  CUdeviceptr pointer = 0;
  CUresult result;
  if (isHostShared)
    result = driver->api.cuMemAllocManaged(&pointer, sizeBytes,
                                           CU_MEM_ATTACH_GLOBAL);
  else if (stream && driver->streamOrderedAllocation)
    result = driver->api.cuMemAllocAsync(&pointer, sizeBytes,
                                         static_cast<CUstream>(stream));
  else
    result = driver->api.cuMemAlloc(&pointer, sizeBytes);
  if (!succeeded(
          *driver, result,
          llvm::formatv("allocating {0} bytes of device memory", sizeBytes)))
    return nullptr;
  return reinterpret_cast<void *>(pointer);
}

extern "C" void mgpuMemFree(void *pointer, void *stream) {
  if (!pointer)
    return;
  const Driver *driver = activate();
  if (!driver)
    return;
  if (stream && driver->streamOrderedAllocation) {
    succeeded(*driver,
              driver->api.cuMemFreeAsync(toDevicePointer(pointer),
                                         static_cast<CUstream>(stream)),
              "cuMemFreeAsync");
    return;
  }
  // cuMemFree does not wait for the kernels that may still use the memory.
  if (stream)
    driver->api.cuStreamSynchronize(static_cast<CUstream>(stream));
  succeeded(*driver, driver->api.cuMemFree(toDevicePointer(pointer)),
            "cuMemFree");
}

extern "C" void mgpuMemcpy(void *destination, void *source, size_t sizeBytes,
                           void *stream) {
  const Driver *driver = activateUnlessFailed();
  if (!driver || !sizeBytes)
    return;
  succeeded(*driver,
            driver->api.cuMemcpyAsync(toDevicePointer(destination),
                                      toDevicePointer(source), sizeBytes,
                                      static_cast<CUstream>(stream)),
            llvm::formatv("copying {0} bytes (cuMemcpyAsync)", sizeBytes));
}

extern "C" void mgpuMemset32(void *destination, unsigned int value,
                             size_t count, void *stream) {
  const Driver *driver = activateUnlessFailed();
  if (!driver || !count)
    return;
  succeeded(*driver,
            driver->api.cuMemsetD32Async(toDevicePointer(destination), value,
                                         count, static_cast<CUstream>(stream)),
            "cuMemsetD32Async");
}

extern "C" void mgpuMemset16(void *destination, unsigned short value,
                             size_t count, void *stream) {
  const Driver *driver = activateUnlessFailed();
  if (!driver || !count)
    return;
  succeeded(*driver,
            driver->api.cuMemsetD16Async(toDevicePointer(destination), value,
                                         count, static_cast<CUstream>(stream)),
            "cuMemsetD16Async");
}

void nnid::cuda::forEachRuntimeFunction(
    llvm::function_ref<void(llvm::StringRef, void *)> fn) {
#define NNID_RUNTIME_FUNCTION(name) fn(#name, reinterpret_cast<void *>(&name))
  NNID_RUNTIME_FUNCTION(mgpuModuleLoad);
  NNID_RUNTIME_FUNCTION(mgpuModuleLoadJIT);
  NNID_RUNTIME_FUNCTION(mgpuModuleUnload);
  NNID_RUNTIME_FUNCTION(mgpuModuleGetFunction);
  NNID_RUNTIME_FUNCTION(mgpuLaunchKernel);
  NNID_RUNTIME_FUNCTION(mgpuStreamCreate);
  NNID_RUNTIME_FUNCTION(mgpuStreamDestroy);
  NNID_RUNTIME_FUNCTION(mgpuStreamSynchronize);
  NNID_RUNTIME_FUNCTION(mgpuStreamWaitEvent);
  NNID_RUNTIME_FUNCTION(mgpuEventCreate);
  NNID_RUNTIME_FUNCTION(mgpuEventDestroy);
  NNID_RUNTIME_FUNCTION(mgpuEventSynchronize);
  NNID_RUNTIME_FUNCTION(mgpuEventRecord);
  NNID_RUNTIME_FUNCTION(mgpuMemAlloc);
  NNID_RUNTIME_FUNCTION(mgpuMemFree);
  NNID_RUNTIME_FUNCTION(mgpuMemcpy);
  NNID_RUNTIME_FUNCTION(mgpuMemset32);
  NNID_RUNTIME_FUNCTION(mgpuMemset16);
#undef NNID_RUNTIME_FUNCTION
}
