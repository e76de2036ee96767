//===- InitAll.cpp - register everything nnid provides --------------------===//

#include "nnid/InitAll.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"

void nnid::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<NnidDialect>();
}

void nnid::registerAllPasses() {}
