//===- DSLParameterTest.cpp - parameter lists against PyTorch's -----------===//
//
// The parameter lists of the reference models in examples/models/ must be
// the state_dicts PyTorch builds for the same models: names, dtypes, shapes
// and order. Inputs/*.txt hold PyTorch's lists (written by state_dicts.py).
//
//===----------------------------------------------------------------------===//

#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/MobileNetV3.h"
#include "models/MultiNetA.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"
#include "nnid/DSL/NN.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace nnid;

namespace {

/// A parameter as one line of an Inputs file: "name dtype [d0, d1]".
std::string formatParameter(const ParameterSpec &spec) {
  std::string line = spec.name + " " + getDTypeName(spec.dtype) + " [";
  for (size_t i = 0; i < spec.shape.size(); ++i)
    line += (i ? ", " : "") + std::to_string(spec.shape[i]);
  return line + "]";
}

template <class M> std::vector<std::string> formatParameters() {
  std::vector<std::string> lines;
  for (const ParameterSpec &spec : M::getParameters())
    lines.push_back(formatParameter(spec));
  return lines;
}

/// The parameter lines of Inputs/<name>.txt, and its "# ..." header.
struct StateDict {
  std::string header;
  std::vector<std::string> lines;
};

StateDict readStateDict(const std::string &name) {
  std::ifstream file(std::string(NNID_DSL_INPUTS_DIR) + "/" + name + ".txt");
  EXPECT_TRUE(file.good()) << "cannot read Inputs/" << name << ".txt";
  StateDict dict;
  for (std::string line; std::getline(file, line);) {
    if (line.rfind("#", 0) == 0)
      dict.header = line;
    else if (!line.empty())
      dict.lines.push_back(line);
  }
  return dict;
}

/// "[1, 64, 28, 28]" for the shape after `key` ("output") in a header.
std::string shapeInHeader(const std::string &header, const std::string &key) {
  size_t begin = header.find(key + " [");
  if (begin == std::string::npos)
    return "";
  begin += key.size() + 1;
  return header.substr(begin, header.find(']', begin) + 1 - begin);
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

TEST(DSLParameterTest, SeedModelMatchesPyTorch) {
  StateDict expected = readStateDict("seed-model");
  EXPECT_EQ(formatParameters<models::SeedModel>(), expected.lines);
  EXPECT_EQ(formatShape(models::SeedModel::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, ResNet18FeaturesMatchesPyTorch) {
  StateDict expected = readStateDict("resnet18-features");
  EXPECT_EQ(formatParameters<models::ResNet18Features>(), expected.lines);
  EXPECT_EQ(formatShape(models::ResNet18Features::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, DiverseBranchBlockMatchesPyTorch) {
  StateDict expected = readStateDict("diverse-branch-block");
  EXPECT_EQ(formatParameters<models::DiverseBranchBlockModel>(),
            expected.lines);
  EXPECT_EQ(formatShape(models::DiverseBranchBlockModel::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, MultiNetAMatchesPyTorch) {
  // PyTorch ran it on a batch of 4; the DSL model has a dynamic batch.
  StateDict expected = readStateDict("multinet-a");
  EXPECT_EQ(formatParameters<models::MultiNetAModel>(), expected.lines);
  using Batch4 = nn::Model<models::MultiNetANetwork<32, 5>, nn::Input<4, 32>>;
  EXPECT_EQ(formatShape(Batch4::getOutputShape()),
            shapeInHeader(expected.header, "output"));
  EXPECT_EQ(models::MultiNetAModel::getOutputShape(),
            (std::vector<int64_t>{nn::kDynamic, 5}));
}

TEST(DSLParameterTest, SqueezeNet1_1MatchesPyTorch) {
  StateDict expected = readStateDict("squeezenet1-1");
  EXPECT_EQ(formatParameters<models::SqueezeNet1_1Model>(), expected.lines);
  EXPECT_EQ(formatShape(models::SqueezeNet1_1Model::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, GoogLeNetMatchesPyTorch) {
  StateDict expected = readStateDict("googlenet");
  EXPECT_EQ(formatParameters<models::GoogLeNetModel>(), expected.lines);
  EXPECT_EQ(formatShape(models::GoogLeNetModel::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, MobileNetV2MatchesPyTorch) {
  StateDict expected = readStateDict("mobilenet-v2");
  EXPECT_EQ(formatParameters<models::MobileNetV2Model>(), expected.lines);
  EXPECT_EQ(formatShape(models::MobileNetV2Model::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, MobileNetV3SmallMatchesPyTorch) {
  StateDict expected = readStateDict("mobilenet-v3-small");
  EXPECT_EQ(formatParameters<models::MobileNetV3SmallModel>(), expected.lines);
  EXPECT_EQ(formatShape(models::MobileNetV3SmallModel::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, SqueezeExcitationMatchesPyTorch) {
  // torchvision.ops.SqueezeExcitation(16, 8).
  using M = nn::Model<nn::SqueezeExcitation<16, 8>, nn::Input<1, 16, 7, 7>>;
  StateDict expected = readStateDict("squeeze-excitation");
  EXPECT_EQ(formatParameters<M>(), expected.lines);
  EXPECT_EQ(formatShape(M::getOutputShape()),
            shapeInHeader(expected.header, "output"));
}

TEST(DSLParameterTest, DropoutHasNoParameters) {
  using namespace nnid::nn;
  // torchvision's classifiers: nn.Sequential(nn.Dropout(p), nn.Linear(...))
  // names the Linear "1".
  using M = Model<Sequential<Dropout<0.2>, Linear<8, 4>>, Input<2, 8>>;
  std::vector<std::string> names;
  for (const ParameterSpec &spec : M::getParameters())
    names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{"1.weight", "1.bias"}));
}

TEST(DSLParameterTest, SequentialNamesChildrenByIndexUnlessNamed) {
  using namespace nnid::nn;
  using M = Model<Sequential<Conv2d<3, 4, 1>, ReLU,
                             Named<"head", Conv2d<4, 2, 1, 1, 0, 1, 1, false>>,
                             Sequential<BatchNorm2d<2>>>,
                  Input<1, 3, 8, 8>>;
  std::vector<std::string> names;
  for (const ParameterSpec &spec : M::getParameters())
    names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "0.weight", "0.bias", "head.weight", "3.0.weight",
                       "3.0.bias", "3.0.running_mean", "3.0.running_var",
                       "3.0.num_batches_tracked"}));
}

TEST(DSLParameterTest, NamedLayerUsedTwiceIsListedOnce) {
  using namespace nnid::nn;
  using Shared = Named<"shared", Linear<8, 8>>;
  using M = Model<Chain<Shared, ReLU, Shared>, Input<2, 8>>;
  std::vector<ParameterSpec> params = M::getParameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "shared.weight");
  EXPECT_EQ(params[1].name, "shared.bias");
}

TEST(DSLParameterTest, ModuleListsAttributesInItsOrder) {
  using namespace nnid::nn;
  using M =
      Model<Module<Chain<Named<"b", Linear<4, 3>>, Named<"a", Linear<3, 2>>>,
                   "a", "b">,
            Input<1, 4>>;
  std::vector<std::string> names;
  for (const ParameterSpec &spec : M::getParameters())
    names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a.weight", "a.bias", "b.weight",
                                             "b.bias"}));
  // Nested below a name, the order applies to the module's own attributes.
  using Nested = Model<Named<"m", M::NetworkType>, Input<1, 4>>;
  EXPECT_EQ(Nested::getParameters()[0].name, "m.a.weight");
}

TEST(DSLParameterTest, ScalarParameterHasNoDimensions) {
  using M = nn::Model<nn::BatchNorm1d<3>, nn::Input<2, 3>>;
  std::vector<ParameterSpec> params = M::getParameters();
  ASSERT_EQ(params.size(), 5u);
  EXPECT_EQ(params[4].name, "num_batches_tracked");
  EXPECT_EQ(params[4].dtype, DType::I64);
  EXPECT_TRUE(params[4].shape.empty());
  EXPECT_EQ(params[4].getNumElements(), 1);
}

} // namespace
