//===- ONNXRun.h - nnid-run on ONNX models ----------------------*- C++ -*-===//

#ifndef NNID_TOOLS_NNID_RUN_ONNXRUN_H
#define NNID_TOOLS_NNID_RUN_ONNXRUN_H

#include "nnid/API/Kernel.h"

#include <string>

namespace nnid::run {

/// Whether the command line asks for an ONNX run: --test, or a model whose
/// name ends in .onnx.
bool isONNXRun(llvm::ArrayRef<std::string> files);

/// Runs an ONNX model or test directory; the exit status.
/// Each configuration in `configs` is compiled (and its test data run) in
/// turn; `options` gives the entry and the threads.
int runONNX(llvm::ArrayRef<std::string> files,
            llvm::ArrayRef<CpuPipelineOptions> configs,
            const CompileOptions &options, double rtol, double atol);

} // namespace nnid::run

#endif // NNID_TOOLS_NNID_RUN_ONNXRUN_H
