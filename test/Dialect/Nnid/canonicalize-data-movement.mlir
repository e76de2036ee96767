// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

// CHECK-LABEL: func @single_input_concat
// CHECK-SAME: (%[[X:.+]]: tensor<?x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @single_input_concat(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = nnid.concat %x {axis = 1 : i64} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Flattening a single dimension changes nothing.
// CHECK-LABEL: func @trivial_flatten
// CHECK-SAME: (%[[X:.+]]: tensor<?x512xf32>, %[[Y:.+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: return %[[X]], %[[Y]]
func.func @trivial_flatten(%x: tensor<?x512xf32>, %y: tensor<2x3x4xf32>) -> (tensor<?x512xf32>, tensor<2x3x4xf32>) {
  %0 = nnid.flatten %x : tensor<?x512xf32> -> tensor<?x512xf32>
  %1 = nnid.flatten %y {start_dim = 1 : i64, end_dim = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %0, %1 : tensor<?x512xf32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func @negative_data_movement
// CHECK: nnid.concat
// CHECK: nnid.flatten
func.func @negative_data_movement(%x: tensor<1x8xf32>, %y: tensor<1x2x1x1xf32>) -> (tensor<1x16xf32>, tensor<1x2xf32>) {
  %0 = nnid.concat %x, %x {axis = 1 : i64} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x16xf32>
  %1 = nnid.flatten %y : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  return %0, %1 : tensor<1x16xf32>, tensor<1x2xf32>
}
