// compileForCPU's IR steps as one flag: the entry wrapper with the model
// inlined into it, lowered to the LLVM dialect with the C interface the JIT
// calls. nnid-run runs the same pipeline (--mlir-print-ir-after works on it).
// RUN: nnid-opt %s --nnid-compile-for-cpu="vector-width=8 registers=16" | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && %python %S/../Tools/Inputs/relu_data.py %t
// RUN: nnid-run %S/../Tools/Inputs/relu.mlir --data %t/good.safetensors --mlir-print-ir-after=nnid-add-entry-wrapper 2>&1 | FileCheck %s --check-prefix=RUNIR

// CHECK-NOT: func.func
// CHECK: llvm.func @nnid_entry_forward(
// CHECK-SAME: nnid.entry_buffers = [memref<2x8xf32>, memref<2x8xf32>]
// CHECK: llvm.func @_mlir_ciface_nnid_entry_forward(
// RUNIR: IR Dump After AddEntryWrapper (nnid-add-entry-wrapper)
// RUNIR: func.func @nnid_entry_forward(%{{.*}}: memref<1x1x2x4xf32>, %{{.*}}: memref<1x1x2x4xf32>) -> i32
// RUNIR: 1 passed, 0 failed
func.func @forward(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = nnid.relu %x : tensor<2x8xf32>
  %1 = nnid.identity %0 : tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}
