//===- ResNet18.h - torchvision's resnet18 in the C++ DSL -------*- C++ -*-===//
//
// torchvision.models.resnet18, with torchvision's attribute names, so that
// its parameters are named as its state_dict names them
// ("layer1.0.conv1.weight", "layer2.0.downsample.0.weight", "fc.bias").
// ResNet18Features replaces the classifier with nn.Identity, as
// `model.fc = nn.Identity()` does to get 512 features.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_RESNET18_H
#define NNID_EXAMPLES_MODELS_RESNET18_H

#include "nnid/DSL/NN.h"

#include <type_traits>

namespace nnid::models {

namespace resnet {
using namespace nnid::nn;

/// torchvision's conv3x3 and conv1x1: no bias.
template <int64_t In, int64_t Out, int64_t Stride = 1>
using Conv3x3 = Conv2d<In, Out, 3, Stride, 1, 1, 1, /*Bias=*/false>;
template <int64_t In, int64_t Out, int64_t Stride = 1>
using Conv1x1 = Conv2d<In, Out, 1, Stride, 0, 1, 1, /*Bias=*/false>;

/// torchvision's BasicBlock(inplanes, planes, stride): relu(bn2(conv2(
/// relu(bn1(conv1(x))))) + shortcut(x)), where the shortcut is the
/// `downsample` branch when the stride or the width changes, x otherwise.
template <int64_t InPlanes, int64_t Planes, int64_t Stride>
struct BasicBlockTypes {
  using Body = Chain<Named<"conv1", Conv3x3<InPlanes, Planes, Stride>>,
                     Named<"bn1", BatchNorm2d<Planes>>, Named<"relu", ReLU>,
                     Named<"conv2", Conv3x3<Planes, Planes>>,
                     Named<"bn2", BatchNorm2d<Planes>>>;
  using Downsample =
      Named<"downsample",
            Sequential<Conv1x1<InPlanes, Planes, Stride>, BatchNorm2d<Planes>>>;
  using Block =
      Chain<std::conditional_t<Stride != 1 || InPlanes != Planes,
                               Residual<Body, Downsample>, Residual<Body>>,
            Named<"relu", ReLU>>;
};

template <int64_t InPlanes, int64_t Planes, int64_t Stride = 1>
using BasicBlock = typename BasicBlockTypes<InPlanes, Planes, Stride>::Block;

/// A stage of two blocks: torchvision's _make_layer(BasicBlock, planes, 2,
/// stride).
template <int64_t InPlanes, int64_t Planes, int64_t Stride>
using Stage = Sequential<BasicBlock<InPlanes, Planes, Stride>,
                         BasicBlock<Planes, Planes>>;

template <class Fc>
using Network = Chain<
    Named<"conv1", Conv2d<3, 64, 7, 2, 3, 1, 1, false>>,
    Named<"bn1", BatchNorm2d<64>>, Named<"relu", ReLU>,
    Named<"maxpool", MaxPool2d<3, 2, 1>>, Named<"layer1", Stage<64, 64, 1>>,
    Named<"layer2", Stage<64, 128, 2>>, Named<"layer3", Stage<128, 256, 2>>,
    Named<"layer4", Stage<256, 512, 2>>,
    Named<"avgpool", AdaptiveAvgPool2d<1, 1>>, Flatten<1>, Named<"fc", Fc>>;
} // namespace resnet

/// resnet18 with classifier Fc (torchvision's is Linear(512, 1000)).
template <class Fc = nn::Linear<512, 1000>>
using ResNet18Network = resnet::Network<Fc>;

/// resnet18 with fc = nn.Identity on 1x3x224x224: 512 features.
using ResNet18Features =
    nn::Model<ResNet18Network<nn::Identity>, nn::Input<1, 3, 224, 224>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_RESNET18_H
