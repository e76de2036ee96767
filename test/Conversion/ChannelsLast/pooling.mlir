// RUN: nnid-opt %s -split-input-file --nnid-convert-to-channels-last | FileCheck %s
// Poolings become their NHWC forms, with the padding, the fill and the
// division by the window counts around them.

// CHECK-LABEL: func @max_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x6x6xf32>)
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[IN:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x6x6xf32>) outs(%{{.+}} : tensor<1x6x6x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[P:.+]] = tensor.pad %[[IN]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:   tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x6x6x2xf32> to tensor<1x8x8x2xf32>
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x4x4x2xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[E]] : tensor<1x4x4x2xf32>)
// CHECK: %[[W:.+]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[M:.+]] = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<1x8x8x2xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x4x4x2xf32>)
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[M]] : tensor<1x4x4x2xf32>) outs(%{{.+}} : tensor<1x2x4x4xf32>) permutation = [0, 3, 1, 2]
// CHECK: return %[[OUT]]
func.func @max_pool(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %neginf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %neginf : f32
  } : tensor<1x2x6x6xf32> to tensor<1x2x8x8xf32>
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%p, %w : tensor<1x2x8x8xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A sum pool and the division by a table of window counts: the table is
// read at (h, w), which in NHWC are loops 1 and 2.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$HW:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func @avg_pool
// CHECK: %[[S:.+]] = linalg.pooling_nhwc_sum {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x4x4x2xf32>, tensor<2x2xf32>) outs(%{{.+}} : tensor<1x3x3x2xf32>)
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x3x3x2xf32>
// CHECK: %[[D:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$HW]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[S]], %{{.+}} : tensor<1x3x3x2xf32>, tensor<3x3xf32>) outs(%[[E]] : tensor<1x3x3x2xf32>)
// CHECK:   arith.divf
// CHECK: linalg.transpose ins(%[[D]] : tensor<1x3x3x2xf32>) outs(%{{.+}} : tensor<1x2x3x3xf32>) permutation = [0, 3, 1, 2]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#hw = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
func.func @avg_pool(%x: tensor<1x2x4x4xf32>, %counts: tensor<3x3xf32>) -> tensor<1x2x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %sums = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %e2 = tensor.empty() : tensor<1x2x3x3xf32>
  %0 = linalg.generic {indexing_maps = [#id, #hw, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%sums, %counts : tensor<1x2x3x3xf32>, tensor<3x3xf32>) outs(%e2 : tensor<1x2x3x3xf32>) {
  ^bb0(%s: f32, %c: f32, %out: f32):
    %q = arith.divf %s, %c : f32
    linalg.yield %q : f32
  } -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// A pooling generic that is not elementwise (uneven adaptive bins: a
// reduction over a window placed at each bin's start) keeps its loops; only
// the maps of its rank-4 operands are permuted, and its linalg.index ops
// still count the same loops.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2 + d4, d3 + d5, d1)>
// CHECK-DAG: #[[$WIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[$OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2, d3, d1)>
// CHECK-LABEL: func @window_generic
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<1x4x4x2xf32>, tensor<2x2xf32>) outs(%{{.+}} : tensor<1x3x3x2xf32>)
// CHECK: linalg.index 4 : index
// CHECK: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
#in = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
#win = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
#out = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
func.func @window_generic(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %0 = linalg.generic {indexing_maps = [#in, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%p : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %r = linalg.index 4 : index
    %c0 = arith.constant 0 : index
    %inside = arith.cmpi eq, %r, %c0 : index
    %t = arith.select %inside, %a, %zero : f32
    %s = arith.addf %acc, %t : f32
    linalg.yield %s : f32
  } -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}
