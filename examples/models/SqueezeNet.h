//===- SqueezeNet.h - torchvision's squeezenet1_1 in the DSL ----*- C++ -*-===//
//
// torchvision.models.squeezenet1_1, with torchvision's module hierarchy, so
// that its parameters are named as its state_dict names them
// ("features.3.squeeze.weight", "classifier.1.bias"). In PyTorch:
//
//   class Fire(nn.Module):
//       def __init__(self, inplanes, squeeze_planes, expand1x1_planes,
//                    expand3x3_planes):
//           super().__init__()
//           self.squeeze = nn.Conv2d(inplanes, squeeze_planes, kernel_size=1)
//           self.squeeze_activation = nn.ReLU(inplace=True)
//           self.expand1x1 = nn.Conv2d(squeeze_planes, expand1x1_planes,
//                                      kernel_size=1)
//           self.expand1x1_activation = nn.ReLU(inplace=True)
//           self.expand3x3 = nn.Conv2d(squeeze_planes, expand3x3_planes,
//                                      kernel_size=3, padding=1)
//           self.expand3x3_activation = nn.ReLU(inplace=True)
//
//       def forward(self, x):
//           x = self.squeeze_activation(self.squeeze(x))
//           return torch.cat(
//               [self.expand1x1_activation(self.expand1x1(x)),
//                self.expand3x3_activation(self.expand3x3(x))], 1)
//
//   features = nn.Sequential(
//       nn.Conv2d(3, 64, kernel_size=3, stride=2), nn.ReLU(inplace=True),
//       nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
//       Fire(64, 16, 64, 64), Fire(128, 16, 64, 64),
//       nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
//       Fire(128, 32, 128, 128), Fire(256, 32, 128, 128),
//       nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
//       Fire(256, 48, 192, 192), Fire(384, 48, 192, 192),
//       Fire(384, 64, 256, 256), Fire(512, 64, 256, 256))
//   classifier = nn.Sequential(
//       nn.Dropout(p=0.5), nn.Conv2d(512, num_classes, kernel_size=1),
//       nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d((1, 1)))
//   forward: torch.flatten(classifier(features(x)), 1)
//
// The Dropout is the identity in eval mode. On 224x224 the feature maps are
// 111 (the unpadded 3x3 stride-2 stem), then 55, 27 and 13 after the
// ceil_mode pools.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_SQUEEZENET_H
#define NNID_EXAMPLES_MODELS_SQUEEZENET_H

#include "nnid/DSL/NN.h"

namespace nnid::models {

namespace squeezenet {
using namespace nnid::nn;

/// torchvision's Fire(inplanes, squeeze_planes, expand1x1_planes,
/// expand3x3_planes): a 1x1 squeeze, then the 1x1 and 3x3 expands side by
/// side, concatenated along the channels.
template <int64_t InPlanes, int64_t SqueezePlanes, int64_t Expand1x1Planes,
          int64_t Expand3x3Planes>
using Fire = Chain<
    Named<"squeeze", Conv2d<InPlanes, SqueezePlanes, 1>>,
    Named<"squeeze_activation", ReLU>,
    Concat<1,
           Chain<Named<"expand1x1", Conv2d<SqueezePlanes, Expand1x1Planes, 1>>,
                 Named<"expand1x1_activation", ReLU>>,
           Chain<Named<"expand3x3",
                       Conv2d<SqueezePlanes, Expand3x3Planes, 3, 1, 1>>,
                 Named<"expand3x3_activation", ReLU>>>>;

/// nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True).
using Pool = MaxPool2d<3, 2, 0, 1, /*CeilMode=*/true>;

/// SqueezeNet version 1_1.
template <int64_t NumClasses>
using Network = Chain<
    Named<"features",
          Sequential<Conv2d<3, 64, 3, 2>, ReLU, Pool, Fire<64, 16, 64, 64>,
                     Fire<128, 16, 64, 64>, Pool, Fire<128, 32, 128, 128>,
                     Fire<256, 32, 128, 128>, Pool, Fire<256, 48, 192, 192>,
                     Fire<384, 48, 192, 192>, Fire<384, 64, 256, 256>,
                     Fire<512, 64, 256, 256>>>,
    Named<"classifier", Sequential<Dropout<0.5>, Conv2d<512, NumClasses, 1>,
                                   ReLU, AdaptiveAvgPool2d<1, 1>>>,
    Flatten<1>>;
} // namespace squeezenet

/// squeezenet1_1 with NumClasses classes (torchvision's default: 1000).
template <int64_t NumClasses = 1000>
using SqueezeNet1_1Network = squeezenet::Network<NumClasses>;

/// squeezenet1_1 on 1x3x224x224: 1000 class scores.
using SqueezeNet1_1Model =
    nn::Model<SqueezeNet1_1Network<>, nn::Input<1, 3, 224, 224>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_SQUEEZENET_H
