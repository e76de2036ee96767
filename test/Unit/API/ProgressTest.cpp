//===- ProgressTest.cpp - what compileToObject reports as it goes ---------===//
//
// AotOptions::progress hears every stage of an ahead-of-time compilation in
// order, and every top-level pass of its pipeline once, numbered; a
// ProgressPrinter that is not enabled gives no callback.
//
//===----------------------------------------------------------------------===//

#include "nnid/API/Progress.h"
#include "nnid/API/Aot.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace nnid;

namespace {

constexpr const char *kConvRelu = R"mlir(
func.func @forward(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %b = arith.constant dense<[0.25, -3.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = nnid.relu %c : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
)mlir";

TEST(Progress, ReportsEveryStageAndPassInOrder) {
  std::vector<ProgressEvent> events;
  AotOptions options;
  options.cpu = "generic";
  options.optLevel = 2;
  options.progress = [&](const ProgressEvent &event) {
    events.push_back(event);
  };
  auto result = compileToObject(kConvRelu, options);
  ASSERT_TRUE(static_cast<bool>(result)) << llvm::toString(result.takeError());

  std::vector<std::string> stages;
  std::vector<ProgressEvent> passes;
  for (const ProgressEvent &event : events) {
    if (event.pass)
      passes.push_back(event);
    else
      stages.push_back(event.what);
  }
  ASSERT_EQ(stages.size(), 5u);
  EXPECT_EQ(stages[0], "parsing the module");
  unsigned numPasses = passes.size();
  EXPECT_EQ(stages[1], "lowering to the LLVM dialect (" +
                           std::to_string(numPasses) + " passes)");
  EXPECT_EQ(stages[2], "translating to LLVM IR");
  EXPECT_EQ(stages[3], "optimizing LLVM IR (-O2)");
  EXPECT_EQ(stages[4], "generating machine code for x86-64");

  // The passes come between the lowering's line and the translation's, each
  // once, in order, without options.
  ASSERT_GT(numPasses, 10u);
  EXPECT_EQ(events[1].what, stages[1]);
  EXPECT_EQ(events[2 + numPasses].what, "translating to LLVM IR");
  for (unsigned i = 0; i < numPasses; ++i) {
    EXPECT_EQ(passes[i].pass, i + 1);
    EXPECT_EQ(passes[i].numPasses, numPasses);
    EXPECT_EQ(passes[i].what.find('{'), std::string::npos) << passes[i].what;
  }
  EXPECT_EQ(passes.front().what, "nnid-add-entry-wrapper");
  EXPECT_EQ(passes.back().what, "nnid-add-c-entry-point");
}

TEST(Progress, DisabledPrinterGivesNoCallback) {
  ProgressPrinter quiet("tool", /*enabled=*/false);
  EXPECT_FALSE(static_cast<bool>(quiet.callback()));
  ProgressPrinter loud("tool", /*enabled=*/true);
  EXPECT_TRUE(static_cast<bool>(loud.callback()));
}

} // namespace
