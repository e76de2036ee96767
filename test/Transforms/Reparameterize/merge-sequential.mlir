// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false | FileCheck %s
// transIII: a conv2d after a stride-1 1x1 conv2d (or an unpadded 1x1 after a
// conv2d) becomes one conv2d, K[o, i] = sum_m W2[o, m] * W1[m, i] and
// b = b2 + sum_m (sum of W2[o, m] over taps) * b1[m]. nnid pads with zeros:
// a padded second conv only merges with a bias-free first one.

// The 1x1's padding becomes the merged conv's padding; its bias is summed
// over the 3x3 taps. W1 = [[1, 2], [3, 4]], b1 = [1, -1]; W2 = 1 on input
// channel 0 and 2 on channel 1, b2 = 0.5.
// K[0, i] = 1 * W1[0, i] + 2 * W1[1, i] = [7, 10] at every tap;
// b = 0.5 + 9 * (1 * 1 + 2 * -1) = -8.5.
// CHECK-LABEL: func @kxk_after_1x1_with_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[7.000000e+00, 7.000000e+00, 7.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00]], {{\[}}[1.000000e+01, 1.000000e+01, 1.000000e+01], [1.000000e+01, 1.000000e+01, 1.000000e+01], [1.000000e+01, 1.000000e+01, 1.000000e+01]]]]> : tensor<1x2x3x3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<-8.500000e+00> : tensor<1xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @kxk_after_1x1_with_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b1 = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %w2 = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<1x2x3x3xf32>
  %b2 = arith.constant dense<0.5> : tensor<1xf32>
  %a = nnid.conv2d %x, %w1, %b1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  %y = nnid.conv2d %a, %w2, %b2 : (tensor<1x2x6x6xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A bias-free 1x1: the 3x3's zero padding commutes with it.
// CHECK-LABEL: func @padded_kxk_after_bias_free_1x1
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[7.000000e+00, 7.000000e+00, 7.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00], [7.000000e+00, 7.000000e+00, 7.000000e+00]], {{\[}}[1.000000e+01, 1.000000e+01, 1.000000e+01], [1.000000e+01, 1.000000e+01, 1.000000e+01], [1.000000e+01, 1.000000e+01, 1.000000e+01]]]]> : tensor<1x2x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @padded_kxk_after_bias_free_1x1(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<1x2x3x3xf32>
  %a = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.conv2d %a, %w2 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// The paddings of both convs add up; the second's stride and dilation stay.
// CHECK-LABEL: func @paddings_add_up
// CHECK-DAG: %[[W:.+]] = arith.constant dense<6.000000e+00> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {dilation = array<i64: 2, 1>, padding = array<i64: 1, 0, 3, 2>, stride = array<i64: 2, 1>} : (tensor<1x1x6x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @paddings_add_up(%x: tensor<1x1x6x4xf32>) -> tensor<1x1x3x4xf32> {
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %w2 = arith.constant dense<3.0> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %w1 {padding = array<i64: 1, 0, 1, 1>} : (tensor<1x1x6x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x8x5xf32>
  %y = nnid.conv2d %a, %w2 {stride = array<i64: 2, 1>, dilation = array<i64: 2, 1>, padding = array<i64: 0, 0, 2, 1>} : (tensor<1x1x8x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
  return %y : tensor<1x1x3x4xf32>
}

// -----

// Grouped: a depthwise 1x1 (scales 2 and 3) then a depthwise 3x3 of ones.
// CHECK-LABEL: func @depthwise_pair
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00]]], {{\[}}{{\[}}[3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00]]]]> : tensor<2x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {groups = 2 : i64}
// CHECK-NEXT: return %[[Y]]
func.func @depthwise_pair(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w1 = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<2x1x3x3xf32>
  %a = nnid.conv2d %x, %w1 {groups = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x5x5xf32>
  %y = nnid.conv2d %a, %w2 {groups = 2 : i64} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// An unpadded 1x1 after a 3x3: W1 = [1; 2] at every tap, b1 = [1, 2];
// W2 = [3, 4], b2 = 0.5. K = 3 * 1 + 4 * 2 = 11, b = 0.5 + 3 * 1 + 4 * 2.
// CHECK-LABEL: func @one_by_one_after_kxk
// CHECK-DAG: %[[W:.+]] = arith.constant dense<1.100000e+01> : tensor<1x1x3x3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<1.150000e+01> : tensor<1xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @one_by_one_after_kxk(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = arith.constant dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]], [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<2x1x3x3xf32>
  %b1 = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %w2 = arith.constant dense<[[[[3.0]], [[4.0]]]]> : tensor<1x2x1x1xf32>
  %b2 = arith.constant dense<0.5> : tensor<1xf32>
  %a = nnid.conv2d %x, %w1, %b1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.conv2d %a, %w2, %b2 : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A batch_norm before an unpadded 1x1: s = [1, 2], shift = [-0.5, -3];
// K[o, i] = W[o, i] * s[i], b[o] = sum_i W[o, i] * shift[i].
// CHECK-LABEL: func @conv_after_batch_norm
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00]], {{\[}}[4.000000e+00]]], {{\[}}{{\[}}[3.000000e+00]], {{\[}}[8.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-6.500000e+00, -1.350000e+01]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]], %[[B]] :
// CHECK-NEXT: return %[[Y]]
func.func @conv_after_batch_norm(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %gamma = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %n = nnid.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  %y = nnid.conv2d %n, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The trap of Diverse Branch Block: nnid pads the 1x1's output with zeros,
// not with its bias, so a padded 3x3 after a 1x1 with a bias stays.
// CHECK-LABEL: func @negative_padded_kxk_after_1x1_with_bias
// CHECK: nnid.conv2d
// CHECK: nnid.conv2d
func.func @negative_padded_kxk_after_1x1_with_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b1 = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %a = nnid.conv2d %x, %w1, %b1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.conv2d %a, %w2 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// The same with a batch_norm (a 1x1 with a bias) before a padded 3x3.
// CHECK-LABEL: func @negative_padded_conv_after_batch_norm
// CHECK: nnid.batch_norm
// CHECK: nnid.conv2d
func.func @negative_padded_conv_after_batch_norm(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %w = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
  %n = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  %y = nnid.conv2d %n, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The 1x1's result is also returned.
// CHECK-LABEL: func @negative_intermediate_other_user
// CHECK: %[[A:.+]] = nnid.conv2d
// CHECK: %[[Y:.+]] = nnid.conv2d %[[A]]
// CHECK: return %[[Y]], %[[A]]
func.func @negative_intermediate_other_user(%x: tensor<1x2x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x2x4x4xf32>) {
  %w1 = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %a = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.conv2d %a, %w2 : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %y, %a : tensor<1x1x2x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @negative_relu_between
// CHECK: nnid.conv2d
// CHECK: nnid.relu
// CHECK: nnid.conv2d
func.func @negative_relu_between(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %a = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = nnid.relu %a : tensor<1x2x4x4xf32>
  %y = nnid.conv2d %r, %w2 : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// A strided 1x1 first: the 3x3 would need a dilation equal to the stride.
// CHECK-LABEL: func @negative_strided_1x1_first
// CHECK: nnid.conv2d
// CHECK: nnid.conv2d
func.func @negative_strided_1x1_first(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %w1 {stride = array<i64: 2, 2>} : (tensor<1x1x8x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.conv2d %a, %w2 : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Two 3x3 convs: neither is a 1x1.
// CHECK-LABEL: func @negative_kxk_after_kxk
// CHECK: nnid.conv2d
// CHECK: nnid.conv2d
func.func @negative_kxk_after_kxk(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %w : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.conv2d %a, %w : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// A 1x1 after a 3x3 with padding of its own: its border would be the 3x3's
// response to a zero border, not zeros.
// CHECK-LABEL: func @negative_padded_1x1_after_kxk
// CHECK: nnid.conv2d
// CHECK: nnid.conv2d
func.func @negative_padded_1x1_after_kxk(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  %y = nnid.conv2d %a, %w2 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A bottleneck (8 -> 2 channels, then a 3x3 on 2 channels) merged would be
// a 3x3 on 8 channels: 2 * 8 * 9 multiply-accumulates per output pixel
// instead of 2 * 2 * 9 plus the 1x1's. It stays.
// CHECK-LABEL: func @negative_bottleneck_costs_more
// CHECK: nnid.conv2d
// CHECK: nnid.conv2d
func.func @negative_bottleneck_costs_more(%x: tensor<1x8x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = arith.constant dense<1.0> : tensor<2x8x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
  %a = nnid.conv2d %x, %w1 : (tensor<1x8x6x6xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x6x6xf32>
  %y = nnid.conv2d %a, %w2 : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
