//===- LowerToNVVM.cpp - the nnid-lower-to-nvvm pipeline ------------------===//
//
// nnid on tensors -> linalg -> buffers -> GPU kernels -> NVVM and a GPU
// binary, with host code that calls nnid's CUDA runtime (mgpu* functions).
//
// Kernels (lib/Conversion/GPU): convolutions and matmuls become tiled
// implicit-GEMM kernels that stage tiles of the filters and of the im2col
// matrix in shared memory (ImplicitGemm.cpp explains the choice); every
// other op becomes a parallel loop and then a one-dimensional kernel with a
// thread per output element. Buffers live in device memory: the function's
// memref arguments are device buffers, and its allocations and constants
// are placed there. All GPU work of a call runs in order on one stream,
// which the call creates and synchronizes before it returns.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "nnid/Conversion/GPU/CudaTarget.h"
#include "nnid/Conversion/GPU/Passes.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// nnid on tensors -> kernels on buffers (gpu.launch, or their host
/// emulation), shared by the GPU pipeline and its test on the host.
/// The graph is prepared (nnid-prepare-graph) already.
static void buildGPUKernelsPipeline(OpPassManager &pm, bool emulateOnHost,
                                    int64_t blockSize, int64_t tileM,
                                    int64_t splitK) {
  // nnid -> linalg on tensors (NCHW: the kernels are written for it).
  pm.addPass(nnid::createConvertNnidToLinalg());
  nnid::detail::addTosaToLinalg(pm);
  // exp, tanh, erf, ... as polynomials: no libm or libdevice calls.
  pm.addPass(nnid::createApproximateMath());
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Tensors -> buffers, as for the CPU.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  nnid::buildBufferizePipeline(pm);
  nnid::buildDeallocateBuffersPipeline(pm);

  // Linalg on buffers -> kernels.
  nnid::GPUImplicitGemmOptions gemm;
  gemm.tileM = tileM;
  gemm.splitK = splitK;
  gemm.emulateOnHost = emulateOnHost;
  pm.addNestedPass<func::FuncOp>(nnid::createGPUImplicitGemm(gemm));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  nnid::GPUMapParallelLoopsOptions loops;
  loops.blockSize = blockSize;
  loops.emulateOnHost = emulateOnHost;
  pm.addNestedPass<func::FuncOp>(nnid::createGPUMapParallelLoops(loops));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

namespace nnid {
/// nnid-lower-to-nvvm after nnid-prepare-graph.
static void buildPreparedGraphToNVVM(OpPassManager &pm,
                                     const LowerToNVVMOptions &options) {
  buildGPUKernelsPipeline(pm, /*emulateOnHost=*/false, options.blockSize,
                          /*tileM=*/0, /*splitK=*/0);

  // Device memory; kernels into a gpu.module; one stream per call.
  pm.addNestedPass<func::FuncOp>(createGPUDeviceMemory());
  // Canonicalization hoisted the kernels' constants out of them: sink them
  // back, so that they stay constants instead of becoming kernel arguments.
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());

  // The target, checked before anything can fail less clearly.
  std::string toolkit = options.toolkit;
  if (toolkit.empty() && options.format != "isa")
    toolkit = findCudaToolkit();
  CheckCudaTargetOptions check;
  check.chip = options.chip;
  check.features = options.features;
  check.format = options.format;
  check.toolkit = toolkit;
  pm.addPass(createCheckCudaTarget(check));

  // The NVVM lowering of upstream's gpu-lower-to-nvvm-pipeline, with the
  // toolkit passed on.
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  device.addPass(createStripDebugInfoPass());
  // No libdevice calls, which the isa format may have no toolkit to link.
  device.addPass(createGPUMathIntrinsics());
  device.addPass(createConvertGpuOpsToNVVMOps());
  device.addPass(LLVM::createNVVMOptimizeForTargetPass());
  device.addPass(createCanonicalizerPass());
  device.addPass(createCSEPass());
  device.addPass(createReconcileUnrealizedCastsPass());

  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

} // namespace nnid

void nnid::buildLowerToNVVMPipeline(OpPassManager &pm,
                                    const LowerToNVVMOptions &options) {
  PrepareGraphOptions prepare;
  prepare.reparameterize = options.reparameterize;
  buildPrepareGraphPipeline(pm, prepare);
  buildPreparedGraphToNVVM(pm, options);
}

void nnid::buildCompileForCUDAPipeline(OpPassManager &pm,
                                       const CompileForCUDAOptions &options) {
  detail::addEntryWrapper(pm, options.entry);
  PrepareGraphOptions prepare;
  prepare.reparameterize = options.reparameterize;
  buildPrepareGraphPipeline(pm, prepare);
  // While the weights are constants, after the rewrites that fold them.
  HoistDeviceConstantsOptions hoist;
  hoist.minElements = options.deviceConstantElements;
  pm.addPass(createHoistDeviceConstants(hoist));
  buildPreparedGraphToNVVM(pm, options);
}

void nnid::buildGPUKernelsOnHostPipeline(
    OpPassManager &pm, const GPUKernelsOnHostOptions &options) {
  buildPrepareGraphPipeline(pm, PrepareGraphOptions());
  buildGPUKernelsPipeline(pm, /*emulateOnHost=*/true, options.blockSize,
                          options.tileM, options.splitK);
  // Host loops -> LLVM, as --nnid-lower-to-llvm does.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertVectorToLLVMPass());
  detail::addFinalLLVMConversions(pm);
}
