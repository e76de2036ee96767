//===- DSLPyTorchShapeTest.cpp - DSL and dialect shapes against PyTorch ---===//
//
// Layers with uncommon hyper-parameters, each checked twice against the
// output shape PyTorch's module returns (layer_shapes.py writes the table at
// build time): the shape the DSL computes at compile time, and the result
// type nnid's type inference gives the emitted function. The two are nnid's
// own and could share a mistake; PyTorch cannot.
//
//===----------------------------------------------------------------------===//

#include "nnid/DSL/Emit.h"
#include "nnid/DSL/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

#include <gtest/gtest.h>

using namespace nnid::nn;

namespace {

/// The type T of the function type void(T): a type with commas, as the
/// table writes it in parentheses.
template <class F> struct Unparenthesized;
template <class T> struct Unparenthesized<void(T)> {
  using type = T;
};

template <class L, class In>
void checkShape(const char *layer, std::vector<int64_t> pytorch) {
  std::vector<int64_t> dsl = OutputOf<L, In>::toVector();
  EXPECT_EQ(dsl, pytorch) << layer << ": the DSL's shape";

  mlir::MLIRContext context;
  context.loadDialect<nnid::NnidDialect, mlir::func::FuncDialect,
                      mlir::arith::ArithDialect>();
  mlir::OpBuilder builder(&context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::ModuleOp::create(builder.getUnknownLoc());
  // Emission fails where the type nnid infers differs from the DSL's.
  llvm::Expected<mlir::func::FuncOp> function =
      emitModel<Model<L, In>>(*module);
  ASSERT_TRUE(static_cast<bool>(function))
      << layer << ": " << llvm::toString(function.takeError());
  auto result = llvm::cast<mlir::RankedTensorType>(
      function->getFunctionType().getResult(0));
  EXPECT_EQ(
      std::vector<int64_t>(result.getShape().begin(), result.getShape().end()),
      pytorch)
      << layer << ": nnid's type inference";
}

#define NNID_UNPAREN(...) __VA_ARGS__

TEST(DSLPyTorchShapeTest, LayersMatchPyTorch) {
  int cases = 0;
#define NNID_PYTORCH_SHAPE_CASE(LAYER, IN, OUT)                                \
  checkShape<Unparenthesized<void LAYER>::type,                                \
             Unparenthesized<void IN>::type>(#LAYER, {NNID_UNPAREN OUT});      \
  ++cases;
#include "layer_shapes.inc"
#undef NNID_PYTORCH_SHAPE_CASE
  EXPECT_GT(cases, 20);
}

} // namespace
