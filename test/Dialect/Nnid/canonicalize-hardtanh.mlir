// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s
// relu and hardtanh on each other become one hardtanh, exactly.

// CHECK-LABEL: func @relu_of_hardtanh
// CHECK-SAME: (%[[X:.+]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[R:.+]] = nnid.hardtanh %[[X]] {max_val = 6.000000e+00 : f64, min_val = 0.000000e+00 : f64}
// CHECK-NEXT: return %[[R]]
func.func @relu_of_hardtanh(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.hardtanh %x {min_val = -2.0, max_val = 6.0} : tensor<1x8xf32>
  %1 = nnid.relu %0 : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// Every value is clamped below 0: relu makes it 0, and so does [0, 0].
// CHECK-LABEL: func @relu_of_negative_hardtanh
// CHECK-NEXT: nnid.hardtanh %{{.*}} {max_val = 0.000000e+00 : f64, min_val = 0.000000e+00 : f64}
// CHECK-NEXT: return
func.func @relu_of_negative_hardtanh(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.hardtanh %x {min_val = -3.0, max_val = -1.0} : tensor<1x8xf32>
  %1 = nnid.relu %0 : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// A bound of -0.0 becomes +0.0, as relu(-0.0) is +0.0 (max_val is the
// default, 1.0).
// CHECK-LABEL: func @relu_of_hardtanh_negative_zero
// CHECK-NEXT: nnid.hardtanh %{{.*}} {min_val = 0.000000e+00 : f64} : tensor<1x8xf32>
func.func @relu_of_hardtanh_negative_zero(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.hardtanh %x {min_val = -0.0, max_val = 1.0} : tensor<1x8xf32>
  %1 = nnid.relu %0 : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @hardtanh_of_relu
// CHECK-SAME: (%[[X:.+]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[R:.+]] = nnid.hardtanh %[[X]] {max_val = 6.000000e+00 : f64, min_val = 0.000000e+00 : f64}
// CHECK-NEXT: return %[[R]]
func.func @hardtanh_of_relu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.relu %x : tensor<1x8xf32>
  %1 = nnid.hardtanh %0 {min_val = -1.0, max_val = 6.0} : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// A lower bound above 0 stays.
// CHECK-LABEL: func @hardtanh_above_zero_of_relu
// CHECK-NEXT: nnid.hardtanh %{{.*}} {max_val = 6.000000e+00 : f64, min_val = 5.000000e-01 : f64}
// CHECK-NEXT: return
func.func @hardtanh_above_zero_of_relu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.relu %x : tensor<1x8xf32>
  %1 = nnid.hardtanh %0 {min_val = 0.5, max_val = 6.0} : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// An upper bound below 0 gives the constant max_val: left alone.
// CHECK-LABEL: func @hardtanh_negative_of_relu
// CHECK-NEXT: nnid.relu
// CHECK-NEXT: nnid.hardtanh
// CHECK-NEXT: return
func.func @hardtanh_negative_of_relu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.relu %x : tensor<1x8xf32>
  %1 = nnid.hardtanh %0 {min_val = -3.0, max_val = -1.0} : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @hardtanh_of_hardtanh
// CHECK-NEXT: nnid.hardtanh %{{.*}} {max_val = 4.000000e+00 : f64, min_val = 1.000000e+00 : f64}
// CHECK-NEXT: return
func.func @hardtanh_of_hardtanh(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.hardtanh %x {min_val = 1.0, max_val = 6.0} : tensor<1x8xf32>
  %1 = nnid.hardtanh %0 {min_val = -1.0, max_val = 4.0} : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// Disjoint intervals: left alone.
// CHECK-LABEL: func @hardtanh_of_disjoint_hardtanh
// CHECK-NEXT: nnid.hardtanh
// CHECK-NEXT: nnid.hardtanh
// CHECK-NEXT: return
func.func @hardtanh_of_disjoint_hardtanh(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = nnid.hardtanh %x {min_val = 1.0, max_val = 2.0} : tensor<1x8xf32>
  %1 = nnid.hardtanh %0 {min_val = 3.0, max_val = 4.0} : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}
