//===- CaseData.h - a case's weights, input and PyTorch output --*- C++ -*-===//
//
// The file bench/cases.py writes for each case, <case>.safetensors: the
// PyTorch module's state_dict under its own names, the input as "@input",
// PyTorch's output as "@expected", and the case's floating-point
// operations as the metadata entry "flops".
//
//===----------------------------------------------------------------------===//

#ifndef NNID_BENCH_CASEDATA_H
#define NNID_BENCH_CASEDATA_H

#include "nnid/DSL/WeightSource.h"
#include "nnid/Support/SafeTensors.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace nnid::bench {

class CaseData {
public:
  /// Opens `<dataDir>/<caseName>.safetensors` and reads its input, expected
  /// output and FLOP count.
  static llvm::Expected<CaseData> open(llvm::StringRef caseName,
                                       llvm::StringRef dataDir);

  /// The parameters by their state_dict names, checked against the shapes
  /// the network expects.
  nn::WeightSource &getWeightSource() { return *weights; }

  std::vector<float> takeInput() { return std::move(input); }
  llvm::ArrayRef<int64_t> getInputShape() const { return inputShape; }
  llvm::ArrayRef<float> getExpected() const { return expected; }
  llvm::ArrayRef<int64_t> getExpectedShape() const { return expectedShape; }
  double getFlops() const { return flops; }

private:
  CaseData(SafeTensorsFile file);

  std::unique_ptr<SafeTensorsFile> file;
  std::unique_ptr<nn::WeightSource> weights;
  std::vector<float> input, expected;
  llvm::SmallVector<int64_t, 4> inputShape, expectedShape;
  double flops = 0.0;
};

} // namespace nnid::bench

#endif // NNID_BENCH_CASEDATA_H
