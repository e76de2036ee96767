//===- nnid-bench.cpp - nnid's CPU benchmark ------------------------------===//
//
// Times nnid-compiled networks with Google Benchmark. Each case (see
// Cases.h) is compiled once per thread count, checked against PyTorch's
// output, warmed up, then run many times; each run is timed on its own,
// and the median run time is reported as the counter `median_ms` (Google
// Benchmark's own time columns give the mean). A case whose output does not
// match PyTorch's reports an error instead of a time, and nnid-bench then
// exits with 1.
//
// `fma_peak` measures this core's f32 FMA peak, the yardstick for GFLOP/s.
//
// Flags: this file's (--help lists them) and Google Benchmark's
// (--benchmark_filter, --benchmark_min_time, --benchmark_format=json, ...).
//
//===----------------------------------------------------------------------===//

#include "Cases.h"
#include "FmaPeak.h"
#include "PreparedCase.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace nnid;
using namespace nnid::bench;

namespace {

namespace cl = llvm::cl;

cl::OptionCategory benchCategory("nnid-bench options");

cl::opt<std::string>
    dataDir("data",
            cl::desc("Directory of the <case>.safetensors files written by "
                     "bench/cases.py --write"),
            cl::value_desc("dir"), cl::init(NNID_BENCH_DEFAULT_DATA_DIR),
            cl::cat(benchCategory));

cl::list<std::string>
    caseNames("cases",
              cl::desc("Cases to run, comma-separated (default: all but the "
                       "smoke_ cases)"),
              cl::CommaSeparated, cl::cat(benchCategory));

cl::list<unsigned>
    threadCounts("num-threads",
                 cl::desc("Thread counts to compile each case for "
                          "(CompileOptions::numThreads), comma-separated "
                          "(default: 1,2)"),
                 cl::CommaSeparated, cl::list_init<unsigned>({1, 2}),
                 cl::cat(benchCategory));

cl::list<unsigned> callerCounts(
    "callers",
    cl::desc("Threads calling one compiled kernel at once, comma-separated "
             "(default: 1). Above 1, each case is compiled for one kernel "
             "thread and reports its throughput, `items_per_second` (runs "
             "of all callers per second), instead of a median"),
    cl::CommaSeparated, cl::list_init<unsigned>({1}), cl::cat(benchCategory));

enum class Reparameterize { Off, On, Both };
cl::opt<Reparameterize> reparameterizeMode(
    "reparameterize",
    cl::desc("Run --nnid-reparameterize on each module before compiling it"),
    cl::values(clEnumValN(Reparameterize::Off, "off", "as written (default)"),
               clEnumValN(Reparameterize::On, "on", "re-parameterized"),
               clEnumValN(Reparameterize::Both, "both", "each case both ways")),
    cl::init(Reparameterize::Off), cl::cat(benchCategory));

cl::opt<unsigned> warmupRuns("warmup",
                             cl::desc("Untimed runs after the correctness "
                                      "check, before timing (default: 1)"),
                             cl::init(1), cl::cat(benchCategory));

cl::opt<unsigned>
    fixedIterations("iterations",
                    cl::desc("Timed runs per case; 0 lets Google Benchmark "
                             "choose them from --benchmark_min_time"),
                    cl::init(0), cl::cat(benchCategory));

/// Set when a case reports an error: nnid-bench then exits with 1.
bool anyCaseFailed = false;

/// One registered benchmark: a case, compiled on its first use.
struct Entry {
  const BenchCase *benchCase = nullptr;
  CaseConfig config;
  std::unique_ptr<PreparedCase> prepared;
  std::optional<std::string> error;
  /// Serializes get() for callers on several threads.
  std::mutex mutex;

  /// The prepared case, or null after an error (then in `error`).
  PreparedCase *get() {
    std::lock_guard<std::mutex> lock(mutex);
    if (prepared || error)
      return prepared.get();
    auto created = PreparedCase::create(*benchCase, dataDir, config);
    if (!created) {
      error = llvm::toString(created.takeError());
      return nullptr;
    }
    prepared = std::move(*created);
    for (unsigned i = 0; i < warmupRuns; ++i)
      if (llvm::Error runError = prepared->run()) {
        error = llvm::toString(std::move(runError));
        prepared.reset();
        return nullptr;
      }
    return prepared.get();
  }
};

double median(std::vector<double> values) {
  if (values.empty())
    return 0.0;
  size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + middle, values.end());
  double upper = values[middle];
  if (values.size() % 2)
    return upper;
  return (upper + *std::max_element(values.begin(), values.begin() + middle)) /
         2.0;
}

/// Times `run` once per iteration and reports the median run time and the
/// GFLOP/s it gives for `flops` operations per run.
template <class Run>
void timeRuns(benchmark::State &state, double flops, Run &&run) {
  std::vector<double> seconds;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    bool ok = run();
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    if (!ok)
      break;
    state.SetIterationTime(elapsed.count());
    seconds.push_back(elapsed.count());
  }
  if (seconds.empty())
    return;
  double middle = median(std::move(seconds));
  state.counters["median_ms"] = middle * 1e3;
  state.counters["GFLOP/s"] = flops / middle * 1e-9;
  state.counters["FLOP"] = flops;
}

void runCase(benchmark::State &state, Entry *entry) {
  PreparedCase *prepared = entry->get();
  if (!prepared) {
    anyCaseFailed = true;
    state.SkipWithError(entry->error->c_str());
    return;
  }
  state.SetLabel(prepared->getSummary());
  state.counters["compile_s"] = prepared->getCompileSeconds();
  timeRuns(state, prepared->getFlops(), [&] {
    if (llvm::Error error = prepared->run()) {
      anyCaseFailed = true;
      state.SkipWithError(llvm::toString(std::move(error)).c_str());
      return false;
    }
    return true;
  });
}

/// One of several threads calling the case's kernel at once, each into its
/// own output; Google Benchmark sums the runs per second of all of them.
void runCaseConcurrently(benchmark::State &state, Entry *entry) {
  PreparedCase *prepared = entry->get();
  if (!prepared) {
    anyCaseFailed = true;
    state.SkipWithError(entry->error->c_str());
    return;
  }
  if (state.thread_index() == 0)
    state.SetLabel(prepared->getSummary());
  std::vector<float> output;
  for (auto _ : state) {
    if (llvm::Error error = prepared->runInto(output)) {
      anyCaseFailed = true;
      state.SkipWithError(llvm::toString(std::move(error)).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void runFmaPeak(benchmark::State &state) {
  constexpr int64_t kChunks = 4;
  state.SetLabel(getFmaKind());
  timeRuns(state, getFmaChunkFlops(kChunks), [] {
    runFmaChunks(kChunks);
    return true;
  });
}

constexpr const char *kOverview =
    "nnid-bench: nnid-compiled networks checked against PyTorch, timed\n";

void printHelp() {
  // The option parser prints help only once it has parsed a command line.
  const char *programName = "nnid-bench";
  cl::ParseCommandLineOptions(1, &programName, kOverview);
  cl::PrintHelpMessage();
  llvm::outs() << "\nGoogle Benchmark's flags:\n";
  llvm::outs().flush();
  benchmark::PrintDefaultHelp();
}

benchmark::internal::Benchmark *configure(benchmark::internal::Benchmark *b) {
  b->UseManualTime()->Unit(benchmark::kMillisecond);
  if (fixedIterations)
    b->Iterations(fixedIterations);
  return b;
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(benchCategory);
  benchmark::Initialize(&argc, argv, printHelp);
  cl::ParseCommandLineOptions(argc, argv, kOverview);

  std::vector<const BenchCase *> selected;
  llvm::ArrayRef<BenchCase> cases = getBenchCases();
  if (caseNames.empty()) {
    for (const BenchCase &benchCase : cases)
      if (!benchCase.smoke)
        selected.push_back(&benchCase);
  }
  for (const std::string &name : caseNames) {
    const BenchCase *found = llvm::find_if(
        cases, [&](const BenchCase &c) { return name == c.name; });
    if (found == cases.end()) {
      llvm::errs() << "nnid-bench: unknown case '" << name << "'; cases:";
      for (const BenchCase &c : cases)
        llvm::errs() << " " << c.name;
      llvm::errs() << "\n";
      return 1;
    }
    selected.push_back(found);
  }
  std::vector<bool> reparameterizations;
  if (reparameterizeMode != Reparameterize::On)
    reparameterizations.push_back(false);
  if (reparameterizeMode != Reparameterize::Off)
    reparameterizations.push_back(true);

  configure(benchmark::RegisterBenchmark("fma_peak", runFmaPeak));
  // Entries live until the benchmarks have run.
  std::vector<std::unique_ptr<Entry>> entries;
  for (const BenchCase *benchCase : selected)
    for (bool reparameterize : reparameterizations)
      for (unsigned callers : callerCounts) {
        for (unsigned count : threadCounts) {
          // Concurrent callers each run single-threaded kernels.
          if (callers > 1 && count != 1)
            continue;
          auto entry = std::make_unique<Entry>();
          entry->benchCase = benchCase;
          entry->config = CaseConfig{count, reparameterize};
          entries.push_back(std::move(entry));
          std::string name = llvm::formatv(
              "{0}/threads:{1}{2}{3}", benchCase->name, count,
              reparameterize ? "/reparameterized" : "",
              callers > 1 ? llvm::formatv("/callers:{0}", callers).str()
                          : std::string());
          if (callers == 1) {
            configure(benchmark::RegisterBenchmark(name.c_str(), runCase,
                                                   entries.back().get()));
            continue;
          }
          auto *b = benchmark::RegisterBenchmark(
              name.c_str(), runCaseConcurrently, entries.back().get());
          b->Threads(callers)->UseRealTime()->Unit(benchmark::kMillisecond);
          if (fixedIterations)
            b->Iterations(fixedIterations);
        }
      }

  size_t ran = benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return ran == 0 || anyCaseFailed ? 1 : 0;
}
