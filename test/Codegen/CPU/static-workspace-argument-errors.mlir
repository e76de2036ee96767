// RUN: nnid-opt %s --nnid-static-workspace=argument -verify-diagnostics

// A function that is called cannot take a new argument.
// expected-error @below {{cannot pass the workspace of 'callee' as an argument: the function is called}}
func.func private @callee(%x: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  memref.copy %a, %x : memref<4xf32> to memref<4xf32>
  return
}
func.func @caller(%x: memref<4xf32>) {
  call @callee(%x) : (memref<4xf32>) -> ()
  return
}
