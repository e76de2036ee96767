// RUN: nnid-opt %s -split-input-file --nnid-check-entry-allocations | FileCheck %s

// Each malloc in the wrapper's body is followed by a null check that
// returns 6 from one shared block; the first block's malloc and the second
// block's are both checked.
// CHECK-LABEL: llvm.func @nnid_entry_forward(
// CHECK: %[[A:.+]] = llvm.call @malloc(%{{.+}}) : (i64) -> !llvm.ptr
// CHECK-NEXT: %[[NULL:.+]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT: %[[ISNULL:.+]] = llvm.icmp "eq" %[[A]], %[[NULL]] : !llvm.ptr
// CHECK-NEXT: llvm.cond_br %[[ISNULL]], ^[[OOM:.+]], ^[[NEXT:.+]]
// CHECK: ^[[NEXT]]:
// CHECK-NEXT: llvm.br ^[[SECOND:.+]]
// CHECK: ^[[SECOND]]:
// CHECK-NEXT: %[[B:.+]] = llvm.call @malloc(
// CHECK-NEXT: %[[NULL2:.+]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT: %[[ISNULL2:.+]] = llvm.icmp "eq" %[[B]], %[[NULL2]] : !llvm.ptr
// CHECK-NEXT: llvm.cond_br %[[ISNULL2]], ^[[OOM]], ^[[REST:.+]]
// CHECK: ^[[REST]]:
// CHECK-NEXT: llvm.call @free(%[[A]])
// CHECK: ^[[OOM]]:
// CHECK-NEXT: %[[STATUS:.+]] = llvm.mlir.constant(6 : i32) : i32
// CHECK-NEXT: llvm.return %[[STATUS]] : i32
// A function that is not an entry wrapper is left alone.
// CHECK-LABEL: llvm.func @helper(
// CHECK-NEXT: llvm.call @malloc
// CHECK-NEXT: llvm.return
module {
  llvm.func @malloc(i64) -> !llvm.ptr
  llvm.func @free(!llvm.ptr)
  llvm.func @nnid_entry_forward(%n: i64) -> i32
      attributes {nnid.entry_buffers = [memref<?xf32>]} {
    %a = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
    llvm.br ^bb1
  ^bb1:
    %b = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
    llvm.call @free(%a) : (!llvm.ptr) -> ()
    llvm.call @free(%b) : (!llvm.ptr) -> ()
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
  llvm.func @helper(%n: i64) -> !llvm.ptr {
    %a = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
    llvm.return %a : !llvm.ptr
  }
}

// -----

// A wrapper without a malloc is unchanged.
// CHECK-LABEL: llvm.func @nnid_entry_net(
// CHECK-NEXT: llvm.mlir.constant(0 : i32)
// CHECK-NEXT: llvm.return
// CHECK-NOT: llvm.mlir.constant(6 : i32)
module {
  llvm.func @nnid_entry_net() -> i32
      attributes {nnid.entry_buffers = [memref<4xf32>]} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}
