// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false | FileCheck %s
// transV: avg_pool2d whose every window divides by kh * kw is a depthwise
// conv2d with kernel 1 / (kh * kw), and merges as one.

// batch_norm after the pool: s = [1, 2], shift = [-0.5, -3]; kernel s / 4.
// CHECK-LABEL: func @batch_norm_after_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[2.500000e-01, 2.500000e-01], [2.500000e-01, 2.500000e-01]]], {{\[}}{{\[}}[5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01]]]]> : tensor<2x1x2x2xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-5.000000e-01, -3.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {groups = 2 : i64, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @batch_norm_after_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %y = nnid.batch_norm %p, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// The pool after a padded depthwise 1x1 (the 1x1 -> avg branch of Diverse
// Branch Block): kernel W / 4, bias b (four taps of b / 4), the 1x1's
// padding.
// CHECK-LABEL: func @pool_after_depthwise_1x1
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00]]], {{\[}}{{\[}}[2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00]]]]> : tensor<2x1x2x2xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT: return %[[Y]]
func.func @pool_after_depthwise_1x1(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[4.0]]], [[[8.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  %y = nnid.avg_pool2d %c {kernel_size = array<i64: 2, 2>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A pool branch of a sum: 2x2 windows with padding [1, 1, 0, 0] (counted in
// the divisor) cover rows and columns i - 1 .. i, the top-left of the 3x3.
// CHECK-LABEL: func @pool_branch_in_sum
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.250000e+00, 1.250000e+00, 1.000000e+00], [1.250000e+00, 1.250000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @pool_branch_in_sum(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %c = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1, 0, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %y = nnid.add %c, %p : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A dense 1x1 then a 3x3 pool alone would be a dense 3x3 conv, dearer than
// both; beside a 3x3 conv in a sum it is free. The pool branch is
// W / 9 at every tap, W = [[9, 18], [-9, 4.5]]; plus the 3x3 of ones.
// CHECK-LABEL: func @pool_after_dense_1x1_in_sum
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00]], {{\[}}[3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00]]], {{\[}}{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]], {{\[}}[1.500000e+00, 1.500000e+00, 1.500000e+00], [1.500000e+00, 1.500000e+00, 1.500000e+00], [1.500000e+00, 1.500000e+00, 1.500000e+00]]]]> : tensor<2x2x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @pool_after_dense_1x1_in_sum(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<[[[[9.0]], [[18.0]]], [[[-9.0]], [[4.5]]]]> : tensor<2x2x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %c1 = nnid.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x6x6xf32>
  %p = nnid.avg_pool2d %c1 {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  %y = nnid.add %c3, %p : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A 1x1 after the pool: kernel 3 / 4, bias 1.
// CHECK-LABEL: func @conv_after_pool
// CHECK-DAG: %[[W:.+]] = arith.constant dense<7.500000e-01> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]], %[[B]] {stride = array<i64: 2, 2>}
// CHECK-NEXT: return %[[Y]]
func.func @conv_after_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %y = nnid.conv2d %p, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// ceil_mode that adds no window: every window is whole. s = 2, shift = 1.
// CHECK-LABEL: func @ceil_mode_whole_windows
// CHECK-DAG: %[[W:.+]] = arith.constant dense<5.000000e-01> : tensor<1x1x2x2xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]], %[[B]] {stride = array<i64: 2, 2>}
// CHECK-NEXT: return %[[Y]]
func.func @ceil_mode_whole_windows(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %gamma = arith.constant dense<4.0> : tensor<1xf32>
  %beta = arith.constant dense<1.0> : tensor<1xf32>
  %mean = arith.constant dense<0.0> : tensor<1xf32>
  %var = arith.constant dense<3.0> : tensor<1xf32>
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %y = nnid.batch_norm %p, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// A pool with nothing to merge with stays a pool.
// CHECK-LABEL: func @negative_pool_alone
// CHECK-NEXT: nnid.avg_pool2d
// CHECK-NEXT: return
func.func @negative_pool_alone(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %p : tensor<1x2x2x2xf32>
}

// -----

// Without count_include_pad, border windows divide by fewer than 9.
// CHECK-LABEL: func @negative_count_exclude_pad
// CHECK: nnid.conv2d
// CHECK: nnid.avg_pool2d
// CHECK: nnid.add
func.func @negative_count_exclude_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x3x3xf32>
  %c = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  %y = nnid.add %c, %p : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// ceil_mode adds a last window that is cut short (5 = 2 + 2 + 1).
// CHECK-LABEL: func @negative_ceil_mode_partial_window
// CHECK: nnid.avg_pool2d
// CHECK: nnid.batch_norm
func.func @negative_ceil_mode_partial_window(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %p1 = arith.constant dense<4.0> : tensor<1xf32>
  %p = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  %y = nnid.batch_norm %p, %p1, %p1, %p1, %p1 : tensor<1x1x3x3xf32>, tensor<1xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// Alone, a dense 1x1 then a 3x3 pool would become a dense 3x3 conv.
// CHECK-LABEL: func @negative_pool_after_dense_1x1_costs_more
// CHECK: nnid.conv2d
// CHECK: nnid.avg_pool2d
func.func @negative_pool_after_dense_1x1_costs_more(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = arith.constant dense<[[[[9.0]], [[18.0]]], [[[-9.0]], [[4.5]]]]> : tensor<2x2x1x1xf32>
  %c1 = nnid.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x6x6xf32>
  %p = nnid.avg_pool2d %c1 {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  return %p : tensor<1x2x4x4xf32>
}

// -----

// A padded pool after a 1x1 with a bias: the pool's zero border is not the
// 1x1's bias.
// CHECK-LABEL: func @negative_padded_pool_after_1x1_with_bias
// CHECK: nnid.conv2d
// CHECK: nnid.avg_pool2d
func.func @negative_padded_pool_after_1x1_with_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[4.0]]], [[[8.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {groups = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.avg_pool2d %c {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
