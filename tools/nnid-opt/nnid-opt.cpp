//===- nnid-opt.cpp - mlir-opt with the nnid dialect and passes -----------===//
//
// Everything mlir-opt offers (every upstream dialect, pass and extension),
// plus nnid's dialect, passes and pipelines.
//
//===----------------------------------------------------------------------===//

#include "nnid/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  nnid::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  nnid::registerAllDialects(registry);

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nnid optimizer driver\n", registry));
}
