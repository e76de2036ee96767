// RUN: nnid-opt %s -split-input-file --nnid-static-workspace=argument | FileCheck %s

// With `argument`, the workspace is the function's new last argument and
// its size the function's nnid.workspace_bytes: no global. The buffers are
// placed as in the global form (%a and %c share bytes, %b after %a).
// CHECK-NOT: memref.global
// CHECK-LABEL: func @chain
// CHECK-SAME: (%{{.+}}: memref<1024xf32>, %{{.+}}: memref<32xf32>, %[[WS:.+]]: memref<4224xi8>)
// CHECK-SAME: attributes {nnid.workspace_bytes = 4224 : i64}
// CHECK-NOT: memref.get_global
// CHECK-NOT: memref.alloc
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: memref.view %[[WS]][%[[C0]]][] : memref<4224xi8> to memref<1024xf32>
// CHECK: %[[C4096:.+]] = arith.constant 4096 : index
// CHECK: memref.view %[[WS]][%[[C4096]]][] : memref<4224xi8> to memref<32xf32>
// CHECK: memref.view %[[WS]][%{{.+}}][] : memref<4224xi8> to memref<16x16xf32>
// CHECK-NOT: memref.dealloc
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

// Nothing to place: callers still pass a workspace, of 0 bytes, so that
// every entry point has the same form.
// CHECK-LABEL: func @nothing
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<0xi8>)
// CHECK-SAME: attributes {nnid.workspace_bytes = 0 : i64}
func.func @nothing(%x: memref<4xf32>) {
  return
}
