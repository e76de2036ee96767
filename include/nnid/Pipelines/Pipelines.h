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
  Option<bool> kernels{
      *this, "kernels",
      llvm::cl::desc("Compute NHWC convolutions and pooling with nnid's "
                     "register-blocked vector kernels "
                     "(nnid-lower-cpu-kernels)"),
      llvm::cl::init(true)};
  Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes per vector register of the target (8: AVX2, "
                     "16: AVX-512)"),
      llvm::cl::init(8)};
  Option<int64_t> registers{
      *this, "registers",
      llvm::cl::desc("Vector registers of the target (16: AVX2, 32: "
                     "AVX-512)"),
      llvm::cl::init(16)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run the kernels' outer loops on OpenMP threads; the "
                     "code then needs libomp at run time"),
      llvm::cl::init(false)};
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
