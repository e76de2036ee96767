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
  Option<bool> reparameterize{
      *this, "reparameterize",
      llvm::cl::desc("Run --nnid-reparameterize first: fold batch norms into "
                     "convolutions and merge parallel branches, where exact"),
      llvm::cl::init(true)};
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

/// Options of `--nnid-lower-to-nvvm`.
struct LowerToNVVMOptions
    : public mlir::PassPipelineOptions<LowerToNVVMOptions> {
  Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("The GPU architecture to compile for (sm_90: H100)"),
      llvm::cl::init("sm_90")};
  Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features, e.g. +ptx80; empty: the lowest PTX "
                     "version the chip supports (7.8 for sm_90)"),
      llvm::cl::init("")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What the gpu.binary holds: isa (PTX text; needs no "
                     "CUDA toolkit, the driver compiles it when it loads), "
                     "bin (a cubin for the chip, made by the toolkit's "
                     "ptxas) or fatbin (cubin and PTX; ptxas and fatbinary)"),
      llvm::cl::init("bin")};
  Option<unsigned> optLevel{
      *this, "opt-level",
      llvm::cl::desc("Optimization level of the NVPTX backend and ptxas"),
      llvm::cl::init(3)};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("The CUDA toolkit for bin and fatbin; default: "
                     "$CUDA_ROOT, $CUDA_HOME or $CUDA_PATH, else the toolkit "
                     "of the ptxas on PATH, else /usr/local/cuda"),
      llvm::cl::init("")};
  Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of the kernels that compute one "
                     "output element per thread"),
      llvm::cl::init(256)};
  Option<bool> reparameterize{
      *this, "reparameterize",
      llvm::cl::desc("Run --nnid-reparameterize first: fold batch norms into "
                     "convolutions and merge parallel branches, where exact"),
      llvm::cl::init(true)};
};

/// nnid on tensors -> (--nnid-reparameterize) -> GPU kernels (implicit-GEMM
/// convolutions, one thread per element for the rest) outlined into a
/// gpu.module, lowered to NVVM and serialized by gpu-module-to-binary, and host
/// code in the LLVM dialect that takes device buffers and launches them through
/// the mgpu* functions of nnid's CUDA runtime
/// (nnid/Runtime/CUDA/RuntimeWrappers.h).
void buildLowerToNVVMPipeline(mlir::OpPassManager &pm,
                              const LowerToNVVMOptions &options);

/// Options of `--nnid-test-gpu-kernels-on-host`.
struct GPUKernelsOnHostOptions
    : public mlir::PassPipelineOptions<GPUKernelsOnHostOptions> {
  Option<int64_t> tileM{*this, "tile-m",
                        llvm::cl::desc("Force the GEMM tile height (16, 32, "
                                       "64; 0 chooses)"),
                        llvm::cl::init(0)};
  Option<int64_t> splitK{*this, "split-k",
                         llvm::cl::desc("Force the GEMM K split (0 chooses)"),
                         llvm::cl::init(0)};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per elementwise block"),
                            llvm::cl::init(256)};
};

/// The kernels of buildLowerToNVVMPipeline emulated by host loops over
/// blocks and threads, lowered to the LLVM dialect for mlir-runner: a test
/// of the kernels' arithmetic on machines without a GPU.
void buildGPUKernelsOnHostPipeline(mlir::OpPassManager &pm,
                                   const GPUKernelsOnHostOptions &options);

/// Registers the two pipelines above.
void registerLowerToNVVMPipelines();

/// Registers nnid's pipelines with the global pass registry.
void registerPipelines();

} // namespace nnid

#endif // NNID_PIPELINES_PIPELINES_H
