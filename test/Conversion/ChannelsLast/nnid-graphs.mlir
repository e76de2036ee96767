// RUN: nnid-opt %s -split-input-file --convert-nnid-to-linalg --nnid-convert-to-channels-last --canonicalize | FileCheck %s
// nnid graphs as the CPU pipeline lays them out: lowered to NCHW linalg,
// then channels-last. Activations are computed channels-innermost; there is
// one transpose where the graph is entered and one where it is left, none
// between layers, and constant weights are permuted at compile time.

// CHECK-LABEL: func @chain
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x8x8xf32>)
// CHECK-DAG: %[[W2:.+]] = arith.constant dense<2.000000e+00> : tensor<3x3x4x4xf32>
// CHECK-DAG: %[[W1:.+]] = arith.constant dense<{{.*}}> : tensor<3x3x3x4xf32>
// CHECK: %[[IN:.+]] = linalg.transpose ins(%[[X]] : tensor<?x3x8x8xf32>) outs(%{{.*}} : tensor<?x8x8x3xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[P1:.+]] = tensor.pad %[[IN]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[C1:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[P1]], %[[W1]] : tensor<?x10x10x3xf32>, tensor<3x3x3x4xf32>) outs(%{{.*}} : tensor<?x8x8x4xf32>)
// CHECK: %[[R:.+]] = linalg.generic {{.*}} ins(%[[C1]] : tensor<?x8x8x4xf32>)
// CHECK: %[[M:.+]] = linalg.pooling_nhwc_max {{.*}} ins(%[[R]], %{{.*}} : tensor<?x8x8x4xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<?x4x4x4xf32>)
// CHECK: %[[C2:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[M]], %[[W2]] : tensor<?x4x4x4xf32>, tensor<3x3x4x4xf32>) outs(%{{.*}} : tensor<?x2x2x4xf32>)
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[C2]] : tensor<?x2x2x4xf32>) outs(%{{.*}} : tensor<?x4x2x2xf32>) permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[OUT]]
func.func @chain(%x: tensor<?x3x8x8xf32>) -> tensor<?x4x2x2xf32> {
  // w1[f, c, kh, kw] = 100 f + 10 c + 3 kh + kw, so the permutation shows.
  %w1 = arith.constant dense<[
    [[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]], [[10.0, 11.0, 12.0], [13.0, 14.0, 15.0], [16.0, 17.0, 18.0]], [[20.0, 21.0, 22.0], [23.0, 24.0, 25.0], [26.0, 27.0, 28.0]]],
    [[[100.0, 101.0, 102.0], [103.0, 104.0, 105.0], [106.0, 107.0, 108.0]], [[110.0, 111.0, 112.0], [113.0, 114.0, 115.0], [116.0, 117.0, 118.0]], [[120.0, 121.0, 122.0], [123.0, 124.0, 125.0], [126.0, 127.0, 128.0]]],
    [[[200.0, 201.0, 202.0], [203.0, 204.0, 205.0], [206.0, 207.0, 208.0]], [[210.0, 211.0, 212.0], [213.0, 214.0, 215.0], [216.0, 217.0, 218.0]], [[220.0, 221.0, 222.0], [223.0, 224.0, 225.0], [226.0, 227.0, 228.0]]],
    [[[300.0, 301.0, 302.0], [303.0, 304.0, 305.0], [306.0, 307.0, 308.0]], [[310.0, 311.0, 312.0], [313.0, 314.0, 315.0], [316.0, 317.0, 318.0]], [[320.0, 321.0, 322.0], [323.0, 324.0, 325.0], [326.0, 327.0, 328.0]]]
  ]> : tensor<4x3x3x3xf32>
  %w2 = arith.constant dense<2.0> : tensor<4x4x3x3xf32>
  %0 = nnid.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x8x8xf32>
  %1 = nnid.relu %0 : tensor<?x4x8x8xf32>
  %2 = nnid.max_pool2d %1 {kernel_size = array<i64: 2, 2>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  %3 = nnid.conv2d %2, %w2 : (tensor<?x4x4x4xf32>, tensor<4x4x3x3xf32>) -> tensor<?x4x2x2xf32>
  return %3 : tensor<?x4x2x2xf32>
}

// -----

// HWIO: element [kh, kw, c, f] of the permuted kernel is w[f, c, kh, kw]:
// the first row (kh = 0, kw = 0, c = 0) holds f = 0..3: 0, 100, 200, 300.
// CHECK-LABEL: func @kernel_permutation
// CHECK: arith.constant dense<{{\[}}{{\[}}{{\[}}[0.000000e+00, 1.000000e+02], [1.000000e+01, 1.100000e+02]], {{\[}}[1.000000e+00, 1.010000e+02], [1.100000e+01, 1.110000e+02]]]]> : tensor<1x2x2x2xf32>
func.func @kernel_permutation(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x2xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0]], [[10.0, 11.0]]], [[[100.0, 101.0]], [[110.0, 111.0]]]]> : tensor<2x2x1x2xf32>
  %0 = nnid.conv2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x3x2xf32>
  return %0 : tensor<1x2x3x2xf32>
}

// -----

// Channel-axis concat is along the last dimension; batch norm indexes its
// parameters by the last dimension; flatten after a 1x1 spatial size is
// a reshape, not a transpose. (The poolings put the graph in NHWC.)
// CHECK-DAG: #[[$CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @concat_bn_flatten
// CHECK: tensor.concat dim(3) {{.*}} : (tensor<1x1x1x2xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x6xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[$CH]], #[[$CH]], #{{.+}}]
// CHECK-NOT: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK: tensor.collapse_shape {{.*}} : tensor<1x1x1x6xf32> into tensor<1x6xf32>
func.func @concat_bn_flatten(%a: tensor<1x2x2x2xf32>, %b: tensor<1x4x2x2xf32>, %p: tensor<6xf32>) -> tensor<1x6xf32> {
  %0 = nnid.max_pool2d %a {kernel_size = array<i64: 2, 2>} : tensor<1x2x2x2xf32> -> tensor<1x2x1x1xf32>
  %1 = nnid.max_pool2d %b {kernel_size = array<i64: 2, 2>} : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  %2 = nnid.concat %0, %1 {axis = 1 : i64} : (tensor<1x2x1x1xf32>, tensor<1x4x1x1xf32>) -> tensor<1x6x1x1xf32>
  %3 = nnid.batch_norm %2, %p, %p, %p, %p : tensor<1x6x1x1xf32>, tensor<6xf32>
  %4 = nnid.flatten %3 : tensor<1x6x1x1xf32> -> tensor<1x6xf32>
  return %4 : tensor<1x6xf32>
}

// -----

// A grouped conv (2 groups) in NHWC: one conv per group on channel slices,
// each starting from its slice of the biases broadcast into its slice of
// the running result, and inserted back into it, so bufferization writes
// one buffer in place.
// CHECK-LABEL: func @grouped
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x5x5xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>, %[[B:.+]]: tensor<6xf32>)
// CHECK: %[[P:.+]] = tensor.pad
// CHECK: %[[R0:.+]] = tensor.empty() : tensor<1x5x5x6xf32>
// CHECK: %[[X0:.+]] = tensor.extract_slice %[[P]][0, 0, 0, 0] [1, 7, 7, 2] [1, 1, 1, 1]
// CHECK: %[[A0:.+]] = tensor.extract_slice %[[R0]][0, 0, 0, 0] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[B0:.+]] = tensor.extract_slice %[[B]][0] [3] [1]
// CHECK: %[[I0:.+]] = linalg.broadcast ins(%[[B0]] : tensor<3xf32>) outs(%[[A0]] : tensor<1x5x5x3xf32>) dimensions = [0, 1, 2]
// CHECK: %[[C0:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[X0]], %{{.+}} : tensor<1x7x7x2xf32>, tensor<3x3x2x3xf32>) outs(%[[I0]] : tensor<1x5x5x3xf32>)
// CHECK: %[[R1:.+]] = tensor.insert_slice %[[C0]] into %[[R0]][0, 0, 0, 0] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[X1:.+]] = tensor.extract_slice %[[P]][0, 0, 0, 2] [1, 7, 7, 2] [1, 1, 1, 1]
// CHECK: %[[A1:.+]] = tensor.extract_slice %[[R1]][0, 0, 0, 3] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: %[[B1:.+]] = tensor.extract_slice %[[B]][3] [3] [1]
// CHECK: %[[I1:.+]] = linalg.broadcast ins(%[[B1]] : tensor<3xf32>) outs(%[[A1]] : tensor<1x5x5x3xf32>) dimensions = [0, 1, 2]
// CHECK: %[[C1:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[X1]], %{{.+}} : tensor<1x7x7x2xf32>, tensor<3x3x2x3xf32>) outs(%[[I1]] : tensor<1x5x5x3xf32>)
// CHECK: %[[R2:.+]] = tensor.insert_slice %[[C1]] into %[[R1]][0, 0, 0, 3] [1, 5, 5, 3] [1, 1, 1, 1]
// CHECK: linalg.transpose ins(%[[R2]] : tensor<1x5x5x6xf32>)
func.func @grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %0 = nnid.conv2d %x, %w, %b {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}
