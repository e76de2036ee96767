//===- NnidCanonicalizeTest.cpp - folded kernels against a reference ------===//
//
// Builds identity-based 1x1 convolutions with random constant weights,
// canonicalizes, and checks the folded kernel element by element against
// weight + identity computed here, independently of nnid.
//
//===----------------------------------------------------------------------===//

#include "nnid/Dialect/Nnid/NnidOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;
using namespace nnid;

namespace {

class NnidCanonicalizeTest : public ::testing::Test {
protected:
  NnidCanonicalizeTest() : builder(&context) {
    context.loadDialect<NnidDialect, func::FuncDialect, arith::ArithDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// Builds `func @f(%x) -> body(%x)` and returns the function.
  func::FuncOp buildFunc(RankedTensorType inputType,
                         llvm::function_ref<Value(Value)> body) {
    auto fn =
        func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                             builder.getFunctionType({inputType}, {inputType}));
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(fn.addEntryBlock());
    Value result = body(fn.getArgument(0));
    func::ReturnOp::create(builder, builder.getUnknownLoc(), result);
    return fn;
  }

  Value constant(RankedTensorType type, ArrayRef<float> values) {
    return arith::ConstantOp::create(builder, builder.getUnknownLoc(),
                                     DenseElementsAttr::get(type, values));
  }

  LogicalResult canonicalize() {
    PassManager pm(&context);
    pm.addPass(createCanonicalizerPass());
    return pm.run(*module);
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  std::mt19937 rng{42};
};

/// The effective kernel of PyTorch's IdentityBasedConv1x1, written out.
std::vector<float> referenceKernel(const std::vector<float> &weight,
                                   int64_t channels, int64_t groups) {
  int64_t inputDim = channels / groups;
  std::vector<float> kernel = weight;
  for (int64_t i = 0; i < channels; ++i)
    kernel[i * inputDim + i % inputDim] += 1.0f;
  return kernel;
}

class IdentityConvFoldTest
    : public NnidCanonicalizeTest,
      public ::testing::WithParamInterface<std::pair<int64_t, int64_t>> {};

TEST_P(IdentityConvFoldTest, ConstantWeightFoldsToWeightPlusIdentity) {
  auto [channels, groups] = GetParam();
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> weight(channels * (channels / groups));
  for (float &w : weight)
    w = dist(rng);
  auto weightType = tensor({channels, channels / groups, 1, 1});

  buildFunc(tensor({1, channels, 5, 5}), [&](Value x) -> Value {
    Value w = constant(weightType, weight);
    return IdentityConv1x1Op::create(builder, builder.getUnknownLoc(), x, w,
                                     groups);
  });
  ASSERT_TRUE(succeeded(verify(*module)));
  ASSERT_TRUE(succeeded(canonicalize()));

  SmallVector<Conv2dOp> convs;
  module->walk([&](Conv2dOp op) { convs.push_back(op); });
  ASSERT_EQ(convs.size(), 1u);
  EXPECT_EQ(convs[0].getGroups(), groups);
  EXPECT_FALSE(convs[0].getBias());
  auto kernelOp = convs[0].getWeight().getDefiningOp<arith::ConstantOp>();
  ASSERT_TRUE(kernelOp) << "the kernel should be folded to one constant";
  auto kernel = cast<DenseElementsAttr>(kernelOp.getValue());
  std::vector<float> expected = referenceKernel(weight, channels, groups);
  std::vector<float> actual(kernel.getValues<float>().begin(),
                            kernel.getValues<float>().end());
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(actual[i], expected[i]) << "at " << i; // exact f32 arithmetic
  EXPECT_TRUE(module->lookupSymbol<func::FuncOp>("f")
                  .getBody()
                  .front()
                  .getOps<IdentityConv1x1Op>()
                  .empty());
}

INSTANTIATE_TEST_SUITE_P(Groups, IdentityConvFoldTest,
                         ::testing::Values(std::make_pair(4, 1),
                                           std::make_pair(8, 2),
                                           std::make_pair(6, 3),
                                           std::make_pair(6, 6)));

TEST_F(NnidCanonicalizeTest, ZeroWeightIdentityConvIsErased) {
  auto fn = buildFunc(tensor({1, 6, 3, 3}), [&](Value x) -> Value {
    Value w = constant(tensor({6, 3, 1, 1}), std::vector<float>(18, 0.0f));
    return IdentityConv1x1Op::create(builder, builder.getUnknownLoc(), x, w, 2);
  });
  ASSERT_TRUE(succeeded(canonicalize()));
  auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  EXPECT_EQ(ret.getOperand(0), fn.getArgument(0));
}

TEST_F(NnidCanonicalizeTest, IdentityKernelConvIsErasedOnlyWhenExact) {
  // Groups 2 over 4 channels: the identity is id[i, i % 2].
  std::vector<float> id = {1, 0, 0, 1, 1, 0, 0, 1};
  std::vector<float> notId = {1, 0, 0, 1, 0, 1, 1, 0};
  auto weightType = tensor({4, 2, 1, 1});
  auto build = [&](ArrayRef<float> kernel, int64_t stride) {
    return buildFunc(tensor({1, 4, 4, 4}), [&](Value x) -> Value {
      Value w = constant(weightType, kernel);
      return Conv2dOp::create(builder, builder.getUnknownLoc(), x, w, Value(),
                              ArrayRef<int64_t>{stride, stride},
                              ArrayRef<int64_t>{0, 0, 0, 0},
                              ArrayRef<int64_t>{1, 1}, 2);
    });
  };
  func::FuncOp identity = build(id, 1);
  identity.setName("identity");
  func::FuncOp swapped = build(notId, 1);
  swapped.setName("swapped");
  ASSERT_TRUE(succeeded(canonicalize()));
  auto returned = [](func::FuncOp fn) {
    return cast<func::ReturnOp>(fn.getBody().front().getTerminator())
        .getOperand(0);
  };
  EXPECT_EQ(returned(identity), identity.getArgument(0));
  EXPECT_TRUE(returned(swapped).getDefiningOp<Conv2dOp>());
}

} // namespace
