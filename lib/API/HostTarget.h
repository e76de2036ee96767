//===- HostTarget.h - what the JIT compiles for ---------------*- C++ -*-===//

#ifndef NNID_LIB_API_HOSTTARGET_H
#define NNID_LIB_API_HOSTTARGET_H

#include <cstdint>
#include <string>

namespace nnid::detail {

/// The parts of this machine the CPU kernels are shaped for.
struct HostTarget {
  /// f32 lanes of a vector register: 16 with AVX-512, 8 with AVX2, else 4.
  int64_t vectorWidth = 4;
  /// Vector registers: 32 with AVX-512, else 16.
  int64_t numRegisters = 16;
  /// Hardware threads.
  unsigned numCores = 1;
  /// libomp, for parallel kernels; empty when it is not installed.
  std::string openMPLibrary;
};

HostTarget getHostTarget();

} // namespace nnid::detail

#endif // NNID_LIB_API_HOSTTARGET_H
