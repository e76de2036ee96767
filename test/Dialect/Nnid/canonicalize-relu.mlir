// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

// CHECK-LABEL: func @relu_of_relu
// CHECK-SAME: (%[[X:.+]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[R:.+]] = nnid.relu %[[X]]
// CHECK-NEXT: return %[[R]]
func.func @relu_of_relu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.relu %x : tensor<1x8xf32>
  %1 = nnid.relu %0 : tensor<1x8xf32>
  %2 = nnid.relu %1 : tensor<1x8xf32>
  return %2 : tensor<1x8xf32>
}

// -----

// Max pooling of non-negative values is non-negative.
// CHECK-LABEL: func @relu_of_max_pool_of_relu
// CHECK: %[[R:.+]] = nnid.relu
// CHECK-NEXT: %[[P:.+]] = nnid.max_pool2d %[[R]]
// CHECK-NEXT: return %[[P]]
func.func @relu_of_max_pool_of_relu(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  %0 = nnid.relu %x : tensor<1x8x4x4xf32>
  %1 = nnid.max_pool2d %0 {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  %2 = nnid.relu %1 : tensor<1x8x2x2xf32>
  return %2 : tensor<1x8x2x2xf32>
}

// -----

// Without the inner relu the outer one matters.
// CHECK-LABEL: func @negative_relu_of_max_pool
// CHECK: nnid.max_pool2d
// CHECK-NEXT: nnid.relu
func.func @negative_relu_of_max_pool(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  %1 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  %2 = nnid.relu %1 : tensor<1x8x2x2xf32>
  return %2 : tensor<1x8x2x2xf32>
}

// -----

// A relu of a sum of relus is not redundant for an add (x - y can be
// negative after other ops), and a relu of an add stays.
// CHECK-LABEL: func @negative_relu_of_add
// CHECK: nnid.add
// CHECK-NEXT: nnid.relu
func.func @negative_relu_of_add(%x: tensor<1x8xf32>, %y: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.add %x, %y : tensor<1x8xf32>
  %1 = nnid.relu %0 : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}
