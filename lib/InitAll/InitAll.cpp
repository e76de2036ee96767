//===- InitAll.cpp - register everything nnid provides --------------------===//

#include "nnid/InitAll.h"
#include "nnid/Codegen/CPU/Passes.h"
#include "nnid/Conversion/Passes.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Pipelines/Pipelines.h"
#include "nnid/Transforms/Passes.h"

void nnid::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<NnidDialect>();
}

void nnid::registerAllPasses() {
  registerNnidConversionPasses();
  registerNnidCPUPasses();
  registerPipelines();
  registerNnidTransformsPasses();
}
