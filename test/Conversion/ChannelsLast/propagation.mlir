// RUN: nnid-opt %s -split-input-file --nnid-convert-to-channels-last | FileCheck %s
// Where the channels-last region ends: a transpose for each value an op
// outside it reads, none between two ops inside it.

// The pooling's result feeds an op no rule knows (tensor.extract_slice)
// and an elementwise op: the slice reads the NCHW view, the elementwise op
// the NHWC value.
// CHECK-LABEL: func @edge
// CHECK: %[[M:.+]] = linalg.pooling_nhwc_max
// CHECK: %[[V:.+]] = linalg.transpose ins(%[[M]] : tensor<1x2x2x2xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK: %[[R:.+]] = linalg.generic {{.*}} ins(%[[M]] : tensor<1x2x2x2xf32>)
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[R]] : tensor<1x2x2x2xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK: %[[S:.+]] = tensor.extract_slice %[[V]][0, 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1]
// CHECK: return %[[S]], %[[OUT]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @edge(%x: tensor<1x2x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>) {
  %neginf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e1 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %m = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%m : tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %v = arith.maximumf %a, %zero : f32
    linalg.yield %v : f32
  } -> tensor<1x2x2x2xf32>
  %s = tensor.extract_slice %m[0, 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1] : tensor<1x2x2x2xf32> to tensor<1x1x2x2xf32>
  return %s, %r : tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Two poolings joined by a residual add: the add and both poolings compute
// channels-last, with one transpose in (shared by the two readers of the
// argument once CSE runs) and one out.
// CHECK-LABEL: func @residual
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK: %[[A:.+]] = linalg.pooling_nhwc_max
// CHECK: %[[B:.+]] = linalg.pooling_nhwc_max
// CHECK-NOT: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK: %[[S:.+]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>)
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[S]] : {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[OUT]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @residual(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %neginf = arith.constant 0xFF800000 : f32
  %w = tensor.empty() : tensor<2x2xf32>
  %e1 = tensor.empty() : tensor<1x2x2x2xf32>
  %i1 = linalg.fill ins(%neginf : f32) outs(%e1 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %a = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%i1 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %e2 = tensor.empty() : tensor<1x2x2x2xf32>
  %i2 = linalg.fill ins(%neginf : f32) outs(%e2 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %b = linalg.pooling_nchw_max {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%i2 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%a, %b : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %v = arith.addf %p, %q : f32
    linalg.yield %v : f32
  } -> tensor<1x2x2x2xf32>
  return %s : tensor<1x2x2x2xf32>
}

// -----

// The size of a value that changed layout is read from its NHWC form, so
// that no transpose stays alive only for a tensor.dim.
// CHECK-LABEL: func @dim
// CHECK: %[[M:.+]] = linalg.pooling_nhwc_max {{.*}} -> tensor<?x2x2x2xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[M]], %{{.+}} : tensor<?x2x2x2xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x2x2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[M]] : tensor<?x2x2x2xf32>) outs(%[[E]] : tensor<?x2x2x2xf32>)
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @dim(%x: tensor<?x2x4x4xf32>) -> tensor<?x2x2x2xf32> {
  %neginf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x2x4x4xf32>
  %e1 = tensor.empty(%n) : tensor<?x2x2x2xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e1 : tensor<?x2x2x2xf32>) -> tensor<?x2x2x2xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %m = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<?x2x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<?x2x2x2xf32>) -> tensor<?x2x2x2xf32>
  %n2 = tensor.dim %m, %c0 : tensor<?x2x2x2xf32>
  %e = tensor.empty(%n2) : tensor<?x2x2x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%m : tensor<?x2x2x2xf32>) outs(%e : tensor<?x2x2x2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %v = arith.maximumf %a, %zero : f32
    linalg.yield %v : f32
  } -> tensor<?x2x2x2xf32>
  return %r : tensor<?x2x2x2xf32>
}
