// RUN: nnid-opt %s -split-input-file --nnid-group-cpu-kernels | FileCheck %s

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>

// A bias broadcast, a conv and the relu after it form one group. The conv
// and its broadcast move down next to the relu, past the unrelated conv
// (whose result the relu does not read). The relu's output started from the
// empty tensor the broadcast fills; it gets an empty tensor of its own.
// CHECK-LABEL: func @bias_conv_relu
// CHECK: %[[OTHER:.+]] = linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: kernel_group
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x4x4x8xf32>, tensor<1x1x8x4xf32>)
// CHECK-NEXT: %[[FRESH:.+]] = tensor.empty() : tensor<1x4x4x8xf32>
// CHECK-NEXT: %[[B:.+]] = linalg.broadcast
// CHECK-SAME: {nnid.kernel_group = 0 : i64}
// CHECK-NEXT: %[[C:.+]] = linalg.conv_2d_nhwc_hwcf {{{.*}}nnid.kernel_group = 0 : i64
// CHECK-SAME: outs(%[[B]]
// CHECK-NEXT: %[[R:.+]] = linalg.generic
// CHECK-SAME: ins(%[[C]] : tensor<1x4x4x8xf32>) outs(%[[FRESH]] : tensor<1x4x4x8xf32>)
// CHECK-SAME: attrs =  {nnid.kernel_group = 0 : i64}
// CHECK: return %[[R]], %[[OTHER]]
func.func @bias_conv_relu(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x8xf32>, %b: tensor<8xf32>, %w2: tensor<1x1x8x4xf32>, %z: tensor<1x4x4x4xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x4xf32>) {
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %bias = linalg.broadcast ins(%b : tensor<8xf32>) outs(%e : tensor<1x4x4x8xf32>) dimensions = [0, 1, 2]
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%bias : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %other = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w2 : tensor<1x4x4x8xf32>, tensor<1x1x8x4xf32>) outs(%z : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x8xf32>
  return %r, %other : tensor<1x4x4x8xf32>, tensor<1x4x4x4xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// A concat branch (SqueezeNet's Fire, GoogLeNet's Inception): the relu
// writes a slice of the concat's destination that exists only after the
// conv; the group forms next to the relu, where the slice is available.
// CHECK-LABEL: func @concat_branch
// CHECK: %[[SLICE:.+]] = tensor.extract_slice
// CHECK-NEXT: %[[F:.+]] = linalg.fill {nnid.kernel_group = 0 : i64}
// CHECK-NEXT: %[[C:.+]] = linalg.conv_2d_nhwc_hwcf {{{.*}}nnid.kernel_group = 0 : i64
// CHECK-NEXT: linalg.generic
// CHECK-SAME: ins(%[[C]] : tensor<1x4x4x8xf32>) outs(%[[SLICE]] : tensor<1x4x4x8xf32>) attrs =  {nnid.kernel_group = 0 : i64}
func.func @concat_branch(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x8xf32>, %cat: tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%f : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %slice = tensor.extract_slice %cat[0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x16xf32> to tensor<1x4x4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x4x4x8xf32>) outs(%slice : tensor<1x4x4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x8xf32>
  %out = tensor.insert_slice %r into %cat[0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> into tensor<1x4x4x16xf32>
  return %out : tensor<1x4x4x16xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// Two residual adds back to back (MobileNetV2's linear bottlenecks): each
// add joins the conv that produces its second operand; the first add's
// result, read by the second conv and the second add, is an ordinary
// input of the second group.
// CHECK-LABEL: func @residual_chain
// CHECK: linalg.fill {nnid.kernel_group = 0 : i64}
// CHECK-NEXT: linalg.conv_2d_nhwc_hwcf {{{.*}}nnid.kernel_group = 0 : i64
// CHECK-NEXT: %[[Y:.+]] = linalg.generic {{.*}} attrs =  {nnid.kernel_group = 0 : i64}
// CHECK: linalg.fill {nnid.kernel_group = 1 : i64}
// CHECK-NEXT: %[[C:.+]] = linalg.conv_2d_nhwc_hwcf {{{.*}}nnid.kernel_group = 1 : i64
// CHECK-SAME: ins(%[[Y]]
// CHECK-NEXT: linalg.generic
// CHECK-SAME: ins(%[[Y]], %[[C]] : {{.*}}) {{.*}} attrs =  {nnid.kernel_group = 1 : i64}
func.func @residual_chain(%x: tensor<1x4x4x8xf32>, %w1: tensor<1x1x8x8xf32>, %w2: tensor<1x1x8x8xf32>) -> tensor<1x4x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w1 : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%f : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %c1 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x8xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%y, %w2 : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%f2 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %z = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%y, %c2 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x8xf32>
  return %z : tensor<1x4x4x8xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// Not fused: the conv's result has a second user (it is returned), so the
// kernel must write it; the fill still joins the conv.
// CHECK-LABEL: func @two_users
// CHECK: linalg.fill {nnid.kernel_group = 0 : i64}
// CHECK-NEXT: linalg.conv_2d_nhwc_hwcf {{{.*}}nnid.kernel_group = 0 : i64
// CHECK: linalg.generic
// CHECK-NOT: kernel_group
// CHECK: return
func.func @two_users(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%f : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x4x4x8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x8xf32>
  return %r, %c : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#t = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>

// Not fused: the consumer reads the conv's result transposed, and a fill
// used twice belongs to neither conv.
// CHECK-LABEL: func @not_fusable
// CHECK-NOT: kernel_group
// CHECK: return
func.func @not_fusable(%x: tensor<1x4x4x8xf32>, %w: tensor<1x1x8x8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x4x4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%f : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x8xf32>, tensor<1x1x8x8xf32>) outs(%f : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %et = tensor.empty() : tensor<1x8x4x4xf32>
  %r = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x4x4x8xf32>) outs(%et : tensor<1x8x4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x4x4xf32>
  return %r, %c2 : tensor<1x8x4x4xf32>, tensor<1x4x4x8xf32>
}
