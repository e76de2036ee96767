//===- Passes.h - nnid's GPU kernel passes ----------------------*- C++ -*-===//
//
// Declarations and registration of the passes in Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_CONVERSION_GPU_PASSES_H
#define NNID_CONVERSION_GPU_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace nnid {

#define GEN_PASS_DECL
#include "nnid/Conversion/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnid/Conversion/GPU/Passes.h.inc"

} // namespace nnid

#endif // NNID_CONVERSION_GPU_PASSES_H
