//===- Common.cpp - pass sequences the nnid pipelines share ---------------===//

#include "Common.h"

#include "nnid/Conversion/Passes.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Pipelines/Pipelines.h"
#include "nnid/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void nnid::buildPrepareGraphPipeline(OpPassManager &pm,
                                     const PrepareGraphOptions &options) {
  // Fewer nnid ops: identities erased, batch norms folded into the convs
  // before them, parallel branches merged, where the weights are constants
  // and the result is exact.
  pm.addPass(createCanonicalizerPass());
  if (options.reparameterize) {
    ReparameterizeOptions reparameterize;
    reparameterize.emitRemarks = false;
    pm.addPass(createReparameterize(reparameterize));
  }
}

void nnid::buildBufferizePipeline(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  bufferization.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
}

void nnid::buildDeallocateBuffersPipeline(OpPassManager &pm) {
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createConvertMemRefCopyToLinalg());
}

void nnid::detail::addEntryWrapper(OpPassManager &pm, llvm::StringRef entry) {
  AddEntryWrapperOptions wrapper;
  wrapper.entry = entry.str();
  pm.addPass(createAddEntryWrapper(wrapper));
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
}

void nnid::detail::addFinalLLVMConversions(OpPassManager &pm) {
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void nnid::detail::addTosaToLinalg(OpPassManager &pm) {
  TosaToLinalgOptions tosa;
  tosa::addTosaToLinalgPasses(pm, tosa, TosaToLinalgNamedOptions(),
                              /*validationOptions=*/std::nullopt);
  pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
}
