//===- Passes.h - entry points of compiled models ---------------*- C++ -*-===//
//
// Declarations and registration of the passes in Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_INTERFACE_PASSES_H
#define NNID_INTERFACE_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace nnid {

#define GEN_PASS_DECL
#include "nnid/Interface/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnid/Interface/Passes.h.inc"

} // namespace nnid

#endif // NNID_INTERFACE_PASSES_H
