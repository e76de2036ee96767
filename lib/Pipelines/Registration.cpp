//===- Registration.cpp - nnid's pipelines in the pass registry -----------===//

#include "nnid/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void nnid::registerPipelines() {
  PassPipelineRegistration<PrepareGraphOptions>(
      "nnid-prepare-graph",
      "Graph-level rewrites every nnid pipeline starts with: canonicalize, "
      "then nnid-reparameterize",
      buildPrepareGraphPipeline);
  PassPipelineRegistration<>(
      "nnid-bufferize",
      "One-shot bufferization as nnid's pipelines run it: across function "
      "boundaries, with identity layouts there",
      buildBufferizePipeline);
  PassPipelineRegistration<>(
      "nnid-deallocate-buffers",
      "Upstream's buffer-deallocation pipeline, bufferization ops to memref, "
      "memref.copy as linalg.copy",
      buildDeallocateBuffersPipeline);
  PassPipelineRegistration<LowerToLLVMOptions>(
      "nnid-lower-to-llvm",
      "Lower nnid (on tensors) to the LLVM dialect, ready for mlir-runner or "
      "mlir-translate --mlir-to-llvmir",
      buildLowerToLLVMPipeline);
  PassPipelineRegistration<CompileForCPUOptions>(
      "nnid-compile-for-cpu",
      "What nnid::compileForCPU runs: the entry wrapper, the model inlined "
      "into it, nnid-lower-to-llvm",
      buildCompileForCPUPipeline);
  PassPipelineRegistration<CompileToObjectOptions>(
      "nnid-compile-to-object",
      "What nnid::compileToObject runs before LLVM: nnid-compile-for-cpu, "
      "then the C entry point",
      buildCompileToObjectPipeline);
  PassPipelineRegistration<LowerToNVVMOptions>(
      "nnid-lower-to-nvvm",
      "Lower nnid (on tensors) to GPU kernels in a gpu.binary for NVIDIA "
      "GPUs and host code in the LLVM dialect that runs them through nnid's "
      "CUDA runtime",
      buildLowerToNVVMPipeline);
  PassPipelineRegistration<CompileForCUDAOptions>(
      "nnid-compile-for-cuda",
      "What nnid::compileForCUDA runs: the entry wrapper, the model inlined "
      "into it, nnid-prepare-graph, large constants as device buffers, the "
      "rest of nnid-lower-to-nvvm",
      buildCompileForCUDAPipeline);
  PassPipelineRegistration<GPUKernelsOnHostOptions>(
      "nnid-test-gpu-kernels-on-host",
      "Test pipeline: the kernels of --nnid-lower-to-nvvm emulated by host "
      "loops (blocks, phases, threads) and lowered to the LLVM dialect, to "
      "check their results on a CPU with mlir-runner",
      buildGPUKernelsOnHostPipeline);
}
