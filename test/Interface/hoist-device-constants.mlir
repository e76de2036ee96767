// RUN: nnid-opt %s -split-input-file --nnid-hoist-device-constants=min-elements=4 | FileCheck %s

// Constants of at least 4 elements, in the wrapper and in the model function
// it calls, become trailing memref arguments of the wrapper, in order; the
// small one stays. Their values are left on the wrapper.
// CHECK-LABEL: func.func private @model(
// CHECK-SAME: %{{.*}}: tensor<4xf32>, %[[W:.+]]: tensor<2x2xf32>) -> tensor<4xf32>
// CHECK-NOT: arith.constant dense<{{\[}}[1.0
// CHECK: %[[SMALL:.+]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK: tensor.collapse_shape %[[W]]
// CHECK-LABEL: func.func @nnid_entry_model(
// CHECK-SAME: %[[IN:.+]]: memref<4xf32>, %[[OUT:.+]]: memref<4xf32>, %[[C0:.+]]: memref<4xf32>, %[[C1:.+]]: memref<2x2xf32>)
// CHECK-SAME: nnid.device_constants = [dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>, dense<{{\[}}[5.000000e+00, 6.000000e+00], [7.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>]
// CHECK-DAG: %[[T1:.+]] = bufferization.to_tensor %[[C1]] restrict : memref<2x2xf32> to tensor<2x2xf32>
// CHECK-DAG: %[[T0:.+]] = bufferization.to_tensor %[[C0]] restrict : memref<4xf32> to tensor<4xf32>
// CHECK-DAG: %[[X:.+]] = bufferization.to_tensor %[[IN]] restrict
// CHECK: %[[A:.+]] = arith.addf %[[X]], %[[T0]]
// CHECK: call @model(%[[A]], %[[T1]])
func.func private @model(%x: tensor<4xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<[[5.0, 6.0], [7.0, 8.0]]> : tensor<2x2xf32>
  %small = arith.constant dense<0.5> : tensor<2xf32>
  %f = tensor.collapse_shape %w [[0, 1]] : tensor<2x2xf32> into tensor<4xf32>
  %0 = arith.addf %x, %f : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @nnid_entry_model(%in: memref<4xf32>, %out: memref<4xf32>) -> i32
    attributes {nnid.entry_buffers = [memref<4xf32>, memref<4xf32>]} {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %x = bufferization.to_tensor %in restrict : memref<4xf32> to tensor<4xf32>
  %a = arith.addf %x, %c : tensor<4xf32>
  %r = call @model(%a) : (tensor<4xf32>) -> tensor<4xf32>
  bufferization.materialize_in_destination %r in restrict writable %out
      : (tensor<4xf32>, memref<4xf32>) -> ()
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// -----

// Functions that are not entry wrappers keep their constants; a wrapper
// without large constants gets an empty list.
// CHECK-LABEL: func.func @other
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
// CHECK-LABEL: func.func @nnid_entry_other
// CHECK-SAME: nnid.device_constants = []
func.func @other() -> tensor<4xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  return %c : tensor<4xf32>
}
func.func @nnid_entry_other(%out: memref<4xf32>) -> i32
    attributes {nnid.entry_buffers = [memref<4xf32>]} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
