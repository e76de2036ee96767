// RUN: nnid-opt %s -split-input-file --nnid-static-workspace=max-bytes=4096 -verify-diagnostics

// Two live 2 KiB buffers need 4 KiB: within the limit.
func.func @fits(%out: memref<512xf32>) {
  %a = memref.alloc() : memref<512xf32>
  %b = memref.alloc() : memref<512xf32>
  memref.copy %a, %b : memref<512xf32> to memref<512xf32>
  memref.copy %b, %out : memref<512xf32> to memref<512xf32>
  return
}

// -----

// Three overlapping ones need 6 KiB (the last 64-byte aligned after the
// others).
// expected-error @below {{the intermediate buffers of 'too_large' need a workspace of 6144 bytes, more than the limit of 4096 bytes (nnid-static-workspace max-bytes)}}
func.func @too_large(%out: memref<512xf32>) {
  %a = memref.alloc() : memref<512xf32>
  %b = memref.alloc() : memref<512xf32>
  %c = memref.alloc() : memref<512xf32>
  memref.copy %a, %b : memref<512xf32> to memref<512xf32>
  memref.copy %b, %c : memref<512xf32> to memref<512xf32>
  memref.copy %a, %c : memref<512xf32> to memref<512xf32>
  memref.copy %c, %out : memref<512xf32> to memref<512xf32>
  return
}
