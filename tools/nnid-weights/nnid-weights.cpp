//===- nnid-weights.cpp - list the tensors of a safetensors file ----------===//
//
// Prints the metadata of a safetensors file and one line per tensor: name,
// dtype, shape and, for F32 and I64 tensors, the sum and the sum of absolute
// values of the elements (accumulated in double, in element order, read 1 MiB
// at a time). Exits non-zero with the error message when the file is
// malformed.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/SafeTensors.h"

#include "llvm/ADT/bit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

#include <fmt/core.h>

#include <algorithm>
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

/// The number of bytes read at a time: the tool's memory does not grow with
/// the size of a tensor.
static constexpr uint64_t kChunkBytes = uint64_t(1) << 20;

/// Prints the sum and the sum of absolute values of the elements of
/// `tensor`, T little-endian in the file, each converted to double and added
/// in order.
template <typename T>
static Error printSums(const SafeTensorsFile &file,
                       const SafeTensorInfo &tensor) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  double sum = 0, absSum = 0;
  std::vector<uint8_t> chunk;
  uint64_t size = tensor.getByteSize();
  for (uint64_t offset = 0; offset < size; offset += chunk.size()) {
    chunk.resize(std::min(kChunkBytes, size - offset));
    if (Error err = file.readBytes(tensor, offset, chunk))
      return err;
    for (size_t i = 0; i + sizeof(T) <= chunk.size(); i += sizeof(T)) {
      T value;
      if constexpr (sizeof(T) == 4)
        value = bit_cast<T>(support::endian::read32le(&chunk[i]));
      else
        value = bit_cast<T>(support::endian::read64le(&chunk[i]));
      sum += double(value);
      absSum += std::fabs(double(value));
    }
  }
  fmt::print(" sum={:.6e} abs_sum={:.6e}", sum, absSum);
  return Error::success();
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
    Error err = Error::success();
    if (dtype == DType::F32)
      err = printSums<float>(*file, tensor);
    else if (dtype == DType::I64)
      err = printSums<int64_t>(*file, tensor);
    if (err)
      return reportError(std::move(err));
    fmt::print("\n");
  }
  return 0;
}
