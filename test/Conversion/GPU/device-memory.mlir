// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-device-memory))' | FileCheck %s

// Buffers kernels use are allocated and freed on the device; the function's
// arguments are device buffers already.

// CHECK-LABEL: func.func @buffers
// CHECK-SAME: (%[[IN:.+]]: memref<?x8xf32>, %[[OUT:.+]]: memref<?x8xf32>)
// CHECK: %[[N:.+]] = memref.dim %[[IN]]
// CHECK: %[[TMP:.+]] = gpu.alloc (%[[N]]) : memref<?x8xf32>
// CHECK: %[[VIEW:.+]] = memref.subview %[[TMP]]
// CHECK: gpu.launch
// CHECK: memref.load %[[IN]]
// CHECK: memref.store %{{.+}}, %[[VIEW]]
// CHECK: gpu.launch
// CHECK: memref.load %[[TMP]]
// CHECK: memref.store %{{.+}}, %[[OUT]]
// CHECK: gpu.dealloc %[[TMP]] : memref<?x8xf32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
func.func @buffers(%in: memref<?x8xf32>, %out: memref<?x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %in, %c0 : memref<?x8xf32>
  %tmp = memref.alloc(%n) {alignment = 64 : i64} : memref<?x8xf32>
  %view = memref.subview %tmp[0, 0] [%n, 8] [1, 1]
      : memref<?x8xf32> to memref<?x8xf32, strided<[8, 1]>>
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1) {
    %e = memref.load %in[%tx, %tx] : memref<?x8xf32>
    memref.store %e, %view[%tx, %tx] : memref<?x8xf32, strided<[8, 1]>>
    gpu.terminator
  }
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1) {
    %e = memref.load %tmp[%tx, %tx] : memref<?x8xf32>
    memref.store %e, %out[%tx, %tx] : memref<?x8xf32>
    gpu.terminator
  }
  memref.dealloc %tmp : memref<?x8xf32>
  return
}

// -----

// Constants that kernels read are copied to the device where they are
// taken and freed at the end of their block.

memref.global "private" constant @table : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// CHECK-LABEL: func.func @constant
// CHECK: %[[HOST:.+]] = memref.get_global @table : memref<4xf32>
// CHECK: %[[DEVICE:.+]] = gpu.alloc () : memref<4xf32>
// CHECK: gpu.memcpy %[[DEVICE]], %[[HOST]] : memref<4xf32>, memref<4xf32>
// CHECK: gpu.launch
// CHECK: memref.load %[[DEVICE]]
// CHECK: gpu.terminator
// CHECK: gpu.dealloc %[[DEVICE]] : memref<4xf32>
// CHECK-NEXT: return
func.func @constant(%out: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %table = memref.get_global @table : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1) {
    %e = memref.load %table[%tx] : memref<4xf32>
    memref.store %e, %out[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}

// -----

// The deallocation pipeline's host bookkeeping stays on the host; a buffer
// returned to the caller is a device buffer without a free.

// CHECK-LABEL: func.func @host_and_returned
// CHECK: %[[FLAGS:.+]] = memref.alloc() : memref<2xi1>
// CHECK: memref.store %{{.+}}, %[[FLAGS]]
// CHECK: %[[RESULT:.+]] = gpu.alloc () : memref<8xf32>
// CHECK: memref.dealloc %[[FLAGS]] : memref<2xi1>
// CHECK: return %[[RESULT]]
func.func @host_and_returned(%flag: i1) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %flags = memref.alloc() : memref<2xi1>
  memref.store %flag, %flags[%c0] : memref<2xi1>
  %result = memref.alloc() : memref<8xf32>
  memref.dealloc %flags : memref<2xi1>
  return %result : memref<8xf32>
}

// -----

// Buffers of indices passed to another function are the deallocation
// pipeline's bookkeeping (its helper compares base pointers): host buffers,
// in the caller and in the callee.

// CHECK-LABEL: func.func private @helper
// CHECK-NOT: gpu.
// CHECK: return
// CHECK-LABEL: func.func @bookkeeping
// CHECK: %[[BASES:.+]] = memref.alloc() : memref<2xindex>
// CHECK: memref.store %{{.+}}, %[[BASES]]
// CHECK: %[[CAST:.+]] = memref.cast %[[BASES]]
// CHECK: call @helper(%[[CAST]])
// CHECK: memref.dealloc %[[BASES]] : memref<2xindex>
func.func private @helper(%bases: memref<?xindex>) -> index {
  %c0 = arith.constant 0 : index
  %b = memref.load %bases[%c0] : memref<?xindex>
  return %b : index
}
func.func @bookkeeping(%x: memref<8xf32>) -> index {
  %c0 = arith.constant 0 : index
  %bases = memref.alloc() : memref<2xindex>
  %p = memref.extract_aligned_pointer_as_index %x : memref<8xf32> -> index
  memref.store %p, %bases[%c0] : memref<2xindex>
  %cast = memref.cast %bases : memref<2xindex> to memref<?xindex>
  %r = call @helper(%cast) : (memref<?xindex>) -> index
  memref.dealloc %bases : memref<2xindex>
  return %r : index
}
