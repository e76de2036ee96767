// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false | FileCheck %s
// Merges that leave an identity kernel (zero borders trimmed away) or fold a
// zero branch disappear through the nnid canonicalizations that run in the
// same driver.

// W + (I - W) = I.
// CHECK-LABEL: func @branches_sum_to_identity
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @branches_sum_to_identity(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %wa = arith.constant dense<[[[[0.5]], [[1.0]]], [[[-1.0]], [[0.25]]]]> : tensor<2x2x1x1xf32>
  %wb = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[1.0]], [[0.75]]]]> : tensor<2x2x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Two 3x3 branches cancel; what remains is the identity branch, a 3x3 whose
// zero border is trimmed to a 1x1 identity (padding 1 -> 0), which folds.
// CHECK-LABEL: func @cancelling_branches_and_identity
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @cancelling_branches_and_identity(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %wa = arith.constant dense<1.5> : tensor<1x1x3x3xf32>
  %wb = arith.constant dense<-1.5> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %wa {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %s = nnid.add %a, %b : tensor<1x1x4x4xf32>
  %y = nnid.add %s, %x : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// An identity_conv1x1 with a zero weight is the identity branch.
// CHECK-LABEL: func @zero_identity_conv_branch
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 2.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @zero_identity_conv_branch(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %z = arith.constant dense<0.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %i = nnid.identity_conv1x1 %x, %z : tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>
  %y = nnid.add %a, %i : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// nnid.identity on a branch folds first.
// CHECK-LABEL: func @identity_op_branch
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 2.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @identity_op_branch(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %i = nnid.identity %x : tensor<1x1x4x4xf32>
  %y = nnid.add %a, %i : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A batch norm (s = [1, 2], shift 0) undone by the 1x1 after it.
// CHECK-LABEL: func @batch_norm_undone
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @batch_norm_undone(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[0.5]]]]> : tensor<2x2x1x1xf32>
  %n = nnid.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  %y = nnid.conv2d %n, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Zero borders are trimmed only as far as the padding goes: with padding
// [0, 0, 2, 2] the zero top row and left column of the kernel stay, the zero
// bottom row and right column go.
// CHECK-LABEL: func @trim_limited_by_padding
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[0.000000e+00, 0.000000e+00], [0.000000e+00, 2.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @trim_limited_by_padding(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %wa = arith.constant dense<[[[[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %wb = arith.constant dense<[[[[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %wa {padding = array<i64: 0, 0, 2, 2>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb {padding = array<i64: 0, 0, 2, 2>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
