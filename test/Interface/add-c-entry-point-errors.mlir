// RUN: nnid-opt %s -split-input-file --nnid-add-c-entry-point=name=mymodel -verify-diagnostics
// RUN: not nnid-opt %s -split-input-file --nnid-add-c-entry-point=name=9lives 2>&1 | FileCheck %s --check-prefix=NAME

// NAME: error: the name '9lives' is not a C identifier (letters, digits and '_', not starting with a digit)

// expected-error @below {{expected one entry wrapper lowered to the LLVM dialect (an llvm.func with 'nnid.entry_buffers'), found 0}}
module {
  llvm.func @f() {
    llvm.return
  }
}

// -----

module {
  // expected-error @below {{only the first (batch) dimension of a buffer may be dynamic in a C entry point, got 'memref<2x?xf32>'}}
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %a5: i64, %a6: i64) -> i32
      attributes {nnid.entry_buffers = [memref<2x?xf32>],
                  nnid.workspace_bytes = 0 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

module {
  // expected-error @below {{the lowered 'nnid_entry_forward' takes 1 values, not the 10 of its buffers' and workspace's descriptors}}
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr) -> i32
      attributes {nnid.entry_buffers = [memref<4xf32>],
                  nnid.workspace_bytes = 0 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

module {
  // expected-error @below {{'nnid.entry_buffers' must list memref types with the identity layout}}
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr) -> i32
      attributes {nnid.entry_buffers = [tensor<4xf32>],
                  nnid.workspace_bytes = 0 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

// expected-error @below {{the module already has a symbol 'mymodel_forward'}}
module {
  llvm.func @mymodel_forward()
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %w0: !llvm.ptr, %w1: !llvm.ptr, %w2: i64, %w3: i64,
      %w4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<4xf32>],
                  nnid.workspace_bytes = 0 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

// expected-error @below {{the module already has a symbol 'mymodel_forward_with_workspace'}}
module {
  llvm.mlir.global internal @mymodel_forward_with_workspace(0 : i32) : i32
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64, %w0: !llvm.ptr, %w1: !llvm.ptr, %w2: i64, %w3: i64,
      %w4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<4xf32>],
                  nnid.workspace_bytes = 0 : i64} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}

// -----

module {
  // expected-error @below {{expected 'nnid.workspace_bytes', the size of the workspace the wrapper takes as its last argument (nnid-static-workspace{argument})}}
  llvm.func @nnid_entry_forward(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64,
      %a3: i64, %a4: i64) -> i32
      attributes {nnid.entry_buffers = [memref<4xf32>]} {
    %0 = llvm.mlir.constant(0 : i32) : i32
    llvm.return %0 : i32
  }
}
