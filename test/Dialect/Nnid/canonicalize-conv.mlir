// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s
// A 1x1 conv whose constant kernel is the identity is erased, and only then.

// CHECK-LABEL: func @identity_kernel
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x5x5xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity_kernel(%x: tensor<?x2x5x5xf32>) -> tensor<?x2x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %0 = nnid.conv2d %x, %w : (tensor<?x2x5x5xf32>, tensor<2x2x1x1xf32>) -> tensor<?x2x5x5xf32>
  return %0 : tensor<?x2x5x5xf32>
}

// -----

// Grouped: id[i, i % (C / groups)].
// CHECK-LABEL: func @identity_kernel_grouped
// CHECK-NEXT: return %{{.*}}
func.func @identity_kernel_grouped(%x: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]], [[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]]]> : tensor<4x2x1x1xf32>
  %0 = nnid.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

// Depthwise (groups = C) with a splat kernel of ones, and a zero bias.
// CHECK-LABEL: func @identity_kernel_depthwise_zero_bias
// CHECK-NEXT: return %{{.*}}
func.func @identity_kernel_depthwise_zero_bias(%x: tensor<1x3x5x5xf32>) -> tensor<1x3x5x5xf32> {
  %w = arith.constant dense<1.0> : tensor<3x1x1x1xf32>
  %b = arith.constant dense<0.0> : tensor<3xf32>
  %0 = nnid.conv2d %x, %w, %b {groups = 3 : i64} : (tensor<1x3x5x5xf32>, tensor<3x1x1x1xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

// Dilation has no effect on a 1x1 kernel.
// CHECK-LABEL: func @identity_kernel_dilated
// CHECK-NEXT: return %{{.*}}
func.func @identity_kernel_dilated(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = nnid.conv2d %x, %w {dilation = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x5x5xf32>
  return %0 : tensor<1x1x5x5xf32>
}

// -----

// Stride 2 subsamples: not the identity.
// CHECK-LABEL: func @negative_stride
// CHECK: nnid.conv2d
func.func @negative_stride(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = nnid.conv2d %x, %w {stride = array<i64: 2, 2>} : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Padding adds a zero border: not the identity.
// CHECK-LABEL: func @negative_padding
// CHECK: nnid.conv2d
func.func @negative_padding(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x8x8xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x8x8xf32>
  return %0 : tensor<1x1x8x8xf32>
}

// -----

// A non-zero bias shifts the output.
// CHECK-LABEL: func @negative_bias
// CHECK: nnid.conv2d
func.func @negative_bias(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.0, 0.5]> : tensor<2xf32>
  %0 = nnid.conv2d %x, %w, %b : (tensor<1x2x6x6xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// A bias that is not a constant.
// CHECK-LABEL: func @negative_unknown_bias
// CHECK: nnid.conv2d
func.func @negative_unknown_bias(%x: tensor<1x1x6x6xf32>, %b: tensor<1xf32>) -> tensor<1x1x6x6xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = nnid.conv2d %x, %w, %b : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

// -----

// A permutation of channels is not the identity.
// CHECK-LABEL: func @negative_permutation
// CHECK: nnid.conv2d
func.func @negative_permutation(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32> {
  %w = arith.constant dense<[[[[0.0]], [[1.0]]], [[[1.0]], [[0.0]]]]> : tensor<2x2x1x1xf32>
  %0 = nnid.conv2d %x, %w : (tensor<1x2x6x6xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// The grouped identity used with groups = 1 sums two channels into each
// output: the kernel [[1, 0], [0, 1]] per group is not the full identity.
// CHECK-LABEL: func @negative_groups_mismatch
// CHECK: nnid.conv2d
func.func @negative_groups_mismatch(%x: tensor<1x2x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %w = arith.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]], [[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]]]> : tensor<4x2x1x1xf32>
  %0 = nnid.conv2d %x, %w : (tensor<1x2x6x6xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Scaling by 2 is not the identity; neither is a 3x3 kernel.
// CHECK-LABEL: func @negative_values
// CHECK: nnid.conv2d
// CHECK: nnid.conv2d
func.func @negative_values(%x: tensor<1x1x6x6xf32>) -> (tensor<1x1x6x6xf32>, tensor<1x1x6x6xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %0 = nnid.conv2d %x, %w : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32>
  %k = arith.constant dense<[[[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %1 = nnid.conv2d %x, %k {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  return %0, %1 : tensor<1x1x6x6xf32>, tensor<1x1x6x6xf32>
}

// -----

// A weight that is not a constant.
// CHECK-LABEL: func @negative_argument_weight
// CHECK: nnid.conv2d
func.func @negative_argument_weight(%x: tensor<1x1x6x6xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32> {
  %0 = nnid.conv2d %x, %w : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}
