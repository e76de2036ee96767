// Found by the random-graph tester (seed 2410, reduced): with 8-lane
// vectors the 22-channel identity-based conv is computed in two channel
// blocks; its relu, fused into it, once wrote the buffer that held the
// conv's input (bufferization had given both the same empty tensor's
// buffer), so the second block read overwritten inputs. The consumer now
// gets a buffer of its own, and a kernel never writes a buffer it reads.
// RUN: %python %S/Inputs/topology_data.py shared_buffer %t.safetensors
// RUN: nnid-run %s --data %t.safetensors --configs=all | FileCheck %s

// CHECK-NOT: DIFFERS
// CHECK-NOT: FAILED
// CHECK: {{^[0-9]+}} passed, 0 failed

func.func @forward(%x: tensor<1x22x9x9xf32>, %w1: tensor<22x22x5x5xf32>, %b1: tensor<22xf32>, %w2: tensor<22x22x1x1xf32>, %w3: tensor<1x22x1x1xf32>) -> tensor<1x23x1x1xf32> {
  %v0 = nnid.conv2d %x, %w1, %b1 {dilation = array<i64: 2, 2>} : (tensor<1x22x9x9xf32>, tensor<22x22x5x5xf32>, tensor<22xf32>) -> tensor<1x22x1x1xf32>
  %v1 = nnid.identity_conv1x1 %v0, %w2 : tensor<1x22x1x1xf32>, tensor<22x22x1x1xf32>
  %v2 = nnid.relu %v1 : tensor<1x22x1x1xf32>
  %v3 = nnid.conv2d %v2, %w3 : (tensor<1x22x1x1xf32>, tensor<1x22x1x1xf32>) -> tensor<1x1x1x1xf32>
  %v4 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : tensor<1x22x9x9xf32> -> tensor<1x22x1x1xf32>
  %v5 = nnid.concat %v4, %v3 {axis = 1 : i64} : (tensor<1x22x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x23x1x1xf32>
  return %v5 : tensor<1x23x1x1xf32>
}
