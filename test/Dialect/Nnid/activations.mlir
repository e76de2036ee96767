// RUN: nnid-opt %s -split-input-file | FileCheck %s
// Round-trip through the custom form, the generic form, and back:
// RUN: nnid-opt %s -split-input-file -mlir-print-op-generic | nnid-opt -split-input-file | FileCheck %s

// Defaults are elided when printing.
// CHECK-LABEL: func @parameterless
// CHECK: nnid.sigmoid %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.silu %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.hardsigmoid %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.hardswish %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.selu %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.softsign %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.tanh %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.hardtanh %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.gelu %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.leaky_relu %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.elu %{{.*}} : tensor<?x8x4x4xf32>
// CHECK: nnid.softplus %{{.*}} : tensor<?x8x4x4xf32>
func.func @parameterless(%x: tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32> {
  %0 = nnid.sigmoid %x : tensor<?x8x4x4xf32>
  %1 = nnid.silu %0 : tensor<?x8x4x4xf32>
  %2 = nnid.hardsigmoid %1 : tensor<?x8x4x4xf32>
  %3 = nnid.hardswish %2 : tensor<?x8x4x4xf32>
  %4 = nnid.selu %3 : tensor<?x8x4x4xf32>
  %5 = nnid.softsign %4 : tensor<?x8x4x4xf32>
  %6 = nnid.tanh %5 : tensor<?x8x4x4xf32>
  %7 = nnid.hardtanh %6 {min_val = -1.0, max_val = 1.0} : tensor<?x8x4x4xf32>
  %8 = nnid.gelu %7 {approximate = "none"} : tensor<?x8x4x4xf32>
  %9 = nnid.leaky_relu %8 {negative_slope = 0.01} : tensor<?x8x4x4xf32>
  %10 = nnid.elu %9 {alpha = 1.0} : tensor<?x8x4x4xf32>
  %11 = nnid.softplus %10 {beta = 1.0, threshold = 20.0} : tensor<?x8x4x4xf32>
  return %11 : tensor<?x8x4x4xf32>
}

// -----

// CHECK-LABEL: func @parameters
// CHECK: nnid.hardtanh %{{.*}} {max_val = 6.000000e+00 : f64, min_val = 0.000000e+00 : f64} : tensor<2x5xf32>
// CHECK: nnid.gelu %{{.*}} {approximate = "tanh"} : tensor<2x5xf32>
// CHECK: nnid.leaky_relu %{{.*}} {negative_slope = 2.000000e-01 : f64} : tensor<2x5xf32>
// CHECK: nnid.elu %{{.*}} {alpha = 5.000000e-01 : f64} : tensor<2x5xf32>
// CHECK: nnid.softplus %{{.*}} {beta = 2.000000e+00 : f64, threshold = 1.000000e+01 : f64} : tensor<2x5xf32>
func.func @parameters(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.hardtanh %x {min_val = 0.0, max_val = 6.0} : tensor<2x5xf32>
  %1 = nnid.gelu %0 {approximate = "tanh"} : tensor<2x5xf32>
  %2 = nnid.leaky_relu %1 {negative_slope = 0.2} : tensor<2x5xf32>
  %3 = nnid.elu %2 {alpha = 0.5} : tensor<2x5xf32>
  %4 = nnid.softplus %3 {beta = 2.0, threshold = 10.0} : tensor<2x5xf32>
  return %4 : tensor<2x5xf32>
}
