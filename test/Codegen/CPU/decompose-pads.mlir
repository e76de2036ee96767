// RUN: nnid-opt %s -split-input-file --nnid-decompose-pads | FileCheck %s
// RUN: nnid-opt %s -split-input-file --nnid-decompose-pads --eliminate-empty-tensors --canonicalize | FileCheck %s --check-prefix=ELIM

// A -inf pad of one row above and below, two columns left and one right:
// four border fills (rows first, then the columns beside the source), all
// before the relu that makes the source, and the source inserted into the
// interior. Empty-tensor elimination then points the relu's output at the
// interior.
// CHECK-LABEL: func @relu_pad
// CHECK: %[[NEG:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.+]] = tensor.empty() : tensor<1x6x7x8xf32>
// CHECK: %[[T:.+]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.+}} : tensor<1x1x7x8xf32>)
// CHECK: %[[P1:.+]] = tensor.insert_slice %[[T]] into %[[P]][0, 0, 0, 0] [1, 1, 7, 8] [1, 1, 1, 1]
// CHECK: %[[B:.+]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.+}} : tensor<1x1x7x8xf32>)
// CHECK: %[[P2:.+]] = tensor.insert_slice %[[B]] into %[[P1]][0, 5, 0, 0] [1, 1, 7, 8] [1, 1, 1, 1]
// CHECK: %[[L:.+]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.+}} : tensor<1x4x2x8xf32>)
// CHECK: %[[P3:.+]] = tensor.insert_slice %[[L]] into %[[P2]][0, 1, 0, 0] [1, 4, 2, 8] [1, 1, 1, 1]
// CHECK: %[[R:.+]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.+}} : tensor<1x4x1x8xf32>)
// CHECK: %[[P4:.+]] = tensor.insert_slice %[[R]] into %[[P3]][0, 1, 6, 0] [1, 4, 1, 8] [1, 1, 1, 1]
// CHECK: %[[RELU:.+]] = linalg.generic
// CHECK-NOT: tensor.pad
// CHECK: %[[RES:.+]] = tensor.insert_slice %[[RELU]] into %[[P4]][0, 1, 2, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: return %[[RES]]
// ELIM-LABEL: func @relu_pad
// ELIM: %[[P:.+]] = tensor.insert_slice %{{.+}} into %{{.+}}[0, 1, 6, 0] [1, 4, 1, 8] [1, 1, 1, 1]
// ELIM: %[[IN:.+]] = tensor.extract_slice %[[P]][0, 1, 2, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// ELIM: %[[RELU:.+]] = linalg.generic {{.*}} outs(%[[IN]] : tensor<1x4x4x8xf32>)
// ELIM: tensor.insert_slice %[[RELU]] into %[[P]][0, 1, 2, 0] [1, 4, 4, 8] [1, 1, 1, 1]
func.func @relu_pad(%x: tensor<1x4x4x8xf32>) -> tensor<1x6x7x8xf32> {
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c0 = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %c0 : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x8xf32>
  %cst = arith.constant 0xFF800000 : f32
  %p = tensor.pad %r low[0, 1, 2, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %cst : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x7x8xf32>
  return %p : tensor<1x6x7x8xf32>
}

// -----

// The padded tensor comes before the producers of the source's operands
// too (here the conv before the relu), so that nothing writing it lands
// between the conv and the relu a kernel absorbs.
// CHECK-LABEL: func @after_conv
// CHECK: tensor.empty() : tensor<1x6x6x8xf32>
// CHECK: linalg.fill
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK: linalg.generic
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1]
func.func @after_conv(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x8xf32>, %acc: tensor<1x4x4x8xf32>) -> tensor<1x6x6x8xf32> {
  %c = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%acc : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %z = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x8xf32>
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %r low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %d: index, %f: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x8xf32>
  return %p : tensor<1x6x6x8xf32>
}

// -----

// Left to the default bufferization: a dynamic shape, a padding value
// computed at run time, three padded dimensions.
// CHECK-LABEL: func @kept
// CHECK-COUNT-3: tensor.pad
func.func @kept(%x: tensor<?x4x4x8xf32>, %y: tensor<1x4x4x8xf32>, %v: f32) -> (tensor<?x6x6x8xf32>, tensor<1x6x6x8xf32>, tensor<1x6x6x10xf32>) {
  %zero = arith.constant 0.0 : f32
  %a = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<?x4x4x8xf32> to tensor<?x6x6x8xf32>
  %b = tensor.pad %y low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %v : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x8xf32>
  %c = tensor.pad %y low[0, 1, 1, 1] high[0, 1, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x10xf32>
  return %a, %b, %c : tensor<?x6x6x8xf32>, tensor<1x6x6x8xf32>, tensor<1x6x6x10xf32>
}
