//===- HostTarget.cpp - what the JIT compiles for -------------------------===//

#include "HostTarget.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/TargetParser/Host.h"

#include <thread>

nnid::detail::HostTarget nnid::detail::getHostTarget() {
  HostTarget host;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto has = [&](llvm::StringRef name) { return features.lookup(name); };
  if (has("avx512f")) {
    host.vectorWidth = 16;
    host.numRegisters = 32;
  } else if (has("avx2") && has("fma")) {
    host.vectorWidth = 8;
  }
  host.numCores = std::max(1u, std::thread::hardware_concurrency());
#ifdef NNID_OPENMP_LIBRARY
  if (llvm::sys::fs::exists(NNID_OPENMP_LIBRARY))
    host.openMPLibrary = NNID_OPENMP_LIBRARY;
#endif
  return host;
}
