//===- Compare.h - nnid's outputs against PyTorch's -------------*- C++ -*-===//

#ifndef NNID_BENCH_COMPARE_H
#define NNID_BENCH_COMPARE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace nnid::bench {

/// Success when |actual - expected| <= rtol * |expected| + atol at every
/// element (NaN never agrees); otherwise an error that says how many
/// elements differ, the worst one and the first one.
llvm::Error compareOutputs(llvm::ArrayRef<float> actual,
                           llvm::ArrayRef<float> expected, double rtol,
                           double atol);

} // namespace nnid::bench

#endif // NNID_BENCH_COMPARE_H
