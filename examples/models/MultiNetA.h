//===- MultiNetA.h - an MLP with concatenated skip connections --*- C++ -*-===//
//
//   class multiNetA(nn.Module):
//       def __init__(self, num_feature, num_class):
//           super().__init__()
//           self.lin1 = nn.Linear(num_feature, 50)
//           self.lin2 = nn.Linear(50, 30)
//           self.lin6 = nn.Linear(30, 20)
//           self.lin7 = nn.Linear(100, num_class)
//           self.bn0 = nn.BatchNorm1d(num_feature)
//           self.bn1 = nn.BatchNorm1d(50)
//           self.bn2 = nn.BatchNorm1d(30)
//           self.bn6 = nn.BatchNorm1d(20)
//
//       def forward(self, x):
//           x = self.bn0(x)
//           x = F.relu(self.bn1(self.lin1(x))); res = x
//           x = F.relu(self.bn2(self.lin2(x))); res1 = x
//           x = self.bn6(self.lin6(x))
//           x = F.relu(torch.cat([x, res, res1], 1))
//           return self.lin7(x)
//
// The concatenation of [x, res, res1] is written as three branches applied
// to res: lin2-bn2-relu-lin6-bn6, identity, and lin2-bn2-relu. The two uses
// of the Named lin2 and bn2 share their parameters and are emitted once.
// Module lists the attributes in __init__ order, the state_dict order.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_MULTINETA_H
#define NNID_EXAMPLES_MODELS_MULTINETA_H

#include "nnid/DSL/NN.h"

namespace nnid::models {

namespace multinet {
using namespace nnid::nn;

/// relu(bn2(lin2(x))), which is res1.
using Res1 =
    Chain<Named<"lin2", Linear<50, 30>>, Named<"bn2", BatchNorm1d<30>>, ReLU>;

template <int64_t NumFeature, int64_t NumClass>
using Network =
    Module<Chain<Named<"bn0", BatchNorm1d<NumFeature>>,
                 Named<"lin1", Linear<NumFeature, 50>>,
                 Named<"bn1", BatchNorm1d<50>>, ReLU,
                 Concat<1,
                        Chain<Res1, Named<"lin6", Linear<30, 20>>,
                              Named<"bn6", BatchNorm1d<20>>>,
                        Identity, Res1>,
                 ReLU, Named<"lin7", Linear<100, NumClass>>>,
           "lin1", "lin2", "lin6", "lin7", "bn0", "bn1", "bn2", "bn6">;
} // namespace multinet

template <int64_t NumFeature, int64_t NumClass>
using MultiNetANetwork = multinet::Network<NumFeature, NumClass>;

/// 32 features, 5 classes, any batch size.
using MultiNetAModel =
    nn::Model<MultiNetANetwork<32, 5>, nn::Input<nn::kDynamic, 32>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_MULTINETA_H
