//===- Driver.h - the CUDA driver API, loaded with dlopen -------*- C++ -*-===//
//
// The few types, constants and functions of the CUDA driver API nnid uses,
// declared here so that nnid builds without cuda.h, and the driver itself,
// loaded once per process with dlopen.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_RUNTIME_CUDA_DRIVER_H
#define NNID_LIB_RUNTIME_CUDA_DRIVER_H

#include "nnid/Runtime/CUDA/Runtime.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <memory>
#include <string>

namespace nnid::cuda::detail {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;

enum : CUresult { CUDA_SUCCESS = 0, CUDA_ERROR_NO_BINARY_FOR_GPU = 209 };
enum : int {
  CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED = 115,
};
enum : int {
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  CU_JIT_OPTIMIZATION_LEVEL = 7,
};
enum : int { CU_POINTER_ATTRIBUTE_MEMORY_TYPE = 2 };
enum : unsigned {
  CU_MEMORYTYPE_HOST = 1,
  CU_MEMORYTYPE_DEVICE = 2,
  CU_MEMORYTYPE_UNIFIED = 4,
};
enum : unsigned {
  CU_EVENT_DISABLE_TIMING = 2,
  CU_MEM_ATTACH_GLOBAL = 1,
};

/// The driver functions nnid calls, resolved with dlsym (the names are the
/// versioned symbols that cuda.h's macros select, e.g. cuMemAlloc_v2).
struct DriverFunctions {
  CUresult (*cuInit)(unsigned flags);
  CUresult (*cuDriverGetVersion)(int *version);
  CUresult (*cuGetErrorName)(CUresult error, const char **name);
  CUresult (*cuGetErrorString)(CUresult error, const char **text);
  CUresult (*cuDeviceGetCount)(int *count);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDeviceGetName)(char *name, int length, CUdevice device);
  CUresult (*cuDeviceGetAttribute)(int *value, int attribute, CUdevice device);
  CUresult (*cuDeviceTotalMem)(size_t *bytes, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuCtxGetCurrent)(CUcontext *context);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuModuleLoadData)(CUmodule *module, const void *image);
  CUresult (*cuModuleLoadDataEx)(CUmodule *module, const void *image,
                                 unsigned numOptions, int *options,
                                 void **values);
  CUresult (*cuModuleUnload)(CUmodule module);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module,
                                  const char *name);
  CUresult (*cuLaunchKernel)(CUfunction function, unsigned gridX,
                             unsigned gridY, unsigned gridZ, unsigned blockX,
                             unsigned blockY, unsigned blockZ,
                             unsigned sharedMemoryBytes, CUstream stream,
                             void **params, void **extra);
  CUresult (*cuStreamCreate)(CUstream *stream, unsigned flags);
  CUresult (*cuStreamDestroy)(CUstream stream);
  CUresult (*cuStreamSynchronize)(CUstream stream);
  CUresult (*cuStreamWaitEvent)(CUstream stream, CUevent event, unsigned flags);
  CUresult (*cuEventCreate)(CUevent *event, unsigned flags);
  CUresult (*cuEventDestroy)(CUevent event);
  CUresult (*cuEventRecord)(CUevent event, CUstream stream);
  CUresult (*cuEventSynchronize)(CUevent event);
  CUresult (*cuMemAlloc)(CUdeviceptr *pointer, size_t bytes);
  CUresult (*cuMemAllocManaged)(CUdeviceptr *pointer, size_t bytes,
                                unsigned flags);
  CUresult (*cuMemFree)(CUdeviceptr pointer);
  CUresult (*cuMemcpy)(CUdeviceptr destination, CUdeviceptr source,
                       size_t bytes);
  CUresult (*cuMemcpyAsync)(CUdeviceptr destination, CUdeviceptr source,
                            size_t bytes, CUstream stream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr destination, unsigned value,
                               size_t count, CUstream stream);
  CUresult (*cuMemsetD16Async)(CUdeviceptr destination, unsigned short value,
                               size_t count, CUstream stream);
  CUresult (*cuPointerGetAttribute)(void *data, int attribute,
                                    CUdeviceptr pointer);
  /// Stream-ordered allocation (CUDA 11.2 and later); null when missing.
  CUresult (*cuMemAllocAsync)(CUdeviceptr *pointer, size_t bytes,
                              CUstream stream);
  CUresult (*cuMemFreeAsync)(CUdeviceptr pointer, CUstream stream);
};

/// The loaded driver and the device nnid runs on.
struct Driver {
  DriverFunctions api;
  CUdevice device = 0;
  CUcontext context = nullptr;
  DeviceInfo info;
  /// Whether allocations may be stream-ordered (cuMemAllocAsync).
  bool streamOrderedAllocation = false;

  /// "CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)".
  std::string describe(CUresult result) const;
  /// An error "<what> failed: <describe(result)>", or success.
  llvm::Error check(CUresult result, const llvm::Twine &what) const;
};

/// Loads the driver on first use (thread-safe) and returns it, or the reason
/// it cannot be used.
llvm::Expected<const Driver &> getDriver();

/// getDriver(), with its context current on the calling thread.
llvm::Expected<const Driver &> getCurrentDriver();

/// Loads and initializes the driver library `path` ("libcuda.so.1" or a
/// path), selects device 0 and retains its primary context; the error says
/// why that is not possible.
llvm::Expected<std::unique_ptr<Driver>> loadDriver(const std::string &path);

} // namespace nnid::cuda::detail

#endif // NNID_LIB_RUNTIME_CUDA_DRIVER_H
