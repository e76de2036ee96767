// RUN: nnid-opt %s -split-input-file --nnid-convert-to-channels-last | FileCheck %s
// Convolutions become their NHWC forms; the input is transposed in, the
// result out, the accumulator is built in NHWC, and the kernel is permuted
// (at compile time when it is a constant).

// CHECK-LABEL: func @conv
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x8x8xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK: %[[E:.+]] = tensor.empty(%{{.+}}) : tensor<?x4x4x4xf32>
// CHECK: %[[INIT:.+]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%[[E]] : tensor<?x4x4x4xf32>) dimensions = [0, 1, 2]
// CHECK: %[[IN:.+]] = linalg.transpose ins(%[[X]] : tensor<?x3x8x8xf32>) outs(%{{.+}} : tensor<?x8x8x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[K:.+]] = linalg.transpose ins(%[[W]] : tensor<4x3x3x3xf32>) outs(%{{.+}} : tensor<3x3x3x4xf32>) permutation = [2, 3, 1, 0]
// CHECK: %[[C:.+]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[IN]], %[[K]] : tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) outs(%[[INIT]] : tensor<?x4x4x4xf32>)
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[C]] : tensor<?x4x4x4xf32>) outs(%{{.+}} : tensor<?x4x4x4xf32>) permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: return %[[OUT]]
func.func @conv(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<?x4x4x4xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3x8x8xf32>
  %e = tensor.empty(%n) : tensor<?x4x4x4xf32>
  %init = linalg.broadcast ins(%b : tensor<4xf32>) outs(%e : tensor<?x4x4x4xf32>) dimensions = [0, 2, 3]
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<?x4x4x4xf32>) -> tensor<?x4x4x4xf32>
  return %0 : tensor<?x4x4x4xf32>
}

// -----

// A constant kernel is permuted at compile time to HWIO: element
// [kh, kw, c, f] is w[f, c, kh, kw], so the first row (kh = kw = c = 0)
// holds f = 0, 1: 0 and 100.
// CHECK-LABEL: func @constant_kernel
// CHECK-DAG: %[[K:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[0.000000e+00, 1.000000e+02], [1.000000e+01, 1.100000e+02]], {{\[}}[1.000000e+00, 1.010000e+02], [1.100000e+01, 1.110000e+02]]]]> : tensor<1x2x2x2xf32>
// CHECK-DAG: linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x3x2x2xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.+}}, %[[K]] : tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>)
func.func @constant_kernel(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x2xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0]], [[10.0, 11.0]]], [[[100.0, 101.0]], [[110.0, 111.0]]]]> : tensor<2x2x1x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x2xf32>) outs(%init : tensor<1x2x3x2xf32>) -> tensor<1x2x3x2xf32>
  return %0 : tensor<1x2x3x2xf32>
}

// -----

// Depthwise: the [C, kh, kw] kernel becomes [kh, kw, C].
// CHECK-LABEL: func @depthwise
// CHECK: %[[K:.+]] = linalg.transpose ins(%{{.+}} : tensor<4x3x3xf32>) outs(%{{.+}} : tensor<3x3x4xf32>) permutation = [1, 2, 0]
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.+}}, %[[K]] : tensor<1x9x9x4xf32>, tensor<3x3x4xf32>) outs(%{{.+}} : tensor<1x4x4x4xf32>)
// CHECK-NOT: depthwise_conv_2d_nchw_chw
func.func @depthwise(%x: tensor<1x4x9x9xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %0 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x4x9x9xf32>, tensor<4x3x3xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// A grouped conv (2 groups) on [N, G, C/G, H, W] views: one NHWC conv per
// group on channel slices, each starting from its slice of the biases
// broadcast into its slice of the running result, and inserted back into
// it, so that bufferization writes one buffer in place. The views are gone.
// CHECK-LABEL: func @grouped
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x7x7xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>, %[[B:.+]]: tensor<6xf32>)
// CHECK: %[[P:.+]] = linalg.transpose ins(%[[X]] : tensor<1x4x7x7xf32>)
// CHECK: %[[R0:.+]] = tensor.empty() : tensor<1x5x5x6xf32>
// CHECK: %[[X0:.+]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 7, 7, 2] [1, 1, 1, 1]
// CHECK: %[[W0:.+]] = tensor.extract_slice %[[W]][0, 0, 0, 0] [3, 2, 3, 3] [1, 1, 1, 1]
// CHECK: %[[K0:.+]] = linalg.transpose ins(%[[W0]] : tensor<3x2x3x3xf32>) outs(%{{.+}} : tensor<3x3x2x3xf32>) permutation = [2, 3, 1, 0]
// CHECK: %[[A0:.+]] = tensor.extract_slice %[[R0]][0, 0, 0, 0] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[B0:.+]] = tensor.extract_slice %[[B]][0] [3] [1]
// CHECK: %[[I0:.+]] = linalg.broadcast ins(%[[B0]] : tensor<3xf32>) outs(%[[A0]] : tensor<1x5x5x3xf32>) dimensions = [0, 1, 2]
// CHECK: %[[C0:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[X0]], %[[K0]] : tensor<1x7x7x2xf32>, tensor<3x3x2x3xf32>) outs(%[[I0]] : tensor<1x5x5x3xf32>)
// CHECK: %[[R1:.+]] = tensor.insert_slice %[[C0]] into %[[R0]][0, 0, 0, 0] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[X1:.+]] = tensor.extract_slice %[[P]][0, 0, 0, 2] [1, 7, 7, 2] [1, 1, 1, 1]
// CHECK: %[[A1:.+]] = tensor.extract_slice %[[R1]][0, 0, 0, 3] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[B1:.+]] = tensor.extract_slice %[[B]][3] [3] [1]
// CHECK: %[[I1:.+]] = linalg.broadcast ins(%[[B1]] : tensor<3xf32>) outs(%[[A1]] : tensor<1x5x5x3xf32>) dimensions = [0, 1, 2]
// CHECK: %[[C1:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[X1]], %{{.+}} : tensor<1x7x7x2xf32>, tensor<3x3x2x3xf32>) outs(%[[I1]] : tensor<1x5x5x3xf32>)
// CHECK: %[[R2:.+]] = tensor.insert_slice %[[C1]] into %[[R1]][0, 0, 0, 3] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[R2]] : tensor<1x5x5x6xf32>)
// CHECK-NOT: tensor.expand_shape
// CHECK-NOT: tensor.collapse_shape
// CHECK: return %[[OUT]]
func.func @grouped(%x: tensor<1x4x7x7xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %e = tensor.empty() : tensor<1x6x5x5xf32>
  %init = linalg.broadcast ins(%b : tensor<6xf32>) outs(%e : tensor<1x6x5x5xf32>) dimensions = [0, 2, 3]
  %gx = tensor.expand_shape %x [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 7, 7] : tensor<1x4x7x7xf32> into tensor<1x2x2x7x7xf32>
  %gw = tensor.expand_shape %w [[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
  %gi = tensor.expand_shape %init [[0], [1, 2], [3], [4]] output_shape [1, 2, 3, 5, 5] : tensor<1x6x5x5xf32> into tensor<1x2x3x5x5xf32>
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%gx, %gw : tensor<1x2x2x7x7xf32>, tensor<2x3x2x3x3xf32>) outs(%gi : tensor<1x2x3x5x5xf32>) -> tensor<1x2x3x5x5xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2], [3], [4]] : tensor<1x2x3x5x5xf32> into tensor<1x6x5x5xf32>
  return %1 : tensor<1x6x5x5xf32>
}

// -----

// Beyond 16 groups: linalg.conv_2d_nhwgc_gfhwc on [N, H, W, G, C/G] views,
// the kernel permuted to [G, F/G, kh, kw, C/G].
// CHECK-LABEL: func @many_groups
// CHECK: %[[IN:.+]] = tensor.expand_shape %{{.+}} {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 5, 5, 17, 1] : tensor<1x5x5x17xf32> into tensor<1x5x5x17x1xf32>
// CHECK: %[[INIT:.+]] = tensor.expand_shape %{{.+}} {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 3, 3, 17, 2] : tensor<1x3x3x34xf32> into tensor<1x3x3x17x2xf32>
// CHECK: %[[K:.+]] = linalg.transpose ins(%{{.+}} : tensor<17x2x1x3x3xf32>) outs(%{{.+}} : tensor<17x2x3x3x1xf32>) permutation = [0, 1, 3, 4, 2]
// CHECK: %[[C:.+]] = linalg.conv_2d_nhwgc_gfhwc {{.*}} ins(%[[IN]], %[[K]] : tensor<1x5x5x17x1xf32>, tensor<17x2x3x3x1xf32>) outs(%[[INIT]] : tensor<1x3x3x17x2xf32>)
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x3x3x17x2xf32> into tensor<1x3x3x34xf32>
// CHECK: linalg.transpose ins(%[[R]] : tensor<1x3x3x34xf32>) outs(%{{.+}} : tensor<1x34x3x3xf32>) permutation = [0, 3, 1, 2]
func.func @many_groups(%x: tensor<1x17x5x5xf32>, %w: tensor<34x1x3x3xf32>) -> tensor<1x34x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x34x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x34x3x3xf32>) -> tensor<1x34x3x3xf32>
  %gx = tensor.expand_shape %x [[0], [1, 2], [3], [4]] output_shape [1, 17, 1, 5, 5] : tensor<1x17x5x5xf32> into tensor<1x17x1x5x5xf32>
  %gw = tensor.expand_shape %w [[0, 1], [2], [3], [4]] output_shape [17, 2, 1, 3, 3] : tensor<34x1x3x3xf32> into tensor<17x2x1x3x3xf32>
  %gi = tensor.expand_shape %init [[0], [1, 2], [3], [4]] output_shape [1, 17, 2, 3, 3] : tensor<1x34x3x3xf32> into tensor<1x17x2x3x3xf32>
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%gx, %gw : tensor<1x17x1x5x5xf32>, tensor<17x2x1x3x3xf32>) outs(%gi : tensor<1x17x2x3x3xf32>) -> tensor<1x17x2x3x3xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2], [3], [4]] : tensor<1x17x2x3x3xf32> into tensor<1x34x3x3xf32>
  return %1 : tensor<1x34x3x3xf32>
}

// -----

// A grouped conv whose views are not of rank-4 values it knows (here the
// input view is a function argument) still computes channels-last, as
// linalg.conv_2d_nhwgc_gfhwc on a transposed view.
// CHECK-LABEL: func @grouped_view_argument
// CHECK: %[[IN:.+]] = linalg.transpose ins(%{{.+}} : tensor<1x2x2x7x7xf32>) outs(%{{.+}} : tensor<1x7x7x2x2xf32>) permutation = [0, 3, 4, 1, 2]
// CHECK: linalg.conv_2d_nhwgc_gfhwc {{.*}} ins(%[[IN]], %{{.+}} : tensor<1x7x7x2x2xf32>, tensor<2x3x3x3x2xf32>)
func.func @grouped_view_argument(%gx: tensor<1x2x2x7x7xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x6x5x5xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  %gw = tensor.expand_shape %w [[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
  %gi = tensor.expand_shape %init [[0], [1, 2], [3], [4]] output_shape [1, 2, 3, 5, 5] : tensor<1x6x5x5xf32> into tensor<1x2x3x5x5xf32>
  %0 = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%gx, %gw : tensor<1x2x2x7x7xf32>, tensor<2x3x2x3x3xf32>) outs(%gi : tensor<1x2x3x5x5xf32>) -> tensor<1x2x3x5x5xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2], [3], [4]] : tensor<1x2x3x5x5xf32> into tensor<1x6x5x5xf32>
  return %1 : tensor<1x6x5x5xf32>
}
