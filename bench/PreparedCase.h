//===- PreparedCase.h - a case compiled and checked -------------*- C++ -*-===//
//
// A case as a user of nnid would run it: its network emitted from the C++
// DSL with the weights PyTorch used as constants (frozen mode, so
// canonicalization and constant folding apply), optionally
// re-parameterized, compiled once with nnid::compileForCPU, and checked
// against PyTorch's output before it is timed.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_BENCH_PREPAREDCASE_H
#define NNID_BENCH_PREPAREDCASE_H

#include "Cases.h"

#include "nnid/API/Kernel.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace nnid::bench {

struct CaseConfig {
  /// CompileOptions::numThreads.
  unsigned numThreads = 1;
  /// Runs --nnid-reparameterize on the module before compiling it.
  bool reparameterize = false;
};

class PreparedCase {
public:
  /// Reads `<dataDir>/<case>.safetensors` (written by bench/cases.py),
  /// builds and compiles the case, runs it once on the file's input and
  /// compares the output with PyTorch's. Any failure, a mismatch included,
  /// is an error.
  static llvm::Expected<std::unique_ptr<PreparedCase>>
  create(const BenchCase &benchCase, llvm::StringRef dataDir,
         const CaseConfig &config);

  /// Runs the compiled kernel once on the case's input.
  llvm::Error run();

  /// The same, into `out` (resized to the output's size): calls from
  /// several threads, each with its own `out`, may overlap.
  llvm::Error runInto(std::vector<float> &out) const;

  /// The floating-point operations of one run, as bench/cases.py counts
  /// them for the network as written.
  double getFlops() const { return flops; }
  /// What was compiled, e.g. "32 nnid ops, 8 after --nnid-reparameterize".
  const std::string &getSummary() const { return summary; }
  /// The time compileForCPU took.
  double getCompileSeconds() const { return compileSeconds; }

private:
  PreparedCase() = default;

  std::unique_ptr<Kernel> kernel;
  std::vector<float> input, output;
  llvm::SmallVector<int64_t, 4> inputShape, outputShape;
  double flops = 0.0;
  std::string summary;
  double compileSeconds = 0.0;
};

} // namespace nnid::bench

#endif // NNID_BENCH_PREPAREDCASE_H
