//===- CudaTarget.h - CUDA chips and the CUDA toolkit -----------*- C++ -*-===//
//
// What compiling for CUDA needs to know outside MLIR: the PTX version a chip
// needs, and where the CUDA toolkit's tools are, searched the way MLIR's
// NVVM target searches them.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_CONVERSION_GPU_CUDATARGET_H
#define NNID_CONVERSION_GPU_CUDATARGET_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace nnid {

/// The default install location of the CUDA toolkit.
inline constexpr llvm::StringLiteral kDefaultCudaToolkit = "/usr/local/cuda";

/// The lowest PTX ISA version (times ten: 78 for 7.8) that LLVM's NVPTX
/// backend accepts for `chip` ("sm_90"), or nullopt for a chip this table
/// does not know.
std::optional<unsigned> getMinimumPtxVersion(llvm::StringRef chip);

/// The environment variable naming a CUDA toolkit that MLIR's NVVM target
/// reads (the first set of CUDA_ROOT, CUDA_HOME, CUDA_PATH) and its value.
struct CudaToolkitVariable {
  std::string name, value;
};
std::optional<CudaToolkitVariable> getCudaToolkitVariable();

/// Whether `directory` holds a CUDA toolkit the NVVM target can use:
/// bin/ptxas and nvvm/libdevice/libdevice.10.bc.
bool isCudaToolkit(llvm::StringRef directory);

/// The CUDA toolkit to compile binaries with: the one the environment
/// variable names (whatever it holds: the user chose it), else the toolkit
/// that holds the `ptxas` in $PATH, else /usr/local/cuda; empty when none
/// of these is a toolkit.
std::string findCudaToolkit();

/// Where gpu-module-to-binary, given `toolkit`, finds `tool` ("ptxas",
/// "fatbinary"): `toolkit`/bin, $PATH, then the environment variable's
/// toolkit's bin. Nullopt when it is in none of them.
std::optional<std::string> findCudaTool(llvm::StringRef tool,
                                        llvm::StringRef toolkit);

} // namespace nnid

#endif // NNID_CONVERSION_GPU_CUDATARGET_H
