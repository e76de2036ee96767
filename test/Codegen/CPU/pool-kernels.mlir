// RUN: nnid-opt %s -split-input-file --nnid-lower-cpu-kernels --canonicalize | FileCheck %s

// Max pooling vectorizes over channels; the -inf fill becomes the
// accumulators' initial value. (The ops of a kernel group are marked by
// nnid-group-cpu-kernels, tested in group-kernels.mlir.)
// CHECK-LABEL: func @max_pool
// CHECK-SAME: (%[[IN:.+]]: memref<?x8x8x16xf32>, %[[OUT:.+]]: memref<?x4x4x16xf32>)
// CHECK-NOT: linalg.
// CHECK: %[[NEGINF:.+]] = arith.constant dense<0xFF800000> : vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[NEGINF]]
// CHECK: %[[X:.+]] = vector.load %[[IN]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<?x8x8x16xf32>, vector<8xf32>
// CHECK: arith.maximumf %{{.*}}, %[[X]] : vector<8xf32>
// CHECK: vector.store %{{.*}}, %[[OUT]]
func.func @max_pool(%in: memref<?x8x8x16xf32>, %out: memref<?x4x4x16xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %window = memref.alloc() : memref<2x2xf32>
  linalg.fill {nnid.kernel_group = 0 : i64} ins(%ninf : f32) outs(%out : memref<?x4x4x16xf32>)
  linalg.pooling_nhwc_max {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%in, %window : memref<?x8x8x16xf32>, memref<2x2xf32>) outs(%out : memref<?x4x4x16xf32>)
  memref.dealloc %window : memref<2x2xf32>
  return
}

// -----

// An average: a sum pool, then a division by per-pixel counts (a constant
// [OH, OW] buffer, read as one scalar per pixel and broadcast).
// CHECK-LABEL: func @avg_pool
// CHECK-SAME: (%[[IN:.+]]: memref<1x4x4x8xf32>, %[[OUT:.+]]: memref<1x2x2x8xf32>)
// CHECK: %[[COUNTS:.+]] = memref.get_global @counts : memref<2x2xf32>
// CHECK-NOT: linalg.
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: %[[N:.+]] = memref.load %[[COUNTS]][%{{.*}}, %{{.*}}] : memref<2x2xf32>
// CHECK: %[[NV:.+]] = vector.broadcast %[[N]] : f32 to vector<8xf32>
// CHECK: %[[Q:.+]] = arith.divf %{{.*}}, %[[NV]] : vector<8xf32>
// CHECK: vector.store %[[Q]], %[[OUT]]
memref.global "private" constant @counts : memref<2x2xf32> = dense<[[4.0, 2.0], [2.0, 1.0]]>
func.func @avg_pool(%in: memref<1x4x4x8xf32>, %out: memref<1x2x2x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %window = memref.alloc() : memref<2x2xf32>
  %sums = memref.alloc() : memref<1x2x2x8xf32>
  linalg.fill {nnid.kernel_group = 0 : i64} ins(%zero : f32) outs(%sums : memref<1x2x2x8xf32>)
  linalg.pooling_nhwc_sum {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%in, %window : memref<1x4x4x8xf32>, memref<2x2xf32>) outs(%sums : memref<1x2x2x8xf32>)
  %counts = memref.get_global @counts : memref<2x2xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%sums, %counts : memref<1x2x2x8xf32>, memref<2x2xf32>) outs(%out : memref<1x2x2x8xf32>) attrs = {nnid.kernel_group = 0 : i64} {
  ^bb0(%s: f32, %n: f32, %y: f32):
    %q = arith.divf %s, %n : f32
    linalg.yield %q : f32
  }
  memref.dealloc %sums : memref<1x2x2x8xf32>
  memref.dealloc %window : memref<2x2xf32>
  return
}
