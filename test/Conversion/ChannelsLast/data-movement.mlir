// RUN: nnid-opt %s -split-input-file --nnid-convert-to-channels-last | FileCheck %s
// Padding, concatenation and flattening in the layout of the ops around
// them.

// tensor.pad pads the permuted dimensions; tensor.concat joins along the
// permuted axis (channels: 1 -> 3), and reads a value from outside the
// region through a transpose.
// CHECK-LABEL: func @pad_concat
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>, %[[Y:.+]]: tensor<1x3x2x2xf32>)
// CHECK: %[[IN:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x4x4xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK: %[[P:.+]] = tensor.pad %[[IN]] low[0, 1, 0, 0] high[0, 1, 2, 0]
// CHECK: } : tensor<1x4x4x2xf32> to tensor<1x6x6x2xf32>
// CHECK: %[[M:.+]] = linalg.pooling_nhwc_max {{.*}} ins(%[[P]], %{{.+}} : tensor<1x6x6x2xf32>, tensor<3x3xf32>)
// CHECK: %[[Y2:.+]] = linalg.transpose ins(%[[Y]] : tensor<1x3x2x2xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK: %[[C:.+]] = tensor.concat dim(3) %[[M]], %[[Y2]] : (tensor<1x2x2x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x5xf32>
// CHECK: linalg.transpose ins(%[[C]] : tensor<1x2x2x5xf32>) {{.*}} permutation = [0, 3, 1, 2]
func.func @pad_concat(%x: tensor<1x2x4x4xf32>, %y: tensor<1x3x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %neginf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 0] high[0, 0, 1, 2] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %neginf : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x6x6xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %m = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%p, %w : tensor<1x2x6x6xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %0 = tensor.concat dim(1) %m, %y : (tensor<1x2x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x5x2x2xf32>
  return %0 : tensor<1x5x2x2xf32>
}

// -----

// A flatten of an activation whose height and width are 1 reads the NHWC
// value through a reshape: [N, 1, 1, C] and [N, C, 1, 1] hold the same
// values in the same order.
// CHECK-LABEL: func @unit_flatten
// CHECK: %[[S:.+]] = linalg.pooling_nhwc_sum {{.*}} outs(%{{.+}} : tensor<?x1x1x3xf32>)
// CHECK: %[[M:.+]] = tensor.collapse_shape %[[S]] {{\[}}[0], [1, 2, 3]] : tensor<?x1x1x3xf32> into tensor<?x3xf32>
// CHECK: %[[E:.+]] = tensor.expand_shape %[[M]] {{\[}}[0], [1, 2, 3]] output_shape [%{{.+}}, 3, 1, 1] : tensor<?x3xf32> into tensor<?x3x1x1xf32>
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[E]] {{\[}}[0], [1, 2, 3]] : tensor<?x3x1x1xf32> into tensor<?x3xf32>
// CHECK-NOT: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK: return %[[F]]
func.func @unit_flatten(%x: tensor<?x3x2x2xf32>) -> tensor<?x3xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3x2x2xf32>
  %e = tensor.empty(%n) : tensor<?x3x1x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x3x1x1xf32>) -> tensor<?x3x1x1xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %s = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<?x3x2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<?x3x1x1xf32>) -> tensor<?x3x1x1xf32>
  %0 = tensor.collapse_shape %s [[0], [1, 2, 3]] : tensor<?x3x1x1xf32> into tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Any other flatten reads the NCHW value: a transpose.
// CHECK-LABEL: func @flatten
// CHECK: %[[S:.+]] = linalg.pooling_nhwc_sum {{.*}} outs(%{{.+}} : tensor<1x2x2x3xf32>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[S]] : tensor<1x2x2x3xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK: tensor.collapse_shape %[[T]] {{\[}}[0], [1, 2, 3]] : tensor<1x3x2x2xf32> into tensor<1x12xf32>
func.func @flatten(%x: tensor<1x3x4x4xf32>) -> tensor<1x12xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %s = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x3x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %0 = tensor.collapse_shape %s [[0], [1, 2, 3]] : tensor<1x3x2x2xf32> into tensor<1x12xf32>
  return %0 : tensor<1x12xf32>
}
