// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-map-parallel-loops,canonicalize,cse))' | FileCheck %s
// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-map-parallel-loops{block-size=128},canonicalize,cse))' | FileCheck %s --check-prefix=B128
// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-map-parallel-loops{emulate-on-host},canonicalize,cse))' | FileCheck %s --check-prefix=HOST

// A rank-4 loop of 2 * 3 * 5 * 7 = 210 iterations: one block of 256 threads,
// one iteration each, the last dimension fastest.

// CHECK-LABEL: func.func @rank4
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C256:.+]] = arith.constant 256 : index
// CHECK-DAG: %[[C210:.+]] = arith.constant 210 : index
// CHECK: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]])
// CHECK-SAME: threads(%[[I:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C256]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]])
// CHECK: %[[IN:.+]] = arith.cmpi ult, %[[I]], %[[C210]] : index
// CHECK: scf.if %[[IN]] {
// CHECK: %[[W:.+]] = arith.remui %[[I]], %c7 : index
// CHECK: %[[R0:.+]] = arith.divui %[[I]], %c7 : index
// CHECK: %[[H:.+]] = arith.remui %[[R0]], %c5 : index
// CHECK: %[[R1:.+]] = arith.divui %[[R0]], %c5 : index
// CHECK: %[[C:.+]] = arith.remui %[[R1]], %c3 : index
// CHECK: %[[N:.+]] = arith.divui %[[R1]], %c3 : index
// CHECK: memref.load %{{.+}}[%[[N]], %[[C]], %[[H]], %[[W]]]
// CHECK: memref.store
// CHECK: gpu.terminator

// B128-LABEL: func.func @rank4
// B128: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %c2, %{{[a-z0-9_]+}} = %c1, %{{[a-z0-9_]+}} = %c1) threads(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %c128,

// The single block's loop folds away.
// HOST-LABEL: func.func @rank4
// HOST-NOT: gpu.launch
// HOST: scf.for %[[T:.+]] = %c0 to %c256 step %c1
// HOST: arith.cmpi ult, %[[T]], %c210 : index
// HOST: scf.if
func.func @rank4(%in: memref<2x3x5x7xf32>, %out: memref<2x3x5x7xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  scf.parallel (%n, %c, %h, %w) = (%c0, %c0, %c0, %c0) to (%c2, %c3, %c5, %c7)
      step (%c1, %c1, %c1, %c1) {
    %v = memref.load %in[%n, %c, %h, %w] : memref<2x3x5x7xf32>
    memref.store %v, %out[%n, %c, %h, %w] : memref<2x3x5x7xf32>
    scf.reduce
  }
  return
}

// -----

// A dynamic batch: the grid is computed on the host, at least one block.
// A pooling window stays a loop within the thread. Bounds and steps other
// than 0 and 1 are honoured.

// HOST-LABEL: func.func @dynamic_with_window
// HOST: arith.ceildivui
// HOST: %[[GRID:.+]] = arith.maxsi
// HOST: scf.for %[[B:.+]] = %c0 to %[[GRID]] step %c1
// HOST: scf.for %[[T:.+]] = %c0 to %c256 step %c1
// HOST: %[[BASE:.+]] = arith.muli %[[B]], %c256 : index
// HOST: arith.addi %[[BASE]], %[[T]] : index

// CHECK-LABEL: func.func @dynamic_with_window
// CHECK: %[[N:.+]] = memref.dim %{{.+}}, %c0
// CHECK: %[[ROWS:.+]] = arith.maxsi %[[N]], %c0 : index
// CHECK: %[[TOTAL:.+]] = arith.muli %[[ROWS]], %c4 : index
// CHECK: %[[BLOCKS:.+]] = arith.ceildivui %[[TOTAL]], %c256 : index
// CHECK: %[[GRID:.+]] = arith.maxsi %[[BLOCKS]], %c1 : index
// CHECK: gpu.launch blocks(%[[BX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[GRID]],
// CHECK-SAME: threads(%[[TX:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in
// CHECK: %[[BASE:.+]] = arith.muli %[[BX]], %c256 : index
// CHECK: %[[I:.+]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK: arith.cmpi ult, %[[I]], %[[TOTAL]] : index
// CHECK: %[[K:.+]] = arith.remui %{{.+}}, %c4 : index
// CHECK: %[[KK:.+]] = arith.muli %[[K]], %c2 : index
// CHECK: %[[X:.+]] = arith.addi %[[KK]], %c1 : index
// CHECK: scf.for
// CHECK: memref.load %{{.+}}[%{{.+}}, %[[X]]]
func.func @dynamic_with_window(%in: memref<?x10xf32>, %out: memref<?x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c9 = arith.constant 9 : index
  %n = memref.dim %in, %c0 : memref<?x10xf32>
  scf.parallel (%i, %x) = (%c0, %c1) to (%n, %c9) step (%c1, %c2) {
    %s = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %x) -> index {
      %t = arith.addi %acc, %k : index
      scf.yield %t : index
    }
    %v = memref.load %in[%i, %x] : memref<?x10xf32>
    %m = arith.minui %s, %c9 : index
    memref.store %v, %out[%i, %m] : memref<?x10xf32>
    scf.reduce
  }
  return
}

// -----

// Only outermost loops without reductions become kernels.

// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: gpu.launch
// CHECK: scf.parallel
// CHECK: scf.reduce
func.func @left_alone(%in: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%zero) -> f32 {
    %v = memref.load %in[%i] : memref<8xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %sum : f32
}
