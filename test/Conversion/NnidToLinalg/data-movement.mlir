// RUN: nnid-opt %s -split-input-file --convert-nnid-to-linalg | FileCheck %s
// Data movement becomes tensor ops.

// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x3x4xf32>, %[[Y:.+]]: tensor<?x3x3x4xf32>)
// CHECK: %[[C:.+]] = tensor.concat dim(1) %[[X]], %[[Y]] : (tensor<?x2x3x4xf32>, tensor<?x3x3x4xf32>) -> tensor<?x5x3x4xf32>
// CHECK: return %[[C]]
func.func @concat(%x: tensor<?x2x3x4xf32>, %y: tensor<?x3x3x4xf32>) -> tensor<?x5x3x4xf32> {
  %0 = nnid.concat %x, %y {axis = 1 : i64} : (tensor<?x2x3x4xf32>, tensor<?x3x3x4xf32>) -> tensor<?x5x3x4xf32>
  return %0 : tensor<?x5x3x4xf32>
}

// -----

// A negative axis is normalized.
// CHECK-LABEL: func @concat_negative_axis
// CHECK: tensor.concat dim(3)
func.func @concat_negative_axis(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x8xf32> {
  %0 = nnid.concat %x, %x {axis = -1 : i64} : (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x8xf32>
  return %0 : tensor<1x2x3x8xf32>
}

// -----

// CHECK-LABEL: func @flatten
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x3x4xf32>)
// CHECK: tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<?x2x3x4xf32> into tensor<?x24xf32>
// CHECK: tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2], [3]] : tensor<?x2x3x4xf32> into tensor<?x6x4xf32>
// CHECK: tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2, 3]] : tensor<?x2x3x4xf32> into tensor<?xf32>
func.func @flatten(%x: tensor<?x2x3x4xf32>) -> (tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?xf32>) {
  %0 = nnid.flatten %x : tensor<?x2x3x4xf32> -> tensor<?x24xf32>
  %1 = nnid.flatten %x {start_dim = 1 : i64, end_dim = 2 : i64} : tensor<?x2x3x4xf32> -> tensor<?x6x4xf32>
  %2 = nnid.flatten %x {start_dim = -4 : i64} : tensor<?x2x3x4xf32> -> tensor<?xf32>
  return %0, %1, %2 : tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: func @identity
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nnid.identity %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
