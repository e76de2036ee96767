//===- Module.h - reading nnid IR -------------------------------*- C++ -*-===//

#ifndef NNID_API_MODULE_H
#define NNID_API_MODULE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

namespace nnid {

/// Parses `source` (nnid IR in MLIR's text or bytecode form) into
/// `context`, after making every dialect the compiler uses available in it.
/// The module can be compiled many times (compileForCPU does not modify
/// it); diagnostics come back in the error.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
parseModule(llvm::StringRef source, mlir::MLIRContext &context);

} // namespace nnid

#endif // NNID_API_MODULE_H
