// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s
// Pooling over one element per window is the identity.

// CHECK-LABEL: func @unit_pools
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x5x5xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]]
func.func @unit_pools(%x: tensor<?x3x5x5xf32>) -> (tensor<?x3x5x5xf32>, tensor<?x3x5x5xf32>, tensor<?x3x5x5xf32>) {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 1, 1>} : tensor<?x3x5x5xf32> -> tensor<?x3x5x5xf32>
  %1 = nnid.avg_pool2d %x {kernel_size = array<i64: 1, 1>, stride = array<i64: 1, 1>, ceil_mode = true} : tensor<?x3x5x5xf32> -> tensor<?x3x5x5xf32>
  %2 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 5, 5>} : tensor<?x3x5x5xf32> -> tensor<?x3x5x5xf32>
  return %0, %1, %2 : tensor<?x3x5x5xf32>, tensor<?x3x5x5xf32>, tensor<?x3x5x5xf32>
}

// -----

// CHECK-LABEL: func @negative_pools
// CHECK: nnid.max_pool2d %{{.*}} {kernel_size = array<i64: 1, 1>, stride = array<i64: 2, 2>}
// CHECK: nnid.max_pool2d %{{.*}} {kernel_size = array<i64: 2, 2>, stride = array<i64: 1, 1>}
// CHECK: nnid.avg_pool2d
// CHECK: nnid.adaptive_avg_pool2d
func.func @negative_pools(%x: tensor<1x3x6x6xf32>) -> (tensor<1x3x3x3xf32>, tensor<1x3x5x5xf32>, tensor<1x3x3x3xf32>, tensor<1x3x6x3xf32>) {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<1x3x6x6xf32> -> tensor<1x3x3x3xf32>
  %1 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 1, 1>} : tensor<1x3x6x6xf32> -> tensor<1x3x5x5xf32>
  %2 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x3x6x6xf32> -> tensor<1x3x3x3xf32>
  %3 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 6, 3>} : tensor<1x3x6x6xf32> -> tensor<1x3x6x3xf32>
  return %0, %1, %2, %3 : tensor<1x3x3x3xf32>, tensor<1x3x5x5xf32>, tensor<1x3x3x3xf32>, tensor<1x3x6x3xf32>
}
