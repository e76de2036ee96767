// RUN: nnid-opt %s -split-input-file --nnid-add-c-entry-point=name=mymodel --cse | FileCheck %s

// Static buffers: one pointer each; null pointers return 3; the wrapper gets
// dense row-major descriptors (pointer, pointer, offset, sizes, strides),
// then its workspace's. Everything but the four entry functions becomes
// internal. (--cse merges the constants the pass creates one by one.)
// CHECK-DAG: llvm.mlir.global internal @mymodel_forward_busy() {addr_space = 0 : i32, alignment = 4 : i64} : i32
// CHECK-DAG: llvm.mlir.global internal @mymodel_forward_workspace() {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<96 x i8>
// CHECK-LABEL: llvm.func internal @helper
// CHECK-LABEL: llvm.func internal @nnid_entry_forward
// CHECK-LABEL: llvm.func @mymodel_forward(
// CHECK-SAME: %[[IN:.+]]: !llvm.ptr, %[[OUT:.+]]: !llvm.ptr) -> i32
// CHECK: %[[NULL:.+]] = llvm.mlir.zero : !llvm.ptr
// CHECK: llvm.icmp "eq" %[[IN]], %[[NULL]]
// CHECK: llvm.icmp "eq" %[[OUT]], %[[NULL]]
// CHECK: %[[NULLSTATUS:.+]] = llvm.mlir.constant(3 : i32) : i32
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:.+]](%[[NULLSTATUS]] : i32), ^[[CHECKED:.+]]
// CHECK: ^[[FAIL]](%[[S:.+]]: i32):
// CHECK-NEXT: llvm.return %[[S]] : i32
// CHECK: ^[[CHECKED]]:
// CHECK-NEXT: llvm.br ^[[CALL:.+]]
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
// CHECK-NEXT: %[[WS:.+]] = llvm.mlir.addressof @mymodel_forward_workspace : !llvm.ptr
// CHECK-DAG: %[[ZERO:.+]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-DAG: %[[TWO:.+]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-DAG: %[[THREE:.+]] = llvm.mlir.constant(3 : i64) : i64
// CHECK-DAG: %[[ONE:.+]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-DAG: %[[BYTES:.+]] = llvm.mlir.constant(96 : i64) : i64
// CHECK: %[[R:.+]] = llvm.call @nnid_entry_forward(%[[IN]], %[[IN]], %[[ZERO]], %[[TWO]], %[[THREE]], %[[THREE]], %[[ONE]], %[[OUT]], %[[OUT]], %[[ZERO]], %[[TWO]], %[[ONE]], %[[WS]], %[[WS]], %[[ZERO]], %[[BYTES]], %[[ONE]])
// CHECK-NEXT: llvm.store %[[CLEAR]], %[[FLAG]] atomic release {alignment = 4 : i64} : i32, !llvm.ptr
// CHECK-NEXT: llvm.return %[[R]] : i32

// The caller's workspace: null or not 64-byte aligned returns 5; no flag.
// CHECK-LABEL: llvm.func @mymodel_forward_with_workspace(
// CHECK-SAME: %[[IN:.+]]: !llvm.ptr, %[[OUT:.+]]: !llvm.ptr, %[[WS:.+]]: !llvm.ptr) -> i32
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:.+]](%{{.*}} : i32), ^[[CHECKWS:.+]]
// CHECK: ^[[CHECKWS]]:
// CHECK-NEXT: %[[ADDRESS:.+]] = llvm.ptrtoint %[[WS]] : !llvm.ptr to i64
// CHECK-NEXT: %[[MASK:.+]] = llvm.mlir.constant(63 : i64) : i64
// CHECK-NEXT: %[[LOW:.+]] = llvm.and %[[ADDRESS]], %[[MASK]] : i64
// CHECK-DAG: %[[ISNULL:.+]] = llvm.icmp "eq" %[[WS]], %{{.*}} : !llvm.ptr
// CHECK-DAG: %[[ZERO:.+]] = llvm.mlir.constant(0 : i64) : i64
// CHECK-DAG: %[[MISALIGNED:.+]] = llvm.icmp "ne" %[[LOW]], %[[ZERO]] : i64
// CHECK: %[[BAD:.+]] = llvm.or %[[ISNULL]], %[[MISALIGNED]] : i1
// CHECK-NEXT: %[[WSSTATUS:.+]] = llvm.mlir.constant(5 : i32) : i32
// CHECK-NEXT: llvm.cond_br %[[BAD]], ^[[FAIL]](%[[WSSTATUS]] : i32), ^[[OK:.+]]
// CHECK-NOT: atomicrmw
// CHECK: llvm.call @nnid_entry_forward(%[[IN]], %[[IN]], %{{.*}}, %[[OUT]], %[[OUT]], %{{.*}}, %[[WS]], %[[WS]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NEXT: llvm.return

// CHECK-LABEL: llvm.func @mymodel_forward_workspace_size() -> i64
// CHECK-NEXT: %[[N:.+]] = llvm.mlir.constant(96 : i64) : i64
// CHECK-NEXT: llvm.return %[[N]] : i64
// CHECK-LABEL: llvm.func @mymodel_forward_workspace_alignment() -> i64
// CHECK-NEXT: %[[A:.+]] = llvm.mlir.constant(64 : i64) : i64
// CHECK-NEXT: llvm.return %[[A]] : i64
module {
  llvm.func @helper() {
    llvm.return
  }
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %a5: i64, %a6: i64, %b0: !llvm.ptr, %b1: !llvm.ptr,
      %b2: i64, %b3: i64, %b4: i64, %w0: !llvm.ptr, %w1: !llvm.ptr, %w2: i64,
      %w3: i64, %w4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<2x3xf32>, memref<2xf32>],
                  nnid.workspace_bytes = 96 : i64} {
    llvm.call @helper() : () -> ()
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
  // func-to-llvm's C interface of the wrapper carries the attributes too.
  llvm.func @_mlir_ciface_nnid_entry_forward(%a: !llvm.ptr) -> i32
      attributes {nnid.entry_buffers = [memref<2x3xf32>, memref<2xf32>],
                  nnid.workspace_bytes = 96 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

// A dynamic batch: `int64_t batch` first, below 1 returns 2, and it is the
// first size of every buffer. An empty workspace needs no check.
// CHECK-LABEL: llvm.func @mymodel_net(
// CHECK-SAME: %[[BATCH:.+]]: i64, %[[IN:.+]]: !llvm.ptr, %[[OUT:.+]]: !llvm.ptr) -> i32
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:.+]](%{{.*}} : i32), ^[[CHECKBATCH:.+]]
// CHECK: ^[[CHECKBATCH]]:
// CHECK: %[[SMALL:.+]] = llvm.icmp "slt" %[[BATCH]], %{{.*}} : i64
// CHECK: %[[BATCHSTATUS:.+]] = llvm.mlir.constant(2 : i32) : i32
// CHECK: llvm.cond_br %[[SMALL]], ^[[FAIL]](%[[BATCHSTATUS]] : i32), ^[[CHECKED:.+]]
// CHECK: llvm.atomicrmw xchg
// CHECK: llvm.call @nnid_entry_net(%[[IN]], %[[IN]], %{{.*}}, %[[BATCH]], %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]], %[[OUT]], %{{.*}}, %[[BATCH]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-LABEL: llvm.func @mymodel_net_with_workspace(
// CHECK-SAME: %[[BATCH:.+]]: i64, %[[IN:.+]]: !llvm.ptr, %[[OUT:.+]]: !llvm.ptr, %[[WS:.+]]: !llvm.ptr) -> i32
// CHECK-NOT: llvm.ptrtoint
// CHECK: llvm.call @nnid_entry_net(
// CHECK-LABEL: llvm.func @mymodel_net_workspace_size() -> i64
// CHECK-NEXT: llvm.mlir.constant(0 : i64) : i64
module {
  llvm.func @nnid_entry_net(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %a5: i64, %a6: i64, %b0: !llvm.ptr, %b1: !llvm.ptr,
      %b2: i64, %b3: i64, %b4: i64, %w0: !llvm.ptr, %w1: !llvm.ptr, %w2: i64,
      %w3: i64, %w4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<?x3xf32>, memref<?xf32>],
                  nnid.workspace_bytes = 0 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}
