// Two residual adds back to back, no relu after the add (MobileNetV2's
// linear bottlenecks). Each add joins the kernel of the conv before it; the
// first add's result is then read by both the second conv and the second
// add. It compiles, every elementwise op is absorbed, and every
// configuration of the pipeline gives PyTorch's numbers.
// RUN: nnid-opt %s --nnid-lower-to-llvm -o /dev/null
// RUN: nnid-opt %s --nnid-lower-to-llvm --mlir-print-ir-after=nnid-lower-cpu-kernels -o /dev/null 2>&1 | FileCheck %s --check-prefix=FUSED
// RUN: %python %S/Inputs/topology_data.py residual_chain %t.safetensors
// RUN: nnid-run %s --data %t.safetensors --configs=all | FileCheck %s

// FUSED-LABEL: IR Dump After LowerCPUKernels
// FUSED: func.func @forward
// FUSED-NOT: linalg.generic
// FUSED-NOT: linalg.broadcast
// FUSED: return

// CHECK-NOT: DIFFERS
// CHECK-NOT: FAILED
// CHECK: {{^[0-9]+}} passed, 0 failed

func.func @forward(%x: tensor<1x8x8x8xf32>, %w1: tensor<8x8x1x1xf32>, %b1: tensor<8xf32>, %w2: tensor<8x8x1x1xf32>, %b2: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = nnid.conv2d %x, %w1, %b1 : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %y = nnid.add %x, %0 : tensor<1x8x8x8xf32>
  %1 = nnid.conv2d %y, %w2, %b2 : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %z = nnid.add %y, %1 : tensor<1x8x8x8xf32>
  return %z : tensor<1x8x8x8xf32>
}
