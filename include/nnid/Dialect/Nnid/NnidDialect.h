//===- NnidDialect.h - nnid dialect -----------------------------*- C++ -*-===//
//
// The nnid dialect: convolutional network layers as PyTorch writes them.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DIALECT_NNID_NNIDDIALECT_H
#define NNID_DIALECT_NNID_NNIDDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "nnid/Dialect/Nnid/NnidDialect.h.inc"

#endif // NNID_DIALECT_NNID_NNIDDIALECT_H
