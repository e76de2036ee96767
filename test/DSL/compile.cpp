// Models that are right compile without a diagnostic, the example models
// included, and so does emitting them.
// RUN: %cxx %cxxflags -I%nnid_src_root/examples -fsyntax-only -Wall -Wextra -Wno-unused-parameter -Werror %s

#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/MultiNetA.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"
#include "nnid/DSL/Emit.h"
#include "nnid/DSL/NN.h"

#include <type_traits>

using namespace nnid::nn;

// The README's example.
using Net = Model<Sequential<Conv2d<3, 16, 3, 1, 1>, ReLU, MaxPool2d<2>>,
                  Input<1, 3, 224, 224>>;
static_assert(std::is_same_v<Net::OutputShape, Shape<1, 16, 112, 112>>);

// Every layer, with a dynamic batch.
using Everything = Model<
    Sequential<Named<"stem", Conv2d<3, 8, Pair{3, 5}, 1, Pair{1, 2}>>,
               BatchNorm2d<8>, ReLU, MaxPool2d<3, 2, 1, 1, true>,
               AvgPool2d<2, 1, 1, false, false>, IdentityBasedConv1x1<8, 4>,
               Residual<Conv2d<8, 8, 3, 1, 1>>,
               Residual<Conv2d<8, 16, 3, 2, 1>,
                        Named<"downsample", Conv2d<8, 16, 1, 2>>>,
               Sum<Named<"a", Conv2d<16, 16, 1>>, Identity>,
               Concat<1, Named<"b", Conv2d<16, 4, 1>>, Identity>,
               AdaptiveAvgPool2d<1>, Flatten<>, Linear<20, 10>, BatchNorm1d<10>,
               Chain<Named<"head", Linear<10, 2, false>>, Dropout<0.2>>>,
    Input<kDynamic, 3, 32, 32>>;
static_assert(std::is_same_v<Everything::OutputShape, Shape<kDynamic, 2>>);

static_assert(
    std::is_same_v<nnid::models::SeedModel::OutputShape, Shape<1, 64, 28, 28>>);
static_assert(
    std::is_same_v<nnid::models::ResNet18Features::OutputShape, Shape<1, 512>>);
static_assert(std::is_same_v<nnid::models::SqueezeNet1_1Model::OutputShape,
                             Shape<1, 1000>>);
static_assert(
    std::is_same_v<nnid::models::GoogLeNetModel::OutputShape, Shape<1, 1000>>);
static_assert(std::is_same_v<nnid::models::MobileNetV2Model::OutputShape,
                             Shape<1, 1000>>);

llvm::Expected<mlir::func::FuncOp> emitAll(mlir::ModuleOp module) {
  if (auto function = emitModel<Everything>(module); !function)
    return function;
  if (auto function = emitModel<nnid::models::MultiNetAModel>(module, {"mlp"});
      !function)
    return function;
  if (auto function =
          emitModel<nnid::models::ResNet18Features>(module, {"resnet"});
      !function)
    return function;
  if (auto function =
          emitModel<nnid::models::SqueezeNet1_1Model>(module, {"squeezenet"});
      !function)
    return function;
  if (auto function =
          emitModel<nnid::models::GoogLeNetModel>(module, {"googlenet"});
      !function)
    return function;
  return emitModel<nnid::models::MobileNetV2Model>(module, {"mobilenet"});
}
