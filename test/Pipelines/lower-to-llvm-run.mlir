// The pipeline's output runs under mlir-runner: a main that builds its
// input with arith.constant, calls nnid ops and prints the result.
// RUN: nnid-opt %s --nnid-lower-to-llvm \
// RUN: | mlir-runner -e main --entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN: | FileCheck %s

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

// Hand-checked: conv with kernel [[1, 0], [0, -1]] and bias 0.5 on a 3x3
// ramp, then relu and a 2x2 max pool with ceil_mode.
//   x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
//   conv = x[i][j] - x[i+1][j+1] + 0.5 = -3.5 everywhere
//   with padding 1 on the bottom/right: the last row/column sees zeros:
//   [[-3.5, -3.5, 3.5], [-3.5, -3.5, 6.5], [7.5, 8.5, 9.5]]
//   relu -> [[0, 0, 3.5], [0, 0, 6.5], [7.5, 8.5, 9.5]]
//   2x2 max pool, stride 2, ceil_mode: [[0, 6.5], [8.5, 9.5]]
// CHECK: [0,   6.5],
// CHECK: [8.5,   9.5]
func.func @main() {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<[[[[1.0, 0.0], [0.0, -1.0]]]]> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %0 = nnid.conv2d %x, %w, %b {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  %1 = nnid.relu %0 : tensor<1x1x3x3xf32>
  %2 = nnid.identity %1 : tensor<1x1x3x3xf32>
  %3 = nnid.max_pool2d %2 {kernel_size = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  %m = bufferization.to_buffer %3 : tensor<1x1x2x2xf32> to memref<1x1x2x2xf32>
  %u = memref.cast %m : memref<1x1x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
