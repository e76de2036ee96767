// RUN: nnid-opt %s -split-input-file --nnid-lower-cpu-kernels --canonicalize | FileCheck %s

// NCHW -> NHWC of 16 channels by 4x4 pixels: per image, [16, 16] becomes
// [16, 16]; four 8x8 tiles, each read as 8 rows of 8 pixels, transposed in
// registers (3 rounds of 8 shuffles) and written as 8 pixels of 8 channels.
// CHECK-LABEL: func @to_nhwc
// CHECK-SAME: (%[[IN:.+]]: memref<1x16x4x4xf32>, %[[OUT:.+]]: memref<1x4x4x16xf32>)
// CHECK-DAG: %[[I:.+]] = memref.collapse_shape %[[IN]] {{\[}}[0], [1], [2, 3]] : memref<1x16x4x4xf32> into memref<1x16x16xf32>
// CHECK-DAG: %[[O:.+]] = memref.collapse_shape %[[OUT]] {{\[}}[0], [1, 2], [3]] : memref<1x4x4x16xf32> into memref<1x16x16xf32>
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK-COUNT-8: vector.load %[[I]]
// CHECK-COUNT-24: vector.shuffle
// CHECK-COUNT-8: vector.store %{{.*}}, %[[O]]
// CHECK-NOT: memref.load
func.func @to_nhwc(%in: memref<1x16x4x4xf32>, %out: memref<1x4x4x16xf32>) {
  linalg.transpose ins(%in : memref<1x16x4x4xf32>) outs(%out : memref<1x4x4x16xf32>) permutation = [0, 2, 3, 1]
  return
}

// -----

// The first round interleaves the halves of rows i and i + 4.
// CHECK-LABEL: func @shuffle_masks
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11] : vector<8xf32>, vector<8xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [4, 12, 5, 13, 6, 14, 7, 15] : vector<8xf32>, vector<8xf32>
func.func @shuffle_masks(%in: memref<1x8x2x4xf32>, %out: memref<1x2x4x8xf32>) {
  linalg.transpose ins(%in : memref<1x8x2x4xf32>) outs(%out : memref<1x2x4x8xf32>) permutation = [0, 2, 3, 1]
  return
}

// -----

// NHWC -> NCHW with 3 channels (an image): no full tile, element copies.
// CHECK-LABEL: func @to_nchw_small
// CHECK-NOT: vector.
// CHECK: memref.load
// CHECK: memref.store
func.func @to_nchw_small(%in: memref<?x5x5x3xf32>, %out: memref<?x3x5x5xf32>) {
  linalg.transpose ins(%in : memref<?x5x5x3xf32>) outs(%out : memref<?x3x5x5xf32>) permutation = [0, 3, 1, 2]
  return
}

// -----

// Other permutations keep their generic lowering.
// CHECK-LABEL: func @other_permutation
// CHECK: linalg.transpose
func.func @other_permutation(%in: memref<2x3x4x5xf32>, %out: memref<3x2x4x5xf32>) {
  linalg.transpose ins(%in : memref<2x3x4x5xf32>) outs(%out : memref<3x2x4x5xf32>) permutation = [1, 0, 2, 3]
  return
}
