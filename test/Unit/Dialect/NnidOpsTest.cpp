//===- NnidOpsTest.cpp - building and verifying nnid ops ------------------===//
//
// Builds ops with the C++ builders (no result types given) and checks the
// inferred types against sizes computed here by hand, and that the verifier
// rejects bad ops with a message naming what is wrong.
//
//===----------------------------------------------------------------------===//

#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Support/Shapes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace mlir;
using namespace nnid;

namespace {

class NnidOpsTest : public ::testing::Test {
protected:
  NnidOpsTest() : builder(&context) {
    context.loadDialect<NnidDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// A function whose arguments have `types`, with the builder inside it.
  func::FuncOp makeFunc(ArrayRef<Type> types) {
    auto fn = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                   builder.getFunctionType(types, {}));
    builder.setInsertionPointToStart(fn.addEntryBlock());
    return fn;
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(NnidOpsTest, Conv2dInfersPyTorchOutputSize) {
  // 1x8x10x10, 12 output channels, 3x3 kernel, groups 4, stride (2, 1),
  // dilation 2, padding top 0 left 1 bottom 2 right 3:
  //   H: (10 + 0 + 2 - 2 * 2 - 1) / 2 + 1 = 7 / 2 + 1 = 4
  //   W: (10 + 1 + 3 - 2 * 2 - 1) / 1 + 1 = 10
  func::FuncOp fn = makeFunc(
      {tensor({ShapedType::kDynamic, 8, 10, 10}), tensor({12, 2, 3, 3})});
  auto conv = Conv2dOp::create(
      builder, builder.getUnknownLoc(), fn.getArgument(0), fn.getArgument(1),
      /*bias=*/Value(), /*stride=*/ArrayRef<int64_t>{2, 1},
      /*padding=*/ArrayRef<int64_t>{0, 1, 2, 3},
      /*dilation=*/ArrayRef<int64_t>{2, 2}, /*groups=*/4);
  EXPECT_EQ(conv.getType(), tensor({ShapedType::kDynamic, 12, 4, 10}));
  EXPECT_TRUE(succeeded(verify(conv)));
}

TEST_F(NnidOpsTest, PoolingInfersCeilModeSizes) {
  // 3x3 window, stride 2, padding 1, ceil mode, on 6x6:
  //   ceil((6 + 2 - 3) / 2) + 1 = 4; the 4th window starts at 6 = H + pad - 1
  //   in padded coordinates (< H + pad = 7), so it is kept.
  // On 5x5: ceil((5 + 2 - 3) / 2) + 1 = 3; the 3rd starts at 4 < 6: kept.
  // On 4x4 with padding 0, kernel 2, stride 3: ceil((4 - 2) / 3) + 1 = 2, the
  //   2nd window starts at 3 < 4: kept.
  func::FuncOp fn = makeFunc({tensor({1, 2, 6, 6}), tensor({1, 2, 4, 4})});
  Location loc = builder.getUnknownLoc();
  auto pool = MaxPool2dOp::create(
      builder, loc, fn.getArgument(0), ArrayRef<int64_t>{3, 3},
      builder.getDenseI64ArrayAttr({2, 2}), ArrayRef<int64_t>{1, 1, 1, 1},
      ArrayRef<int64_t>{1, 1}, /*ceil_mode=*/true);
  EXPECT_EQ(pool.getType(), tensor({1, 2, 4, 4}));
  auto avg = AvgPool2dOp::create(
      builder, loc, fn.getArgument(1), ArrayRef<int64_t>{2, 2},
      builder.getDenseI64ArrayAttr({3, 3}), ArrayRef<int64_t>{0, 0, 0, 0},
      /*ceil_mode=*/true,
      /*count_include_pad=*/true);
  EXPECT_EQ(avg.getType(), tensor({1, 2, 2, 2}));
  // Without a stride, the stride is the kernel size: 4 / 2 = 2.
  auto defaultStride = MaxPool2dOp::create(
      builder, loc, fn.getArgument(1), ArrayRef<int64_t>{2, 2},
      DenseI64ArrayAttr(), ArrayRef<int64_t>{0, 0, 0, 0},
      ArrayRef<int64_t>{1, 1}, false);
  EXPECT_EQ(defaultStride.getType(), tensor({1, 2, 2, 2}));
}

TEST_F(NnidOpsTest, ConcatFlattenLinearInferTypes) {
  func::FuncOp fn = makeFunc(
      {tensor({ShapedType::kDynamic, 20}), tensor({ShapedType::kDynamic, 50}),
       tensor({10, 70}), tensor({ShapedType::kDynamic, 512, 1, 1})});
  Location loc = builder.getUnknownLoc();
  auto cat = ConcatOp::create(
      builder, loc, ValueRange{fn.getArgument(0), fn.getArgument(1)}, -1);
  EXPECT_EQ(cat.getType(), tensor({ShapedType::kDynamic, 70}));
  auto linear = LinearOp::create(builder, loc, cat, fn.getArgument(2), Value());
  EXPECT_EQ(linear.getType(), tensor({ShapedType::kDynamic, 10}));
  auto flat = FlattenOp::create(builder, loc, fn.getArgument(3), 1, -1);
  EXPECT_EQ(flat.getType(), tensor({ShapedType::kDynamic, 512}));
  for (Operation *op :
       {cat.getOperation(), linear.getOperation(), flat.getOperation()})
    EXPECT_TRUE(succeeded(verify(op)));
}

TEST_F(NnidOpsTest, VerifierRejectsWrongResultTypeByName) {
  func::FuncOp fn = makeFunc({tensor({1, 3, 8, 8}), tensor({4, 3, 3, 3})});
  OperationState state(builder.getUnknownLoc(), Conv2dOp::getOperationName());
  state.addOperands({fn.getArgument(0), fn.getArgument(1)});
  state.addTypes(tensor({1, 4, 8, 8})); // no padding: should be 6x6
  Operation *op = builder.create(state);
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  EXPECT_TRUE(failed(verify(op)));
  EXPECT_NE(message.find("does not match the inferred type "
                         "'tensor<1x4x6x6xf32>'"),
            std::string::npos)
      << message;
}

TEST_F(NnidOpsTest, VerifierNamesGroupsMismatch) {
  func::FuncOp fn = makeFunc({tensor({1, 6, 8, 8}), tensor({4, 3, 3, 3})});
  OperationState state(builder.getUnknownLoc(), Conv2dOp::getOperationName());
  state.addOperands({fn.getArgument(0), fn.getArgument(1)});
  state.addAttribute("groups", builder.getI64IntegerAttr(4));
  state.addTypes(tensor({1, 4, 6, 6}));
  Operation *op = builder.create(state);
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  EXPECT_TRUE(failed(verify(op)));
  EXPECT_NE(message.find("input channels (6) are not divisible by 'groups' "
                         "(4)"),
            std::string::npos)
      << message;
}

TEST_F(NnidOpsTest, BuilderLeavesBrokenConstraintsToTheVerifier) {
  // An f16 input breaks the operand constraint and a zero stride the
  // attribute constraint: inference gives the input's type, and the verifier
  // reports the constraint.
  func::FuncOp fn =
      makeFunc({RankedTensorType::get({1, 3, 8, 8}, builder.getF16Type()),
                tensor({1, 3, 8, 8}), tensor({4, 3, 3, 3})});
  Location loc = builder.getUnknownLoc();
  auto relu = ReluOp::create(builder, loc, fn.getArgument(0));
  EXPECT_EQ(relu.getType(), fn.getArgument(0).getType());
  auto conv = Conv2dOp::create(builder, loc, fn.getArgument(1),
                               fn.getArgument(2), /*bias=*/Value(),
                               /*stride=*/ArrayRef<int64_t>{0, 1},
                               /*padding=*/ArrayRef<int64_t>{0, 0, 0, 0},
                               /*dilation=*/ArrayRef<int64_t>{1, 1},
                               /*groups=*/1);
  EXPECT_EQ(conv.getType(), fn.getArgument(1).getType());
  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    messages.push_back(diag.str());
    return success();
  });
  EXPECT_TRUE(failed(verify(relu)));
  EXPECT_TRUE(failed(verify(conv)));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].find("operand #0 must be tensor of 32-bit float"),
            std::string::npos)
      << messages[0];
  EXPECT_NE(messages[1].find("attribute 'stride' failed to satisfy "
                             "constraint"),
            std::string::npos)
      << messages[1];
}

TEST(ShapesTest, AdaptiveMaxBinSizeIsTheLargestBin) {
  for (int64_t in = 1; in <= 64; ++in) {
    for (int64_t out = 1; out <= 64; ++out) {
      int64_t largest = 0;
      for (int64_t i = 0; i < out; ++i)
        largest = std::max(largest, shapes::adaptiveEnd(i, in, out) -
                                        shapes::adaptiveStart(i, in, out));
      EXPECT_EQ(shapes::adaptiveMaxBinSize(in, out), largest)
          << in << " -> " << out;
    }
  }
}

} // namespace
