// RUN: nnid-opt %s -split-input-file | FileCheck %s
// Round-trip through the custom form, the generic form, and back:
// RUN: nnid-opt %s -split-input-file -mlir-print-op-generic | nnid-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func @identity
// CHECK: nnid.identity %{{.*}} : tensor<?x32x7x7xf32>
func.func @identity(%x: tensor<?x32x7x7xf32>) -> tensor<?x32x7x7xf32> {
  %0 = nnid.identity %x : tensor<?x32x7x7xf32>
  return %0 : tensor<?x32x7x7xf32>
}

// -----

// CHECK-LABEL: func @relu_and_add
// CHECK: %[[R:.+]] = nnid.relu %{{.*}} : tensor<2x8xf32>
// CHECK: nnid.add %[[R]], %{{.*}} : tensor<2x8xf32>
func.func @relu_and_add(%x: tensor<2x8xf32>, %y: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = nnid.relu %x : tensor<2x8xf32>
  %1 = nnid.add %0, %y : tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// Defaults are elided when printing.
// CHECK-LABEL: func @conv2d
// CHECK: nnid.conv2d %{{.*}}, %{{.*}}, %{{.*}} {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x224x224xf32>
// CHECK: nnid.conv2d %{{.*}}, %{{.*}} {dilation = array<i64: 2, 2>, groups = 4 : i64, padding = array<i64: 0, 1, 2, 3>, stride = array<i64: 2, 1>} : (tensor<?x8x10x10xf32>, tensor<12x2x3x3xf32>) -> tensor<?x12x4x10xf32>
func.func @conv2d(%x: tensor<1x3x224x224xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>,
                  %y: tensor<?x8x10x10xf32>, %v: tensor<12x2x3x3xf32>) -> (tensor<1x16x224x224xf32>, tensor<?x12x4x10xf32>) {
  %0 = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x224x224xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x224x224xf32>
  %1 = nnid.conv2d %y, %v {stride = array<i64: 2, 1>, padding = array<i64: 0, 1, 2, 3>,
                           dilation = array<i64: 2, 2>, groups = 4}
      : (tensor<?x8x10x10xf32>, tensor<12x2x3x3xf32>) -> tensor<?x12x4x10xf32>
  return %0, %1 : tensor<1x16x224x224xf32>, tensor<?x12x4x10xf32>
}

// -----

// CHECK-LABEL: func @identity_conv1x1
// CHECK: nnid.identity_conv1x1 %{{.*}}, %{{.*}} {groups = 2 : i64} : tensor<1x8x16x16xf32>, tensor<8x4x1x1xf32>
func.func @identity_conv1x1(%x: tensor<1x8x16x16xf32>, %w: tensor<8x4x1x1xf32>) -> tensor<1x8x16x16xf32> {
  %0 = nnid.identity_conv1x1 %x, %w {groups = 2 : i64} : tensor<1x8x16x16xf32>, tensor<8x4x1x1xf32>
  return %0 : tensor<1x8x16x16xf32>
}

// -----

// CHECK-LABEL: func @pooling
// CHECK: nnid.max_pool2d %{{.*}} {kernel_size = array<i64: 2, 2>} : tensor<1x16x224x224xf32> -> tensor<1x16x112x112xf32>
// CHECK: nnid.max_pool2d %{{.*}} {ceil_mode = true, dilation = array<i64: 2, 1>, kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : tensor<1x16x224x224xf32> -> tensor<1x16x112x113xf32>
// CHECK: nnid.avg_pool2d %{{.*}} {ceil_mode = true, count_include_pad = false, kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : tensor<1x16x224x224xf32> -> tensor<1x16x113x113xf32>
// CHECK: nnid.adaptive_avg_pool2d %{{.*}} {output_size = array<i64: 5, 3>} : tensor<1x16x224x224xf32> -> tensor<1x16x5x3xf32>
func.func @pooling(%x: tensor<1x16x224x224xf32>) -> (tensor<1x16x112x112xf32>, tensor<1x16x112x113xf32>, tensor<1x16x113x113xf32>, tensor<1x16x5x3xf32>) {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x16x224x224xf32> -> tensor<1x16x112x112xf32>
  %1 = nnid.max_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
                           dilation = array<i64: 2, 1>, ceil_mode = true} : tensor<1x16x224x224xf32> -> tensor<1x16x112x113xf32>
  %2 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
                           ceil_mode = true, count_include_pad = false} : tensor<1x16x224x224xf32> -> tensor<1x16x113x113xf32>
  %3 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 5, 3>} : tensor<1x16x224x224xf32> -> tensor<1x16x5x3xf32>
  return %0, %1, %2, %3 : tensor<1x16x112x112xf32>, tensor<1x16x112x113xf32>, tensor<1x16x113x113xf32>, tensor<1x16x5x3xf32>
}

// -----

// CHECK-LABEL: func @batch_norm
// CHECK: nnid.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x4x8x8xf32>, tensor<4xf32>
// CHECK: nnid.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f64} : tensor<2x4xf32>, tensor<4xf32>
// CHECK: nnid.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = -0.000000e+00 : f64} : tensor<2x4xf32>, tensor<4xf32>
func.func @batch_norm(%x: tensor<?x4x8x8xf32>, %y: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>,
                      %m: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<?x4x8x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = nnid.batch_norm %x, %g, %b, %m, %v : tensor<?x4x8x8xf32>, tensor<4xf32>
  %1 = nnid.batch_norm %y, %g, %b, %m, %v {epsilon = 1.0e-3} : tensor<2x4xf32>, tensor<4xf32>
  // -0.0 counts as non-negative.
  %2 = nnid.batch_norm %y, %g, %b, %m, %v {epsilon = -0.0} : tensor<2x4xf32>, tensor<4xf32>
  return %0, %1, %2 : tensor<?x4x8x8xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @linear
// CHECK: nnid.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<?x10xf32>
// CHECK: nnid.linear %{{.*}}, %{{.*}} : (tensor<?x512xf32>, tensor<10x512xf32>) -> tensor<?x10xf32>
func.func @linear(%x: tensor<?x512xf32>, %w: tensor<10x512xf32>, %b: tensor<10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  %0 = nnid.linear %x, %w, %b : (tensor<?x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %1 = nnid.linear %x, %w : (tensor<?x512xf32>, tensor<10x512xf32>) -> tensor<?x10xf32>
  return %0, %1 : tensor<?x10xf32>, tensor<?x10xf32>
}

// -----

// CHECK-LABEL: func @concat
// CHECK: nnid.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<?x20xf32>, tensor<?x50xf32>, tensor<?x30xf32>) -> tensor<?x100xf32>
// CHECK: nnid.concat %{{.*}}, %{{.*}} {axis = -3 : i64} : (tensor<1x2x5x5xf32>, tensor<1x3x5x5xf32>) -> tensor<1x5x5x5xf32>
// CHECK: nnid.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<?x2x5x5xf32>, tensor<1x2x5x5xf32>) -> tensor<?x2x5x5xf32>
func.func @concat(%a: tensor<?x20xf32>, %b: tensor<?x50xf32>, %c: tensor<?x30xf32>,
                  %d: tensor<1x2x5x5xf32>, %e: tensor<1x3x5x5xf32>, %f: tensor<?x2x5x5xf32>)
    -> (tensor<?x100xf32>, tensor<1x5x5x5xf32>, tensor<?x2x5x5xf32>) {
  %0 = nnid.concat %a, %b, %c {axis = 1 : i64} : (tensor<?x20xf32>, tensor<?x50xf32>, tensor<?x30xf32>) -> tensor<?x100xf32>
  %1 = nnid.concat %d, %e {axis = -3 : i64} : (tensor<1x2x5x5xf32>, tensor<1x3x5x5xf32>) -> tensor<1x5x5x5xf32>
  %2 = nnid.concat %f, %d {axis = 0 : i64} : (tensor<?x2x5x5xf32>, tensor<1x2x5x5xf32>) -> tensor<?x2x5x5xf32>
  return %0, %1, %2 : tensor<?x100xf32>, tensor<1x5x5x5xf32>, tensor<?x2x5x5xf32>
}

// -----

// CHECK-LABEL: func @flatten
// CHECK: nnid.flatten %{{.*}} : tensor<?x512x1x1xf32> -> tensor<?x512xf32>
// CHECK: nnid.flatten %{{.*}} {end_dim = 2 : i64, start_dim = 0 : i64} : tensor<?x512x1x1xf32> -> tensor<?x1xf32>
func.func @flatten(%x: tensor<?x512x1x1xf32>) -> (tensor<?x512xf32>, tensor<?x1xf32>) {
  %0 = nnid.flatten %x : tensor<?x512x1x1xf32> -> tensor<?x512xf32>
  %1 = nnid.flatten %x {start_dim = 0 : i64, end_dim = 2 : i64} : tensor<?x512x1x1xf32> -> tensor<?x1xf32>
  return %0, %1 : tensor<?x512xf32>, tensor<?x1xf32>
}

// -----

// CHECK-LABEL: func @mul
// CHECK: nnid.mul %{{.*}}, %{{.*}} : tensor<?x8x4x4xf32>, tensor<?x8x1x1xf32>
// CHECK: nnid.mul %{{.*}}, %{{.*}} : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>
func.func @mul(%x: tensor<?x8x4x4xf32>, %s: tensor<?x8x1x1xf32>) -> tensor<?x8x4x4xf32> {
  %0 = nnid.mul %x, %s : tensor<?x8x4x4xf32>, tensor<?x8x1x1xf32>
  %1 = nnid.mul %0, %x : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>
  return %1 : tensor<?x8x4x4xf32>
}
