//===- InitAll.cpp - register everything nnid provides --------------------===//

#include "nnid/InitAll.h"
#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Conversion/GPU/Passes.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Interface/Passes.h"
#include "nnid/Pipelines/Pipelines.h"
#include "nnid/Transforms/Passes.h"

#include "mlir/Target/LLVMIR/Dialect/All.h"

void nnid::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<NnidDialect>();
  // --nnid-lower-to-nvvm translates gpu.modules to LLVM IR to serialize
  // them, and embeds the binaries in host code.
  mlir::registerAllGPUToLLVMIRTranslations(registry);
}

void nnid::registerAllPasses() {
  registerNnidConversionPasses();
  registerNnidCPUPasses();
  registerNnidGPUPasses();
  registerNnidInterfacePasses();
  registerPipelines();
  registerNnidTransformsPasses();
}
