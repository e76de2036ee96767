//===- CpuPipeline.h - the API's options to the CPU pipeline ----*- C++ -*-===//

#ifndef NNID_LIB_API_CPUPIPELINE_H
#define NNID_LIB_API_CPUPIPELINE_H

#include "nnid/API/PipelineOptions.h"
#include "nnid/Pipelines/Pipelines.h"

#include "llvm/Support/Error.h"

namespace nnid::detail {

/// The register file a target offers the kernels.
struct VectorRegisters {
  int64_t width = 8;
  int64_t count = 16;
};

/// Sets `lowering` from `options`, with the target's registers where the
/// options leave them 0 and `defaultParallel` where they leave `parallel`
/// unset. Fails, naming the option, on an unknown layout or a register
/// shape the kernels cannot use.
llvm::Error setLoweringOptions(const CpuPipelineOptions &options,
                               VectorRegisters target, bool defaultParallel,
                               LowerToLLVMOptions &lowering);

} // namespace nnid::detail

#endif // NNID_LIB_API_CPUPIPELINE_H
