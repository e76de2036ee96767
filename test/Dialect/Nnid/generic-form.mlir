// RUN: nnid-opt %s | FileCheck %s
// The generic form parses with inherent attributes given either as
// properties (<{...}>) or in the attribute dictionary ({...}).

// CHECK-LABEL: func @generic
// CHECK: nnid.conv2d %{{.*}}, %{{.*}} {groups = 2 : i64, stride = array<i64: 2, 2>} : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
// CHECK: nnid.max_pool2d %{{.*}} {kernel_size = array<i64: 2, 2>} : tensor<1x6x4x4xf32> -> tensor<1x6x2x2xf32>
// CHECK: nnid.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x6x2x2xf32>, tensor<1x6x2x2xf32>) -> tensor<1x12x2x2xf32>
// CHECK: nnid.batch_norm %{{.*}} {epsilon = 1.000000e-03 : f64} : tensor<1x12x2x2xf32>, tensor<12xf32>
func.func @generic(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %p: tensor<12xf32>) -> tensor<1x12x2x2xf32> {
  %0 = "nnid.conv2d"(%x, %w) {stride = array<i64: 2, 2>, groups = 2 : i64}
      : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  %1 = "nnid.max_pool2d"(%0) <{kernel_size = array<i64: 2, 2>}> : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
  %2 = "nnid.concat"(%1, %1) {axis = 1 : i64} : (tensor<1x6x2x2xf32>, tensor<1x6x2x2xf32>) -> tensor<1x12x2x2xf32>
  %3 = "nnid.batch_norm"(%2, %p, %p, %p, %p) {epsilon = 1.0e-3 : f64}
      : (tensor<1x12x2x2xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12xf32>) -> tensor<1x12x2x2xf32>
  return %3 : tensor<1x12x2x2xf32>
}
