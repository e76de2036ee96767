// The networks nnid-from-torch.py writes for torchvision's models and the
// seed model are the very types examples/models/ declares by hand. Compiled
// with the generated headers included first (-include each).

#include "models/DiverseBranchBlock.h"
#include "models/GoogLeNet.h"
#include "models/MobileNetV2.h"
#include "models/ResNet18.h"
#include "models/SeedModel.h"
#include "models/SqueezeNet.h"

#include <type_traits>

using namespace nnid::models;

static_assert(std::is_same_v<::resnet18::Network,
                             ResNet18Network<nnid::nn::Linear<512, 1000>>>);
static_assert(std::is_same_v<::resnet18_features::Network,
                             ResNet18Network<nnid::nn::Identity>>);
static_assert(std::is_same_v<::squeezenet1_1::Network, SqueezeNet1_1Network<>>);
static_assert(std::is_same_v<::googlenet::Network, GoogLeNetNetwork<>>);
static_assert(std::is_same_v<::mobilenet_v2::Network, MobileNetV2Network<>>);
static_assert(std::is_same_v<::seed::Network, SeedNetwork>);
static_assert(std::is_same_v<::resnet18_features::Model, ResNet18Features>);
// f(x) + g(x) of two attributes is a Sum; IdentityBasedConv1x1.
static_assert(std::is_same_v<::dbb::Model, DiverseBranchBlockModel>);
