//===- SqueezeExcitation.h - torchvision's SqueezeExcitation ----*- C++ -*-===//
//
// torchvision.ops.SqueezeExcitation(input_channels, squeeze_channels,
// activation=nn.ReLU, scale_activation=nn.Sigmoid), as MobileNetV3,
// EfficientNet and RegNetY use it:
//
//   scale = scale_activation(fc2(activation(fc1(avgpool(x)))))
//   return scale * x
//
// with fc1 and fc2 1x1 convolutions, so its parameters are "fc1.weight",
// "fc1.bias", "fc2.weight" and "fc2.bias".
//
//===----------------------------------------------------------------------===//

#ifndef NNID_DSL_SQUEEZEEXCITATION_H
#define NNID_DSL_SQUEEZEEXCITATION_H

#include "nnid/DSL/Activation.h"
#include "nnid/DSL/Branches.h"
#include "nnid/DSL/Conv.h"
#include "nnid/DSL/Pool.h"
#include "nnid/DSL/Sequence.h"

namespace nnid::nn {

template <int64_t InputChannels, int64_t SqueezeChannels,
          class Activation = ReLU, class ScaleActivation = Sigmoid>
using SqueezeExcitation = Gate<Chain<
    AdaptiveAvgPool2d<1>,
    Named<"fc1", Conv2d<InputChannels, SqueezeChannels, 1>>, Activation,
    Named<"fc2", Conv2d<SqueezeChannels, InputChannels, 1>>, ScaleActivation>>;

} // namespace nnid::nn

#endif // NNID_DSL_SQUEEZEEXCITATION_H
