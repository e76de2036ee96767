//===- GoogLeNet.h - torchvision's googlenet in the C++ DSL -----*- C++ -*-===//
//
// torchvision.models.googlenet(aux_logits=False, transform_input=False), with
// torchvision's attribute names, so that its parameters are named as its
// state_dict names them ("conv1.conv.weight", "inception4a.branch2.1.bn.bias",
// "fc.weight"). In PyTorch:
//
//   class BasicConv2d(nn.Module):
//       def __init__(self, in_channels, out_channels, **kwargs):
//           super().__init__()
//           self.conv = nn.Conv2d(in_channels, out_channels, bias=False,
//                                 **kwargs)
//           self.bn = nn.BatchNorm2d(out_channels, eps=0.001)
//
//       def forward(self, x):
//           return F.relu(self.bn(self.conv(x)), inplace=True)
//
//   class Inception(nn.Module):
//       def __init__(self, in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red,
//                    ch5x5, pool_proj):
//           super().__init__()
//           self.branch1 = BasicConv2d(in_channels, ch1x1, kernel_size=1)
//           self.branch2 = nn.Sequential(
//               BasicConv2d(in_channels, ch3x3red, kernel_size=1),
//               BasicConv2d(ch3x3red, ch3x3, kernel_size=3, padding=1))
//           self.branch3 = nn.Sequential(
//               BasicConv2d(in_channels, ch5x5red, kernel_size=1),
//               BasicConv2d(ch5x5red, ch5x5, kernel_size=3, padding=1))
//           self.branch4 = nn.Sequential(
//               nn.MaxPool2d(kernel_size=3, stride=1, padding=1,
//                            ceil_mode=True),
//               BasicConv2d(in_channels, pool_proj, kernel_size=1))
//
//       def forward(self, x):
//           return torch.cat([self.branch1(x), self.branch2(x),
//                             self.branch3(x), self.branch4(x)], 1)
//
// branch3's second convolution is 3x3, as torchvision has it (the paper's is
// 5x5, which its names ch5x5red and ch5x5 recall). GoogLeNet itself
// is conv1 (7x7 stride 2), maxpool1, conv2 (1x1), conv3 (3x3), maxpool2,
// inception3a-b, maxpool3, inception4a-e, maxpool4, inception5a-b, then
// avgpool (AdaptiveAvgPool2d((1, 1))), torch.flatten(x, 1), dropout
// (p=0.2, the identity in eval mode) and fc. Every pool has ceil_mode=True.
// Without aux_logits, aux1 and aux2 are None and have no parameters;
// transform_input=False leaves the input as it is.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_GOOGLENET_H
#define NNID_EXAMPLES_MODELS_GOOGLENET_H

#include "nnid/DSL/NN.h"

namespace nnid::models {

namespace googlenet {
using namespace nnid::nn;

/// torchvision's BasicConv2d: a convolution without bias, a batch norm with
/// eps 0.001, and F.relu.
template <int64_t In, int64_t Out, Pair Kernel, Pair Stride = 1,
          Pair Padding = 0>
using BasicConv2d =
    Chain<Named<"conv", Conv2d<In, Out, Kernel, Stride, Padding, 1, 1,
                               /*Bias=*/false>>,
          Named<"bn", BatchNorm2d<Out, 0.001>>, ReLU>;

/// torchvision's Inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red,
/// ch5x5, pool_proj): four branches concatenated along the channels.
template <int64_t In, int64_t Ch1x1, int64_t Ch3x3Red, int64_t Ch3x3,
          int64_t Ch5x5Red, int64_t Ch5x5, int64_t PoolProj>
using Inception =
    Concat<1, Named<"branch1", BasicConv2d<In, Ch1x1, 1>>,
           Named<"branch2", Sequential<BasicConv2d<In, Ch3x3Red, 1>,
                                       BasicConv2d<Ch3x3Red, Ch3x3, 3, 1, 1>>>,
           Named<"branch3", Sequential<BasicConv2d<In, Ch5x5Red, 1>,
                                       BasicConv2d<Ch5x5Red, Ch5x5, 3, 1, 1>>>,
           Named<"branch4", Sequential<MaxPool2d<3, 1, 1, 1, /*CeilMode=*/true>,
                                       BasicConv2d<In, PoolProj, 1>>>>;

/// nn.MaxPool2d(kernel, stride=2, ceil_mode=True).
template <int64_t Kernel>
using Pool = MaxPool2d<Kernel, 2, 0, 1, /*CeilMode=*/true>;

template <int64_t NumClasses>
using Network = Chain<
    Named<"conv1", BasicConv2d<3, 64, 7, 2, 3>>, Named<"maxpool1", Pool<3>>,
    Named<"conv2", BasicConv2d<64, 64, 1>>,
    Named<"conv3", BasicConv2d<64, 192, 3, 1, 1>>, Named<"maxpool2", Pool<3>>,
    Named<"inception3a", Inception<192, 64, 96, 128, 16, 32, 32>>,
    Named<"inception3b", Inception<256, 128, 128, 192, 32, 96, 64>>,
    Named<"maxpool3", Pool<3>>,
    Named<"inception4a", Inception<480, 192, 96, 208, 16, 48, 64>>,
    Named<"inception4b", Inception<512, 160, 112, 224, 24, 64, 64>>,
    Named<"inception4c", Inception<512, 128, 128, 256, 24, 64, 64>>,
    Named<"inception4d", Inception<512, 112, 144, 288, 32, 64, 64>>,
    Named<"inception4e", Inception<528, 256, 160, 320, 32, 128, 128>>,
    Named<"maxpool4", Pool<2>>,
    Named<"inception5a", Inception<832, 256, 160, 320, 32, 128, 128>>,
    Named<"inception5b", Inception<832, 384, 192, 384, 48, 128, 128>>,
    Named<"avgpool", AdaptiveAvgPool2d<1, 1>>, Flatten<1>,
    Named<"dropout", Dropout<0.2>>, Named<"fc", Linear<1024, NumClasses>>>;
} // namespace googlenet

/// googlenet without auxiliary classifiers, NumClasses classes
/// (torchvision's default: 1000).
template <int64_t NumClasses = 1000>
using GoogLeNetNetwork = googlenet::Network<NumClasses>;

/// googlenet on 1x3x224x224: 1000 class scores.
using GoogLeNetModel = nn::Model<GoogLeNetNetwork<>, nn::Input<1, 3, 224, 224>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_GOOGLENET_H
