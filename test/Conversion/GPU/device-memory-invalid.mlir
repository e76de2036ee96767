// RUN: nnid-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(func.func(nnid-gpu-device-memory))'

func.func @host_reads_device_buffer(%in: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'memref.load' op accesses a buffer in GPU memory from host code; only GPU kernels may read or write it}}
  %e = memref.load %in[%c0] : memref<8xf32>
  return %e : f32
}

// -----

func.func @stack_buffer_in_kernel(%out: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  // expected-error@+1 {{'memref.alloca' op is a stack buffer that a GPU kernel uses}}
  %stack = memref.alloca() : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1) {
    %e = memref.load %stack[%tx] : memref<4xf32>
    memref.store %e, %out[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}
