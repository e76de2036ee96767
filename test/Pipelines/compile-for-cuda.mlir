// compileForCUDA's IR steps as one flag (in PTX form, which needs no CUDA
// toolkit): the wrapper, the graph prepared while the weights are
// constants, the large ones turned into device buffers after the outputs
// (their values left on the wrapper for the caller to upload), GPU kernels.
// RUN: nnid-opt %s --nnid-compile-for-cuda="format=isa device-constant-elements=64" | FileCheck %s
// RUN: nnid-opt %s --nnid-compile-for-cuda="format=isa device-constant-elements=64" --mlir-print-ir-after=nnid-hoist-device-constants 2>&1 >/dev/null | FileCheck %s --check-prefix=HOIST

// The model is inlined into the wrapper; the 8x8x3x3 weight (576 elements)
// becomes a buffer, the bias (8 elements) stays a constant.
// HOIST-NOT: func.func private @forward
// HOIST: func.func @nnid_entry_forward(%{{.*}}: memref<1x8x4x4xf32>, %{{.*}}: memref<1x8x4x4xf32>, %{{.*}}: memref<8x8x3x3xf32>) -> i32
// HOIST-SAME: nnid.device_constants = [dense<5.000000e-01> : tensor<8x8x3x3xf32>]
// HOIST-SAME: nnid.entry_buffers = [memref<1x8x4x4xf32>, memref<1x8x4x4xf32>]
// HOIST-NOT: func.func
// HOIST: arith.constant dense<2.500000e-01> : tensor<8xf32>
// HOIST-NOT: arith.constant dense<5.000000e-01> : tensor<8x8x3x3xf32>

// CHECK: llvm.func @_mlir_ciface_nnid_entry_forward(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// CHECK-SAME: nnid.device_constants = [dense<5.000000e-01> : tensor<8x8x3x3xf32>]
// CHECK: gpu.binary @nnid_entry_forward_kernel
func.func @forward(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x8x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<8xf32>
  %0 = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>, tensor<8xf32>)
      -> tensor<1x8x4x4xf32>
  %1 = nnid.relu %0 : tensor<1x8x4x4xf32>
  return %1 : tensor<1x8x4x4xf32>
}
