//===- Summary.h - a network's layers as a table ----------------*- C++ -*-===//
//
// The table `--nnid-print-summary` prints: one row per nnid op of a function
// with its layer name, op, output shape, parameter count and FLOPs, then the
// totals. The counting rules are those of the pass's description
// (include/nnid/Transforms/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_TRANSFORMS_SUMMARY_H
#define NNID_TRANSFORMS_SUMMARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

namespace nnid {

/// Prints the summary table of the nnid ops in `function`'s body, in order,
/// to `os`: a header line naming the function, a row per op (layer, op,
/// output shape, parameters, FLOPs) and a totals row. A dynamic (batch)
/// dimension counts as 1 in FLOPs, and the header line says so.
void printSummary(mlir::func::FuncOp function, llvm::raw_ostream &os);

} // namespace nnid

#endif // NNID_TRANSFORMS_SUMMARY_H
