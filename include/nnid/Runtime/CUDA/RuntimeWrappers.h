//===- RuntimeWrappers.h - the functions GPU host code calls ----*- C++ -*-===//
//
// MLIR's GPU-to-LLVM lowering turns module loading, kernel launches, streams,
// events and device memory operations into calls to these functions (the
// interface of upstream's CUDA runtime wrappers). nnid implements them over
// the CUDA driver loaded at run time (Runtime.h). None of them aborts: an
// error is recorded for the calling thread (nnid::cuda::takeLastError), and
// launches, copies and allocations after it do nothing.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_RUNTIME_CUDA_RUNTIMEWRAPPERS_H
#define NNID_RUNTIME_CUDA_RUNTIMEWRAPPERS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>

extern "C" {
void *mgpuModuleLoad(void *data, size_t size);
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedMemoryBytes, void *stream,
                      void **params, void **extra, size_t paramsCount);
void *mgpuStreamCreate();
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate();
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);
void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared);
void mgpuMemFree(void *pointer, void *stream);
void mgpuMemcpy(void *destination, void *source, size_t sizeBytes,
                void *stream);
void mgpuMemset32(void *destination, unsigned int value, size_t count,
                  void *stream);
void mgpuMemset16(void *destination, unsigned short value, size_t count,
                  void *stream);
}

namespace nnid::cuda {

/// Calls `fn` with the name and address of every function above, for a JIT
/// to resolve compiled host code against.
void forEachRuntimeFunction(
    llvm::function_ref<void(llvm::StringRef name, void *address)> fn);

} // namespace nnid::cuda

#endif // NNID_RUNTIME_CUDA_RUNTIMEWRAPPERS_H
