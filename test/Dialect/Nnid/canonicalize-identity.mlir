// RUN: nnid-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

// CHECK-LABEL: func @identity_of_argument
// CHECK-SAME: (%[[X:.+]]: tensor<?x8x4x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity_of_argument(%x: tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32> {
  %0 = nnid.identity %x : tensor<?x8x4x4xf32>
  return %0 : tensor<?x8x4x4xf32>
}

// -----

// A chain of identities feeding the function's result.
// CHECK-LABEL: func @identity_chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x8xf32>)
// CHECK-NOT: nnid.identity
// CHECK: return %[[X]], %[[X]]
func.func @identity_chain(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = nnid.identity %x : tensor<1x8xf32>
  %1 = nnid.identity %0 : tensor<1x8xf32>
  %2 = nnid.identity %1 : tensor<1x8xf32>
  return %2, %0 : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// Between two layers, the identity disappears and the layers connect.
// CHECK-LABEL: func @identity_between_layers
// CHECK-NOT: nnid.identity
// CHECK: %[[R:.+]] = nnid.relu
// CHECK-NEXT: %[[P:.+]] = nnid.max_pool2d %[[R]]
// CHECK-NEXT: return %[[P]]
func.func @identity_between_layers(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  %0 = nnid.relu %x : tensor<1x8x4x4xf32>
  %1 = nnid.identity %0 : tensor<1x8x4x4xf32>
  %2 = nnid.max_pool2d %1 {kernel_size = array<i64: 2, 2>} : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
  return %2 : tensor<1x8x2x2xf32>
}

// -----

// An identity whose result is unused is dead and erased too.
// CHECK-LABEL: func @identity_unused
// CHECK-NOT: nnid.identity
func.func @identity_unused(%x: tensor<1x8xf32>) {
  %0 = nnid.identity %x : tensor<1x8xf32>
  return
}

// -----

// An identity reading a block argument of a nested region.
// CHECK-LABEL: func @identity_in_region
// CHECK: scf.if
// CHECK-NOT: nnid.identity
// CHECK: scf.yield %{{.*}} : tensor<1x4xf32>
func.func @identity_in_region(%c: i1, %x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = scf.if %c -> tensor<1x4xf32> {
    %1 = nnid.identity %x : tensor<1x4xf32>
    scf.yield %1 : tensor<1x4xf32>
  } else {
    %1 = nnid.relu %x : tensor<1x4xf32>
    scf.yield %1 : tensor<1x4xf32>
  }
  return %0 : tensor<1x4xf32>
}
