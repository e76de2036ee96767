//===- Generator.cpp - the main() of model generators ---------------------===//

#include "nnid/API/Generator.h"

#include "nnid/API/Aot.h"
#include "nnid/API/PipelineFlags.h"
#include "nnid/API/Progress.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace nnid;

static int reportError(StringRef tool, Error error) {
  WithColor::error(errs(), tool) << toString(std::move(error)) << "\n";
  return 1;
}

/// Writes the IR of `module` to `path`.
static Error writeModule(mlir::ModuleOp module, StringRef path) {
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_Text);
  if (ec)
    return createStringError(ec, "cannot write " + path + ": " + ec.message());
  // With locations: constants are located at their state_dict names, ops
  // at their layers'.
  module.print(os, mlir::OpPrintingFlags().enableDebugInfo());
  return Error::success();
}

int nnid::runModelGenerator(int argc, char **argv,
                            ArrayRef<GeneratorModel> models) {
  InitLLVM initLLVM(argc, argv);
  std::string tool = sys::path::filename(argv[0]).str();

  cl::OptionCategory category("model generator options");
  cl::opt<std::string> weights(
      "weights", cl::Required,
      cl::desc("The model's weights: a .safetensors file of its state_dict"),
      cl::value_desc("file"), cl::cat(category));
  cl::opt<std::string> objectFile(
      "o", cl::desc("The object file to write (default: <name>.o)"),
      cl::value_desc("file"), cl::cat(category));
  cl::opt<std::string> headerFile(
      "header",
      cl::desc("The C header to write (default: the object file with .h)"),
      cl::value_desc("file"), cl::cat(category));
  cl::opt<std::string> modelName(
      "model", cl::desc("The model to compile, when there are several"),
      cl::cat(category));
  cl::opt<std::string> name(
      "name",
      cl::desc("Prefix of the C names (default: the model's name); the "
               "entry point is <name>_<function>"),
      cl::cat(category));
  cl::opt<std::string> function("function",
                                cl::desc("The model function's name"),
                                cl::init("forward"), cl::cat(category));
  cl::opt<std::string> cpu(
      "cpu",
      cl::desc("The CPU: native (this machine), generic (any x86-64) or an "
               "LLVM CPU name such as x86-64-v3"),
      cl::init("native"), cl::cat(category));
  PipelineFlags pipelineFlags(category);
  cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level"),
                             cl::init(3), cl::Prefix, cl::cat(category));
  cl::opt<std::string> emitMlir(
      "emit-mlir", cl::desc("Also write the emitted nnid IR to this file"),
      cl::value_desc("file"), cl::cat(category));
  cl::opt<bool> progress(
      "progress",
      cl::desc("Print each stage of the compilation on stderr as it starts, "
               "with the seconds elapsed"),
      cl::init(false), cl::cat(category));
  cl::HideUnrelatedOptions(category);

  std::string overview = "compile ";
  interleave(
      models, [&](const GeneratorModel &m) { overview += m.name; },
      [&] { overview += ", "; });
  overview += " ahead of time into an object file and a C header\n";
  cl::ParseCommandLineOptions(argc, argv, overview);

  const GeneratorModel *model = nullptr;
  if (modelName.empty() && models.size() == 1)
    model = &models.front();
  for (const GeneratorModel &m : models)
    if (m.name == modelName)
      model = &m;
  if (!model) {
    std::string known;
    for (const GeneratorModel &m : models)
      known += " " + m.name;
    return reportError(
        tool, createStringError(modelName.empty()
                                    ? "choose a model with --model:" + known
                                    : "no model '" + modelName +
                                          "'; there are:" + known));
  }

  ProgressPrinter printer(tool, progress);
  printer.report("emitting the model " + model->name + " with the weights " +
                 weights);
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(mlir::UnknownLoc::get(&context));
  Expected<mlir::func::FuncOp> emitted =
      model->emit(*module, weights, function);
  if (!emitted)
    return reportError(tool, emitted.takeError());
  if (!emitMlir.empty())
    if (Error error = writeModule(*module, emitMlir))
      return reportError(tool, std::move(error));

  AotOptions options;
  static_cast<CpuPipelineOptions &>(options) = pipelineFlags.apply();
  options.entry = function;
  options.name = name.empty() ? model->name : std::string(name);
  options.cpu = cpu;
  options.optLevel = optLevel;
  options.sourceName = "the C++ model " + model->name + " with weights " +
                       sys::path::filename(weights).str();
  options.progress = printer.callback();
  Expected<AotResult> result = compileToObject(*module, options);
  if (!result)
    return reportError(tool, result.takeError());

  std::string object =
      objectFile.empty() ? options.name + ".o" : std::string(objectFile);
  std::string header = headerFile;
  if (header.empty()) {
    SmallString<256> path(object);
    sys::path::replace_extension(path, ".h");
    header = path.str().str();
  }
  printer.report("writing " + object + " and " + header);
  if (Error error = writeAotFiles(*result, object, header))
    return reportError(tool, std::move(error));
  printer.report("done");
  return 0;
}
