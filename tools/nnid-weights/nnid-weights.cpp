//===- nnid-weights.cpp - list the tensors of a safetensors file ----------===//
//
// Prints the metadata of a safetensors file and one line per tensor: name,
// dtype, shape and, for F32 and I64 tensors, the sum and the sum of absolute
// values of the elements (accumulated in double, in element order). Exits
// non-zero with the error message when the file is malformed.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/SafeTensors.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

#include <fmt/core.h>

#include <cmath>

using namespace llvm;
using namespace nnid;

static cl::OptionCategory category("nnid-weights options");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<file.safetensors>"),
                                      cl::cat(category));

static int reportError(Error err) {
  WithColor::error(errs(), "nnid-weights") << toString(std::move(err)) << "\n";
  return 1;
}

/// Prints the sum and the sum of absolute values of `values`, each element
/// converted to double and added in order.
template <typename T> static void printSums(const std::vector<T> &values) {
  double sum = 0, absSum = 0;
  for (T value : values) {
    sum += double(value);
    absSum += std::fabs(double(value));
  }
  fmt::print(" sum={:.6e} abs_sum={:.6e}", sum, absSum);
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  // --help lists nnid-weights' options, not every LLVM library's.
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "nnid-weights: list the tensors of a "
                              "safetensors file\n");

  Expected<SafeTensorsFile> file = SafeTensorsFile::open(inputFile);
  if (!file)
    return reportError(file.takeError());

  uint64_t dataBytes = 0;
  for (const SafeTensorInfo &tensor : file->getTensors())
    dataBytes += tensor.getByteSize();
  fmt::print("{} tensors, {} bytes of data\n", file->getTensors().size(),
             dataBytes);
  for (const auto &[key, value] : file->getMetadata())
    fmt::print("metadata {}: {}\n", key, value);

  for (const SafeTensorInfo &tensor : file->getTensors()) {
    fmt::print("{} {} {}", tensor.name, tensor.dtype,
               formatShape(tensor.shape));
    std::optional<DType> dtype = tensor.getDType();
    if (dtype == DType::F32) {
      Expected<std::vector<float>> values = file->readF32(tensor);
      if (!values)
        return reportError(values.takeError());
      printSums(*values);
    } else if (dtype == DType::I64) {
      Expected<std::vector<int64_t>> values = file->readI64(tensor);
      if (!values)
        return reportError(values.takeError());
      printSums(*values);
    }
    fmt::print("\n");
  }
  return 0;
}
