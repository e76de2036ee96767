//===- Progress.cpp - printing what a long compilation is doing -----------===//

#include "nnid/API/Progress.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace nnid;

/// Passes get a line when this many seconds have gone by since the last.
static constexpr double kPassLineInterval = 1.0;

ProgressPrinter::ProgressPrinter(std::string tool, bool enabled)
    : tool(std::move(tool)), enabled(enabled),
      start(std::chrono::steady_clock::now()) {}

double ProgressPrinter::secondsSinceStart() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

void ProgressPrinter::report(const llvm::Twine &what) {
  report(ProgressEvent{what.str()});
}

void ProgressPrinter::report(const ProgressEvent &event) {
  if (!enabled)
    return;
  double now = secondsSinceStart();
  if (event.pass && now - lastLine < kPassLineInterval)
    return;
  lastLine = now;
  std::string line = llvm::formatv("{0}: [{1,6:f1} s] ", tool, now);
  if (event.pass)
    line += llvm::formatv("  pass {0} of {1}: ", event.pass, event.numPasses);
  line += event.what;
  line += '\n';
  // One write per line: lines of tools run in parallel do not mix.
  llvm::errs() << line;
  llvm::errs().flush();
}

ProgressCallback ProgressPrinter::callback() {
  if (!enabled)
    return {};
  return [this](const ProgressEvent &event) { report(event); };
}
