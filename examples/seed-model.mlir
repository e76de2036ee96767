// The seed model of nnid (PyTorch):
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
// The parameters are function arguments, in state_dict order. The batch
// dimension is dynamic. `nnid-opt --canonicalize` erases the identity.
func.func @forward(%x: tensor<?x3x224x224xf32>,
                   %conv1_weight: tensor<16x3x3x3xf32>, %conv1_bias: tensor<16xf32>,
                   %conv2_weight: tensor<32x16x3x3xf32>, %conv2_bias: tensor<32xf32>,
                   %conv3_weight: tensor<64x32x3x3xf32>, %conv3_bias: tensor<64xf32>)
    -> tensor<?x64x28x28xf32> {
  %0 = nnid.conv2d %x, %conv1_weight, %conv1_bias {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<?x16x224x224xf32>
  %1 = nnid.relu %0 : tensor<?x16x224x224xf32>
  %2 = nnid.max_pool2d %1 {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>}
      : tensor<?x16x224x224xf32> -> tensor<?x16x112x112xf32>
  %3 = nnid.conv2d %2, %conv2_weight, %conv2_bias {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x16x112x112xf32>, tensor<32x16x3x3xf32>, tensor<32xf32>) -> tensor<?x32x112x112xf32>
  %4 = nnid.relu %3 : tensor<?x32x112x112xf32>
  %5 = nnid.identity %4 : tensor<?x32x112x112xf32>
  %6 = nnid.max_pool2d %5 {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>}
      : tensor<?x32x112x112xf32> -> tensor<?x32x56x56xf32>
  %7 = nnid.conv2d %6, %conv3_weight, %conv3_bias {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x32x56x56xf32>, tensor<64x32x3x3xf32>, tensor<64xf32>) -> tensor<?x64x56x56xf32>
  %8 = nnid.relu %7 : tensor<?x64x56x56xf32>
  %9 = nnid.max_pool2d %8 {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>}
      : tensor<?x64x56x56xf32> -> tensor<?x64x28x28xf32>
  return %9 : tensor<?x64x28x28xf32>
}
