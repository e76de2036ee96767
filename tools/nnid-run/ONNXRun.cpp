//===- ONNXRun.cpp - nnid-run on ONNX models ------------------------------===//
//
//   nnid-run MODEL.onnx [--input NAME=FILE.pb ...] [--output-dir DIR]
//   nnid-run --test DIR            (DIR/model.onnx, DIR/test_data_set_*/)
//   nnid-run MODEL.onnx --benchmark [--runs N] [--num-threads T]
//   nnid-run MODEL.onnx --summary
//
// As ONNX Runtime's onnx_test_runner and onnxruntime_perf_test do.
//
//===----------------------------------------------------------------------===//

#include "ONNXRun.h"
#include "Compare.h"

#include "nnid/ONNX/Import.h"
#include "nnid/ONNX/TensorFile.h"
#include "nnid/Support/Dynamic.h"
#include "nnid/Support/Error.h"
#include "nnid/Transforms/Summary.h"

#include "onnx/onnx_pb.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <map>
#include <random>

using namespace llvm;
using namespace nnid;

static cl::opt<std::string>
    testDir("test",
            cl::desc("Run an ONNX test directory (model.onnx and "
                     "test_data_set_*/input_N.pb, output_N.pb) and compare "
                     "every output"),
            cl::value_desc("dir"), cl::cat(run::getCategory()));
static cl::list<std::string>
    inputFiles("input",
               cl::desc("An input of an ONNX model as a TensorProto file "
                        "(default: seeded random values in [-1, 1))"),
               cl::value_desc("name=file.pb"), cl::cat(run::getCategory()));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Write an ONNX model's outputs there as "
                       "output_N.pb"),
              cl::value_desc("dir"), cl::cat(run::getCategory()));
static cl::opt<bool>
    benchmark("benchmark",
              cl::desc("Time the ONNX model's inference: compile time, then "
                       "the median, min and max over --runs runs"),
              cl::cat(run::getCategory()));
static cl::opt<unsigned> runs("runs", cl::desc("Runs for --benchmark"),
                              cl::init(20), cl::cat(run::getCategory()));
static cl::opt<bool>
    summary("summary",
            cl::desc("Print the ONNX model as a table of layers (name, op, "
                     "output shape, parameters, FLOPs) and stop"),
            cl::cat(run::getCategory()));
static cl::opt<unsigned> seed("seed", cl::desc("Seed of the random inputs"),
                              cl::init(0), cl::cat(run::getCategory()));
static cl::opt<std::string>
    batch("batch",
          cl::desc("The ONNX inputs' batch dimension: N or 'dynamic' "
                   "(default: the model's)"),
          cl::init(""), cl::cat(run::getCategory()));

using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

static int fail(const Twine &message) {
  WithColor::error(errs(), "nnid-run") << message << "\n";
  return 1;
}

bool nnid::run::isONNXRun(ArrayRef<std::string> files) {
  return !testDir.empty() || (!files.empty() && isONNXFile(files.front()));
}

/// The shape of a kernel tensor with its dynamic batch set to `batch`.
static SmallVector<int64_t, 4> getConcreteShape(const TensorSpec &spec,
                                                int64_t batchSize) {
  SmallVector<int64_t, 4> shape = spec.shape;
  for (int64_t &dim : shape)
    if (dim == kDynamic)
      dim = batchSize;
  return shape;
}

static size_t getCount(ArrayRef<int64_t> shape) {
  size_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

namespace {
/// A kernel's inputs and the buffers for its outputs.
struct Buffers {
  std::vector<HostTensor> inputs, outputs;

  std::vector<TensorRef> getInputs() const {
    std::vector<TensorRef> refs;
    for (const HostTensor &t : inputs)
      refs.push_back(
          {t.data, SmallVector<int64_t, 4>(t.shape.begin(), t.shape.end())});
    return refs;
  }
  std::vector<MutableTensorRef> getOutputs() {
    std::vector<MutableTensorRef> refs;
    for (HostTensor &t : outputs)
      refs.push_back(
          {t.data, SmallVector<int64_t, 4>(t.shape.begin(), t.shape.end())});
    return refs;
  }
  std::vector<std::vector<float>> getOutputData() const {
    std::vector<std::vector<float>> data;
    for (const HostTensor &t : outputs)
      data.push_back(t.data);
    return data;
  }
};
} // namespace

/// Output buffers for `kernel`, whose dynamic batch is that of the inputs.
static Error allocateOutputs(const Kernel &kernel, Buffers &buffers) {
  int64_t batchSize = 1;
  for (auto [spec, input] : llvm::zip(kernel.getInputs(), buffers.inputs))
    for (auto [want, got] : llvm::zip(spec.shape, input.shape))
      if (want == kDynamic)
        batchSize = got;
  for (const TensorSpec &spec : kernel.getOutputs()) {
    HostTensor output;
    output.name = spec.name;
    SmallVector<int64_t, 4> shape = getConcreteShape(spec, batchSize);
    output.shape.assign(shape.begin(), shape.end());
    output.data.assign(getCount(shape), NAN);
    buffers.outputs.push_back(std::move(output));
  }
  return Error::success();
}

/// The sorted numbered files `prefix_N.pb` in `dir`.
static std::vector<std::string> listNumbered(StringRef dir, StringRef prefix) {
  std::vector<std::string> files;
  for (unsigned i = 0;; ++i) {
    SmallString<256> path(dir);
    sys::path::append(path, (prefix + "_" + Twine(i) + ".pb").str());
    if (!sys::fs::exists(path))
      break;
    files.push_back(path.str().str());
  }
  return files;
}

/// The sorted test_data_set_* directories of `dir`.
static Expected<std::vector<std::string>> listTestSets(StringRef dir) {
  std::error_code ec;
  std::vector<std::string> sets;
  for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (sys::path::filename(it->path()).starts_with("test_data_set_") &&
        sys::fs::is_directory(it->path()))
      sets.push_back(it->path());
  if (ec)
    return makeError("cannot list " + dir + ": " + ec.message());
  if (sets.empty())
    return makeError(dir + " has no test_data_set_* directory");
  llvm::sort(sets);
  return sets;
}

/// The inputs of a test set that are not f32 tensors of rank 1 or more
/// (int64 shapes, axes, pads; f32 scalars such as Clip's bounds), and those
/// named in `alsoFixed`, by their position among the input files: nnid
/// compiles them in as constants (ONNXImportOptions::fixedInputs), so that
/// every test set must give the same ones.
using FixedInputs = std::map<unsigned, std::string>;

/// The graph inputs a Resize or Upsample reads besides its data (its f32
/// scales and roi): nnid fixes a resize's output size when it compiles, so
/// a test's scales are compiled in as its int64 sizes are.
static StringSet<> getResizeParameterInputs(StringRef model) {
  StringSet<> names;
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(model, /*IsText=*/false);
  // (A model that cannot be read or parsed fails when it is imported.)
  if (!buffer || (*buffer)->getBufferSize() > size_t(INT_MAX))
    return names;
  onnx::ModelProto proto;
  if (!proto.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize())))
    return names;
  for (const onnx::NodeProto &node : proto.graph().node()) {
    if ((node.domain() != "" && node.domain() != "ai.onnx") ||
        (node.op_type() != "Resize" && node.op_type() != "Upsample"))
      continue;
    for (int i = 1; i < node.input_size(); ++i)
      if (!node.input(i).empty())
        names.insert(node.input(i));
  }
  return names;
}

static Expected<FixedInputs> readFixedInputs(StringRef set,
                                             const StringSet<> &alsoFixed) {
  FixedInputs fixed;
  for (auto [i, file] : llvm::enumerate(listNumbered(set, "input"))) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
        MemoryBuffer::getFile(file, /*IsText=*/false);
    if (!buffer)
      return makeError(
          formatv("cannot read {0}: {1}", file, buffer.getError().message()));
    Expected<int32_t> type = readTensorProtoElementType((*buffer)->getBuffer());
    if (!type)
      return makeError(formatv("{0}: {1}", file, toString(type.takeError())));
    bool fix = *type != 1; // onnx::TensorProto::FLOAT
    if (!fix) {
      Expected<HostTensor> tensor = readTensorProto((*buffer)->getBuffer());
      if (!tensor)
        return makeError(
            formatv("{0}: {1}", file, toString(tensor.takeError())));
      fix = tensor->shape.empty() || alsoFixed.contains(tensor->name);
    }
    if (fix)
      fixed[i] = (*buffer)->getBuffer().str();
  }
  return fixed;
}

static int runTests(const Kernel &kernel, StringRef dir,
                    const FixedInputs &fixed, const StringSet<> &alsoFixed,
                    double rtol, double atol) {
  Expected<std::vector<std::string>> sets = listTestSets(dir);
  if (!sets)
    return fail(toString(sets.takeError()));
  unsigned passed = 0, failed = 0;
  for (const std::string &set : *sets) {
    StringRef name = sys::path::filename(set);
    auto report = [&](const Twine &text, bool ok) {
      outs() << name << ": " << text << "\n";
      outs().flush();
      ++(ok ? passed : failed);
    };
    Buffers buffers;
    std::vector<std::vector<float>> expected;
    std::string problem;
    Expected<FixedInputs> setFixed = readFixedInputs(set, alsoFixed);
    if (!setFixed)
      problem = toString(setFixed.takeError());
    else if (*setFixed != fixed)
      problem = "its inputs that are not f32 tensors of rank 1 or more "
                "differ from those of " +
                sys::path::filename(sets->front()).str() +
                ", which nnid compiled in as constants";
    for (auto [i, file] : llvm::enumerate(listNumbered(set, "input"))) {
      if (!problem.empty())
        break;
      if (fixed.count(i))
        continue;
      Expected<HostTensor> tensor = readTensorProtoFile(file);
      if (!tensor) {
        problem = toString(tensor.takeError());
        break;
      }
      buffers.inputs.push_back(std::move(*tensor));
    }
    std::vector<std::string> outputFiles = listNumbered(set, "output");
    if (problem.empty() &&
        (buffers.inputs.size() != kernel.getInputs().size() ||
         outputFiles.size() != kernel.getOutputs().size()))
      problem = formatv("it has {0} inputs and {1} outputs; the model has {2} "
                        "and {3}",
                        buffers.inputs.size(), outputFiles.size(),
                        kernel.getInputs().size(), kernel.getOutputs().size())
                    .str();
    for (const std::string &file : outputFiles) {
      if (!problem.empty())
        break;
      Expected<HostTensor> tensor = readTensorProtoFile(file);
      if (!tensor) {
        problem = toString(tensor.takeError());
        break;
      }
      HostTensor output;
      output.name = tensor->name;
      output.shape = tensor->shape;
      output.data.assign(tensor->data.size(), NAN);
      expected.push_back(std::move(tensor->data));
      buffers.outputs.push_back(std::move(output));
    }
    if (!problem.empty()) {
      report("FAILED: " + problem, false);
      continue;
    }
    std::vector<MutableTensorRef> outputs = buffers.getOutputs();
    if (Error error =
            const_cast<Kernel &>(kernel).run(buffers.getInputs(), outputs)) {
      report("FAILED to run: " + toString(std::move(error)), false);
      continue;
    }
    run::Comparison comparison =
        run::compare(buffers.getOutputData(), expected, rtol, atol);
    report(comparison.str(), comparison.mismatches == 0);
  }
  outs() << passed << " passed, " << failed << " failed\n";
  return failed ? 1 : 0;
}

/// The inputs of --input, or seeded random ones.
static Error readInputs(const Kernel &kernel, int64_t batchSize,
                        Buffers &buffers) {
  StringMap<std::string> files;
  for (StringRef item : inputFiles) {
    auto [name, file] = item.split('=');
    if (file.empty())
      return makeError("--input takes name=file.pb, not '" + item + "'");
    bool known = llvm::any_of(kernel.getInputs(), [&](const TensorSpec &s) {
      return s.name == name;
    });
    if (!known)
      return makeError("--input names '" + name +
                       "', which is not an input of the model");
    files[name] = file.str();
  }
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (const TensorSpec &spec : kernel.getInputs()) {
    if (auto it = files.find(spec.name); it != files.end()) {
      Expected<HostTensor> tensor = readTensorProtoFile(it->second);
      if (!tensor)
        return tensor.takeError();
      buffers.inputs.push_back(std::move(*tensor));
      continue;
    }
    HostTensor tensor;
    tensor.name = spec.name;
    SmallVector<int64_t, 4> shape = getConcreteShape(spec, batchSize);
    tensor.shape.assign(shape.begin(), shape.end());
    tensor.data.resize(getCount(shape));
    for (float &value : tensor.data)
      value = uniform(random);
    buffers.inputs.push_back(std::move(tensor));
  }
  return Error::success();
}

static int runModel(Kernel &kernel, int64_t batchSize) {
  Buffers buffers;
  if (Error error = readInputs(kernel, batchSize, buffers))
    return fail(toString(std::move(error)));
  if (Error error = allocateOutputs(kernel, buffers))
    return fail(toString(std::move(error)));
  std::vector<TensorRef> inputs = buffers.getInputs();
  std::vector<MutableTensorRef> outputs = buffers.getOutputs();
  if (Error error = kernel.run(inputs, outputs))
    return fail("cannot run: " + toString(std::move(error)));
  if (benchmark) {
    std::vector<double> times;
    for (unsigned i = 0; i < std::max(1u, runs.getValue()); ++i) {
      Clock::time_point start = Clock::now();
      if (Error error = kernel.run(inputs, outputs))
        return fail("cannot run: " + toString(std::move(error)));
      times.push_back(secondsSince(start) * 1e3);
    }
    llvm::sort(times);
    size_t n = times.size();
    double median =
        n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    outs() << formatv("median {0:f3} ms (min {1:f3}, max {2:f3}) over {3} "
                      "runs\n",
                      median, times.front(), times.back(), n);
  }
  for (const HostTensor &output : buffers.outputs) {
    double sum = 0;
    float lo = INFINITY, hi = -INFINITY;
    for (float v : output.data) {
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    outs() << formatv("output '{0}' {1}: min {2:e}, max {3:e}, mean {4:e}\n",
                      output.name, formatShape(ArrayRef<int64_t>(output.shape)),
                      lo, hi,
                      output.data.empty() ? 0.0 : sum / output.data.size());
  }
  if (!outputDir.empty()) {
    if (std::error_code ec = sys::fs::create_directories(outputDir))
      return fail("cannot create " + outputDir + ": " + ec.message());
    for (auto [i, output] : llvm::enumerate(buffers.outputs)) {
      SmallString<256> path(outputDir);
      sys::path::append(path, "output_" + Twine(i) + ".pb");
      if (Error error = writeTensorProtoFile(path, output))
        return fail(toString(std::move(error)));
    }
  }
  return 0;
}

int nnid::run::runONNX(ArrayRef<std::string> files,
                       ArrayRef<CpuPipelineOptions> configs,
                       const CompileOptions &baseOptions, double rtol,
                       double atol) {
  std::string model;
  if (!testDir.empty()) {
    if (!files.empty())
      return fail("--test takes a directory, not other files");
    SmallString<256> path(testDir);
    sys::path::append(path, "model.onnx");
    model = path.str().str();
  } else if (files.size() == 1) {
    model = files.front();
  } else {
    return fail("nnid-run takes one ONNX model");
  }

  ONNXImportOptions importOptions;
  importOptions.entry = baseOptions.entry;
  // A test's int64 inputs (shapes, axes, pads) are compiled in.
  FixedInputs fixed;
  StringSet<> alsoFixed;
  if (!testDir.empty()) {
    alsoFixed = getResizeParameterInputs(model);
    Expected<std::vector<std::string>> sets = listTestSets(testDir);
    if (!sets)
      return fail(toString(sets.takeError()));
    // (A file that cannot be read fails its set, in runTests.)
    Expected<FixedInputs> first = readFixedInputs(sets->front(), alsoFixed);
    if (first)
      fixed = std::move(*first);
    else
      consumeError(first.takeError());
    for (const auto &[i, bytes] : fixed)
      importOptions.fixedInputs.push_back(bytes);
  }
  Expected<std::optional<int64_t>> batchValue = parseBatch(batch);
  if (!batchValue)
    return fail(toString(batchValue.takeError()));
  importOptions.batch = *batchValue;
  // Random inputs of a dynamic batch have batch 1.
  int64_t batchSize = importOptions.batch && *importOptions.batch != kDynamic
                          ? *importOptions.batch
                          : 1;

  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  Clock::time_point start = Clock::now();
  auto module = importONNXFile(model, context, importOptions);
  if (!module)
    return fail(toString(module.takeError()));
  if (summary) {
    for (auto func : (*module)->getOps<mlir::func::FuncOp>())
      printSummary(func, outs());
    return 0;
  }
  double importSeconds = secondsSince(start);
  int status = 0;
  for (const CpuPipelineOptions &config : configs) {
    CompileOptions options = baseOptions;
    static_cast<CpuPipelineOptions &>(options) = config;
    if (configs.size() > 1)
      outs() << "[" << formatSpec(config) << "]\n";
    Clock::time_point compileStart = Clock::now();
    Expected<std::unique_ptr<Kernel>> kernel = compileForCPU(**module, options);
    if (!kernel) {
      fail("cannot compile " + model + ": " + toString(kernel.takeError()));
      status = 1;
      continue;
    }
    outs() << formatv("compiled {0} in {1:f2} s\n", model,
                      importSeconds + secondsSince(compileStart));
    outs().flush();
    int result = !testDir.empty()
                     ? runTests(**kernel, testDir, fixed, alsoFixed,
                                rtol < 0 ? 1e-4 : rtol, atol < 0 ? 1e-4 : atol)
                     : runModel(**kernel, batchSize);
    status = std::max(status, result);
  }
  return status;
}
