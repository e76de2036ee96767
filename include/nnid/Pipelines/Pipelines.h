//===- Pipelines.h - nnid's registered pass pipelines -----------*- C++ -*-===//

#ifndef NNID_PIPELINES_PIPELINES_H
#define NNID_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace nnid {

/// Options of `--nnid-lower-to-llvm`.
struct LowerToLLVMOptions
    : public mlir::PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> layout{
      *this, "layout",
      llvm::cl::desc("Layout of activations inside the graph: nhwc (fast) or "
                     "nchw (PyTorch's, op for op)"),
      llvm::cl::init("nhwc")};
};

/// nnid (any mix with func, arith, tensor, linalg) on tensors -> the LLVM
/// dialect: canonicalize, convert-nnid-to-linalg, bufferize, lower to loops
/// and then to LLVM. The result translates with `mlir-translate
/// --mlir-to-llvmir` and runs under `mlir-runner`.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Registers nnid's pipelines with the global pass registry.
void registerPipelines();

} // namespace nnid

#endif // NNID_PIPELINES_PIPELINES_H
