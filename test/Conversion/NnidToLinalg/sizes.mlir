// Sizes beyond the dialect's limits stop at the verifier, before the
// lowering allocates anything for them; within the limits, the lowering of
// adaptive pooling takes time and memory that do not grow with the output
// size (the memory limit is far below what per-bin tables would need here).
//
// RUN: ulimit -v 2000000
// RUN: not nnid-opt %s -split-input-file --mlir-disable-threading --nnid-lower-to-llvm > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=ERR --input-file=%t.err
// RUN: FileCheck %s --check-prefix=OK --input-file=%t.out

// ERR: error: 'nnid.adaptive_avg_pool2d' op 'output_size' must be at most 2147483647 (2^31 - 1), got [1, 1000000000000]
func.func @adaptive_output_huge(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x1x1000000000000xf32> {
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1000000000000>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1000000000000xf32>
  return %0 : tensor<1x3x1x1000000000000xf32>
}

// -----

// ERR: error: 'nnid.adaptive_avg_pool2d' op 'output_size' must be at most 2147483647 (2^31 - 1), got [2, 4611686018427387904]
func.func @adaptive_output_wraps(%x: tensor<1x1x3x8xf32>) -> tensor<1x1x2x4611686018427387904xf32> {
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 2, 4611686018427387904>} : tensor<1x1x3x8xf32> -> tensor<1x1x2x4611686018427387904xf32>
  return %0 : tensor<1x1x2x4611686018427387904xf32>
}

// -----

// ERR: error: 'nnid.max_pool2d' op 'kernel_size' must be at most 2147483647 (2^31 - 1), got [4611686018427387904, 1]
func.func @max_pool_kernel_huge(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x1x8xf32> {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 4611686018427387904, 1>, stride = array<i64: 1, 1>, padding = array<i64: 2305843009213693952, 0, 2305843009213693952, 0>} : tensor<1x1x8x8xf32> -> tensor<1x1x1x8xf32>
  return %0 : tensor<1x1x1x8xf32>
}

// -----

// One bin of 300 rows by 1 or 2 columns per output: compiles.
// OK: llvm.func @adaptive_wide
func.func @adaptive_wide(%x: tensor<1x1x300x300xf32>) -> tensor<1x1x1x1000000xf32> {
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1000000>} : tensor<1x1x300x300xf32> -> tensor<1x1x1x1000000xf32>
  return %0 : tensor<1x1x1x1000000xf32>
}

// -----

// An average pool whose window counts vary, with 2^32 + 2^16 outputs: the
// counts are computed at run time, one [OH] and one [OW] vector, so the
// lowering gets through within the memory limit to the static workspace,
// which refuses the 32 GiB of intermediate buffers this needs.
// ERR: error: the intermediate buffers of 'avg_pool_many_outputs' need a workspace of 34361835648 bytes, more than the limit of 17179869184 bytes (nnid-static-workspace max-bytes)
func.func @avg_pool_many_outputs(%x: tensor<1x1x65536x65537xf32>) -> tensor<1x1x65536x65537xf32> {
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : tensor<1x1x65536x65537xf32> -> tensor<1x1x65536x65537xf32>
  return %0 : tensor<1x1x65536x65537xf32>
}
