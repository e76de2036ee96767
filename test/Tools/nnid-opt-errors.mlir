// Malformed input gives a diagnostic and a non-zero exit, never a crash.
// RUN: not nnid-opt %s -split-input-file 2>&1 | FileCheck %s
// RUN: not nnid-opt %s -split-input-file --nnid-lower-to-llvm 2>&1 | FileCheck %s

// CHECK: error: expected ':'
func.func @syntax(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nnid.relu %x tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// CHECK: error: custom op 'nnid.conv3d' is unknown
func.func @unknown(%x: tensor<1x4xf32>) {
  %0 = nnid.conv3d %x : tensor<1x4xf32>
  return
}

// -----

// CHECK: error: {{.*}}'nnid.max_pool2d' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive
func.func @attribute(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// CHECK: error: {{.*}}'nnid.max_pool2d' op attribute 'kernel_size' failed to satisfy constraint: i64 dense array attribute
func.func @attribute_kind(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %0 = nnid.max_pool2d %x {kernel_size = [2, 2]} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}
