//===- CudaTarget.cpp - CUDA chips and the CUDA toolkit -------------------===//

#include "nnid/Conversion/GPU/CudaTarget.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <cstdlib>

using namespace nnid;

std::optional<unsigned> nnid::getMinimumPtxVersion(llvm::StringRef chip) {
  // From the processor definitions of LLVM's NVPTX backend.
  unsigned version = llvm::StringSwitch<unsigned>(chip)
                         .Cases({"sm_50", "sm_52", "sm_53"}, 40)
                         .Cases({"sm_60", "sm_61", "sm_62"}, 50)
                         .Case("sm_70", 60)
                         .Case("sm_72", 61)
                         .Case("sm_75", 63)
                         .Case("sm_80", 70)
                         .Case("sm_86", 71)
                         .Case("sm_87", 74)
                         .Cases({"sm_89", "sm_90"}, 78)
                         .Case("sm_90a", 80)
                         .Cases({"sm_100", "sm_100a", "sm_101", "sm_101a"}, 86)
                         .Cases({"sm_120", "sm_120a"}, 87)
                         .Default(0);
  if (!version)
    return std::nullopt;
  return version;
}

std::optional<CudaToolkitVariable> nnid::getCudaToolkitVariable() {
  for (const char *name : {"CUDA_ROOT", "CUDA_HOME", "CUDA_PATH"})
    if (const char *value = std::getenv(name))
      return CudaToolkitVariable{name, value};
  return std::nullopt;
}

static std::string join(llvm::StringRef directory,
                        std::initializer_list<llvm::StringRef> components) {
  llvm::SmallString<256> path(directory);
  for (llvm::StringRef component : components)
    llvm::sys::path::append(path, component);
  return std::string(path);
}

bool nnid::isCudaToolkit(llvm::StringRef directory) {
  return !directory.empty() &&
         llvm::sys::fs::can_execute(join(directory, {"bin", "ptxas"})) &&
         llvm::sys::fs::is_regular_file(
             join(directory, {"nvvm", "libdevice", "libdevice.10.bc"}));
}

std::string nnid::findCudaToolkit() {
  if (std::optional<CudaToolkitVariable> variable = getCudaToolkitVariable())
    return isCudaToolkit(variable->value) ? variable->value : "";
  if (std::optional<std::string> ptxas =
          llvm::sys::Process::FindInEnvPath("PATH", "ptxas")) {
    // <toolkit>/bin/ptxas, possibly through a link.
    llvm::SmallString<256> real;
    if (llvm::sys::fs::real_path(*ptxas, real))
      real = *ptxas;
    llvm::StringRef toolkit =
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(real));
    if (isCudaToolkit(toolkit))
      return toolkit.str();
  }
  if (isCudaToolkit(kDefaultCudaToolkit))
    return kDefaultCudaToolkit.str();
  return "";
}

std::optional<std::string> nnid::findCudaTool(llvm::StringRef tool,
                                              llvm::StringRef toolkit) {
  if (!toolkit.empty()) {
    std::string path = join(toolkit, {"bin", tool});
    if (llvm::sys::fs::can_execute(path))
      return path;
  }
  if (std::optional<std::string> path =
          llvm::sys::Process::FindInEnvPath("PATH", tool))
    return path;
  if (std::optional<CudaToolkitVariable> variable = getCudaToolkitVariable()) {
    std::string path = join(variable->value, {"bin", tool});
    if (llvm::sys::fs::can_execute(path))
      return path;
  }
  return std::nullopt;
}
