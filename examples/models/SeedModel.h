//===- SeedModel.h - the seed model of nnid in the C++ DSL ------*- C++ -*-===//
//
// The PyTorch model nnid starts from, with nn.Identity standing in for a
// skipped layer:
//
//   class MyModel(nn.Module):
//       def __init__(self):
//           super().__init__()
//           self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)
//           self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=1, padding=1)
//           self.conv3 = nn.Conv2d(32, 64, kernel_size=3, stride=1, padding=1)
//           self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
//           self.identity = nn.Identity()
//
//       def forward(self, x):
//           x = self.conv1(x); x = torch.relu(x); x = self.pool(x)
//           x = self.conv2(x); x = torch.relu(x)
//           x = self.identity(x)   # stands in for a skipped layer
//           x = self.pool(x)
//           x = self.conv3(x); x = torch.relu(x); x = self.pool(x)
//           return x
//
//===----------------------------------------------------------------------===//

#ifndef NNID_EXAMPLES_MODELS_SEEDMODEL_H
#define NNID_EXAMPLES_MODELS_SEEDMODEL_H

#include "nnid/DSL/NN.h"

namespace nnid::models {

namespace seed {
using namespace nnid::nn;

using Pool = Named<"pool", MaxPool2d<2, 2>>;

/// MyModel's forward(); its attributes are the Named layers.
using Network = Chain<Named<"conv1", Conv2d<3, 16, 3, 1, 1>>, ReLU, Pool,
                      Named<"conv2", Conv2d<16, 32, 3, 1, 1>>, ReLU,
                      Named<"identity", Identity>, Pool,
                      Named<"conv3", Conv2d<32, 64, 3, 1, 1>>, ReLU, Pool>;
} // namespace seed

using SeedNetwork = seed::Network;

/// On 1x3x224x224, giving 1x64x28x28.
using SeedModel = nn::Model<SeedNetwork, nn::Input<1, 3, 224, 224>>;

} // namespace nnid::models

#endif // NNID_EXAMPLES_MODELS_SEEDMODEL_H
