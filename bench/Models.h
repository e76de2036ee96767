//===- Models.h - the networks of nnid's benchmark --------------*- C++ -*-===//
//
// The benchmark cases written in the C++ DSL, each the same network as the
// PyTorch module of the same case in bench/cases.py, with the same
// state_dict names. The seed model and resnet18 come from examples/models.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_BENCH_MODELS_H
#define NNID_BENCH_MODELS_H

#include "nnid/DSL/NN.h"

namespace nnid::bench {
namespace blocks {
using namespace nnid::nn;

/// nn.Conv2d(In, Out, K, Stride, Padding, groups=Groups), with bias.
template <int64_t In, int64_t Out, int64_t K, int64_t Stride, int64_t Padding,
          int64_t Groups = 1>
using Conv = Conv2d<In, Out, K, Stride, Padding, 1, Groups>;

/// RepVGG's inference-time block: 3x3 conv with bias, then relu. In a
/// Sequential of blocks, PyTorch names its parameters "<i>.0.weight".
template <int64_t C>
using RepVGGDeployBlock = Sequential<Conv<C, C, 3, 1, 1>, ReLU>;

/// RepVGG's training-time block (stride 1, in == out channels):
/// relu(bn(conv3x3(x)) + bn(conv1x1(x)) + bn(x)), with RepVGG's attribute
/// names (nnid/DSL/RepBlocks.h).
template <int64_t C> using RepVGGTrainBlock = RepVGGBlock<C, C>;

template <int64_t C>
using RepVGGDeploy4 = Sequential<RepVGGDeployBlock<C>, RepVGGDeployBlock<C>,
                                 RepVGGDeployBlock<C>, RepVGGDeployBlock<C>>;
template <int64_t C>
using RepVGGTrain4 = Sequential<RepVGGTrainBlock<C>, RepVGGTrainBlock<C>,
                                RepVGGTrainBlock<C>, RepVGGTrainBlock<C>>;
template <int64_t C>
using RepVGGTrain2 = Sequential<RepVGGTrainBlock<C>, RepVGGTrainBlock<C>>;

} // namespace blocks

using Conv3x3_64_56 =
    nn::Model<blocks::Conv<64, 64, 3, 1, 1>, nn::Input<1, 64, 56, 56>>;
using Conv3x3_128_28 =
    nn::Model<blocks::Conv<128, 128, 3, 1, 1>, nn::Input<1, 128, 28, 28>>;
using Conv3x3s2_64_128_56 =
    nn::Model<blocks::Conv<64, 128, 3, 2, 1>, nn::Input<1, 64, 56, 56>>;
using Conv1x1_256_64_56 =
    nn::Model<blocks::Conv<256, 64, 1, 1, 0>, nn::Input<1, 256, 56, 56>>;
using DwConv3x3_32_112 =
    nn::Model<blocks::Conv<32, 32, 3, 1, 1, 32>, nn::Input<1, 32, 112, 112>>;
using GConv3x3_G8_64_56 =
    nn::Model<blocks::Conv<64, 64, 3, 1, 1, 8>, nn::Input<1, 64, 56, 56>>;
using MaxPool3x3s2_64_112 =
    nn::Model<nn::MaxPool2d<3, 2, 1>, nn::Input<1, 64, 112, 112>>;
using RepVGGDeploy_64_56 =
    nn::Model<blocks::RepVGGDeploy4<64>, nn::Input<1, 64, 56, 56>>;
using RepVGGTrain_64_56 =
    nn::Model<blocks::RepVGGTrain4<64>, nn::Input<1, 64, 56, 56>>;

using SmokeConv3x3_8_16 =
    nn::Model<blocks::Conv<8, 8, 3, 1, 1>, nn::Input<1, 8, 16, 16>>;
using SmokeRepVGGTrain_8_16 =
    nn::Model<blocks::RepVGGTrain2<8>, nn::Input<1, 8, 16, 16>>;

} // namespace nnid::bench

#endif // NNID_BENCH_MODELS_H
