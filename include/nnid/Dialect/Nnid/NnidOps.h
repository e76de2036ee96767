//===- NnidOps.h - nnid operations ------------------------------*- C++ -*-===//
//
// The ops of the nnid dialect, generated from dialect/NnidOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNID_NNIDOPS_H
#define NNID_DIALECT_NNID_NNIDOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"

#define GET_OP_CLASSES
#include "nnid/Dialect/Nnid/NnidOps.h.inc"

#endif // NNID_DIALECT_NNID_NNIDOPS_H
