// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false | FileCheck %s
// transIV: a concatenation along channels of adjacent convs of one input
// becomes one conv2d with the kernels and biases stacked in order.

// CHECK-LABEL: func @two_convs
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]], {{\[}}{{\[}}[2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00], [2.000000e+00, 2.000000e+00, 2.000000e+00]]], {{\[}}{{\[}}[3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00], [3.000000e+00, 3.000000e+00, 3.000000e+00]]]]> : tensor<3x1x3x3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<3x1x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @two_convs(%x: tensor<1x1x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %wa = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %ba = arith.constant dense<1.0> : tensor<1xf32>
  %wb = arith.constant dense<[[[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]], [[[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]]]> : tensor<2x1x3x3xf32>
  %bb = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %a = nnid.conv2d %x, %wa, %ba {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb, %bb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// Batch norms fold on the way: s_a = 4 / 2 = 2, shift_a = 1 - 0 = 1;
// s_b = 3 / 3 = 1, shift_b = -1 - 1 = -2. A negative axis counts from the
// end. Only one conv has a bias: the other contributes zeros.
// CHECK-LABEL: func @batch_norms
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[4.000000e+00]]], {{\[}}{{\[}}[3.000000e+00]]], {{\[}}{{\[}}[5.000000e+00]]]]> : tensor<3x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[1.000000e+00, -2.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]], %[[B]] :
// CHECK-NEXT: return %[[Y]]
func.func @batch_norms(%x: tensor<1x1x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %wa = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wc = arith.constant dense<5.0> : tensor<1x1x1x1xf32>
  %bc = arith.constant dense<0.5> : tensor<1xf32>
  %ga = arith.constant dense<4.0> : tensor<1xf32>
  %ea = arith.constant dense<1.0> : tensor<1xf32>
  %ma = arith.constant dense<0.0> : tensor<1xf32>
  %va = arith.constant dense<3.0> : tensor<1xf32>
  %gb = arith.constant dense<3.0> : tensor<1xf32>
  %eb = arith.constant dense<-1.0> : tensor<1xf32>
  %mb = arith.constant dense<1.0> : tensor<1xf32>
  %vb = arith.constant dense<8.0> : tensor<1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %na = nnid.batch_norm %a, %ga, %ea, %ma, %va {epsilon = 1.0} : tensor<1x1x4x4xf32>, tensor<1xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %nb = nnid.batch_norm %b, %gb, %eb, %mb, %vb {epsilon = 1.0} : tensor<1x1x4x4xf32>, tensor<1xf32>
  %c = nnid.conv2d %x, %wc, %bc : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %na, %nb, %c {axis = -3 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// Only the adjacent run of convs of %x merges; the order of channels stays.
// CHECK-LABEL: func @run_in_the_middle
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>, %[[Z:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[3.000000e+00]]], {{\[}}{{\[}}[2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK: %[[C:.+]] = nnid.conv2d %[[X]], %[[W]] : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK: %[[Y:.+]] = nnid.concat %[[Z]], %[[C]], %[[Z]] {axis = 1 : i64}
// CHECK-NEXT: return %[[Y]]
func.func @run_in_the_middle(%x: tensor<1x1x4x4xf32>, %z: tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %wa = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %z, %a, %b, %z {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

// Concatenation along H.
// CHECK-LABEL: func @negative_axis_not_channels
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.concat
func.func @negative_axis_not_channels(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x8x4xf32> {
  %wa = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %b {axis = 2 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x8x4xf32>
  return %y : tensor<1x1x8x4xf32>
}

// -----

// Convs of %x that are not adjacent.
// CHECK-LABEL: func @negative_not_adjacent
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.concat
func.func @negative_not_adjacent(%x: tensor<1x1x4x4xf32>, %z: tensor<1x1x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %wa = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %z, %b {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// A relu between a conv and the concatenation.
// CHECK-LABEL: func @negative_relu_between
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.relu
// CHECK: nnid.concat
func.func @negative_relu_between(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %wa = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %r = nnid.relu %b : tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %r {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Convs of different inputs.
// CHECK-LABEL: func @negative_different_inputs
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.concat
func.func @negative_different_inputs(%x: tensor<1x1x4x4xf32>, %z: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %wa = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %z, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Different strides.
// CHECK-LABEL: func @negative_stride_mismatch
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.concat
func.func @negative_stride_mismatch(%x: tensor<1x1x7x7xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w4 = arith.constant dense<2.0> : tensor<1x1x4x4xf32>
  %a = nnid.conv2d %x, %w3 {stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %w4 : (tensor<1x1x7x7xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A 3x3 next to a 1x1: stacked, the 1x1 would cost as much as a 3x3.
// CHECK-LABEL: func @negative_mixed_sizes_cost_more
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.concat
func.func @negative_mixed_sizes_cost_more(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Depthwise convs stack into a dense conv, which costs more.
// CHECK-LABEL: func @negative_grouped_cost_more
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.concat
func.func @negative_grouped_cost_more(%x: tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x1x3x3xf32>
  %a = nnid.conv2d %x, %w {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %b = nnid.conv2d %x, %w {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// A conv result used elsewhere.
// CHECK-LABEL: func @negative_other_user
// CHECK: %[[A:.+]] = nnid.conv2d
// CHECK: %[[B:.+]] = nnid.conv2d
// CHECK: %[[Y:.+]] = nnid.concat %[[A]], %[[B]]
// CHECK: return %[[Y]], %[[B]]
func.func @negative_other_user(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>) {
  %wa = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %wa : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y, %b : tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>
}
