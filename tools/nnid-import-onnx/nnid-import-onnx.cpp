//===- nnid-import-onnx.cpp - print an ONNX model as nnid IR --------------===//
//
//   nnid-import-onnx model.onnx [-o out.mlir] [--weights=constants|arguments]
//                    [--batch=N|dynamic] [--entry=NAME] [MLIR printer flags]
//
//===----------------------------------------------------------------------===//

#include "nnid/ONNX/Import.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory category("nnid-import-onnx options");
static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx>"),
                                      cl::cat(category));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(category));
static cl::opt<std::string>
    weights("weights",
            cl::desc("Initializers as 'constants' (the default) or as "
                     "function 'arguments' named by their initializer names"),
            cl::init("constants"), cl::cat(category));
static cl::opt<std::string>
    batch("batch",
          cl::desc("The inputs' batch dimension: N, or 'dynamic' (default: "
                   "the model's; a symbolic one stays dynamic)"),
          cl::init(""), cl::cat(category));
static cl::opt<std::string> entry("entry", cl::desc("The function's name"),
                                  cl::init("forward"), cl::cat(category));

static int fail(const Twine &message) {
  WithColor::error(errs(), "nnid-import-onnx") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // MLIR's printer flags (--mlir-print-debuginfo prints the node names as
  // locations, --mlir-elide-elementsattrs-if-larger, ...).
  mlir::registerAsmPrinterCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "Prints an ONNX model as nnid IR\n");
  nnid::ONNXImportOptions options;
  options.entry = entry;
  if (weights == "arguments")
    options.weightsAsArguments = true;
  else if (weights != "constants")
    return fail("--weights is '" + weights +
                "' (expected constants or arguments)");
  Expected<std::optional<int64_t>> batchValue = nnid::parseBatch(batch);
  if (!batchValue)
    return fail(toString(batchValue.takeError()));
  options.batch = *batchValue;

  mlir::MLIRContext context;
  auto module = nnid::importONNXFile(inputFile, context, options);
  if (!module)
    return fail(toString(module.takeError()));
  std::error_code ec;
  ToolOutputFile output(outputFile, ec, sys::fs::OF_TextWithCRLF);
  if (ec)
    return fail("cannot write " + outputFile + ": " + ec.message());
  (*module)->print(output.os());
  output.keep();
  return 0;
}
