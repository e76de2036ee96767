//===- Compare.cpp - nnid's outputs against PyTorch's ---------------------===//

#include "Compare.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <string>

namespace {

/// `value` with enough digits to tell f32 values apart.
std::string digits(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.9g", value);
  return text;
}

} // namespace

llvm::Error nnid::bench::compareOutputs(llvm::ArrayRef<float> actual,
                                        llvm::ArrayRef<float> expected,
                                        double rtol, double atol) {
  if (actual.size() != expected.size())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("nnid computed {0} values, PyTorch {1}", actual.size(),
                      expected.size()));
  size_t mismatches = 0, first = 0, worst = 0;
  double worstExcess = 0.0;
  for (size_t i = 0; i < actual.size(); ++i) {
    double difference = std::abs(double(actual[i]) - double(expected[i]));
    double tolerance = rtol * std::abs(double(expected[i])) + atol;
    // Written so that a NaN on either side counts as a mismatch.
    if (difference <= tolerance)
      continue;
    double excess = std::isnan(difference) ? INFINITY : difference / tolerance;
    if (mismatches++ == 0 || excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
    if (mismatches == 1)
      first = i;
  }
  if (mismatches == 0)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      llvm::formatv("output differs from PyTorch at {0} of {1} elements "
                    "(tolerance {2} * |torch| + {3}); first at {4}: nnid {5} "
                    "vs torch {6}; worst at {7}: nnid {8} vs torch {9}",
                    mismatches, actual.size(), digits(rtol), digits(atol),
                    first, digits(actual[first]), digits(expected[first]),
                    worst, digits(actual[worst]), digits(expected[worst])));
}
