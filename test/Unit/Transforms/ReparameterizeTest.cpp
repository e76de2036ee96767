//===- ReparameterizeTest.cpp - re-parameterization through the C++ API ---===//
//
// Applies each pattern family of --nnid-reparameterize on its own, checks
// that the pass reports its merges as remarks only when asked, and compiles
// a RepVGG block with the CPU JIT before and after the pass, comparing both
// with the block computed directly here.
//
//===----------------------------------------------------------------------===//

#include "nnid/Transforms/Reparameterize.h"
#include "nnid/API/Kernel.h"
#include "nnid/Dialect/Nnid/NnidOps.h"
#include "nnid/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace mlir;
using namespace nnid;

namespace {

/// One instance of each family, one function each.
constexpr const char *kFamilies = R"mlir(
func.func @bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}
func.func @sum(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %a = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %b = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
func.func @seq(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %a = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.conv2d %a, %w3 : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
func.func @cat(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %wa = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %wb = arith.constant dense<2.0> : tensor<2x2x3x3xf32>
  %a = nnid.conv2d %x, %wa {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %b = nnid.conv2d %x, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
func.func @pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %a = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %y = nnid.batch_norm %a, %p, %p, %p, %p : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %y : tensor<1x2x2x2xf32>
}
)mlir";

class ReparameterizeTest : public ::testing::Test {
protected:
  ReparameterizeTest() {
    context.loadDialect<NnidDialect, func::FuncDialect, arith::ArithDialect>();
  }

  OwningOpRef<ModuleOp> parse(const std::string &source) {
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, ParserConfig(&context));
    EXPECT_TRUE(module) << "cannot parse the test module";
    return module;
  }

  /// The nnid ops of each function, by function name, in order.
  static std::map<std::string, std::vector<std::string>>
  getLayers(ModuleOp module) {
    std::map<std::string, std::vector<std::string>> layers;
    module.walk([&](func::FuncOp fn) {
      std::vector<std::string> &names = layers[fn.getName().str()];
      fn.walk([&](Operation *op) {
        if (isa<NnidDialect>(op->getDialect()))
          names.push_back(op->getName().getStringRef().str());
      });
    });
    return layers;
  }

  MLIRContext context;
};

using Populate = std::function<void(RewritePatternSet &)>;

/// Each family, applied alone, changes its own function and no other.
TEST_F(ReparameterizeTest, EachFamilyRewritesOnlyItsOwnPattern) {
  const std::vector<std::pair<std::string, Populate>> families = {
      {"bn", [](RewritePatternSet &p) { populateFoldBatchNormPatterns(p); }},
      {"sum",
       [](RewritePatternSet &p) { populateMergeParallelConvPatterns(p); }},
      {"seq",
       [](RewritePatternSet &p) { populateMergeSequentialConvPatterns(p); }},
      {"cat", [](RewritePatternSet &p) { populateMergeConcatConvPatterns(p); }},
      {"pool", [](RewritePatternSet &p) { populateAvgPoolAsConvPatterns(p); }},
  };
  OwningOpRef<ModuleOp> original = parse(kFamilies);
  ASSERT_TRUE(original);
  auto before = getLayers(*original);
  for (const auto &[name, populate] : families) {
    OwningOpRef<ModuleOp> module = parse(kFamilies);
    ASSERT_TRUE(module);
    RewritePatternSet patterns(&context);
    populate(patterns);
    ASSERT_TRUE(succeeded(applyPatternsGreedily(*module, std::move(patterns))));
    auto after = getLayers(*module);
    for (const auto &[function, layers] : after) {
      if (function == name)
        EXPECT_EQ(layers, std::vector<std::string>{"nnid.conv2d"})
            << "family " << name;
      else
        EXPECT_EQ(layers, before[function])
            << "family " << name << " changed @" << function;
    }
  }
}

/// Runs --nnid-reparameterize with `remarks` and returns the remarks.
std::vector<std::string> runPass(MLIRContext &context, ModuleOp module,
                                 bool remarks) {
  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    EXPECT_EQ(diagnostic.getSeverity(), DiagnosticSeverity::Remark);
    messages.push_back(diagnostic.str());
    return success();
  });
  PassManager pm(&context);
  ReparameterizeOptions options;
  options.emitRemarks = remarks;
  pm.addPass(createReparameterize(options));
  EXPECT_TRUE(succeeded(pm.run(module)));
  return messages;
}

TEST_F(ReparameterizeTest, ReportsMergesOnlyWhenAsked) {
  OwningOpRef<ModuleOp> quiet = parse(kFamilies);
  ASSERT_TRUE(quiet);
  EXPECT_TRUE(runPass(context, *quiet, /*remarks=*/false).empty());

  OwningOpRef<ModuleOp> module = parse(kFamilies);
  ASSERT_TRUE(module);
  std::vector<std::string> remarks = runPass(context, *module, true);
  const std::vector<std::string> expected = {
      "fused batch_norm into 3x3 conv2d",
      "merged 2 parallel branches into one 3x3 conv2d: 3x3 conv2d; 1x1 "
      "conv2d",
      "merged 1x1 conv2d -> 3x3 conv2d into one 3x3 conv2d",
      "merged 2 concatenated branches into one 3x3 conv2d with 4 output "
      "channels: 3x3 conv2d; 3x3 conv2d",
      "fused batch_norm into 2x2 avg_pool2d as one 2x2 conv2d (groups = 2)",
  };
  std::sort(remarks.begin(), remarks.end());
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(remarks, sorted);
  for (const auto &[function, layers] : getLayers(*module))
    EXPECT_EQ(layers, std::vector<std::string>{"nnid.conv2d"}) << function;
}

//===----------------------------------------------------------------------===//
// A RepVGG block through the CPU JIT
//===----------------------------------------------------------------------===//

constexpr int kBatch = 2, kChannels = 4, kSize = 6;

struct BatchNorm {
  std::vector<float> gamma, beta, mean, var;
  double apply(int c, double x) const {
    return (x - mean[c]) / std::sqrt(double(var[c]) + 1e-5) * gamma[c] +
           beta[c];
  }
};

struct RepVGGBlock {
  std::vector<float> w3, w1; // [C][C][3][3], [C][C][1][1]
  BatchNorm bn3, bn1, bnId;
};

/// An exact dense literal: the little-endian bytes of the floats in hex.
std::string literal(const std::vector<float> &values) {
  std::string text = "dense<\"0x";
  char buffer[3];
  for (float value : values) {
    const auto *bytes = reinterpret_cast<const unsigned char *>(&value);
    for (size_t i = 0; i < sizeof(float); ++i) {
      std::snprintf(buffer, sizeof(buffer), "%02X", bytes[i]);
      text += buffer;
    }
  }
  return text + "\">";
}

/// The block in its training form as nnid IR.
std::string toIR(const RepVGGBlock &block) {
  std::string x = "tensor<?x4x6x6xf32>", c = "tensor<4xf32>";
  std::string ir = "func.func @forward(%x: " + x + ") -> " + x + " {\n";
  auto constant = [&](const std::string &name, const std::vector<float> &v,
                      const std::string &type) {
    ir +=
        "  %" + name + " = arith.constant " + literal(v) + " : " + type + "\n";
  };
  auto batchNorm = [&](const std::string &name, const std::string &input,
                       const BatchNorm &bn) {
    constant(name + "_g", bn.gamma, c);
    constant(name + "_b", bn.beta, c);
    constant(name + "_m", bn.mean, c);
    constant(name + "_v", bn.var, c);
    ir += "  %" + name + " = nnid.batch_norm %" + input + ", %" + name +
          "_g, %" + name + "_b, %" + name + "_m, %" + name + "_v : " + x +
          ", " + c + "\n";
  };
  constant("w3", block.w3, "tensor<4x4x3x3xf32>");
  constant("w1", block.w1, "tensor<4x4x1x1xf32>");
  ir += "  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (" +
        x + ", tensor<4x4x3x3xf32>) -> " + x + "\n";
  ir += "  %c1 = nnid.conv2d %x, %w1 : (" + x + ", tensor<4x4x1x1xf32>) -> " +
        x + "\n";
  batchNorm("n3", "c3", block.bn3);
  batchNorm("n1", "c1", block.bn1);
  batchNorm("ni", "x", block.bnId);
  ir += "  %s = nnid.add %n3, %n1 : " + x + "\n";
  ir += "  %y = nnid.add %s, %ni : " + x + "\n";
  ir += "  return %y : " + x + "\n}\n";
  return ir;
}

/// The block computed directly, in double precision.
std::vector<double> reference(const RepVGGBlock &block,
                              const std::vector<float> &x) {
  auto at = [&](int n, int c, int i, int j) -> double {
    if (i < 0 || j < 0 || i >= kSize || j >= kSize)
      return 0.0;
    return x[((n * kChannels + c) * kSize + i) * kSize + j];
  };
  std::vector<double> out(x.size());
  for (int n = 0; n < kBatch; ++n)
    for (int o = 0; o < kChannels; ++o)
      for (int i = 0; i < kSize; ++i)
        for (int j = 0; j < kSize; ++j) {
          double c3 = 0.0, c1 = 0.0;
          for (int c = 0; c < kChannels; ++c) {
            for (int di = 0; di < 3; ++di)
              for (int dj = 0; dj < 3; ++dj)
                c3 += block.w3[((o * kChannels + c) * 3 + di) * 3 + dj] *
                      at(n, c, i + di - 1, j + dj - 1);
            c1 += block.w1[o * kChannels + c] * at(n, c, i, j);
          }
          out[((n * kChannels + o) * kSize + i) * kSize + j] =
              block.bn3.apply(o, c3) + block.bn1.apply(o, c1) +
              block.bnId.apply(o, at(n, o, i, j));
        }
  return out;
}

TEST_F(ReparameterizeTest, RepVGGBlockRunsTheSameBeforeAndAfterThePass) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  std::uniform_real_distribution<float> positive(0.5f, 1.5f);
  auto vector = [&](size_t n, auto &distribution) {
    std::vector<float> v(n);
    for (float &e : v)
      e = distribution(rng);
    return v;
  };
  auto batchNorm = [&]() {
    return BatchNorm{vector(kChannels, positive), vector(kChannels, normal),
                     vector(kChannels, normal), vector(kChannels, positive)};
  };
  RepVGGBlock block{vector(kChannels * kChannels * 9, normal),
                    vector(kChannels * kChannels, normal), batchNorm(),
                    batchNorm(), batchNorm()};
  std::vector<float> x = vector(kBatch * kChannels * kSize * kSize, normal);
  std::vector<double> expected = reference(block, x);

  OwningOpRef<ModuleOp> module = parse(toIR(block));
  ASSERT_TRUE(module);
  auto runCompiled = [&](ModuleOp m) {
    std::vector<float> out(x.size(), NAN);
    auto kernel = compileForCPU(m);
    if (!kernel) {
      ADD_FAILURE() << llvm::toString(kernel.takeError());
      return out;
    }
    llvm::SmallVector<int64_t, 4> shape = {kBatch, kChannels, kSize, kSize};
    llvm::Error error =
        (*kernel)->run({TensorRef{x, shape}}, {MutableTensorRef{out, shape}});
    EXPECT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
    return out;
  };
  std::vector<float> before = runCompiled(*module);
  EXPECT_TRUE(runPass(context, *module, /*remarks=*/false).empty());
  EXPECT_EQ(getLayers(*module)["forward"],
            std::vector<std::string>{"nnid.conv2d"});
  std::vector<float> after = runCompiled(*module);

  // f32 sums in a different order than the double reference.
  for (size_t i = 0; i < expected.size(); ++i) {
    double tolerance = 1e-4 * std::abs(expected[i]) + 1e-4;
    EXPECT_NEAR(before[i], expected[i], tolerance) << "as written, " << i;
    EXPECT_NEAR(after[i], expected[i], tolerance) << "fused, " << i;
  }
}

} // namespace
