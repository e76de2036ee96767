//===- Runtime.h - nnid's CUDA runtime --------------------------*- C++ -*-===//
//
// nnid's GPU code runs on the CUDA driver API, which this runtime loads with
// dlopen the first time it is needed: libcuda.so.1, or the library named by
// the NNID_CUDA_DRIVER environment variable. nnid therefore builds, links and
// runs everything else on machines without a GPU or a driver; only running
// GPU code needs them, and their absence is an error value, never an abort.
//
// The runtime works on device 0 (CUDA_VISIBLE_DEVICES selects it) through
// its primary context, which it makes current on each thread that calls it.
//
// Compiled host code calls the runtime through the mgpu* functions of
// RuntimeWrappers.h, which cannot return errors: a failing call records its
// error for the calling thread, and every later launch, copy or allocation
// on that thread does nothing until the error is taken with takeLastError().
//
//===----------------------------------------------------------------------===//

#ifndef NNID_RUNTIME_CUDA_RUNTIME_H
#define NNID_RUNTIME_CUDA_RUNTIME_H

#include "llvm/Support/Error.h"

#include <cstddef>
#include <string>

namespace nnid::cuda {

/// The device the runtime uses.
struct DeviceInfo {
  std::string name;
  /// Compute capability, e.g. 9.0 for an H100.
  int major = 0, minor = 0;
  int multiprocessors = 0;
  size_t totalMemory = 0;
  /// CUDA driver version as the driver reports it (12040 is 12.4).
  int driverVersion = 0;

  /// "sm_90".
  std::string getChip() const;
};

/// The environment variable that names the driver library to load instead
/// of libcuda.so.1.
inline constexpr const char *kDriverEnvironmentVariable = "NNID_CUDA_DRIVER";

/// Loads the driver, initializes it and makes device 0's primary context
/// current on the calling thread. Loading happens once per process; its
/// failure ("no CUDA driver: libcuda.so.1 not found ...", "no CUDA device:
/// ...") is returned by every call.
llvm::Error initialize();

/// The device, after initialize().
llvm::Expected<DeviceInfo> getDeviceInfo();

/// Device memory, owned by the caller of allocate() until release().
llvm::Expected<void *> allocate(size_t bytes);
llvm::Error release(void *pointer);

/// Synchronous copies between host and device memory (either direction, as
/// unified addressing tells them apart).
llvm::Error copy(void *destination, const void *source, size_t bytes);

/// Whether `pointer` is device (or managed) memory of the runtime's device.
llvm::Expected<bool> isDeviceMemory(const void *pointer);

/// Loads and initializes the driver library `path` on its own, apart from
/// the runtime's driver, and returns why it cannot be used, or success: a
/// check of a driver installation.
llvm::Error probeDriver(const std::string &path);

/// The first error an mgpu* call reported on this thread since the last
/// call, or success; clears it.
llvm::Error takeLastError();

/// Whether an mgpu* call has reported an error on this thread that has not
/// been taken yet.
bool hasPendingError();

} // namespace nnid::cuda

#endif // NNID_RUNTIME_CUDA_RUNTIME_H
