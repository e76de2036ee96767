//===- MobileNetV2.h - torchvision's mobilenet_v2 --------------*- C++ -*-===//
//
// torchvision.models.mobilenet_v2 with torchvision's module hierarchy, so
// that its parameters are named as its state_dict names them
// ("features.0.0.weight", "features.2.conv.1.1.running_var",
// "classifier.1.bias"). In PyTorch:
//
//   # Conv2dNormActivation(in, out, kernel_size=3, stride=1, groups=1):
//   #   nn.Sequential(nn.Conv2d(in, out, kernel_size, stride,
//   #                           (kernel_size - 1) // 2, groups=groups,
//   #                           bias=False),
//   #                 nn.BatchNorm2d(out), nn.ReLU6(inplace=True))
//
//   class InvertedResidual(nn.Module):
//       def __init__(self, inp, oup, stride, expand_ratio):
//           super().__init__()
//           hidden_dim = int(round(inp * expand_ratio))
//           self.use_res_connect = stride == 1 and inp == oup
//           layers = []
//           if expand_ratio != 1:
//               layers.append(Conv2dNormActivation(inp, hidden_dim,
//                                                  kernel_size=1))  # pw
//           layers.extend([
//               Conv2dNormActivation(hidden_dim, hidden_dim, stride=stride,
//                                    groups=hidden_dim),  # dw
//               nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),  # pw-linear
//               nn.BatchNorm2d(oup)])
//           self.conv = nn.Sequential(*layers)
//
//       def forward(self, x):
//           if self.use_res_connect:
//               return x + self.conv(x)
//           return self.conv(x)
//
//   features = nn.Sequential(
//       Conv2dNormActivation(3, 32, stride=2),
//       *[InvertedResidual(...) for each row t, c, n, s of
//         [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2],
//         [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]
//         (n blocks of c channels, expansion t, the first with stride s)],
//       Conv2dNormActivation(320, 1280, kernel_size=1))
//   classifier = nn.Sequential(nn.Dropout(p=0.2), nn.Linear(1280, 1000))
//   forward: classifier(torch.flatten(
//       F.adaptive_avg_pool2d(features(x), (1, 1)), 1))
//
// (width_mult 1.0: _make_divisible leaves every width as it is.) The
// Dropout is the identity in eval mode.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_MOBILENETV2_H
#define NNID_EXAMPLES_MODELS_MOBILENETV2_H

#include "nnid/DSL/NN.h"

#include <type_traits>

namespace nnid::models {

namespace mobilenetv2 {
using namespace nnid::nn;

/// torchvision's Conv2dNormActivation with a batch norm and ReLU6: an
/// nn.Sequential, so its layers are "0", "1" and "2".
template <int64_t In, int64_t Out, int64_t Kernel = 3, int64_t Stride = 1,
          int64_t Groups = 1>
using Conv2dNormActivation =
    Sequential<Conv2d<In, Out, Kernel, Stride, (Kernel - 1) / 2, 1, Groups,
                      /*Bias=*/false>,
               BatchNorm2d<Out>, ReLU6>;

/// torchvision's InvertedResidual(inp, oup, stride, expand_ratio): a 1x1
/// expansion (unless expand_ratio is 1), a depthwise 3x3 and a 1x1
/// projection without activation, all in `conv`; x + conv(x) when the
/// stride is 1 and the width stays.
template <int64_t Inp, int64_t Oup, int64_t Stride, int64_t ExpandRatio>
struct InvertedResidualTypes {
  static constexpr int64_t hidden = Inp * ExpandRatio;
  using Depthwise = Conv2dNormActivation<hidden, hidden, 3, Stride, hidden>;
  using Project = Conv2d<hidden, Oup, 1, 1, 0, 1, 1, /*Bias=*/false>;
  using Layers =
      std::conditional_t<ExpandRatio != 1,
                         Sequential<Conv2dNormActivation<Inp, hidden, 1>,
                                    Depthwise, Project, BatchNorm2d<Oup>>,
                         Sequential<Depthwise, Project, BatchNorm2d<Oup>>>;
  using Conv = Named<"conv", Layers>;
  // A Chain, not the Named itself, so that the nn.Sequential around the
  // blocks names each by its index ("features.2.conv.0.0.weight").
  using Block = std::conditional_t<Stride == 1 && Inp == Oup, Residual<Conv>,
                                   Chain<Conv>>;
};

template <int64_t Inp, int64_t Oup, int64_t Stride, int64_t ExpandRatio>
using InvertedResidual =
    typename InvertedResidualTypes<Inp, Oup, Stride, ExpandRatio>::Block;

template <int64_t NumClasses>
using Network = Chain<
    Named<"features",
          Sequential<
              Conv2dNormActivation<3, 32, 3, 2>,
              // t = 1, c = 16, n = 1, s = 1
              InvertedResidual<32, 16, 1, 1>,
              // t = 6, c = 24, n = 2, s = 2
              InvertedResidual<16, 24, 2, 6>, InvertedResidual<24, 24, 1, 6>,
              // t = 6, c = 32, n = 3, s = 2
              InvertedResidual<24, 32, 2, 6>, InvertedResidual<32, 32, 1, 6>,
              InvertedResidual<32, 32, 1, 6>,
              // t = 6, c = 64, n = 4, s = 2
              InvertedResidual<32, 64, 2, 6>, InvertedResidual<64, 64, 1, 6>,
              InvertedResidual<64, 64, 1, 6>, InvertedResidual<64, 64, 1, 6>,
              // t = 6, c = 96, n = 3, s = 1
              InvertedResidual<64, 96, 1, 6>, InvertedResidual<96, 96, 1, 6>,
              InvertedResidual<96, 96, 1, 6>,
              // t = 6, c = 160, n = 3, s = 2
              InvertedResidual<96, 160, 2, 6>, InvertedResidual<160, 160, 1, 6>,
              InvertedResidual<160, 160, 1, 6>,
              // t = 6, c = 320, n = 1, s = 1
              InvertedResidual<160, 320, 1, 6>,
              Conv2dNormActivation<320, 1280, 1>>>,
    AdaptiveAvgPool2d<1, 1>, Flatten<1>,
    Named<"classifier", Sequential<Dropout<0.2>, Linear<1280, NumClasses>>>>;
} // namespace mobilenetv2

/// mobilenet_v2 with NumClasses classes (torchvision's default: 1000).
template <int64_t NumClasses = 1000>
using MobileNetV2Network = mobilenetv2::Network<NumClasses>;

/// mobilenet_v2 on 1x3x224x224: 1000 class scores.
using MobileNetV2Model =
    nn::Model<MobileNetV2Network<>, nn::Input<1, 3, 224, 224>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_MOBILENETV2_H
