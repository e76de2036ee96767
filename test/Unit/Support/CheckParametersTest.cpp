//===- CheckParametersTest.cpp - weight files against a model -------------===//
//
// Checks a weight file against the parameters a model expects: a match, and
// a file with a tensor of the wrong shape, one of the wrong dtype, one the
// model lacks and one missing, all reported in one error.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/SafeTensors.h"

#include "SafeTensorsBytes.h"

#include <gtest/gtest.h>

using namespace llvm;
using namespace nnid;
using namespace nnid::test;

namespace {

struct TensorEntry {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  unsigned elementSize;
};

/// A file holding zero-filled `entries` in order, written here by hand.
Expected<SafeTensorsFile> makeWeights(ArrayRef<TensorEntry> entries) {
  std::string header = "{";
  uint64_t offset = 0;
  for (const TensorEntry &entry : entries) {
    uint64_t size = entry.elementSize;
    std::string shape;
    for (int64_t dim : entry.shape) {
      size *= dim;
      if (!shape.empty())
        shape += ",";
      shape += std::to_string(dim);
    }
    if (header.size() > 1)
      header += ",";
    header += "\"" + entry.name + "\":{\"dtype\":\"" + entry.dtype +
              "\",\"shape\":[" + shape + "],\"data_offsets\":[" +
              std::to_string(offset) + "," + std::to_string(offset + size) +
              "]}";
    offset += size;
  }
  header += "}";
  return SafeTensorsFile::open(MemoryBuffer::getMemBufferCopy(
      makeFile(header, std::string(offset, '\0')), "resnet.safetensors"));
}

std::vector<ParameterSpec> modelSpecs() {
  return {
      {"conv1.weight", {64, 3, 7, 7}, DType::F32},
      {"layer1.0.conv1.weight", {64, 64, 3, 3}, DType::F32},
      {"bn1.num_batches_tracked", {}, DType::I64},
      {"fc.weight", {10, 64}, DType::F32},
      {"fc.bias", {10}, DType::F32},
  };
}

TEST(CheckParametersTest, MatchingFilePasses) {
  Expected<SafeTensorsFile> file =
      makeWeights({{"conv1.weight", "F32", {64, 3, 7, 7}, 4},
                   {"layer1.0.conv1.weight", "F32", {64, 64, 3, 3}, 4},
                   {"bn1.num_batches_tracked", "I64", {}, 8},
                   {"fc.weight", "F32", {10, 64}, 4},
                   {"fc.bias", "F32", {10}, 4}});
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  Error err = checkParameters(*file, modelSpecs());
  EXPECT_FALSE(bool(err)) << toString(std::move(err));
}

TEST(CheckParametersTest, ReportsEveryProblem) {
  Expected<SafeTensorsFile> file =
      makeWeights({{"conv1.weight", "F32", {64, 3, 7, 7}, 4},
                   {"layer1.0.conv1.weight", "F32", {64, 3, 3, 3}, 4},
                   {"bn1.num_batches_tracked", "F32", {}, 4},
                   {"fc.weight", "F16", {10, 32}, 2},
                   {"extra.weight", "F32", {2}, 4}});
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  EXPECT_EQ(toString(checkParameters(*file, modelSpecs())),
            "resnet.safetensors: the weights do not match the model (6 "
            "problems):\n"
            "  layer1.0.conv1.weight: shape [64, 3, 3, 3] in the file, the "
            "model expects [64, 64, 3, 3]\n"
            "  bn1.num_batches_tracked: dtype F32 in the file, the model "
            "expects I64\n"
            "  fc.weight: shape [10, 32] in the file, the model expects "
            "[10, 64]\n"
            "  fc.weight: dtype F16 in the file, the model expects F32\n"
            "  fc.bias: missing from the file, the model expects F32 [10]\n"
            "  extra.weight: in the file, but the model has no such "
            "parameter");
}

TEST(CheckParametersTest, OneProblem) {
  Expected<SafeTensorsFile> file = makeWeights({});
  ASSERT_TRUE(bool(file)) << toString(file.takeError());
  EXPECT_EQ(
      toString(checkParameters(
          *file, {ParameterSpec{"bn.num_batches_tracked", {}, DType::I64}})),
      "resnet.safetensors: the weights do not match the model (1 "
      "problem):\n"
      "  bn.num_batches_tracked: missing from the file, the model "
      "expects I64 []");
}

} // namespace
