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
/// dialect: nnid-prepare-graph, convert-nnid-to-linalg, nnid-bufferize,
/// the CPU kernels, nnid-deallocate-buffers, loops, LLVM. The result
/// translates with `mlir-translate --mlir-to-llvmir` and runs under
/// `mlir-runner`.
void buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                              const LowerToLLVMOptions &options);

/// Options of `--nnid-compile-for-cpu`.
struct CompileForCPUOptions : public LowerToLLVMOptions {
  Option<std::string> entry{
      *this, "entry",
      llvm::cl::desc("The model function (else the only public one)"),
      llvm::cl::init("forward")};
};

/// What compileForCPU runs: nnid-add-entry-wrapper, inline, symbol-dce,
/// nnid-lower-to-llvm. The module's wrapper `nnid_entry_<entry>` then has
/// an `_mlir_ciface_` interface for the JIT.
void buildCompileForCPUPipeline(mlir::OpPassManager &pm,
                                const CompileForCPUOptions &options);

/// Options of `--nnid-compile-to-object`.
struct CompileToObjectOptions : public CompileForCPUOptions {
  Option<std::string> name{
      *this, "name",
      llvm::cl::desc("The prefix of the C entry point (a C identifier)"),
      llvm::cl::init("model")};
};

/// What compileToObject runs before translating to LLVM IR:
/// nnid-compile-for-cpu, then nnid-add-c-entry-point.
void buildCompileToObjectPipeline(mlir::OpPassManager &pm,
                                  const CompileToObjectOptions &options);

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

/// nnid on tensors -> nnid-prepare-graph -> GPU kernels (implicit-GEMM
/// convolutions, one thread per element for the rest) outlined into a
/// gpu.module, lowered to NVVM and serialized by gpu-module-to-binary, and host
/// code in the LLVM dialect that takes device buffers and launches them through
/// the mgpu* functions of nnid's CUDA runtime
/// (nnid/Runtime/CUDA/RuntimeWrappers.h).
void buildLowerToNVVMPipeline(mlir::OpPassManager &pm,
                              const LowerToNVVMOptions &options);

/// Options of `--nnid-compile-for-cuda`.
struct CompileForCUDAOptions : public LowerToNVVMOptions {
  Option<std::string> entry{
      *this, "entry",
      llvm::cl::desc("The model function (else the only public one)"),
      llvm::cl::init("forward")};
  Option<int64_t> deviceConstantElements{
      *this, "device-constant-elements",
      llvm::cl::desc("Constants with at least this many elements become "
                     "device buffers the caller uploads once "
                     "(nnid-hoist-device-constants)"),
      llvm::cl::init(4096)};
};

/// What compileForCUDA runs: nnid-add-entry-wrapper, inline, symbol-dce,
/// nnid-prepare-graph, nnid-hoist-device-constants (while the weights are
/// still constants), then the rest of nnid-lower-to-nvvm.
void buildCompileForCUDAPipeline(mlir::OpPassManager &pm,
                                 const CompileForCUDAOptions &options);

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

/// Options of `--nnid-prepare-graph`.
struct PrepareGraphOptions
    : public mlir::PassPipelineOptions<PrepareGraphOptions> {
  Option<bool> reparameterize{
      *this, "reparameterize",
      llvm::cl::desc("Run --nnid-reparameterize after canonicalization"),
      llvm::cl::init(true)};
};

/// Graph-level rewrites every pipeline starts with: canonicalize (every
/// nnid.identity erased, identity-based 1x1 convs folded), then
/// --nnid-reparameterize without remarks.
void buildPrepareGraphPipeline(mlir::OpPassManager &pm,
                               const PrepareGraphOptions &options);

/// Tensors to buffers as nnid's pipelines bufferize: one-shot-bufferize
/// across function boundaries, with identity layouts at them.
void buildBufferizePipeline(mlir::OpPassManager &pm);

/// After the kernels are on buffers: upstream's buffer-deallocation
/// pipeline, bufferization ops to memref, memref.copy as linalg.copy.
void buildDeallocateBuffersPipeline(mlir::OpPassManager &pm);

/// Registers nnid's pipelines with the global pass registry.
void registerPipelines();

} // namespace nnid

#endif // NNID_PIPELINES_PIPELINES_H
