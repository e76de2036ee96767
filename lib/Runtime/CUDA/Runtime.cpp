//===- Runtime.cpp - nnid's CUDA runtime, for C++ callers -----------------===//

#include "Driver.h"

#include "nnid/Runtime/CUDA/Runtime.h"

#include "llvm/Support/FormatVariadic.h"

using namespace nnid::cuda;
using namespace nnid::cuda::detail;

std::string DeviceInfo::getChip() const {
  return llvm::formatv("sm_{0}{1}", major, minor).str();
}

llvm::Error nnid::cuda::initialize() {
  auto driver = getCurrentDriver();
  if (!driver)
    return driver.takeError();
  return llvm::Error::success();
}

llvm::Expected<DeviceInfo> nnid::cuda::getDeviceInfo() {
  auto driver = getDriver();
  if (!driver)
    return driver.takeError();
  return driver->info;
}

llvm::Expected<void *> nnid::cuda::allocate(size_t bytes) {
  auto driver = getCurrentDriver();
  if (!driver)
    return driver.takeError();
  CUdeviceptr pointer = 0;
  if (llvm::Error error =
          driver->check(driver->api.cuMemAlloc(&pointer, bytes),
                        llvm::formatv("cuMemAlloc({0} bytes)", bytes)))
    return std::move(error);
  return reinterpret_cast<void *>(pointer);
}

llvm::Error nnid::cuda::release(void *pointer) {
  if (!pointer)
    return llvm::Error::success();
  auto driver = getCurrentDriver();
  if (!driver)
    return driver.takeError();
  return driver->check(
      driver->api.cuMemFree(reinterpret_cast<CUdeviceptr>(pointer)),
      "cuMemFree");
}

llvm::Error nnid::cuda::copy(void *destination, const void *source,
                             size_t bytes) {
  if (!bytes)
    return llvm::Error::success();
  auto driver = getCurrentDriver();
  if (!driver)
    return driver.takeError();
  return driver->check(
      driver->api.cuMemcpy(reinterpret_cast<CUdeviceptr>(destination),
                           reinterpret_cast<CUdeviceptr>(source), bytes),
      llvm::formatv("cuMemcpy({0} bytes)", bytes));
}

llvm::Expected<bool> nnid::cuda::isDeviceMemory(const void *pointer) {
  auto driver = getCurrentDriver();
  if (!driver)
    return driver.takeError();
  unsigned type = 0;
  // Host memory the driver does not know about is an error, not a type.
  if (driver->api.cuPointerGetAttribute(
          &type, CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
          reinterpret_cast<CUdeviceptr>(pointer)) != CUDA_SUCCESS)
    return false;
  return type == CU_MEMORYTYPE_DEVICE || type == CU_MEMORYTYPE_UNIFIED;
}
