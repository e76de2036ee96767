// RUN: nnid-opt %s -split-input-file --nnid-convert-to-channels-last | FileCheck %s
// Elementwise ops take the layout of the convolutions and poolings next to
// them: their loops are permuted with their rank-4 operands, so that their
// maps stay identities; per-channel vectors are read by the channel loop,
// now the last one.

// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$C:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @conv_bn_relu
// CHECK: %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x4x4x4xf32>
// CHECK: %[[BN:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$C]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[CONV]], %{{.+}} : tensor<1x4x4x4xf32>, tensor<4xf32>) outs(%[[E]] : tensor<1x4x4x4xf32>)
// CHECK: %[[RELU:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], {{.*}}} ins(%[[BN]] : tensor<1x4x4x4xf32>)
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%[[RELU]] : tensor<1x4x4x4xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[OUT]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#c = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @conv_bn_relu(%x: tensor<1x3x6x6xf32>, %w: tensor<4x3x3x3xf32>, %scale: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %e1 = tensor.empty() : tensor<1x4x4x4xf32>
  %bn = linalg.generic {indexing_maps = [#id, #c, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv, %scale : tensor<1x4x4x4xf32>, tensor<4xf32>) outs(%e1 : tensor<1x4x4x4xf32>) {
  ^bb0(%a: f32, %s: f32, %out: f32):
    %m = arith.mulf %a, %s : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x4x4xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bn : tensor<1x4x4x4xf32>) outs(%e2 : tensor<1x4x4x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x4x4x4xf32>
  return %relu : tensor<1x4x4x4xf32>
}

// -----

// The layout also spreads upwards: the elementwise op before a pooling
// reads the function's argument through the one transpose, and a broadcast
// operand ([N, C, 1, 1], read at 0 along H and W) is transposed with it
// (a constant: at compile time).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$NC:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// CHECK-LABEL: func @mul_before_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[S:.+]] = arith.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 2.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG: %[[IN:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x4x4xf32>) outs(%{{.+}} : tensor<1x4x4x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[MUL:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$NC]], #[[$ID]]], {{.*}}} ins(%[[IN]], %[[S]] : tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>)
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%[[MUL]], %{{.+}} : tensor<1x4x4x2xf32>, tensor<2x2xf32>)
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#nc = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
func.func @mul_before_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %s = arith.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %mul = linalg.generic {indexing_maps = [#id, #nc, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %s : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  %neginf = arith.constant 0xFF800000 : f32
  %e1 = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e1 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%mul, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// linalg.index ops follow the permuted loops: the channel loop 1 is loop 3.
// CHECK-LABEL: func @index
// CHECK: linalg.pooling_nhwc_max
// CHECK: linalg.generic
// CHECK: linalg.index 3 : index
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @index(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %neginf = arith.constant 0xFF800000 : f32
  %e1 = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%neginf : f32) outs(%e1 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%p : tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %c = linalg.index 1 : index
    %i = arith.index_cast %c : index to i32
    %f = arith.sitofp %i : i32 to f32
    %m = arith.addf %a, %f : f32
    linalg.yield %m : f32
  } -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Without a convolution or pooling nearby, nothing changes layout: no
// transposes for an elementwise op alone.
// CHECK-LABEL: func @alone
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {{.*}} ins(%{{.+}} : tensor<1x2x3x4xf32>)
// CHECK-NOT: linalg.transpose
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @alone(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x4xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x3x4xf32>) outs(%e : tensor<1x2x3x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}
