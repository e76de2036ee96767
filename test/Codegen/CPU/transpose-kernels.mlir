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

// -----

// NCHW -> NHWC into the interior of a padded buffer: the NHWC side is a
// strided view that cannot be collapsed, so it keeps four dimensions and
// pixel p is stored at row p / 4, column p % 4.
// CHECK-LABEL: func @to_nhwc_padded
// CHECK-SAME: (%[[IN:.+]]: memref<1x8x4x4xf32>, %[[PAD:.+]]: memref<1x6x6x8xf32>)
// CHECK: %[[C4:.+]] = arith.constant 4 : index
// CHECK: %[[INNER:.+]] = memref.subview %[[PAD]][0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: %[[I:.+]] = memref.collapse_shape %[[IN]] {{\[}}[0], [1], [2, 3]]
// CHECK: scf.for %[[P0:.+]] = {{.*}} step %{{.+}}
// CHECK-COUNT-8: vector.load %[[I]]
// CHECK: %[[H:.+]] = arith.divui %[[P0]], %[[C4]] : index
// CHECK: %[[W:.+]] = arith.remui %[[P0]], %[[C4]] : index
// CHECK: vector.store %{{.*}}, %[[INNER]][%{{.+}}, %[[H]], %[[W]], %{{.+}}] : memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>, vector<8xf32>
func.func @to_nhwc_padded(%in: memref<1x8x4x4xf32>, %pad: memref<1x6x6x8xf32>) {
  %inner = memref.subview %pad[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x6x6x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  linalg.transpose ins(%in : memref<1x8x4x4xf32>) outs(%inner : memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>) permutation = [0, 2, 3, 1]
  return
}

// -----

// The NCHW side must be contiguous: a strided NCHW view keeps the generic
// lowering.
// CHECK-LABEL: func @strided_nchw
// CHECK: linalg.transpose
func.func @strided_nchw(%in: memref<1x4x4x8xf32>, %out: memref<1x8x6x6xf32>) {
  %inner = memref.subview %out[0, 0, 1, 1] [1, 8, 4, 4] [1, 1, 1, 1] : memref<1x8x6x6xf32> to memref<1x8x4x4xf32, strided<[288, 36, 6, 1], offset: 7>>
  linalg.transpose ins(%in : memref<1x4x4x8xf32>) outs(%inner : memref<1x8x4x4xf32, strided<[288, 36, 6, 1], offset: 7>>) permutation = [0, 3, 1, 2]
  return
}
