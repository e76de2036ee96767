// RUN: nnid-opt %s -split-input-file --nnid-static-workspace | FileCheck %s

// Three buffers in a chain: %a dies when %c is born, so %c reuses its
// bytes; %b overlaps both and sits after the larger %a (64-byte aligned).
// CHECK: memref.global "private" @chain_workspace : memref<4224xi8> = uninitialized {alignment = 64 : i64}
// CHECK-LABEL: func @chain
// CHECK: %[[WS:.+]] = memref.get_global @chain_workspace : memref<4224xi8>
// CHECK-NOT: memref.alloc
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[A:.+]] = memref.view %[[WS]][%[[C0]]][] : memref<4224xi8> to memref<1024xf32>
// CHECK: %[[C4096:.+]] = arith.constant 4096 : index
// CHECK: %[[B:.+]] = memref.view %[[WS]][%[[C4096]]][] : memref<4224xi8> to memref<32xf32>
// CHECK: %[[A32:.+]] = memref.subview %[[A]]
// CHECK: linalg.copy ins(%[[A32]] : {{.+}}) outs(%[[B]] : memref<32xf32>)
// CHECK: %[[C0B:.+]] = arith.constant 0 : index
// CHECK: memref.view %[[WS]][%[[C0B]]][] : memref<4224xi8> to memref<16x16xf32>
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @chain(%in: memref<1024xf32>, %out: memref<32xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  linalg.copy ins(%in : memref<1024xf32>) outs(%a : memref<1024xf32>)
  %b = memref.alloc() : memref<32xf32>
  %a32 = memref.subview %a[0] [32] [1] : memref<1024xf32> to memref<32xf32, strided<[1]>>
  linalg.copy ins(%a32 : memref<32xf32, strided<[1]>>) outs(%b : memref<32xf32>)
  %c = memref.alloc() : memref<16x16xf32>
  %c32 = memref.collapse_shape %c [[0, 1]] : memref<16x16xf32> into memref<256xf32>
  %c32s = memref.subview %c32[0] [32] [1] : memref<256xf32> to memref<32xf32, strided<[1]>>
  linalg.copy ins(%b : memref<32xf32>) outs(%c32s : memref<32xf32, strided<[1]>>)
  linalg.copy ins(%c32s : memref<32xf32, strided<[1]>>) outs(%out : memref<32xf32>)
  memref.dealloc %a : memref<1024xf32>
  memref.dealloc %b : memref<32xf32>
  memref.dealloc %c : memref<16x16xf32>
  return
}

// -----

// Buffers that escape, have dynamic shapes or live in nested regions keep
// their allocations; with nothing to place, no workspace is made.
// CHECK-NOT: memref.global
// CHECK-LABEL: func @kept
// CHECK: %[[R:.+]] = memref.alloc() : memref<8xf32>
// CHECK: memref.alloc(%{{.+}}) : memref<?xf32>
// CHECK: scf.for
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: call @use(%{{.+}}) : (memref<4xf32>) -> ()
// CHECK: return %[[R]]
func.func private @use(memref<4xf32>)
func.func @kept(%n: index) -> memref<8xf32> {
  %r = memref.alloc() : memref<8xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    %t = memref.alloc() : memref<4xf32>
    func.call @use(%t) : (memref<4xf32>) -> ()
  }
  %p = memref.alloc() : memref<4xf32>
  func.call @use(%p) : (memref<4xf32>) -> ()
  return %r : memref<8xf32>
}

// -----

// A buffer used inside a loop lives until the loop ends: the buffer born
// after the loop does not share its bytes.
// CHECK: memref.global "private" @loop_workspace : memref<128xi8> = uninitialized
// CHECK-LABEL: func @loop
// CHECK: arith.constant 4 : index
// CHECK: %[[O1:.+]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %{{.+}}[%[[O1]]][] : memref<128xi8> to memref<16xf32>
// CHECK: scf.for
// CHECK: %[[O2:.+]] = arith.constant 64 : index
// CHECK: memref.view %{{.+}}[%[[O2]]][] : memref<128xi8> to memref<16xf32>
func.func @loop(%in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<16xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  }
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%b : memref<16xf32>)
  linalg.copy ins(%b : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}
