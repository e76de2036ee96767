//===- Module.cpp - reading nnid IR ---------------------------------------===//

#include "CompilerContext.h"

#include "nnid/API/Module.h"

llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
nnid::parseModule(llvm::StringRef source, mlir::MLIRContext &context) {
  detail::prepareContext(context);
  return detail::parseModule(source, context);
}
