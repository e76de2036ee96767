//===- DiverseBranchBlock.h - a block with IdentityBasedConv1x1 -*- C++ -*-===//
//
// A Diverse Branch Block cut down to two branches, with DBB's attribute
// names: a 3x3 conv-BN branch, summed with IdentityBasedConv1x1 -> BN ->
// 3x3 conv -> BN, then ReLU. In PyTorch:
//
//   class DiverseBranchBlock(nn.Module):
//       def __init__(self, channels, groups=1):
//           super().__init__()
//           self.dbb_origin = nn.Sequential(OrderedDict(
//               conv=nn.Conv2d(channels, channels, 3, 1, 1, groups=groups,
//                              bias=False),
//               bn=nn.BatchNorm2d(channels)))
//           self.dbb_1x1_kxk = nn.Sequential(OrderedDict(
//               idconv1=IdentityBasedConv1x1(channels, groups),
//               bn1=nn.BatchNorm2d(channels),
//               conv2=nn.Conv2d(channels, channels, 3, 1, 1, groups=groups,
//                               bias=False),
//               bn2=nn.BatchNorm2d(channels)))
//           self.nonlinear = nn.ReLU()
//
//       def forward(self, x):
//           return self.nonlinear(self.dbb_origin(x) + self.dbb_1x1_kxk(x))
//
// (DBB proper pads the 3x3 conv of the second branch with BN values; here it
// pads with zeros, like the PyTorch module above.)
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_DIVERSEBRANCHBLOCK_H
#define NNID_EXAMPLES_MODELS_DIVERSEBRANCHBLOCK_H

#include "nnid/DSL/NN.h"

namespace nnid::models {

namespace dbb {
using namespace nnid::nn;

template <int64_t C, int64_t Groups>
using Conv3x3 = Conv2d<C, C, 3, 1, 1, 1, Groups, /*Bias=*/false>;

template <int64_t Channels, int64_t Groups = 1>
using Network = Chain<
    Sum<Named<"dbb_origin", Sequential<Named<"conv", Conv3x3<Channels, Groups>>,
                                       Named<"bn", BatchNorm2d<Channels>>>>,
        Named<
            "dbb_1x1_kxk",
            Sequential<Named<"idconv1", IdentityBasedConv1x1<Channels, Groups>>,
                       Named<"bn1", BatchNorm2d<Channels>>,
                       Named<"conv2", Conv3x3<Channels, Groups>>,
                       Named<"bn2", BatchNorm2d<Channels>>>>>,
    Named<"nonlinear", ReLU>>;
} // namespace dbb

template <int64_t Channels, int64_t Groups = 1>
using DiverseBranchBlockNetwork = dbb::Network<Channels, Groups>;

/// 8 channels on 1x8x16x16.
using DiverseBranchBlockModel =
    nn::Model<DiverseBranchBlockNetwork<8>, nn::Input<1, 8, 16, 16>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_DIVERSEBRANCHBLOCK_H
