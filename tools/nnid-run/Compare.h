//===- Compare.h - outputs against expected values --------------*- C++ -*-===//

#ifndef NNID_TOOLS_NNID_RUN_COMPARE_H
#define NNID_TOOLS_NNID_RUN_COMPARE_H

#include "nnid/API/PipelineOptions.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <string>
#include <vector>

namespace nnid::run {

/// nnid-run's options category (nnid-run.cpp).
llvm::cl::OptionCategory &getCategory();

/// A configuration as --configs writes it (nnid-run.cpp).
std::string formatSpec(const CpuPipelineOptions &options);

/// How the outputs compare: an element matches when
/// |got - want| <= rtol * |want| + atol; an infinite or NaN expected value
/// is matched only by itself.
struct Comparison {
  size_t mismatches = 0, total = 0;
  double maxError = 0;
  std::string first;

  /// "ok (max error ...)" or "DIFFERS in ...".
  std::string str() const {
    if (mismatches)
      return llvm::formatv("DIFFERS in {0} of {1} values, max error {2:e} "
                           "({3})",
                           mismatches, total, maxError, first)
          .str();
    return llvm::formatv("ok (max error {0:e})", maxError).str();
  }
};

inline Comparison compare(llvm::ArrayRef<std::vector<float>> got,
                          llvm::ArrayRef<std::vector<float>> want, double rtol,
                          double atol) {
  Comparison result;
  for (size_t i = 0; i < got.size(); ++i) {
    for (size_t j = 0; j < got[i].size(); ++j, ++result.total) {
      double g = got[i][j], w = want[i][j];
      bool matches;
      double error;
      if (g == w || (std::isnan(g) && std::isnan(w))) {
        matches = true;
        error = 0;
      } else if (!std::isfinite(w) || !std::isfinite(g)) {
        matches = false;
        error = INFINITY;
      } else {
        error = std::fabs(g - w);
        matches = error <= rtol * std::fabs(w) + atol;
      }
      result.maxError = std::max(result.maxError, error);
      if (!matches && result.mismatches++ == 0)
        result.first = llvm::formatv(
            "first: output {0}[{1}] is {2:e9}, expected {3:e9}", i, j, g, w);
    }
  }
  return result;
}

} // namespace nnid::run

#endif // NNID_TOOLS_NNID_RUN_COMPARE_H
