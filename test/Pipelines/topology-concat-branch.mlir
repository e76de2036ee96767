// A concat whose first input is relu(conv), beside another conv
// (SqueezeNet's Fire, GoogLeNet's Inception). The kernel of the first conv
// absorbs the relu and writes its slice of the concat, which exists only
// after the conv: it compiles, every elementwise op is absorbed, and every
// configuration of the pipeline gives PyTorch's numbers.
// RUN: nnid-opt %s --nnid-lower-to-llvm -o /dev/null
// RUN: nnid-opt %s --nnid-lower-to-llvm --mlir-print-ir-after=nnid-lower-cpu-kernels -o /dev/null 2>&1 | FileCheck %s --check-prefix=FUSED
// RUN: %python %S/Inputs/topology_data.py concat_branch %t.safetensors
// RUN: nnid-run %s --data %t.safetensors --configs=all | FileCheck %s

// FUSED-LABEL: IR Dump After LowerCPUKernels
// FUSED: func.func @forward
// FUSED-NOT: linalg.generic
// FUSED-NOT: linalg.broadcast
// FUSED: return

// CHECK-NOT: DIFFERS
// CHECK-NOT: FAILED
// CHECK: {{^[0-9]+}} passed, 0 failed

func.func @forward(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>, %b: tensor<8xf32>, %w2: tensor<8x8x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x16x8x8xf32> {
  %0 = nnid.conv2d %x, %w, %b : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %1 = nnid.relu %0 : tensor<1x8x8x8xf32>
  %2 = nnid.conv2d %x, %w2, %b2 : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %3 = nnid.identity %2 : tensor<1x8x8x8xf32>
  %4 = nnid.concat %1, %3 {axis = 1 : i64} : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %4 : tensor<1x16x8x8xf32>
}
