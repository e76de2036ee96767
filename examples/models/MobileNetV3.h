//===- MobileNetV3.h - torchvision's mobilenet_v3_small ---------*- C++ -*-===//
//
// torchvision.models.mobilenet_v3_small with torchvision's module hierarchy,
// so that its parameters are named as its state_dict names them
// ("features.1.block.1.fc1.weight", "classifier.3.bias"). In PyTorch:
//
//   # Conv2dNormActivation(in, out, kernel_size, stride=1, groups=1,
//   #                      activation_layer):
//   #   nn.Sequential(nn.Conv2d(in, out, kernel_size, stride,
//   #                           (kernel_size - 1) // 2, groups=groups,
//   #                           bias=False),
//   #                 nn.BatchNorm2d(out, eps=0.001), activation_layer())
//   # (without the activation when activation_layer is None)
//
//   class InvertedResidual(nn.Module):  # for one row of the table below
//       def __init__(self, cnf):
//           layers = []
//           act = nn.Hardswish if cnf.use_hs else nn.ReLU
//           if cnf.expanded_channels != cnf.input_channels:
//               layers.append(Conv2dNormActivation(
//                   cnf.input_channels, cnf.expanded_channels, 1,
//                   activation_layer=act))
//           layers.append(Conv2dNormActivation(
//               cnf.expanded_channels, cnf.expanded_channels, cnf.kernel,
//               cnf.stride, groups=cnf.expanded_channels,
//               activation_layer=act))
//           if cnf.use_se:
//               layers.append(SqueezeExcitation(
//                   cnf.expanded_channels,
//                   _make_divisible(cnf.expanded_channels // 4, 8),
//                   scale_activation=nn.Hardsigmoid))
//           layers.append(Conv2dNormActivation(
//               cnf.expanded_channels, cnf.out_channels, 1,
//               activation_layer=None))
//           self.block = nn.Sequential(*layers)
//           self.use_res_connect = (cnf.stride == 1 and
//                                   cnf.input_channels == cnf.out_channels)
//
//       def forward(self, x):
//           result = self.block(x)
//           return result + x if self.use_res_connect else result
//
//   features = nn.Sequential(
//       Conv2dNormActivation(3, 16, 3, stride=2,
//                            activation_layer=nn.Hardswish),
//       *[InvertedResidual(cnf) for cnf in the table below],
//       Conv2dNormActivation(96, 576, 1, activation_layer=nn.Hardswish))
//   classifier = nn.Sequential(nn.Linear(576, 1024), nn.Hardswish(),
//                              nn.Dropout(p=0.2), nn.Linear(1024, 1000))
//   forward: classifier(torch.flatten(avgpool(features(x)), 1))
//
// The squeeze widths are _make_divisible(expanded // 4, 8). The Dropout is
// the identity in eval mode.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_MOBILENETV3_H
#define NNID_EXAMPLES_MODELS_MOBILENETV3_H

#include "nnid/DSL/NN.h"

#include <type_traits>

namespace nnid::models {

namespace mobilenetv3 {
using namespace nnid::nn;

/// torchvision's Conv2dNormActivation with BatchNorm2d(eps=0.001) and
/// Activation (void: none), an nn.Sequential: "0", "1", "2".
template <int64_t In, int64_t Out, int64_t Kernel, int64_t Stride,
          int64_t Groups, class Activation>
struct ConvNormActivationTypes {
  using Conv = Conv2d<In, Out, Kernel, Stride, (Kernel - 1) / 2, 1, Groups,
                      /*Bias=*/false>;
  using type =
      std::conditional_t<std::is_void_v<Activation>,
                         Sequential<Conv, BatchNorm2d<Out, 0.001>>,
                         Sequential<Conv, BatchNorm2d<Out, 0.001>, Activation>>;
};

template <int64_t In, int64_t Out, int64_t Kernel, int64_t Stride = 1,
          int64_t Groups = 1, class Activation = Hardswish>
using ConvNormActivation =
    typename ConvNormActivationTypes<In, Out, Kernel, Stride, Groups,
                                     Activation>::type;

/// torchvision's _make_divisible(v, 8).
constexpr int64_t makeDivisible(int64_t v) {
  int64_t rounded = (v + 4) / 8 * 8;
  if (rounded < 8)
    rounded = 8;
  return 10 * rounded < 9 * v ? rounded + 8 : rounded;
}

/// One row of torchvision's table: InvertedResidual(input_channels, kernel,
/// expanded_channels, out_channels, use_se, use_hs, stride).
template <int64_t In, int64_t Kernel, int64_t Expanded, int64_t Out, bool UseSE,
          bool UseHS, int64_t Stride>
struct InvertedResidualTypes {
  using Act = std::conditional_t<UseHS, Hardswish, ReLU>;
  using Expand = ConvNormActivation<In, Expanded, 1, 1, 1, Act>;
  using Depthwise =
      ConvNormActivation<Expanded, Expanded, Kernel, Stride, Expanded, Act>;
  using SE = SqueezeExcitation<Expanded, makeDivisible(Expanded / 4), ReLU,
                               Hardsigmoid>;
  using Project = ConvNormActivation<Expanded, Out, 1, 1, 1, void>;
  using WithSE = std::conditional_t<UseSE, Sequential<Depthwise, SE, Project>,
                                    Sequential<Depthwise, Project>>;
  using WithExpandSE =
      std::conditional_t<UseSE, Sequential<Expand, Depthwise, SE, Project>,
                         Sequential<Expand, Depthwise, Project>>;
  using Layers = std::conditional_t<Expanded != In, WithExpandSE, WithSE>;
  using Block = Named<"block", Layers>;
  // A Chain, not the Named itself, so that the features' nn.Sequential
  // names each block by its index ("features.1.block.0.0.weight").
  using type = std::conditional_t<Stride == 1 && In == Out, Residual<Block>,
                                  Chain<Block>>;
};

template <int64_t In, int64_t Kernel, int64_t Expanded, int64_t Out, bool UseSE,
          bool UseHS, int64_t Stride>
using InvertedResidual =
    typename InvertedResidualTypes<In, Kernel, Expanded, Out, UseSE, UseHS,
                                   Stride>::type;

template <int64_t NumClasses>
using Network = Chain<
    Named<"features",
          Sequential<ConvNormActivation<3, 16, 3, 2>,
                     // in, kernel, expanded, out, SE, hardswish, stride
                     InvertedResidual<16, 3, 16, 16, true, false, 2>,
                     InvertedResidual<16, 3, 72, 24, false, false, 2>,
                     InvertedResidual<24, 3, 88, 24, false, false, 1>,
                     InvertedResidual<24, 5, 96, 40, true, true, 2>,
                     InvertedResidual<40, 5, 240, 40, true, true, 1>,
                     InvertedResidual<40, 5, 240, 40, true, true, 1>,
                     InvertedResidual<40, 5, 120, 48, true, true, 1>,
                     InvertedResidual<48, 5, 144, 48, true, true, 1>,
                     InvertedResidual<48, 5, 288, 96, true, true, 2>,
                     InvertedResidual<96, 5, 576, 96, true, true, 1>,
                     InvertedResidual<96, 5, 576, 96, true, true, 1>,
                     ConvNormActivation<96, 576, 1>>>,
    AdaptiveAvgPool2d<1, 1>, Flatten<1>,
    Named<"classifier", Sequential<Linear<576, 1024>, Hardswish, Dropout<0.2>,
                                   Linear<1024, NumClasses>>>>;
} // namespace mobilenetv3

/// mobilenet_v3_small with NumClasses classes (torchvision's default: 1000).
template <int64_t NumClasses = 1000>
using MobileNetV3SmallNetwork = mobilenetv3::Network<NumClasses>;

/// mobilenet_v3_small on 1x3x224x224: 1000 class scores.
using MobileNetV3SmallModel =
    nn::Model<MobileNetV3SmallNetwork<>, nn::Input<1, 3, 224, 224>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_MOBILENETV3_H
