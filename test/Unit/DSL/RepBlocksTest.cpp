//===- RepBlocksTest.cpp - the re-parameterizable blocks against PyTorch --===//
//
// RepVGGBlock and DiverseBranchBlock (nnid/DSL/RepBlocks.h) against the
// PyTorch modules of their authors, rebuilt by rep_blocks.py, which writes
// each case's state_dict, input and eval output at build time. For each
// case:
//   - the block's parameter list is the module's state_dict: the same
//     names, shapes and dtypes (SafeTensorsWeights::open checks them), in
//     the same order;
//   - emitted frozen with those weights and compiled by compileForCPU, as
//     written and re-parameterized (the default), its output is PyTorch's,
//     |nnid - torch| <= 1e-4 * |torch| + 1e-4 elementwise;
//   - --nnid-reparameterize leaves one conv2d of the input, with the
//     block's stride, padding and groups, followed by the block's ReLU if
//     it has one.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Kernel.h"
#include "nnid/DSL/NN.h"
#include "nnid/DSL/SafeTensorsWeights.h"
#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Support/SafeTensors.h"
#include "nnid/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace mlir;
using namespace nnid;

namespace {

/// What the block must become under --nnid-reparameterize.
struct Fused {
  int64_t stride;
  int64_t padding;
  int64_t groups;
  bool relu;
};

std::string casePath(const std::string &name, const char *suffix) {
  return std::string(NNID_REP_BLOCKS_DIR) + "/" + name + suffix;
}

std::vector<float> readTensor(const SafeTensorsFile &file,
                              llvm::StringRef name) {
  llvm::Expected<std::vector<float>> values = file.readF32(name);
  if (!values) {
    ADD_FAILURE() << name.str() << ": " << llvm::toString(values.takeError());
    return {};
  }
  return std::move(*values);
}

/// Runs `module` compiled with `options` on the case's input; compares the
/// output with PyTorch's.
void expectMatchesPyTorch(ModuleOp module, const SafeTensorsFile &data,
                          const CompileOptions &options) {
  llvm::Expected<std::unique_ptr<Kernel>> kernel =
      compileForCPU(module, options);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  const SafeTensorInfo *inputInfo = data.lookup("input");
  const SafeTensorInfo *expectedInfo = data.lookup("expected");
  ASSERT_TRUE(inputInfo && expectedInfo);
  std::vector<float> input = readTensor(data, "input");
  std::vector<float> expected = readTensor(data, "expected");
  std::vector<float> output(expected.size(), NAN);
  TensorRef inputRef{input, {inputInfo->shape.begin(), inputInfo->shape.end()}};
  MutableTensorRef outputRef{
      output, {expectedInfo->shape.begin(), expectedInfo->shape.end()}};
  llvm::Error error = (*kernel)->run({inputRef}, {outputRef});
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));

  double rtol = std::stod(data.getMetadata().at("rtol"));
  double atol = std::stod(data.getMetadata().at("atol"));
  size_t mismatches = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    // NaN fails the comparison, so it counts as a mismatch.
    if (!(std::fabs(output[i] - expected[i]) <=
          rtol * std::fabs(expected[i]) + atol) &&
        ++mismatches <= 5)
      ADD_FAILURE() << "output[" << i << "]: nnid " << output[i] << ", PyTorch "
                    << expected[i];
  }
  EXPECT_EQ(mismatches, 0u) << "of " << output.size() << " elements";
}

/// Runs --nnid-reparameterize on `module`; checks that its function is one
/// conv2d of the argument as `fused` says, then a relu if `fused.relu`.
void expectFusedToOneConv(ModuleOp module, const Fused &fused) {
  PassManager pm(module.getContext());
  ReparameterizeOptions options;
  options.emitRemarks = false;
  pm.addPass(createReparameterize(options));
  ASSERT_TRUE(succeeded(pm.run(module)));

  std::vector<Operation *> ops;
  std::vector<std::string> names;
  module.walk([&](Operation *op) {
    if (isa<NnidDialect>(op->getDialect())) {
      ops.push_back(op);
      names.push_back(op->getName().getStringRef().str());
    }
  });
  std::vector<std::string> expected = {"nnid.conv2d"};
  if (fused.relu)
    expected.push_back("nnid.relu");
  ASSERT_EQ(names, expected);

  auto conv = cast<Conv2dOp>(ops[0]);
  EXPECT_TRUE(isa<BlockArgument>(conv.getInput()));
  EXPECT_EQ(std::vector<int64_t>(conv.getStride()),
            std::vector<int64_t>(2, fused.stride));
  EXPECT_EQ(std::vector<int64_t>(conv.getPadding()),
            std::vector<int64_t>(4, fused.padding));
  EXPECT_EQ(conv.getGroups(), fused.groups);
  if (fused.relu) {
    EXPECT_EQ(ops[1]->getOperand(0), conv.getResult());
  }
}

/// Checks the DSL block `Block` on the case `name`: see the file comment.
template <class Block, class In>
void checkBlock(const std::string &name, const Fused &fused) {
  using M = nn::Model<Block, In>;
  std::string weightsPath = casePath(name, ".weights.safetensors");

  llvm::Expected<SafeTensorsFile> weights = SafeTensorsFile::open(weightsPath);
  ASSERT_TRUE(static_cast<bool>(weights))
      << llvm::toString(weights.takeError());
  std::vector<std::string> stateDict, parameters;
  for (const SafeTensorInfo &tensor : weights->getTensors())
    stateDict.push_back(tensor.name);
  for (const ParameterSpec &spec : M::getParameters())
    parameters.push_back(spec.name);
  EXPECT_EQ(parameters, stateDict);

  llvm::Expected<SafeTensorsFile> data =
      SafeTensorsFile::open(casePath(name, ".data.safetensors"));
  ASSERT_TRUE(static_cast<bool>(data)) << llvm::toString(data.takeError());

  MLIRContext context;
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&context));
  // Checks every name, shape and dtype against the state_dict first.
  llvm::Expected<func::FuncOp> function =
      nn::emitFrozenModel<M>(*module, weightsPath);
  ASSERT_TRUE(static_cast<bool>(function))
      << llvm::toString(function.takeError());

  for (bool reparameterize : {false, true}) {
    SCOPED_TRACE(reparameterize ? "re-parameterized" : "as written");
    CompileOptions options;
    options.reparameterize = reparameterize;
    expectMatchesPyTorch(*module, *data, options);
  }
  expectFusedToOneConv(*module, fused);
}

using nn::DiverseBranchBlock;
using nn::Input;
using nn::RepVGGBlock;

TEST(RepBlocks, RepVGGBlockWithIdentity) {
  using Block = RepVGGBlock<8, 8>;
  static_assert(Block::hasIdentity);
  checkBlock<Block, Input<2, 8, 10, 10>>("repvgg_8_8", {1, 1, 1, true});
}

TEST(RepBlocks, RepVGGBlockStride2WithoutIdentity) {
  using Block = RepVGGBlock<8, 16, 3, 2, 1>;
  static_assert(!Block::hasIdentity);
  checkBlock<Block, Input<2, 8, 11, 11>>("repvgg_8_16_s2", {2, 1, 1, true});
}

TEST(RepBlocks, RepVGGBlockGrouped) {
  checkBlock<RepVGGBlock<8, 8, 3, 1, 1, 2>, Input<1, 8, 9, 9>>("repvgg_8_8_g2",
                                                               {1, 1, 2, true});
}

TEST(RepBlocks, DiverseBranchBlockWithIdentityBasedConv1x1) {
  using Block = DiverseBranchBlock<8, 8>;
  static_assert(Block::hasIdConv && Block::hasOneByOne);
  checkBlock<Block, Input<2, 8, 10, 10>>("dbb_8_8", {1, 1, 1, false});
}

TEST(RepBlocks, DiverseBranchBlockStride2WithReLU) {
  using Block = DiverseBranchBlock<8, 16, 3, 2, 1, 1, 0, nn::ReLU>;
  static_assert(Block::hasIdConv);
  checkBlock<Block, Input<2, 8, 11, 11>>("dbb_8_16_s2_relu", {2, 1, 1, true});
}

TEST(RepBlocks, DiverseBranchBlock5x5Grouped) {
  using Block = DiverseBranchBlock<8, 8, 5, 1, 2, 2>;
  static_assert(Block::hasIdConv);
  checkBlock<Block, Input<1, 8, 9, 9>>("dbb_8_8_k5_g2", {1, 2, 2, false});
}

TEST(RepBlocks, DiverseBranchBlockDepthwise) {
  // groups == out: no dbb_1x1, a padded pool in dbb_avg, and a 1x1 conv to
  // twice the channels in dbb_1x1_kxk.
  using Block = DiverseBranchBlock<8, 8, 3, 1, 1, 8>;
  static_assert(!Block::hasIdConv && !Block::hasOneByOne &&
                Block::internalChannels == 16);
  checkBlock<Block, Input<1, 8, 9, 9>>("dbb_8_dw", {1, 1, 8, false});
}

} // namespace
