// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false | FileCheck %s
// transI: batch_norm(conv2d) -> conv2d with W * s and (b - mean) * s + beta,
// s = gamma / sqrt(var + eps). Every case uses eps = 1 and var + 1 in
// {4, 9}, so the scales are exact.

// s = [2 / 2, 6 / 3] = [1, 2].
// W' = [[1, 2], [3 * 2, 4 * 2]]; b' = [(1 - 1) * 1 + 0.5, (-1 - 2) * 2 + 1].
// CHECK-LABEL: func @conv_bias_bn
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00]], {{\[}}[2.000000e+00]]], {{\[}}{{\[}}[6.000000e+00]], {{\[}}[8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[5.000000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] :
// CHECK-NEXT: return %[[Y]]
func.func @conv_bias_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// No bias: b' = beta - mean * s = [0.5 - 1, 1 - 4]. Stride, padding and
// dilation are kept.
// CHECK-LABEL: func @conv_no_bias_bn
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x7x7xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]], {{\[}}{{\[}}[2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00]]]]> : tensor<2x1x3x3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-5.000000e-01, -3.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 2, 2>, padding = array<i64: 1, 2, 0, 1>, stride = array<i64: 2, 2>}
// CHECK-NEXT: return %[[Y]]
func.func @conv_no_bias_bn(%x: tensor<1x1x7x7xf32>) -> tensor<1x2x2x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x3x3xf32>
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 2, 0, 1>, dilation = array<i64: 2, 2>} : (tensor<1x1x7x7xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x3xf32>
  %y = nnid.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x2x3xf32>, tensor<2xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

// Grouped (depthwise) conv: groups are kept.
// W = [3, 5] per channel; s = [1, 2]; b' = [(0 - 1) * 1 + 0.5, (0 - 2) * 2 + 1].
// CHECK-LABEL: func @depthwise_conv_bn
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[3.000000e+00]]], {{\[}}{{\[}}[1.000000e+01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-5.000000e-01, -3.000000e+00]> : tensor<2xf32>
// CHECK: nnid.conv2d %{{.*}}, %[[W]], %[[B]] {groups = 2 : i64}
// CHECK-NOT: nnid.batch_norm
func.func @depthwise_conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[3.0]]], [[[5.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {groups = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// identity_conv1x1: kernel w + id = [[1.5, 1], [0, 0.5]], then scaled by
// s = [1, 2].
// CHECK-LABEL: func @identity_conv_bn
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.500000e+00]], {{\[}}[1.000000e+00]]], {{\[}}{{\[}}[0.000000e+00]], {{\[}}[1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-5.000000e-01, -3.000000e+00]> : tensor<2xf32>
// CHECK: nnid.conv2d %{{.*}}, %[[W]], %[[B]] :
// CHECK-NOT: nnid.batch_norm
func.func @identity_conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[0.5]], [[1.0]]], [[[0.0]], [[-0.5]]]]> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %c = nnid.identity_conv1x1 %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>
  %y = nnid.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The conv result has another user: folding would compute the conv twice.
// CHECK-LABEL: func @negative_conv_other_user
// CHECK: %[[C:.+]] = nnid.conv2d
// CHECK: %[[Y:.+]] = nnid.batch_norm %[[C]]
// CHECK: return %[[Y]], %[[C]]
func.func @negative_conv_other_user(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Weights that are not constants.
// CHECK-LABEL: func @negative_weight_argument
// CHECK: %[[C:.+]] = nnid.conv2d
// CHECK: nnid.batch_norm %[[C]]
func.func @negative_weight_argument(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @negative_bn_argument
// CHECK: %[[C:.+]] = nnid.conv2d
// CHECK: nnid.batch_norm %[[C]]
func.func @negative_bn_argument(%x: tensor<1x2x4x4xf32>, %mean: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %p, %p, %mean, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A relu between conv and batch_norm.
// CHECK-LABEL: func @negative_relu_between
// CHECK: nnid.conv2d
// CHECK: nnid.relu
// CHECK: nnid.batch_norm
func.func @negative_relu_between(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = nnid.relu %c : tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %r, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// var + eps = 0: the batch norm divides by zero; folding cannot reproduce
// its infinities and NaNs.
// CHECK-LABEL: func @negative_zero_variance
// CHECK: nnid.conv2d
// CHECK: nnid.batch_norm
func.func @negative_zero_variance(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %p, %p, %p, %var {epsilon = 0.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A batch_norm on its own (no conv before it, no sum after it) stays.
// CHECK-LABEL: func @negative_batch_norm_alone
// CHECK-NEXT: arith.constant
// CHECK-NEXT: nnid.batch_norm
// CHECK-NOT: nnid.conv2d
func.func @negative_batch_norm_alone(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %y = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Rank-2 batch norm after a linear layer is not a convolution.
// CHECK-LABEL: func @negative_linear_bn
// CHECK: nnid.linear
// CHECK: nnid.batch_norm
func.func @negative_linear_bn(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x3xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %l = nnid.linear %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %y = nnid.batch_norm %l, %p, %p, %p, %p : tensor<1x2xf32>, tensor<2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Weights in dense resources (as loaded from weight files): W = [[1, 2],
// [3, 4]], var = [3, 8], so s = [1, 2] as above.
// CHECK-LABEL: func @resource_weights
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00]], {{\[}}[2.000000e+00]]], {{\[}}{{\[}}[6.000000e+00]], {{\[}}[8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-5.000000e-01, -3.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]], %[[B]] :
// CHECK-NEXT: return %[[Y]]
func.func @resource_weights(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense_resource<conv_weight> : tensor<2x2x1x1xf32>
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense_resource<bn_var> : tensor<2xf32>
  %c = nnid.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      conv_weight: "0x040000000000803F000000400000404000008040",
      bn_var: "0x040000000000404000000041"
    }
  }
#-}
