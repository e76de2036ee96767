//===- nnid-compile.cpp - compile an nnid module to an object file --------===//
//
// Compiles one function of an nnid .mlir file, or an ONNX model, ahead of
// time (see nnid/API/Aot.h): writes an object file and a C header that
// declares `int <name>_<function>(const float *input..., float *output...)`.
//
//   nnid-compile seed-model.mlir --name seed -o seed.o --header seed.h
//   nnid-compile resnet18.onnx --batch 1 -o resnet18.o
//
// The CPU pipeline's options are flags of the same names (--layout,
// --kernels, --reparameterize, --parallel, --vector-width, --registers).
// --progress prints each stage on stderr as it starts.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Aot.h"
#include "nnid/API/PipelineFlags.h"
#include "nnid/API/Progress.h"
#include "nnid/ONNX/Import.h"
#include "nnid/Support/Dynamic.h"

#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory category("nnid-compile options");

static cl::opt<std::string>
    inputFile(cl::Positional, cl::Required,
              cl::desc("<input.mlir, model.onnx, or - for nnid IR on stdin>"),
              cl::cat(category));
static cl::opt<std::string>
    objectFile("o", cl::desc("The object file to write (default: <name>.o)"),
               cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string>
    headerFile("header",
               cl::desc("The C header to write (default: the object file "
                        "with .h)"),
               cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string>
    entry("entry",
          cl::desc("The function to compile (default: forward, or the only "
                   "public function); for an ONNX model, the name of the "
                   "function it is imported as"),
          cl::init("forward"), cl::cat(category));
static cl::opt<std::string>
    batch("batch",
          cl::desc("ONNX models: the inputs' batch dimension, N or 'dynamic' "
                   "(default: the model's; a symbolic one stays dynamic)"),
          cl::init(""), cl::cat(category));
static cl::opt<std::string>
    name("name",
         cl::desc("Prefix of the C names: the entry point is "
                  "<name>_<function> (default: the input file's name)"),
         cl::cat(category));
static cl::opt<std::string>
    cpu("cpu",
        cl::desc("The CPU: native (this machine), generic (any x86-64) or an "
                 "LLVM CPU name such as x86-64-v3"),
        cl::init("native"), cl::cat(category));
static nnid::PipelineFlags pipelineFlags(category);
static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level"),
                                  cl::init(3), cl::Prefix, cl::cat(category));
static cl::opt<bool>
    progress("progress",
             cl::desc("Print each stage of the compilation on stderr as it "
                      "starts, with the seconds elapsed"),
             cl::init(false), cl::cat(category));

static int reportError(Error error) {
  WithColor::error(errs(), "nnid-compile")
      << toString(std::move(error)) << "\n";
  return 1;
}

/// "seed-model.mlir" -> "seed_model".
static std::string getDefaultName(StringRef path) {
  if (path == "-")
    return "model";
  std::string result;
  for (char c : sys::path::stem(path))
    result += isAlnum(c) ? c : '_';
  if (result.empty() || isDigit(result.front()))
    result = "model_" + result;
  return result;
}

/// The --batch of ONNX import options.
static Error setBatch(nnid::ONNXImportOptions &options) {
  Expected<std::optional<int64_t>> value = nnid::parseBatch(batch);
  if (!value)
    return value.takeError();
  options.batch = *value;
  return Error::success();
}

/// Imports or reads the input, and compiles it.
static Expected<nnid::AotResult> compile(const nnid::AotOptions &options,
                                         nnid::ProgressPrinter &printer) {
  if (nnid::isONNXFile(inputFile)) {
    nnid::ONNXImportOptions importOptions;
    importOptions.entry = entry;
    if (Error error = setBatch(importOptions))
      return std::move(error);
    printer.report("importing " + inputFile);
    mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
    auto module = nnid::importONNXFile(inputFile, context, importOptions);
    if (!module)
      return module.takeError();
    return nnid::compileToObject(**module, options);
  }

  if (!batch.empty())
    return createStringError("--batch applies to ONNX models (.onnx), not "
                             "to " +
                             inputFile);
  printer.report("reading " + inputFile);
  ErrorOr<std::unique_ptr<MemoryBuffer>> input =
      MemoryBuffer::getFileOrSTDIN(inputFile);
  if (!input)
    return createStringError(input.getError(), "cannot read " + inputFile +
                                                   ": " +
                                                   input.getError().message());
  return nnid::compileToObject((*input)->getBuffer(), options);
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "nnid-compile: compile an nnid model to an object file and a C "
      "header\n\n"
      "  The model is nnid IR (a .mlir file, or - for stdin) or an ONNX "
      "model\n"
      "  (a .onnx file, imported as nnid-import-onnx does).\n"
      "  It also takes MLIR's pass manager flags (--mlir-print-ir-after-all,\n"
      "  --mlir-print-ir-after=<pass>, --mlir-timing, ...), not listed "
      "here.\n");

  nnid::ProgressPrinter printer("nnid-compile", progress);
  nnid::AotOptions options;
  static_cast<nnid::CpuPipelineOptions &>(options) = pipelineFlags.apply();
  options.entry = entry;
  options.name = name.empty() ? getDefaultName(inputFile) : name;
  options.cpu = cpu;
  options.optLevel = optLevel;
  options.sourceName = sys::path::filename(inputFile).str();
  options.progress = printer.callback();

  Expected<nnid::AotResult> result = compile(options, printer);
  if (!result)
    return reportError(result.takeError());

  std::string object =
      objectFile.empty() ? options.name + ".o" : std::string(objectFile);
  std::string header = headerFile;
  if (header.empty()) {
    SmallString<256> path(object);
    sys::path::replace_extension(path, ".h");
    header = path.str().str();
  }
  printer.report("writing " + object + " and " + header);
  if (Error error = nnid::writeAotFiles(*result, object, header))
    return reportError(std::move(error));
  printer.report("done");
  return 0;
}
