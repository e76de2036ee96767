//===- Progress.h - what a long compilation is doing ------------*- C++ -*-===//
//
// compileToObject reports each stage of a compilation as it starts, and
// each top-level pass of its MLIR pipeline, through AotOptions::progress.
// ProgressPrinter prints them for a tool (nnid-compile, model generators)
// on stderr, with the seconds since the tool started:
//
//   nnid-compile: [   0.0 s] importing resnet18.onnx
//   nnid-compile: [   0.1 s] lowering to the LLVM dialect (44 passes)
//   nnid-compile: [   1.1 s] translating to LLVM IR
//   nnid-compile: [   4.0 s] optimizing LLVM IR (-O3)
//   nnid-compile: [   8.2 s] generating machine code for znver4
//   nnid-compile: [  16.3 s] writing resnet18.o and resnet18.h
//   nnid-compile: [  16.5 s] done
//
// Every stage gets a line; passes get one at most every second, so that a
// long lowering shows where it is without listing every pass of a short
// one (--mlir-timing says where the time went).
//
//===----------------------------------------------------------------------===//

#ifndef NNID_API_PROGRESS_H
#define NNID_API_PROGRESS_H

#include "llvm/ADT/Twine.h"

#include <chrono>
#include <functional>
#include <string>

namespace nnid {

/// A stage of a compilation, or a pass of its pipeline, as it starts.
struct ProgressEvent {
  /// What starts: "translating to LLVM IR", or for a pass its name
  /// ("one-shot-bufferize", "func.func(canonicalize)").
  std::string what;
  /// For a pass: its place among the pipeline's top-level passes (from 1)
  /// and their number. 0 for a stage.
  unsigned pass = 0;
  unsigned numPasses = 0;
};

/// Called as each stage and pass starts.
using ProgressCallback = std::function<void(const ProgressEvent &)>;

/// Prints progress events on stderr as `<tool>: [<seconds> s] <what>`, the
/// seconds counted from its construction; every stage, and a pass when a
/// second has gone by since the last line.
class ProgressPrinter {
public:
  /// Prints nothing unless `enabled`.
  ProgressPrinter(std::string tool, bool enabled);

  /// Prints a stage of the tool's own ("importing model.onnx").
  void report(const llvm::Twine &what);
  void report(const ProgressEvent &event);

  /// A callback for AotOptions::progress that prints here; empty when not
  /// enabled.
  ProgressCallback callback();

private:
  double secondsSinceStart() const;

  std::string tool;
  bool enabled;
  std::chrono::steady_clock::time_point start;
  double lastLine = 0;
};

} // namespace nnid

#endif // NNID_API_PROGRESS_H
