// RUN: nnid-opt %s -split-input-file --nnid-add-c-entry-point=name=mymodel --cse | FileCheck %s

// Static buffers: one pointer each; null pointers return 3; the wrapper gets
// dense row-major descriptors (pointer, pointer, offset, sizes, strides).
// Everything but the entry point becomes internal. (--cse merges the
// constants the pass creates one by one.)
// CHECK-LABEL: llvm.func internal @helper
// CHECK-LABEL: llvm.func internal @nnid_entry_forward
// CHECK: llvm.mlir.global internal @mymodel_forward_busy(0 : i32) {{.*}}alignment = 4
// CHECK-LABEL: llvm.func @mymodel_forward(
// CHECK-SAME: %[[IN:.+]]: !llvm.ptr, %[[OUT:.+]]: !llvm.ptr) -> i32
// CHECK: %[[NULL:.+]] = llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.icmp "eq" %[[IN]], %[[NULL]]
// CHECK: llvm.icmp "eq" %[[OUT]], %[[NULL]]
// CHECK: %[[NULLSTATUS:.+]] = llvm.mlir.constant(3 : i32) : i32
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:.+]](%[[NULLSTATUS]] : i32), ^[[CALL:.+]]
// CHECK: ^[[FAIL]](%[[S:.+]]: i32):
// CHECK-NEXT: llvm.return %[[S]] : i32
// One call at a time: a call that finds the flag set returns 4.
// CHECK: ^[[CALL]]:
// CHECK-NEXT: %[[FLAG:.+]] = llvm.mlir.addressof @mymodel_forward_busy : !llvm.ptr
// CHECK-NEXT: %[[SET:.+]] = llvm.mlir.constant(1 : i32) : i32
// CHECK-NEXT: %[[WAS:.+]] = llvm.atomicrmw xchg %[[FLAG]], %[[SET]] acquire : !llvm.ptr, i32
// CHECK-NEXT: %[[CLEAR:.+]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT: %[[RUNNING:.+]] = llvm.icmp "ne" %[[WAS]], %[[CLEAR]] : i32
// CHECK-NEXT: %[[BUSY:.+]] = llvm.mlir.constant(4 : i32) : i32
// CHECK-NEXT: llvm.cond_br %[[RUNNING]], ^[[FAIL]](%[[BUSY]] : i32), ^[[GO:.+]]
// CHECK: ^[[GO]]:
// CHECK-DAG: %[[ZERO:.+]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-DAG: %[[TWO:.+]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-DAG: %[[THREE:.+]] = llvm.mlir.constant(3 : i64) : i64
// CHECK-DAG: %[[ONE:.+]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[R:.+]] = llvm.call @nnid_entry_forward(%[[IN]], %[[IN]], %[[ZERO]], %[[TWO]], %[[THREE]], %[[THREE]], %[[ONE]], %[[OUT]], %[[OUT]], %[[ZERO]], %[[TWO]], %[[ONE]])
// CHECK-NEXT: llvm.store %[[CLEAR]], %[[FLAG]] atomic release {alignment = 4 : i64} : i32, !llvm.ptr
// CHECK-NEXT: llvm.return %[[R]] : i32
module {
  llvm.func @helper() {
    llvm.return
  }
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %a5: i64, %a6: i64, %b0: !llvm.ptr, %b1: !llvm.ptr,
      %b2: i64, %b3: i64, %b4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<2x3xf32>, memref<2xf32>]} {
    llvm.call @helper() : () -> ()
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
  // func-to-llvm's C interface of the wrapper carries the attribute too.
  llvm.func @_mlir_ciface_nnid_entry_forward(%a: !llvm.ptr) -> i32
      attributes {nnid.entry_buffers = [memref<2x3xf32>, memref<2xf32>]} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

// A dynamic batch: `int64_t batch` first, below 1 returns 2, and it is the
// first size of every buffer.
// CHECK-LABEL: llvm.func @mymodel_net(
// CHECK-SAME: %[[BATCH:.+]]: i64, %[[IN:.+]]: !llvm.ptr, %[[OUT:.+]]: !llvm.ptr) -> i32
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:.+]](%{{.*}} : i32), ^[[CHECKBATCH:.+]]
// CHECK: ^[[CHECKBATCH]]:
// CHECK: %[[SMALL:.+]] = llvm.icmp "slt" %[[BATCH]], %{{.*}} : i64
// CHECK: %[[BATCHSTATUS:.+]] = llvm.mlir.constant(2 : i32) : i32
// CHECK: llvm.cond_br %[[SMALL]], ^[[FAIL]](%[[BATCHSTATUS]] : i32), ^[[CALL:.+]]
// CHECK: ^[[CALL]]:
// CHECK: llvm.atomicrmw xchg
// CHECK: llvm.call @nnid_entry_net(%[[IN]], %[[IN]], %{{.*}}, %[[BATCH]], %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]], %[[OUT]], %{{.*}}, %[[BATCH]], %{{.*}})
module {
  llvm.func @nnid_entry_net(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %a5: i64, %a6: i64, %b0: !llvm.ptr, %b1: !llvm.ptr,
      %b2: i64, %b3: i64, %b4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<?x3xf32>, memref<?xf32>]} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}
