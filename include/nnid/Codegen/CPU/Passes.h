//===- Passes.h - nnid CPU code generation passes ---------------*- C++ -*-===//

#ifndef NNID_CODEGEN_CPU_PASSES_H
#define NNID_CODEGEN_CPU_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace nnid {

#define GEN_PASS_DECL
#include "nnid/Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnid/Codegen/CPU/Passes.h.inc"

} // namespace nnid

#endif // NNID_CODEGEN_CPU_PASSES_H
