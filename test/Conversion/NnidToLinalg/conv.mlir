// RUN: nnid-opt %s -split-input-file --convert-nnid-to-linalg | FileCheck %s
// Contractions: conv2d by groups, linear (identity_conv1x1 is canonicalized
// into a conv2d first: invalid.mlir).

// groups = 1: zero tensor.pad, the bias broadcast as the accumulator, and
// linalg.conv_2d_nchw_fchw with stride and dilation.
// CHECK-LABEL: func @conv_bias_padding
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK: %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 0, 1] high[0, 0, 2, 3]
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x4x4x8xf32>
// CHECK: %[[ACC:.+]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%[[E]] : tensor<1x4x4x8xf32>) dimensions = [0, 2, 3]
// CHECK: %[[C:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<1x3x10x12xf32>, tensor<4x3x3x3xf32>) outs(%[[ACC]] : tensor<1x4x4x8xf32>)
// CHECK: return %[[C]]
func.func @conv_bias_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x8xf32> {
  %0 = nnid.conv2d %x, %w, %b {stride = array<i64: 2, 1>, dilation = array<i64: 1, 2>, padding = array<i64: 0, 1, 2, 3>}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

// No bias: the accumulator is zero. No padding: no tensor.pad.
// CHECK-LABEL: func @conv_no_bias
// CHECK-NOT: tensor.pad
// CHECK: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[F:.+]] = linalg.fill ins(%[[Z]] : f32)
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[F]] : tensor<1x4x6x6xf32>)
func.func @conv_no_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// groups = Cin = Cout: the depthwise op on a [C, kh, kw] kernel.
// CHECK-LABEL: func @depthwise
// CHECK: %[[K:.+]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2], [3]] : tensor<4x1x3x3xf32> into tensor<4x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%{{.*}}, %[[K]] : tensor<1x4x10x10xf32>, tensor<4x3x3xf32>)
func.func @depthwise(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = nnid.conv2d %x, %w {groups = 4 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Other groups (here 2 groups, 2 -> 3 channels each, dynamic batch): the
// grouped op on [N, G, C/G, H, W] views.
// CHECK-LABEL: func @grouped
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x7x7xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>, %[[B:.+]]: tensor<6xf32>)
// CHECK: %[[ACC:.+]] = linalg.broadcast ins(%[[B]]
// CHECK: %[[GX:.+]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.*}}, 2, 2, 7, 7] : tensor<?x4x7x7xf32> into tensor<?x2x2x7x7xf32>
// CHECK: %[[GW:.+]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[GA:.+]] = tensor.expand_shape %[[ACC]] {{\[}}[0], [1, 2], [3], [4]] {{.*}} into tensor<?x2x3x3x3xf32>
// CHECK: %[[C:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[GX]], %[[GW]] : {{.*}}) outs(%[[GA]] : tensor<?x2x3x3x3xf32>)
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x3x3x3xf32> into tensor<?x6x3x3xf32>
// CHECK: return %[[R]]
func.func @grouped(%x: tensor<?x4x7x7xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<?x6x3x3xf32> {
  %0 = nnid.conv2d %x, %w, %b {groups = 2 : i64, stride = array<i64: 2, 2>} : (tensor<?x4x7x7xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<?x6x3x3xf32>
  return %0 : tensor<?x6x3x3xf32>
}

// -----

// Depthwise with a channel multiplier (Cout = 2 * groups) is grouped.
// CHECK-LABEL: func @depthwise_multiplier
// CHECK: linalg.conv_2d_ngchw_gfchw {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x1x6x6xf32>, tensor<3x2x1x3x3xf32>)
func.func @depthwise_multiplier(%x: tensor<1x3x6x6xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x4x4xf32> {
  %0 = nnid.conv2d %x, %w {groups = 3 : i64} : (tensor<1x3x6x6xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// -----

// linear: a matmul reading the weight transposed, onto the broadcast bias.
// CHECK-DAG: #[[$LHS:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$RHS:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<?x12xf32>, %[[W:.+]]: tensor<7x12xf32>, %[[B:.+]]: tensor<7xf32>)
// CHECK: %[[ACC:.+]] = linalg.broadcast ins(%[[B]] : tensor<7xf32>) outs(%{{.*}} : tensor<?x7xf32>) dimensions = [0]
// CHECK: linalg.matmul indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]] ins(%[[X]], %[[W]] : tensor<?x12xf32>, tensor<7x12xf32>) outs(%[[ACC]] : tensor<?x7xf32>)
func.func @linear(%x: tensor<?x12xf32>, %w: tensor<7x12xf32>, %b: tensor<7xf32>) -> tensor<?x7xf32> {
  %0 = nnid.linear %x, %w, %b : (tensor<?x12xf32>, tensor<7x12xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  return %0 : tensor<?x7xf32>
}
