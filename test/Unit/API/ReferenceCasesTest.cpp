//===- ReferenceCasesTest.cpp - the JIT API against PyTorch ---------------===//
//
// Runs every case that test/Integration/CPU/references.py writes at build
// time (each op and attribute case, and whole graphs: the seed model, a
// ResNet basic block with downsample, an IdentityBasedConv1x1 block, an MLP
// with concatenated skips) through compileForCPU and compares the outputs
// with PyTorch's, read from the case's .safetensors file.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/Support/SafeTensors.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace nnid;

namespace {

std::vector<std::string> listCases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(NNID_REFERENCE_DIR, ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef path = it->path();
    if (path.ends_with(".mlir"))
      names.push_back(llvm::sys::path::stem(path).str());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string casePath(const std::string &name, const char *extension) {
  return std::string(NNID_REFERENCE_DIR) + "/" + name + extension;
}

TEST(ReferenceCases, AreAllThere) {
  std::vector<std::string> names = listCases();
  EXPECT_GE(names.size(), 40u)
      << "reference data missing in " << NNID_REFERENCE_DIR;
  for (const char *graph : {"graph_seed_model", "graph_resnet_basic_block",
                            "graph_identity_conv_block", "graph_concat_mlp"})
    EXPECT_NE(std::find(names.begin(), names.end(), graph), names.end())
        << graph;
}

class ReferenceCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceCaseTest, MatchesPyTorch) {
  const std::string &name = GetParam();
  auto source = llvm::MemoryBuffer::getFile(casePath(name, ".mlir"));
  ASSERT_TRUE(source) << source.getError().message();
  auto kernel = compileForCPU((*source)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  auto data = SafeTensorsFile::open(casePath(name, ".safetensors"));
  ASSERT_TRUE(static_cast<bool>(data)) << llvm::toString(data.takeError());
  double rtol = std::stod(data->getMetadata().at("rtol"));
  double atol = std::stod(data->getMetadata().at("atol"));

  std::vector<std::vector<float>> inputData;
  std::vector<TensorRef> inputs;
  for (const TensorSpec &spec : (*kernel)->getInputs()) {
    const SafeTensorInfo *info = data->lookup(spec.name);
    ASSERT_TRUE(info) << "no tensor '" << spec.name << "'";
    auto values = data->readF32(*info);
    ASSERT_TRUE(static_cast<bool>(values))
        << llvm::toString(values.takeError());
    inputData.push_back(std::move(*values));
    inputs.push_back(
        {inputData.back(), llvm::SmallVector<int64_t, 4>(info->shape.begin(),
                                                         info->shape.end())});
  }
  std::vector<std::vector<float>> outputData, expectedData;
  std::vector<MutableTensorRef> outputs;
  outputData.reserve((*kernel)->getOutputs().size());
  for (size_t i = 0; i < (*kernel)->getOutputs().size(); ++i) {
    const SafeTensorInfo *info = data->lookup("expected." + std::to_string(i));
    ASSERT_TRUE(info);
    auto values = data->readF32(*info);
    ASSERT_TRUE(static_cast<bool>(values))
        << llvm::toString(values.takeError());
    expectedData.push_back(std::move(*values));
    outputData.emplace_back(expectedData.back().size(), NAN);
    outputs.push_back(
        {outputData.back(), llvm::SmallVector<int64_t, 4>(info->shape.begin(),
                                                          info->shape.end())});
  }
  llvm::Error error = (*kernel)->run(inputs, outputs);
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));

  for (size_t i = 0; i < outputData.size(); ++i) {
    size_t mismatches = 0;
    for (size_t j = 0; j < outputData[i].size(); ++j) {
      float got = outputData[i][j], want = expectedData[i][j];
      // NaN fails the comparison, so it counts as a mismatch.
      if (!(std::fabs(got - want) <= rtol * std::fabs(want) + atol)) {
        if (++mismatches <= 5)
          ADD_FAILURE() << name << " output " << i << "[" << j << "]: nnid "
                        << got << ", PyTorch " << want;
      }
    }
    EXPECT_EQ(mismatches, 0u) << "output " << i << " of " << name;
  }
}

INSTANTIATE_TEST_SUITE_P(PyTorch, ReferenceCaseTest,
                         ::testing::ValuesIn(listCases()),
                         [](const auto &info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReferenceCaseTest);

} // namespace
