// RUN: nnid-opt %s -split-input-file --convert-nnid-to-linalg | FileCheck %s
// Elementwise ops become elementwise linalg.generic ops.

// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @relu
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x3x3xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4x3x3xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x4x3x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<?x4x3x3xf32>) outs(%[[E]] : tensor<?x4x3x3xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK:   %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:   %[[M:.+]] = arith.maximumf %[[IN]], %[[Z]] : f32
// CHECK:   linalg.yield %[[M]] : f32
func.func @relu(%x: tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32> {
  %0 = nnid.relu %x : tensor<?x4x3x3xf32>
  return %0 : tensor<?x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @add
// CHECK-SAME: (%[[A:.+]]: tensor<2x5xf32>, %[[B:.+]]: tensor<2x5xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<2x5xf32>, tensor<2x5xf32>)
// CHECK: ^bb0(%[[L:.+]]: f32, %[[R:.+]]: f32, %{{.*}}: f32):
// CHECK:   %[[S:.+]] = arith.addf %[[L]], %[[R]] : f32
// CHECK:   linalg.yield %[[S]] : f32
func.func @add(%a: tensor<2x5xf32>, %b: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.add %a, %b : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Batch norm as PyTorch's CPU kernel computes it: per channel
// alpha = weight / sqrt(var + eps), beta = bias - mean * alpha, then
// x * alpha + beta with the [C] vectors indexed by dimension 1.
// CHECK-DAG: #[[$VEC:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func @batch_norm
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x3x3xf32>, %[[G:.+]]: tensor<4xf32>, %[[B:.+]]: tensor<4xf32>, %[[M:.+]]: tensor<4xf32>, %[[V:.+]]: tensor<4xf32>)
// CHECK: %[[ALPHA:.+]] = linalg.generic {indexing_maps = [#[[$VEC]], #[[$VEC]], #[[$VEC]]], {{.*}}} ins(%[[G]], %[[V]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[GI:.+]]: f32, %[[VI:.+]]: f32, %{{.*}}: f32):
// CHECK:   %[[EPS:.+]] = arith.constant 1.000000e-03 : f32
// CHECK:   %[[VE:.+]] = arith.addf %[[VI]], %[[EPS]] : f32
// CHECK:   %[[SD:.+]] = math.sqrt %[[VE]] : f32
// CHECK:   %[[AL:.+]] = arith.divf %[[GI]], %[[SD]] : f32
// CHECK:   linalg.yield %[[AL]]
// CHECK: %[[BETA:.+]] = linalg.generic {{.*}} ins(%[[B]], %[[M]], %[[ALPHA]] : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[BI:.+]]: f32, %[[MI:.+]]: f32, %[[AI:.+]]: f32, %{{.*}}: f32):
// CHECK:   %[[MA:.+]] = arith.mulf %[[MI]], %[[AI]] : f32
// CHECK:   %[[BE:.+]] = arith.subf %[[BI]], %[[MA]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$CH]], #[[$CH]], #[[$ID]]], {{.*}}} ins(%[[X]], %[[ALPHA]], %[[BETA]] : tensor<?x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[XI:.+]]: f32, %[[A2:.+]]: f32, %[[B2:.+]]: f32, %{{.*}}: f32):
// CHECK:   %[[P:.+]] = arith.mulf %[[XI]], %[[A2]] : f32
// CHECK:   %[[Y:.+]] = arith.addf %[[P]], %[[B2]] : f32
// CHECK:   linalg.yield %[[Y]]
func.func @batch_norm(%x: tensor<?x4x3x3xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<?x4x3x3xf32> {
  %0 = nnid.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3} : tensor<?x4x3x3xf32>, tensor<4xf32>
  return %0 : tensor<?x4x3x3xf32>
}

// -----

// BatchNorm1d: the channel is dimension 1 of a rank-2 input.
// CHECK-DAG: #[[$CH2:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @batch_norm_1d
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[$CH2]], #[[$CH2]], #{{.+}}], iterator_types = ["parallel", "parallel"]}
func.func @batch_norm_1d(%x: tensor<8x4xf32>, %p: tensor<4xf32>) -> tensor<8x4xf32> {
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<8x4xf32>, tensor<4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// The rhs is read at index 0 where it is 1 (H and W; and N, which is 1
// here while the lhs batch is dynamic).
// CHECK-DAG: #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$SCALE:.+]] = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
// CHECK-LABEL: func @mul
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x3x3xf32>, %[[S:.+]]: tensor<1x4x1x1xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID4]], #[[$SCALE]], #[[$ID4]]], {{.*}}} ins(%[[X]], %[[S]] : tensor<?x4x3x3xf32>, tensor<1x4x1x1xf32>)
// CHECK: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %{{.*}}: f32):
// CHECK:   %[[P:.+]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK:   linalg.yield %[[P]] : f32
func.func @mul(%x: tensor<?x4x3x3xf32>, %s: tensor<1x4x1x1xf32>) -> tensor<?x4x3x3xf32> {
  %0 = nnid.mul %x, %s : tensor<?x4x3x3xf32>, tensor<1x4x1x1xf32>
  return %0 : tensor<?x4x3x3xf32>
}
