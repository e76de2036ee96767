// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false | FileCheck %s
// transII and transVI: a sum of branches of one input becomes one conv2d with
// the kernels and biases summed, smaller kernels zero-padded around the
// centres they share with the largest.

// RepVGG: 3x3 conv + BN, 1x1 conv + BN, identity BN. All three batch norms
// have s = gamma / sqrt(var + 1) = [2 / 2, 4 / 4] = [1, 1] and
// shift = beta - mean * s = [0.5, -1.25]. Kernel: the 3x3 ones, plus 2 at
// every centre from the 1x1, plus 1 at the centres of the diagonal from the
// identity; bias: 3 * shift.
// CHECK-LABEL: func @repvgg_block
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 4.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]], {{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]], {{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 4.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<2x2x3x3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[1.500000e+00, -3.750000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @repvgg_block(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %g = arith.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %n3 = nnid.batch_norm %c3, %g, %b, %m, %v {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  %c1 = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %n1 = nnid.batch_norm %c1, %g, %b, %m, %v {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  %ni = nnid.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0} : tensor<1x2x4x4xf32>, tensor<2xf32>
  %s = nnid.add %n3, %n1 : tensor<1x2x4x4xf32>
  %t = nnid.add %s, %ni : tensor<1x2x4x4xf32>
  return %t : tensor<1x2x4x4xf32>
}

// -----

// The identity branch without a batch norm: 1 added at the centres of the
// diagonal.
// CHECK-LABEL: func @identity_branch
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 1.500000e+00, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01]], {{\[}}[5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01]]], {{\[}}{{\[}}[5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01]], {{\[}}[5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 1.500000e+00, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01]]]]> : tensor<2x2x3x3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @identity_branch(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.add %x, %c : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// transVI: 5x5 (ones, bias 1), 3x3 (twos, bias 2) and 1x1 (four, bias 3),
// a chain of adds. Smaller kernels are centred in the 5x5.
// CHECK-LABEL: func @three_kernel_sizes
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x6x6xf32>)
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 3.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 7.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 3.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x5x5xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<6.000000e+00> : tensor<1xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 2, 2, 2, 2>}
// CHECK-NEXT: return %[[Y]]
func.func @three_kernel_sizes(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32> {
  %w5 = arith.constant dense<1.0> : tensor<1x1x5x5xf32>
  %b5 = arith.constant dense<1.0> : tensor<1xf32>
  %w3 = arith.constant dense<2.0> : tensor<1x1x3x3xf32>
  %b3 = arith.constant dense<2.0> : tensor<1xf32>
  %w1 = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %b1 = arith.constant dense<3.0> : tensor<1xf32>
  %c5 = nnid.conv2d %x, %w5, %b5 {padding = array<i64: 2, 2, 2, 2>} : (tensor<1x1x6x6xf32>, tensor<1x1x5x5xf32>, tensor<1xf32>) -> tensor<1x1x6x6xf32>
  %c3 = nnid.conv2d %x, %w3, %b3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>, tensor<1xf32>) -> tensor<1x1x6x6xf32>
  %c1 = nnid.conv2d %x, %w1, %b1 : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x6x6xf32>
  %s = nnid.add %c3, %c1 : tensor<1x1x6x6xf32>
  %t = nnid.add %c5, %s : tensor<1x1x6x6xf32>
  return %t : tensor<1x1x6x6xf32>
}

// -----

// Padding alignment decides where a kernel goes: the 2x2 with padding
// [1, 1, 0, 0] reads rows and columns i - 1 .. i, the top-left of the 3x3
// window i - 1 .. i + 1.
// CHECK-LABEL: func @asymmetric_alignment
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.100000e+01, 1.100000e+01, 1.000000e+00], [1.100000e+01, 1.100000e+01, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
// CHECK-NEXT: return %[[Y]]
func.func @asymmetric_alignment(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w2 = arith.constant dense<10.0> : tensor<1x1x2x2xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
  %c2 = nnid.conv2d %x, %w2 {padding = array<i64: 1, 1, 0, 0>} : (tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x5x5xf32>
  %y = nnid.add %c3, %c2 : tensor<1x1x5x5xf32>
  return %y : tensor<1x1x5x5xf32>
}

// -----

// Grouped convs with the same groups stay grouped.
// CHECK-LABEL: func @depthwise_pair
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]], {{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 4.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<2x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: return %[[Y]]
func.func @depthwise_pair(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<2x1x3x3xf32>
  %w1 = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %c1 = nnid.conv2d %x, %w1 {groups = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.add %c3, %c1 : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A depthwise conv added to a dense one of the same size: the merged conv is
// dense (groups = gcd(1, 2)), the depthwise kernel on its diagonal.
// CHECK-LABEL: func @dense_plus_depthwise
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[6.000000e+00]], {{\[}}[2.000000e+00]]], {{\[}}{{\[}}[3.000000e+00]], {{\[}}[1.000000e+01]]]]> : tensor<2x2x1x1xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>)
// CHECK-NEXT: return %[[Y]]
func.func @dense_plus_depthwise(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %wd = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %ww = arith.constant dense<[[[[5.0]]], [[[6.0]]]]> : tensor<2x1x1x1xf32>
  %cd = nnid.conv2d %x, %wd : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %cw = nnid.conv2d %x, %ww {groups = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = nnid.add %cd, %cw : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Stride 2 on both branches: the 1x1 samples the centres of the 3x3 windows.
// CHECK-LABEL: func @strided
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
// CHECK-NEXT: return %[[Y]]
func.func @strided(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %c1 = nnid.conv2d %x, %w1 {stride = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %y = nnid.add %c1, %c3 : tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// A dilated 3x3 and a 1x1 at its centre.
// CHECK-LABEL: func @dilated
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 3.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK: %[[Y:.+]] = nnid.conv2d %{{.*}}, %[[W]] {dilation = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>}
// CHECK-NEXT: return %[[Y]]
func.func @dilated(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {dilation = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  %c1 = nnid.conv2d %x, %w1 : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32>
  %y = nnid.add %c3, %c1 : tensor<1x1x6x6xf32>
  return %y : tensor<1x1x6x6xf32>
}

// -----

// A dynamic batch.
// CHECK-LABEL: func @dynamic_batch
// CHECK-SAME: (%[[X:.+]]: tensor<?x1x6x6xf32>)
// CHECK: %[[Y:.+]] = nnid.conv2d %[[X]], %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<?x1x6x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @dynamic_batch(%x: tensor<?x1x6x6xf32>) -> tensor<?x1x6x6xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<?x1x6x6xf32>
  %c1 = nnid.conv2d %x, %w1 : (tensor<?x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<?x1x6x6xf32>
  %y = nnid.add %c3, %c1 : tensor<?x1x6x6xf32>
  return %y : tensor<?x1x6x6xf32>
}

// -----

// A relu on one branch: the two others merge (3 + 4 = 7 per tap), the relu
// branch is added to the merged conv.
// CHECK-LABEL: func @partial_merge
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W2:.+]] = arith.constant dense<2.000000e+00> : tensor<1x1x3x3xf32>
// CHECK-DAG: %[[W7:.+]] = arith.constant dense<7.000000e+00> : tensor<1x1x3x3xf32>
// CHECK-DAG: %[[B:.+]] = nnid.conv2d %[[X]], %[[W2]]
// CHECK-DAG: %[[R:.+]] = nnid.relu %[[B]]
// CHECK-DAG: %[[M:.+]] = nnid.conv2d %[[X]], %[[W7]]
// CHECK: %[[Y:.+]] = nnid.add %[[M]], %[[R]]
// CHECK-NEXT: return %[[Y]]
func.func @partial_merge(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %wa = arith.constant dense<3.0> : tensor<1x1x3x3xf32>
  %wb = arith.constant dense<2.0> : tensor<1x1x3x3xf32>
  %wc = arith.constant dense<4.0> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %wa {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %r = nnid.relu %b : tensor<1x1x4x4xf32>
  %c = nnid.conv2d %x, %wc {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %s = nnid.add %a, %r : tensor<1x1x4x4xf32>
  %y = nnid.add %s, %c : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A relu between each branch and the sum.
// CHECK-LABEL: func @negative_relu_between
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.relu
// CHECK: nnid.relu
// CHECK: nnid.add
func.func @negative_relu_between(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %c1 = nnid.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %r3 = nnid.relu %c3 : tensor<1x1x4x4xf32>
  %r1 = nnid.relu %c1 : tensor<1x1x4x4xf32>
  %y = nnid.add %r3, %r1 : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// Same output size, different strides.
// CHECK-LABEL: func @negative_stride_mismatch
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.add
func.func @negative_stride_mismatch(%x: tensor<1x1x7x7xf32>) -> tensor<1x1x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w4 = arith.constant dense<2.0> : tensor<1x1x4x4xf32>
  %a = nnid.conv2d %x, %w3 {stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %w4 : (tensor<1x1x7x7xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// Two 3x3 kernels with different dilations.
// CHECK-LABEL: func @negative_dilation_mismatch
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.add
func.func @negative_dilation_mismatch(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %a = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  %b = nnid.conv2d %x, %w {dilation = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  %y = nnid.add %a, %b : tensor<1x1x6x6xf32>
  return %y : tensor<1x1x6x6xf32>
}

// -----

// A 3x3 with dilation 2 and padding [1, 1, 3, 3] samples rows i - 1, i + 1,
// i + 3; a 1x1 samples row i, between two dilated taps.
// CHECK-LABEL: func @negative_centres_between_dilated_taps
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.add
func.func @negative_centres_between_dilated_taps(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x6x6xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w3 {dilation = array<i64: 2, 2>, padding = array<i64: 1, 1, 3, 3>} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  %b = nnid.conv2d %x, %w1 : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32>
  %y = nnid.add %a, %b : tensor<1x1x6x6xf32>
  return %y : tensor<1x1x6x6xf32>
}

// -----

// A weight that is not a constant.
// CHECK-LABEL: func @negative_weight_argument
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.add
func.func @negative_weight_argument(%x: tensor<1x1x4x4xf32>, %w3: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A branch result used elsewhere would be computed twice.
// CHECK-LABEL: func @negative_branch_other_user
// CHECK: %[[A:.+]] = nnid.conv2d
// CHECK: %[[B:.+]] = nnid.conv2d
// CHECK: %[[Y:.+]] = nnid.add %[[A]], %[[B]]
// CHECK: return %[[Y]], %[[A]]
func.func @negative_branch_other_user(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x1x4x4xf32>
  return %y, %a : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// -----

// Branches of different inputs.
// CHECK-LABEL: func @negative_different_inputs
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.add
func.func @negative_different_inputs(%x: tensor<1x1x4x4xf32>, %z: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %a = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  %b = nnid.conv2d %z, %w1 : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// A depthwise 3x3 plus a dense 1x1 would become a dense 3x3: 9 * 4 * 4
// multiply-accumulates per pixel instead of 9 * 4 + 4 * 4 (and the add).
// CHECK-LABEL: func @negative_merge_costs_more
// CHECK-COUNT-2: nnid.conv2d
// CHECK: nnid.add
func.func @negative_merge_costs_more(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w3 = arith.constant dense<1.0> : tensor<4x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<4x4x1x1xf32>
  %a = nnid.conv2d %x, %w3 {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %b = nnid.conv2d %x, %w1 : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %y = nnid.add %a, %b : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// x + x has no convolution to merge into.
// CHECK-LABEL: func @negative_identities_only
// CHECK-NEXT: nnid.add
func.func @negative_identities_only(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %y = nnid.add %x, %x : tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}
