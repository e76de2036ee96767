//===- DSLEmitTest.cpp - DSL models emitted as nnid IR --------------------===//
//
// Emits the reference models in parametric and frozen mode and checks the
// functions: signature, argument names, the ops in order, verification,
// agreement with the dialect's type inference, canonicalization, and that
// weight source failures come back as llvm::Errors.
//
//===----------------------------------------------------------------------===//

#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/MultiNetA.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"
#include "nnid/DSL/Emit.h"
#include "nnid/DSL/NN.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace mlir;
using namespace nnid;

namespace {

class DSLEmitTest : public ::testing::Test {
protected:
  DSLEmitTest() {
    OpBuilder builder(&context);
    module = ModuleOp::create(builder.getUnknownLoc());
  }

  /// Emits M; fails the test on an error.
  template <class M> func::FuncOp emit(const nn::EmitOptions &options = {}) {
    llvm::Expected<func::FuncOp> function = nn::emitModel<M>(*module, options);
    if (!function) {
      ADD_FAILURE() << llvm::toString(function.takeError());
      return {};
    }
    return *function;
  }

  LogicalResult canonicalize() {
    PassManager pm(&context);
    pm.addPass(createCanonicalizerPass());
    return pm.run(*module);
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, Float32Type::get(&context));
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

/// The names of the ops in the body of `function`, in order.
std::vector<std::string> opNames(func::FuncOp function) {
  std::vector<std::string> names;
  for (Operation &op : function.getBody().front())
    names.push_back(op.getName().getStringRef().str());
  return names;
}

/// How many ops named `name` the function has.
size_t countOps(func::FuncOp function, StringRef name) {
  size_t count = 0;
  function.walk(
      [&](Operation *op) { count += op->getName().getStringRef() == name; });
  return count;
}

/// The nnid.name argument attributes, from argument 1 on.
std::vector<std::string> argumentNames(func::FuncOp function) {
  std::vector<std::string> names;
  for (unsigned i = 1; i < function.getNumArguments(); ++i) {
    auto name =
        function.getArgAttrOfType<StringAttr>(i, nn::kParameterNameAttr);
    names.push_back(name ? name.str() : "<none>");
  }
  return names;
}

/// The F32 parameters of M, which emission makes arguments or constants.
template <class M> std::vector<ParameterSpec> f32Parameters() {
  std::vector<ParameterSpec> specs;
  for (const ParameterSpec &spec : M::getParameters())
    if (spec.dtype == DType::F32)
      specs.push_back(spec);
  return specs;
}

/// Deterministic values for parameter `spec`: sin(k + i), k from the name.
class PatternWeights : public nn::WeightSource {
public:
  llvm::Expected<ArrayRef<float>>
  getValues(const ParameterSpec &spec) override {
    requested.push_back(spec.name);
    values.assign(spec.getNumElements(), 0.0f);
    if (zeroed.count(spec.name))
      return ArrayRef<float>(values);
    float seed = static_cast<float>(spec.name.size());
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = std::sin(seed + static_cast<float>(i));
    return ArrayRef<float>(values);
  }

  std::set<std::string> zeroed;
  std::vector<std::string> requested;
  std::vector<float> values;
};

TEST_F(DSLEmitTest, SeedModelParametric) {
  func::FuncOp function = emit<models::SeedModel>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(function.getName(), "forward");

  // Input first, then the parameters in state_dict order, named.
  FunctionType type = function.getFunctionType();
  ASSERT_EQ(type.getNumInputs(), 7u);
  EXPECT_EQ(type.getInput(0), tensor({1, 3, 224, 224}));
  EXPECT_EQ(type.getInput(1), tensor({16, 3, 3, 3}));
  EXPECT_EQ(type.getInput(6), tensor({64}));
  EXPECT_EQ(
      argumentNames(function),
      (std::vector<std::string>{"conv1.weight", "conv1.bias", "conv2.weight",
                                "conv2.bias", "conv3.weight", "conv3.bias"}));
  EXPECT_EQ(TypeRange(type.getResults()), TypeRange{tensor({1, 64, 28, 28})});

  EXPECT_EQ(opNames(function),
            (std::vector<std::string>{
                "nnid.conv2d", "nnid.relu", "nnid.max_pool2d", "nnid.conv2d",
                "nnid.relu", "nnid.identity", "nnid.max_pool2d", "nnid.conv2d",
                "nnid.relu", "nnid.max_pool2d", "func.return"}));
  // Ops are located at their layer's name.
  Operation &conv2 = *std::next(function.getBody().front().begin(), 3);
  auto loc = dyn_cast<NameLoc>(conv2.getLoc());
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc.getName(), "conv2");

  // Canonicalization erases the identity and nothing else.
  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_EQ(countOps(function, "nnid.identity"), 0u);
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 3u);
  EXPECT_EQ(countOps(function, "nnid.max_pool2d"), 3u);
}

TEST_F(DSLEmitTest, SeedModelMatchesTheHandWrittenExample) {
  // examples/seed-model.mlir, with a dynamic batch, written by hand: the
  // emitted function, less the argument names, prints the same.
  using Dynamic =
      nn::Model<models::SeedNetwork, nn::Input<nn::kDynamic, 3, 224, 224>>;
  func::FuncOp function = emit<Dynamic>();
  ASSERT_TRUE(function);
  for (unsigned i = 0; i < function.getNumArguments(); ++i)
    function.removeArgAttr(i, nn::kParameterNameAttr);

  MLIRContext exampleContext;
  exampleContext.loadDialect<NnidDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> example = parseSourceFile<ModuleOp>(
      std::string(NNID_EXAMPLES_DIR) + "/seed-model.mlir", &exampleContext);
  ASSERT_TRUE(example);

  auto print = [](Operation *op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    op->print(os);
    return text;
  };
  EXPECT_EQ(print(*module), print(*example));
}

TEST_F(DSLEmitTest, SeedModelFrozen) {
  PatternWeights weights;
  nn::EmitOptions options;
  options.functionName = "seed";
  options.weights = &weights;
  func::FuncOp function = emit<models::SeedModel>(options);
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(function.getName(), "seed");
  // Only the input is an argument; the parameters are constants, asked for
  // in state_dict order.
  EXPECT_EQ(function.getNumArguments(), 1u);
  EXPECT_EQ(
      weights.requested,
      (std::vector<std::string>{"conv1.weight", "conv1.bias", "conv2.weight",
                                "conv2.bias", "conv3.weight", "conv3.bias"}));
  EXPECT_EQ(countOps(function, "arith.constant"), 6u);

  // conv2's weight is the constant with the values the source gave.
  auto conv2 = *std::next(function.getOps<Conv2dOp>().begin());
  auto constant = conv2.getWeight().getDefiningOp<arith::ConstantOp>();
  ASSERT_TRUE(constant);
  auto values = cast<DenseElementsAttr>(constant.getValue());
  EXPECT_EQ(values.getType(), tensor({32, 16, 3, 3}));
  float seed = static_cast<float>(std::string("conv2.weight").size());
  EXPECT_EQ(values.getValues<float>()[0], std::sin(seed));
  EXPECT_EQ(values.getValues<float>()[100], std::sin(seed + 100.0f));
}

TEST_F(DSLEmitTest, WeightSourceErrorsPropagate) {
  nn::FunctionWeightSource failing(
      [](const ParameterSpec &spec) -> llvm::Expected<ArrayRef<float>> {
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "no tensor '" + spec.name + "'");
      });
  nn::EmitOptions options;
  options.weights = &failing;
  llvm::Expected<func::FuncOp> function =
      nn::emitModel<models::SeedModel>(*module, options);
  ASSERT_FALSE(function);
  EXPECT_EQ(llvm::toString(function.takeError()), "no tensor 'conv1.weight'");
  // Nothing is left behind.
  EXPECT_TRUE(module->getBody()->empty());

  // Too few values for a parameter.
  std::vector<float> three(3, 1.0f);
  nn::FunctionWeightSource short_(
      [&](const ParameterSpec &) -> llvm::Expected<ArrayRef<float>> {
        return ArrayRef<float>(three);
      });
  options.weights = &short_;
  function = nn::emitModel<models::SeedModel>(*module, options);
  ASSERT_FALSE(function);
  EXPECT_EQ(llvm::toString(function.takeError()),
            "the weight source gave 3 values for 'conv1.weight', which has "
            "432");
  EXPECT_TRUE(module->getBody()->empty());
}

TEST_F(DSLEmitTest, FunctionNamesMustBeFree) {
  ASSERT_TRUE(emit<models::SeedModel>());
  llvm::Expected<func::FuncOp> again =
      nn::emitModel<models::SeedModel>(*module);
  ASSERT_FALSE(again);
  EXPECT_EQ(llvm::toString(again.takeError()),
            "the module already has a symbol named 'forward'");
  nn::EmitOptions options;
  options.functionName = "forward2";
  EXPECT_TRUE(emit<models::SeedModel>(options));
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(DSLEmitTest, ResNet18Parametric) {
  using M = models::ResNet18Features;
  func::FuncOp function = emit<M>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));

  // Every F32 parameter is an argument, in state_dict order;
  // num_batches_tracked (20 of them) is not.
  std::vector<std::string> expected;
  for (const ParameterSpec &spec : f32Parameters<M>())
    expected.push_back(spec.name);
  EXPECT_EQ(M::getParameters().size(), 120u);
  EXPECT_EQ(expected.size(), 100u);
  EXPECT_EQ(argumentNames(function), expected);
  FunctionType type = function.getFunctionType();
  for (auto [index, spec] : llvm::enumerate(f32Parameters<M>()))
    EXPECT_EQ(type.getInput(index + 1), tensor(spec.shape)) << spec.name;
  EXPECT_EQ(TypeRange(type.getResults()), TypeRange{tensor({1, 512})});

  // 1 stem conv, 16 in the blocks, 3 downsamples; a batch norm each; 8
  // residual adds; a ReLU after the stem and two per block; fc = Identity.
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 20u);
  EXPECT_EQ(countOps(function, "nnid.batch_norm"), 20u);
  EXPECT_EQ(countOps(function, "nnid.add"), 8u);
  EXPECT_EQ(countOps(function, "nnid.relu"), 17u);
  EXPECT_EQ(countOps(function, "nnid.max_pool2d"), 1u);
  EXPECT_EQ(countOps(function, "nnid.adaptive_avg_pool2d"), 1u);
  EXPECT_EQ(countOps(function, "nnid.flatten"), 1u);
  EXPECT_EQ(countOps(function, "nnid.identity"), 1u);

  // The first downsampling block: its shortcut convolution has stride 2 and
  // reads the block's input.
  Conv2dOp downsample;
  function.walk([&](Conv2dOp conv) {
    if (!downsample &&
        conv.getWeight() ==
            function.getArgument(
                1 + llvm::find(expected, "layer2.0.downsample.0.weight") -
                expected.begin()))
      downsample = conv;
  });
  ASSERT_TRUE(downsample);
  EXPECT_EQ(downsample.getStride(), ArrayRef<int64_t>({2, 2}));
  EXPECT_EQ(downsample.getType(), tensor({1, 128, 28, 28}));
  EXPECT_EQ(cast<RankedTensorType>(downsample.getInput().getType()),
            tensor({1, 64, 56, 56}));

  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_EQ(countOps(function, "nnid.identity"), 0u);
}

TEST_F(DSLEmitTest, DiverseBranchBlockZeroIdentityConvFoldsAway) {
  // Frozen with PyTorch's initialization of IdentityBasedConv1x1 (weight =
  // 0): the identity-based convolution is the identity and canonicalization
  // erases it.
  PatternWeights weights;
  weights.zeroed = {"dbb_1x1_kxk.idconv1.weight"};
  nn::EmitOptions options;
  options.weights = &weights;
  func::FuncOp function = emit<models::DiverseBranchBlockModel>(options);
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(countOps(function, "nnid.identity_conv1x1"), 1u);
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 2u);
  EXPECT_EQ(countOps(function, "nnid.batch_norm"), 3u);
  EXPECT_EQ(countOps(function, "nnid.add"), 1u);

  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(countOps(function, "nnid.identity_conv1x1"), 0u);
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 2u);
  // The second branch now starts with its batch norm, on the input.
  Value input = function.getArgument(0);
  size_t batchNormsOnInput = 0;
  function.walk(
      [&](BatchNormOp bn) { batchNormsOnInput += bn.getInput() == input; });
  EXPECT_EQ(batchNormsOnInput, 1u);
}

TEST_F(DSLEmitTest, DiverseBranchBlockNonZeroIdentityConvBecomesConv) {
  PatternWeights weights;
  nn::EmitOptions options;
  options.weights = &weights;
  func::FuncOp function = emit<models::DiverseBranchBlockModel>(options);
  ASSERT_TRUE(function);
  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(countOps(function, "nnid.identity_conv1x1"), 0u);
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 3u);
}

TEST_F(DSLEmitTest, MultiNetAParametric) {
  using M = models::MultiNetAModel;
  func::FuncOp function = emit<M>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  FunctionType type = function.getFunctionType();
  EXPECT_EQ(type.getInput(0), tensor({ShapedType::kDynamic, 32}));
  EXPECT_EQ(TypeRange(type.getResults()),
            TypeRange{tensor({ShapedType::kDynamic, 5})});
  std::vector<std::string> expected;
  for (const ParameterSpec &spec : f32Parameters<M>())
    expected.push_back(spec.name);
  EXPECT_EQ(argumentNames(function), expected);

  // The graph of forward(), with lin2/bn2 (used by two branches) once.
  EXPECT_EQ(opNames(function),
            (std::vector<std::string>{
                "nnid.batch_norm", "nnid.linear", "nnid.batch_norm",
                "nnid.relu", "nnid.linear", "nnid.batch_norm", "nnid.relu",
                "nnid.linear", "nnid.batch_norm", "nnid.identity",
                "nnid.concat", "nnid.relu", "nnid.linear", "func.return"}));
  auto concat = *function.getOps<ConcatOp>().begin();
  ASSERT_EQ(concat.getInputs().size(), 3u);
  // cat([x, res, res1]): res1 is the ReLU that feeds lin6.
  auto lin6 = *std::next(function.getOps<LinearOp>().begin(), 2);
  EXPECT_EQ(concat.getInputs()[2], lin6.getInput());
  EXPECT_EQ(concat.getType(), tensor({ShapedType::kDynamic, 100}));
}

TEST_F(DSLEmitTest, SqueezeNet1_1Parametric) {
  func::FuncOp function = emit<models::SqueezeNet1_1Model>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  // The stem, three convolutions in each of the 8 Fire modules, and the
  // classifier's; a ReLU after each. The classifier's Dropout is an
  // nnid.identity, which canonicalization erases.
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 26u);
  EXPECT_EQ(countOps(function, "nnid.relu"), 26u);
  EXPECT_EQ(countOps(function, "nnid.concat"), 8u);
  EXPECT_EQ(countOps(function, "nnid.identity"), 1u);
  size_t ceilModePools = 0;
  function.walk([&](MaxPool2dOp pool) { ceilModePools += pool.getCeilMode(); });
  EXPECT_EQ(ceilModePools, 3u);
  EXPECT_EQ(TypeRange(function.getFunctionType().getResults()),
            TypeRange{tensor({1, 1000})});
  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_EQ(countOps(function, "nnid.identity"), 0u);
}

TEST_F(DSLEmitTest, GoogLeNetParametric) {
  func::FuncOp function = emit<models::GoogLeNetModel>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  // Three BasicConv2d in the stem and six in each of the 9 Inception
  // blocks, each a conv2d, a batch norm with eps 0.001 and a ReLU; four
  // pools between the stages and one in each block's fourth branch.
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 57u);
  EXPECT_EQ(countOps(function, "nnid.batch_norm"), 57u);
  EXPECT_EQ(countOps(function, "nnid.relu"), 57u);
  EXPECT_EQ(countOps(function, "nnid.concat"), 9u);
  EXPECT_EQ(countOps(function, "nnid.max_pool2d"), 13u);
  EXPECT_EQ(countOps(function, "nnid.linear"), 1u);
  function.walk([&](BatchNormOp bn) {
    EXPECT_DOUBLE_EQ(bn.getEpsilon().convertToDouble(), 0.001);
  });
  function.walk([&](MaxPool2dOp pool) { EXPECT_TRUE(pool.getCeilMode()); });
  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_EQ(countOps(function, "nnid.identity"), 0u);
}

TEST_F(DSLEmitTest, MobileNetV2Parametric) {
  func::FuncOp function = emit<models::MobileNetV2Model>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  // The stem, 2 convolutions in the first of the 17 inverted residual
  // blocks and 3 in the others, and the last 1x1; 17 of them depthwise.
  EXPECT_EQ(countOps(function, "nnid.conv2d"), 52u);
  EXPECT_EQ(countOps(function, "nnid.batch_norm"), 52u);
  size_t depthwise = 0;
  function.walk([&](Conv2dOp conv) {
    int64_t channels = cast<RankedTensorType>(conv.getType()).getDimSize(1);
    depthwise += conv.getGroups() > 1 &&
                 conv.getGroups() == static_cast<uint64_t>(channels);
  });
  EXPECT_EQ(depthwise, 17u);
  // No activation after the projections: 35 ReLU6s, each a hardtanh to
  // [0, 6]. 10 blocks keep stride 1 and their width, and add their input.
  EXPECT_EQ(countOps(function, "nnid.hardtanh"), 35u);
  function.walk([](HardtanhOp op) {
    EXPECT_EQ(op.getMinVal().convertToDouble(), 0.0);
    EXPECT_EQ(op.getMaxVal().convertToDouble(), 6.0);
  });
  EXPECT_EQ(countOps(function, "nnid.relu"), 0u);
  EXPECT_EQ(countOps(function, "nnid.add"), 10u);
  EXPECT_EQ(countOps(function, "nnid.adaptive_avg_pool2d"), 1u);
  EXPECT_EQ(countOps(function, "nnid.linear"), 1u);
  ASSERT_TRUE(succeeded(canonicalize()));
  EXPECT_EQ(countOps(function, "nnid.identity"), 0u);
}

TEST_F(DSLEmitTest, SqueezeExcitationGatesItsInput) {
  using M = nn::Model<nn::SqueezeExcitation<16, 8, nn::ReLU, nn::Hardsigmoid>,
                      nn::Input<nn::kDynamic, 16, 7, 7>>;
  func::FuncOp function = emit<M>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(opNames(function),
            (std::vector<std::string>{
                "nnid.adaptive_avg_pool2d", "nnid.conv2d", "nnid.relu",
                "nnid.conv2d", "nnid.hardsigmoid", "nnid.mul", "func.return"}));
  // x * scale: the input, and the [N, 16, 1, 1] scale.
  MulOp mul;
  function.walk([&](MulOp op) { mul = op; });
  ASSERT_TRUE(mul);
  EXPECT_EQ(mul.getLhs(), function.getArgument(0));
  EXPECT_EQ(cast<RankedTensorType>(mul.getRhs().getType()).getShape(),
            (ArrayRef<int64_t>{ShapedType::kDynamic, 16, 1, 1}));
}

TEST_F(DSLEmitTest, PrintedIRParsesBack) {
  // What tools read: the printed module, with argument names and locations,
  // parses and verifies in a fresh context and prints the same.
  ASSERT_TRUE(emit<models::ResNet18Features>());
  PatternWeights weights;
  nn::EmitOptions options;
  options.functionName = "dbb";
  options.weights = &weights;
  ASSERT_TRUE(emit<models::DiverseBranchBlockModel>(options));
  auto print = [](Operation *op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    op->print(os, OpPrintingFlags().enableDebugInfo());
    return text;
  };
  std::string text = print(*module);

  MLIRContext fresh;
  fresh.loadDialect<NnidDialect, func::FuncDialect, arith::ArithDialect>();
  OwningOpRef<ModuleOp> parsed = parseSourceString<ModuleOp>(text, &fresh);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(succeeded(verify(*parsed)));
  EXPECT_EQ(print(*parsed), text);
}

TEST_F(DSLEmitTest, ShapesAgreeWithTheDialect) {
  // Layers with uncommon hyper-parameters; emission fails if the type nnid
  // infers for any layer differs from the shape the DSL computed.
  using namespace nnid::nn;
  using Net =
      Sequential<Conv2d<3, 8, Pair{3, 5}, Pair{2, 1}, Pair{1, 2}, Pair{1, 2}>,
                 MaxPool2d<3, 2, 1, 1, true>,
                 AvgPool2d<Pair{2, 3}, 1, Pair{1, 1}, true, false>,
                 Conv2d<8, 8, 3, 1, 2, 2, 4, false>, IdentityBasedConv1x1<8, 2>,
                 BatchNorm2d<8, 1e-3>,
                 Concat<1, Identity, Sequential<Conv2d<8, 4, 1>, ReLU>>,
                 AdaptiveAvgPool2d<3, 2>, Flatten<2>, Flatten<>,
                 Linear<72, 7, false>, BatchNorm1d<7>>;
  func::FuncOp function = emit<Model<Net, Input<kDynamic, 3, 17, 23>>>();
  ASSERT_TRUE(function);
  EXPECT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(TypeRange(function.getFunctionType().getResults()),
            TypeRange{tensor({ShapedType::kDynamic, 7})});
}

/// A user-defined layer whose shape function is wrong: it claims ReLU halves
/// the width.
struct WrongShapeReLU : nn::NoParameters {
  template <class In> struct Apply {
    using type = nn::Shape<In::dim(0), In::dim(1) / 2>;
  };
  template <class In, class Emitter>
  static typename Emitter::Value
  emit(Emitter &emitter, typename Emitter::Value input, const nn::Path &) {
    return emitter.relu(input);
  }
};

TEST_F(DSLEmitTest, ShapeDisagreementIsAnError) {
  using M = nn::Model<
      nn::Sequential<nn::Linear<4, 6>, nn::Named<"act", WrongShapeReLU>>,
      nn::Input<2, 4>>;
  llvm::Expected<func::FuncOp> function = nn::emitModel<M>(*module);
  ASSERT_FALSE(function);
  EXPECT_EQ(llvm::toString(function.takeError()),
            "layer 'act': nnid infers tensor<2x6xf32>, the DSL computed "
            "tensor<2x3xf32>");
  EXPECT_TRUE(module->getBody()->empty());
}

} // namespace
