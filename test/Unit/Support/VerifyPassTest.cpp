//===- VerifyPassTest.cpp - invalid IR from a pass is reported as a bug ---===//
//
// A pass that breaks dominance (it swaps two ops) and ends with
// verifyPassResult: the pass fails, and the one error names the pass, says
// it is a bug in nnid, carries the verifier's message and tells how to get
// the pass's input. A pass that leaves valid IR passes.
//
//===----------------------------------------------------------------------===//

#include "nnid/Support/VerifyPass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

/// Moves the first op of each function after the second (when `breakIR`).
struct SwapFirstOpsPass
    : PassWrapper<SwapFirstOpsPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SwapFirstOpsPass)
  explicit SwapFirstOpsPass(bool breakIR) : breakIR(breakIR) {}
  StringRef getArgument() const override { return "test-swap-first-ops"; }
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    if (breakIR && body.getOperations().size() > 2)
      body.front().moveAfter(body.front().getNextNode());
    if (failed(nnid::verifyPassResult(*this, getOperation())))
      signalPassFailure();
  }
  bool breakIR;
};

constexpr const char *kSource = R"mlir(
func.func @f(%a: f32) -> f32 {
  %0 = arith.addf %a, %a : f32
  %1 = arith.mulf %0, %a : f32
  return %1 : f32
}
)mlir";

/// Runs the pass on kSource; returns whether it succeeded and every
/// diagnostic, notes included, as text.
std::pair<bool, std::string> run(bool breakIR) {
  MLIRContext context;
  context.loadDialect<arith::ArithDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kSource, &context);
  EXPECT_TRUE(module);
  std::string text;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    text += diag.str() + "\n";
    for (Diagnostic &note : diag.getNotes())
      text += "note: " + note.str() + "\n";
    return success();
  });
  PassManager pm(&context);
  pm.addNestedPass<func::FuncOp>(std::make_unique<SwapFirstOpsPass>(breakIR));
  bool ok = succeeded(pm.run(*module));
  return {ok, text};
}

TEST(VerifyPass, ValidIRPasses) {
  auto [ok, text] = run(/*breakIR=*/false);
  EXPECT_TRUE(ok);
  EXPECT_EQ(text, "");
}

TEST(VerifyPass, InvalidIRIsReportedAsABugOfThePass) {
  auto [ok, text] = run(/*breakIR=*/true);
  EXPECT_FALSE(ok);
  EXPECT_NE(text.find("pass 'test-swap-first-ops' left invalid IR; this is a "
                      "bug in nnid, not in the model"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("the verifier says: operand #0 does not dominate this "
                      "use"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("--mlir-print-ir-before=test-swap-first-ops"),
            std::string::npos)
      << text;
  // One error: the verifier's message is not repeated on its own.
  size_t first = text.find("does not dominate");
  EXPECT_EQ(text.find("does not dominate", first + 1), std::string::npos)
      << text;
}

} // namespace
