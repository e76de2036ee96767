//===- Cases.h - the cases of nnid's benchmark ------------------*- C++ -*-===//
//
// Every benchmark case by name: how to emit its network as nnid IR. The
// names, networks and parameter names are those of bench/cases.py, which
// writes each case's weights, input and PyTorch's output.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_BENCH_CASES_H
#define NNID_BENCH_CASES_H

#include "nnid/DSL/WeightSource.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace nnid::bench {

struct BenchCase {
  const char *name;
  /// Emits the network as `func.func @forward` at the end of `module`, in
  /// frozen mode: every parameter becomes a constant read from `weights`.
  llvm::Error (*emit)(mlir::ModuleOp module, nn::WeightSource &weights);
  /// A small case for the smoke test, not in the default set.
  bool smoke;
};

/// Every case, in the order of bench/cases.py.
llvm::ArrayRef<BenchCase> getBenchCases();

} // namespace nnid::bench

#endif // NNID_BENCH_CASES_H
