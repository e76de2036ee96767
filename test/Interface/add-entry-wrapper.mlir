// RUN: nnid-opt %s -split-input-file --nnid-add-entry-wrapper | FileCheck %s
// RUN: nnid-opt %s -split-input-file --nnid-add-entry-wrapper=entry=second | FileCheck %s --check-prefix=SECOND

// Static outputs: the result is written in the entry block and the status
// is 0; the model function becomes private.
// CHECK-LABEL: func.func private @forward
// CHECK-SAME: {nnid.name = "x"}
// CHECK: func.func @nnid_entry_forward(%[[IN:.+]]: memref<1x4xf32>, %[[OUT:.+]]: memref<1x4xf32>) -> i32
// CHECK-SAME: attributes {llvm.emit_c_interface, nnid.entry_buffers = [memref<1x4xf32>, memref<1x4xf32>]}
// CHECK-NEXT: %[[T:.+]] = bufferization.to_tensor %[[IN]] restrict : memref<1x4xf32> to tensor<1x4xf32>
// CHECK-NEXT: %[[R:.+]] = call @forward(%[[T]])
// CHECK-NEXT: bufferization.materialize_in_destination %[[R]] in restrict writable %[[OUT]]
// CHECK-NEXT: %[[OK:.+]] = arith.constant 0 : i32
// CHECK-NEXT: return %[[OK]] : i32
// The function named by `entry` is wrapped, others are left alone.
// SECOND-LABEL: func.func @forward
// SECOND: func.func private @second
// SECOND: func.func @nnid_entry_second(%{{.*}}: memref<2xf32>, %{{.*}}: memref<2xf32>, %{{.*}}: memref<2xf32>)
// SECOND-SAME: nnid.entry_buffers = [memref<2xf32>, memref<2xf32>, memref<2xf32>]
// SECOND: %[[R:.+]]:2 = call @second
// SECOND-NEXT: bufferization.materialize_in_destination %[[R]]#0
// SECOND-NEXT: bufferization.materialize_in_destination %[[R]]#1
func.func @forward(%x: tensor<1x4xf32> {nnid.name = "x"}) -> tensor<1x4xf32> {
  %0 = nnid.relu %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
func.func @second(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  return %x, %x : tensor<2xf32>, tensor<2xf32>
}

// -----

// A dynamic batch: the wrapper compares the output buffer's batch with the
// computed one and returns 1 without writing when they differ. The result
// is copied from a buffer of its own, so that nothing computes into the
// output buffer before the check.
// CHECK-LABEL: func.func @nnid_entry_batch(
// CHECK-SAME: %{{.*}}: memref<?x4xf32>, %[[OUT:.+]]: memref<?x4xf32>)
// CHECK: %[[R:.+]] = call @batch
// CHECK: %[[COMPUTED:.+]] = tensor.dim %[[R]], %{{.*}} : tensor<?x4xf32>
// CHECK: %[[GIVEN:.+]] = memref.dim %[[OUT]], %{{.*}} : memref<?x4xf32>
// CHECK: %[[SAME:.+]] = arith.cmpi eq, %[[COMPUTED]], %[[GIVEN]]
// CHECK: %[[STATUS:.+]] = scf.if %[[SAME]] -> (i32) {
// CHECK-NEXT: %[[B:.+]] = bufferization.to_buffer %[[R]] read_only : tensor<?x4xf32> to memref<?x4xf32>
// CHECK-NEXT: memref.copy %[[B]], %[[OUT]]
// CHECK-NEXT: arith.constant 0 : i32
// CHECK: } else {
// CHECK-NEXT: arith.constant 1 : i32
// CHECK: return %[[STATUS]] : i32
func.func @batch(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = nnid.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Without `entry`'s function, the only public function with a body.
// CHECK-LABEL: func.func private @model
// CHECK: func.func @nnid_entry_model(
func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @model(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = call @helper(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
