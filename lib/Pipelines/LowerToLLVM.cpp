//===- LowerToLLVM.cpp - the nnid-lower-to-llvm pipeline ------------------===//

#include "Common.h"

#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Pipelines/Pipelines.h"
#include "nnid/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// nnid-lower-to-llvm; with `workspaceArgument`, each function takes its
/// workspace as a trailing argument (nnid-static-workspace{argument}), as
/// the entry points of compiled models do.
static void addLowerToLLVM(OpPassManager &pm,
                           const nnid::LowerToLLVMOptions &options,
                           bool workspaceArgument) {
  using namespace nnid;
  namespace detail = nnid::detail;
  bool kernels = options.layout == "nhwc" && options.kernels;

  PrepareGraphOptions prepare;
  prepare.reparameterize = options.reparameterize;
  buildPrepareGraphPipeline(pm, prepare);

  // nnid -> linalg on tensors, in NCHW; with layout=nhwc, then channels-last
  // (before TOSA's lowering: its ops keep NCHW, with transposes at them).
  pm.addPass(createConvertNnidToLinalg());
  if (options.layout == "nhwc")
    pm.addPass(createConvertToChannelsLast());
  detail::addTosaToLinalg(pm);
  // exp, tanh, erf, ... as polynomials the kernels vectorize.
  pm.addPass(createApproximateMath());
  // Canonicalization can leave arith ops on tensors (kernel = weight + id).
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Chains of elementwise ops become one op, which a kernel then absorbs.
  if (kernels)
    pm.addPass(createLinalgElementwiseOpFusionPass());

  // Tensors -> buffers. Results written into caller buffers through
  // bufferization.materialize_in_destination, and padded activations
  // written into their padded buffers, need empty-tensor elimination.
  pm.addNestedPass<func::FuncOp>(createDecomposePads());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  // What each kernel absorbs is decided here, on tensors.
  if (kernels)
    pm.addNestedPass<func::FuncOp>(createGroupCPUKernels());
  buildBufferizePipeline(pm);
  // In-place slices leave copies of a view onto the same view.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  if (kernels) {
    LowerCPUKernelsOptions kernelOptions;
    kernelOptions.vectorWidth = options.vectorWidth;
    kernelOptions.numRegisters = options.registers;
    kernelOptions.parallel = options.parallel;
    pm.addPass(createLowerCPUKernels(kernelOptions));
    pm.addPass(createCanonicalizerPass());
  }
  // Fixed-size intermediate buffers live in a static workspace: no
  // allocation, and no page faults on fresh memory, in the steady state.
  StaticWorkspaceOptions workspace;
  workspace.argument = workspaceArgument;
  pm.addPass(createStaticWorkspace(workspace));
  buildDeallocateBuffersPipeline(pm);

  // Buffers -> loops -> LLVM.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  if (options.parallel)
    pm.addPass(createConvertSCFToOpenMPPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // memref first: it lowers the alloca scopes of OpenMP loop bodies, which
  // must hold one block until then.
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  if (options.parallel)
    pm.addPass(createConvertOpenMPToLLVMPass());
  detail::addFinalLLVMConversions(pm);
}

void nnid::buildLowerToLLVMPipeline(OpPassManager &pm,
                                    const LowerToLLVMOptions &options) {
  addLowerToLLVM(pm, options, /*workspaceArgument=*/false);
}

void nnid::buildCompileForCPUPipeline(OpPassManager &pm,
                                      const CompileForCPUOptions &options) {
  detail::addEntryWrapper(pm, options.entry);
  // Each call brings its own workspace: the in-process Kernel one from its
  // pool, the C entry points a static one or the caller's.
  addLowerToLLVM(pm, options, /*workspaceArgument=*/true);
  // A failed malloc becomes a status instead of a null buffer.
  pm.addPass(createCheckEntryAllocations());
}

void nnid::buildCompileToObjectPipeline(OpPassManager &pm,
                                        const CompileToObjectOptions &options) {
  buildCompileForCPUPipeline(pm, options);
  AddCEntryPointOptions entryPoint;
  entryPoint.name = options.name;
  pm.addPass(createAddCEntryPoint(entryPoint));
}
