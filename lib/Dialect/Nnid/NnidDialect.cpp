//===- NnidDialect.cpp - nnid dialect registration ------------------------===//

#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Dialect/Nnid/NnidOps.h"

using namespace mlir;
using namespace nnid;

#include "nnid/Dialect/Nnid/NnidDialect.cpp.inc"

void NnidDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nnid/Dialect/Nnid/NnidOps.cpp.inc"
      >();
}
