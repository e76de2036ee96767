//===- nnid-run.cpp - compile nnid IR for this CPU, run it, compare -------===//
//
// Compiles each case (an nnid .mlir file) in-process with compileForCPU,
// runs it on the inputs of its data file and compares every output with the
// expected one:
//
//   nnid-run case.mlir [more.mlir ...] [--data case.safetensors]
//            [--configs=default|all|SPEC;SPEC...] [pipeline flags]
//
// A case's data file (by default <case>.safetensors beside it) holds the
// inputs under the names of the entry's arguments (`nnid.name`), the
// expected outputs as expected.0, expected.1, ... and the tolerances as
// metadata `rtol` and `atol` (--rtol/--atol override them). An output
// matches when every element has |nnid - expected| <= rtol * |expected| +
// atol. A SPEC is a configuration of the CPU pipeline with
// --nnid-lower-to-llvm's option names, such as
// `layout=nhwc,kernels=1,reparameterize=0,parallel=1,vector-width=8,
// registers=16`; `all` is every configuration this machine can run
// (--list-configs prints them). One line per case and configuration, then
// `N passed, N failed`; the exit status is 0 only when all pass.
//
//===----------------------------------------------------------------------===//

#include "Compare.h"
#include "ONNXRun.h"

#include "nnid/API/Kernel.h"
#include "nnid/API/Module.h"
#include "nnid/API/PipelineFlags.h"
#include "nnid/Support/Error.h"
#include "nnid/Support/SafeTensors.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <cmath>

using namespace llvm;
using namespace nnid;

static cl::OptionCategory category("nnid-run options");
cl::OptionCategory &nnid::run::getCategory() { return category; }

static cl::list<std::string>
    caseFiles(cl::Positional, cl::desc("<case.mlir>..."), cl::cat(category));
static cl::opt<std::string>
    dataFile("data",
             cl::desc("The data file of the (single) case (default: "
                      "<case>.safetensors)"),
             cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> configs(
    "configs",
    cl::desc("Configurations to run: default (the pipeline flags), all "
             "(every one this machine can run), or specs separated by ';'"),
    cl::init("default"), cl::cat(category));
static cl::opt<bool>
    listConfigs("list-configs",
                cl::desc("Print the configurations 'all' stands for"),
                cl::cat(category));
static cl::opt<std::string> entry("entry", cl::desc("The function to compile"),
                                  cl::init("forward"), cl::cat(category));
static cl::opt<unsigned> threads("num-threads",
                                 cl::desc("Threads per kernel (0: every core)"),
                                 cl::init(0), cl::cat(category));
static cl::opt<double>
    rtolOption("rtol", cl::desc("Relative tolerance (default: the data's)"),
               cl::init(-1), cl::cat(category));
static cl::opt<double>
    atolOption("atol", cl::desc("Absolute tolerance (default: the data's)"),
               cl::init(-1), cl::cat(category));
static PipelineFlags pipelineFlags(category);

std::string nnid::run::formatSpec(const CpuPipelineOptions &options) {
  return formatv("layout={0},kernels={1},reparameterize={2},parallel={3},"
                 "vector-width={4},registers={5}",
                 options.layout, options.kernels ? 1 : 0,
                 options.reparameterize ? 1 : 0,
                 options.parallel.value_or(false) ? 1 : 0, options.vectorWidth,
                 options.registers)
      .str();
}

namespace {

Expected<bool> parseBool(StringRef key, StringRef value) {
  if (value == "1" || value == "true")
    return true;
  if (value == "0" || value == "false")
    return false;
  return makeError("'" + key + "' takes 0 or 1, not '" + value + "'");
}

Expected<CpuPipelineOptions> parseSpec(StringRef spec,
                                       const CpuPipelineOptions &base) {
  CpuPipelineOptions options = base;
  SmallVector<StringRef> items;
  spec.split(items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    auto [key, value] = item.trim().split('=');
    if (key == "layout") {
      options.layout = value.str();
    } else if (key == "kernels" || key == "reparameterize" ||
               key == "parallel") {
      Expected<bool> flag = parseBool(key, value);
      if (!flag)
        return flag.takeError();
      if (key == "kernels")
        options.kernels = *flag;
      else if (key == "reparameterize")
        options.reparameterize = *flag;
      else
        options.parallel = *flag;
    } else if (key == "vector-width" || key == "registers") {
      int64_t number;
      if (value.getAsInteger(10, number))
        return makeError("'" + key + "' takes a number, not '" + value + "'");
      (key == "registers" ? options.registers : options.vectorWidth) = number;
    } else {
      return makeError("unknown option '" + key +
                       "' in a configuration (layout, kernels, "
                       "reparameterize, parallel, vector-width, registers)");
    }
  }
  return options;
}

/// Every configuration a user can pick on this machine: both layouts, the
/// kernels on and off, re-parameterization on and off, one and several
/// threads (with libomp), and each register shape the CPU has (AVX-512's
/// and AVX2's on an AVX-512 machine).
std::vector<CpuPipelineOptions> getAllConfigs() {
  HostCpu host = getHostCpu();
  std::vector<std::pair<int64_t, int64_t>> shapes = {
      {host.vectorWidth, host.registers}};
  if (host.vectorWidth == 16)
    shapes.push_back({8, 16});
  std::vector<bool> parallel = {false};
  if (host.openMP)
    parallel.push_back(true);
  std::vector<CpuPipelineOptions> result;
  for (const char *layout : {"nhwc", "nchw"})
    for (bool kernels : {true, false})
      for (bool reparameterize : {true, false})
        for (bool threaded : parallel)
          for (auto [width, registers] : shapes) {
            // The kernels (and so the register shape) apply to NHWC only.
            if ((!kernels || StringRef(layout) == "nchw") &&
                width != shapes.front().first)
              continue;
            if (StringRef(layout) == "nchw" && kernels)
              continue;
            CpuPipelineOptions options;
            options.layout = layout;
            options.kernels = kernels;
            options.reparameterize = reparameterize;
            options.parallel = threaded;
            options.vectorWidth = width;
            options.registers = registers;
            result.push_back(options);
          }
  return result;
}

Expected<std::vector<CpuPipelineOptions>> getConfigs() {
  CpuPipelineOptions base = pipelineFlags.apply();
  if (configs == "default")
    return std::vector<CpuPipelineOptions>{base};
  if (configs == "all")
    return getAllConfigs();
  std::vector<CpuPipelineOptions> result;
  SmallVector<StringRef> specs;
  StringRef(configs).split(specs, ';', -1, /*KeepEmpty=*/false);
  for (StringRef spec : specs) {
    Expected<CpuPipelineOptions> options = parseSpec(spec, base);
    if (!options)
      return options.takeError();
    result.push_back(*options);
  }
  return result;
}

/// A case's inputs and expected outputs.
struct CaseData {
  std::vector<std::vector<float>> inputData, expectedData;
  std::vector<TensorRef> inputs;
  std::vector<SmallVector<int64_t, 4>> outputShapes;
  double rtol = 1e-4, atol = 1e-4;
};

Error readData(const SafeTensorsFile &file, const Kernel &kernel,
               CaseData &data) {
  const auto &metadata = file.getMetadata();
  auto readTolerance = [&](const char *key, double option, double &value) {
    if (option >= 0)
      value = option;
    else if (auto it = metadata.find(key); it != metadata.end())
      StringRef(it->second).getAsDouble(value);
  };
  readTolerance("rtol", rtolOption, data.rtol);
  readTolerance("atol", atolOption, data.atol);
  data.inputData.reserve(kernel.getInputs().size());
  for (const TensorSpec &spec : kernel.getInputs()) {
    const SafeTensorInfo *info = file.lookup(spec.name);
    if (!info)
      return makeError("the data has no tensor '" + spec.name +
                       "' for the input of that name");
    Expected<std::vector<float>> values = file.readF32(*info);
    if (!values)
      return values.takeError();
    data.inputData.push_back(std::move(*values));
    data.inputs.push_back(
        {data.inputData.back(),
         SmallVector<int64_t, 4>(info->shape.begin(), info->shape.end())});
  }
  for (size_t i = 0; i < kernel.getOutputs().size(); ++i) {
    std::string name = "expected." + std::to_string(i);
    const SafeTensorInfo *info = file.lookup(name);
    if (!info)
      return makeError("the data has no tensor '" + name + "'");
    Expected<std::vector<float>> values = file.readF32(*info);
    if (!values)
      return values.takeError();
    data.expectedData.push_back(std::move(*values));
    data.outputShapes.emplace_back(info->shape.begin(), info->shape.end());
  }
  return Error::success();
}

/// Compiles and runs one configuration; the line's text after the colon.
Expected<std::string> runConfig(mlir::ModuleOp module,
                                const SafeTensorsFile &file,
                                const CpuPipelineOptions &config,
                                bool &passed) {
  passed = false;
  CompileOptions options;
  static_cast<CpuPipelineOptions &>(options) = config;
  options.entry = entry;
  options.numThreads = threads;
  Expected<std::unique_ptr<Kernel>> kernel = compileForCPU(module, options);
  if (!kernel)
    return "FAILED to compile: " + toString(kernel.takeError());
  CaseData data;
  if (Error error = readData(file, **kernel, data))
    return std::move(error);
  std::vector<std::vector<float>> outputData;
  std::vector<MutableTensorRef> outputs;
  outputData.reserve(data.expectedData.size());
  for (size_t i = 0; i < data.expectedData.size(); ++i) {
    outputData.emplace_back(data.expectedData[i].size(), NAN);
    outputs.push_back({outputData.back(), data.outputShapes[i]});
  }
  if (Error error = (*kernel)->run(data.inputs, outputs))
    return "FAILED to run: " + toString(std::move(error));

  run::Comparison comparison =
      run::compare(outputData, data.expectedData, data.rtol, data.atol);
  passed = comparison.mismatches == 0;
  return comparison.str();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "nnid-run: compile nnid IR for this CPU, run it and compare its outputs "
      "with the expected ones\n\n"
      "  It also takes MLIR's pass manager flags (--mlir-print-ir-after-all,\n"
      "  --mlir-print-ir-after=<pass>, --mlir-timing, ...), not listed "
      "here.\n");
  if (listConfigs) {
    for (const CpuPipelineOptions &config : getAllConfigs())
      outs() << run::formatSpec(config) << "\n";
    return 0;
  }
  Expected<std::vector<CpuPipelineOptions>> configList = getConfigs();
  if (!configList) {
    WithColor::error(errs(), "nnid-run")
        << toString(configList.takeError()) << "\n";
    return 2;
  }
  if (run::isONNXRun(caseFiles)) {
    CompileOptions options;
    options.entry = entry;
    options.numThreads = threads;
    return run::runONNX(caseFiles, *configList, options, rtolOption,
                        atolOption);
  }
  if (caseFiles.empty()) {
    WithColor::error(errs(), "nnid-run") << "no case given\n";
    return 2;
  }
  if (!dataFile.empty() && caseFiles.size() != 1) {
    WithColor::error(errs(), "nnid-run") << "--data takes one case\n";
    return 2;
  }

  unsigned passed = 0, failed = 0;
  for (const std::string &path : caseFiles) {
    StringRef name = sys::path::stem(path);
    auto report = [&](StringRef spec, const Twine &text, bool ok) {
      outs() << name << " [" << spec << "]: " << text << "\n";
      outs().flush();
      ++(ok ? passed : failed);
    };
    ErrorOr<std::unique_ptr<MemoryBuffer>> source = MemoryBuffer::getFile(path);
    SmallString<256> data(dataFile);
    if (data.empty()) {
      data = path;
      sys::path::replace_extension(data, ".safetensors");
    }
    Expected<SafeTensorsFile> file = SafeTensorsFile::open(data);
    if (!source || !file) {
      report("-",
             "FAILED: " + (!source ? "cannot read " + path + ": " +
                                         source.getError().message()
                                   : toString(file.takeError())),
             false);
      if (file)
        continue;
      consumeError(file.takeError());
      continue;
    }
    mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
    Expected<mlir::OwningOpRef<mlir::ModuleOp>> module =
        parseModule((*source)->getBuffer(), context);
    if (!module) {
      report("-", "FAILED to parse: " + toString(module.takeError()), false);
      continue;
    }
    for (const CpuPipelineOptions &config : *configList) {
      std::string spec = run::formatSpec(config);
      bool ok = false;
      Expected<std::string> text = runConfig(**module, *file, config, ok);
      if (!text)
        report(spec, "FAILED: " + toString(text.takeError()), false);
      else
        report(spec, *text, ok);
    }
  }
  outs() << passed << " passed, " << failed << " failed\n";
  return failed ? 1 : 0;
}
