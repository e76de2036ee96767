// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

// A zero weight (PyTorch's initial state) makes the op the identity.
// CHECK-LABEL: func @zero_weight
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8x8xf32>)
// CHECK-NEXT: return %[[X]]
func.func @zero_weight(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = arith.constant dense<0.0> : tensor<4x2x1x1xf32>
  %0 = nnid.identity_conv1x1 %x, %w {groups = 2 : i64} : tensor<1x4x8x8xf32>, tensor<4x2x1x1xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Negative zeros are zeros too.
// CHECK-LABEL: func @negative_zero_weight
// CHECK-NEXT: return %{{.*}}
func.func @negative_zero_weight(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %w = arith.constant dense<[[[[-0.0]], [[0.0]]], [[[0.0]], [[-0.0]]]]> : tensor<2x2x1x1xf32>
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x2x8x8xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

// A constant weight folds to one constant kernel, weight + id, with
// id[i, i % (C / groups)] = 1. Here C = 4, groups = 2: rows 0..3 get +1 in
// columns 0, 1, 0, 1.
// CHECK-LABEL: func @constant_weight_grouped
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8x8xf32>)
// CHECK: %[[K:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}{{\[}}1.500000e+00]], {{\[}}{{\[}}2.000000e+00]]], {{\[}}{{\[}}{{\[}}3.000000e+00]], {{\[}}{{\[}}5.000000e+00]]], {{\[}}{{\[}}{{\[}}6.000000e+00]], {{\[}}{{\[}}-6.000000e+00]]], {{\[}}{{\[}}{{\[}}0.000000e+00]], {{\[}}{{\[}}1.250000e+00]]]]> : tensor<4x2x1x1xf32>
// CHECK-NOT: arith.addf
// CHECK: %[[C:.+]] = nnid.conv2d %[[X]], %[[K]] {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x8x8xf32>
// CHECK-NEXT: return %[[C]]
func.func @constant_weight_grouped(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = arith.constant dense<[[[[0.5]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[-6.0]]], [[[0.0]], [[0.25]]]]> : tensor<4x2x1x1xf32>
  %0 = nnid.identity_conv1x1 %x, %w {groups = 2 : i64} : tensor<1x4x8x8xf32>, tensor<4x2x1x1xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// A depthwise one (groups = C): the kernel is weight + 1 everywhere.
// CHECK-LABEL: func @constant_weight_depthwise
// CHECK: %[[K:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}{{\[}}3.000000e+00]]], {{\[}}{{\[}}{{\[}}0.000000e+00]]], {{\[}}{{\[}}{{\[}}1.500000e+00]]]]> : tensor<3x1x1x1xf32>
// CHECK: nnid.conv2d %{{.*}}, %[[K]] {groups = 3 : i64}
func.func @constant_weight_depthwise(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[-1.0]]], [[[0.5]]]]> : tensor<3x1x1x1xf32>
  %0 = nnid.identity_conv1x1 %x, %w {groups = 3 : i64} : tensor<1x3x8x8xf32>, tensor<3x1x1x1xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// A weight that is a function argument: the identity is added to the
// weight tensor, never to the activation.
// CHECK-LABEL: func @argument_weight
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x8x8xf32>, %[[W:.+]]: tensor<2x2x1x1xf32>)
// CHECK: %[[ID:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}{{\[}}1.000000e+00]], {{\[}}{{\[}}0.000000e+00]]], {{\[}}{{\[}}{{\[}}0.000000e+00]], {{\[}}{{\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK: %[[K:.+]] = arith.addf %[[W]], %[[ID]] : tensor<2x2x1x1xf32>
// CHECK: %[[C:.+]] = nnid.conv2d %[[X]], %[[K]] : (tensor<?x2x8x8xf32>, tensor<2x2x1x1xf32>) -> tensor<?x2x8x8xf32>
// CHECK-NEXT: return %[[C]]
func.func @argument_weight(%x: tensor<?x2x8x8xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<?x2x8x8xf32> {
  %0 = nnid.identity_conv1x1 %x, %w : tensor<?x2x8x8xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<?x2x8x8xf32>
}

// -----

// A constant weight of -id cancels the identity: the kernel is zero, so the
// result is a conv with a zero kernel, not the input.
// CHECK-LABEL: func @minus_identity_weight
// CHECK: %[[K:.+]] = arith.constant dense<0.000000e+00> : tensor<2x2x1x1xf32>
// CHECK: nnid.conv2d %{{.*}}, %[[K]]
func.func @minus_identity_weight(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[-1.0]], [[0.0]]], [[[0.0]], [[-1.0]]]]> : tensor<2x2x1x1xf32>
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>
  return %0 : tensor<1x2x4x4xf32>
}
