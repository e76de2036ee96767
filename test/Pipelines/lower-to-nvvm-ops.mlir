// Every op of the nnid dialect lowers through --nnid-lower-to-nvvm: to GPU
// kernels of 256 threads in PTX, with host code that leaves no loops or
// buffers on the host.
//
// RUN: nnid-opt %s -split-input-file --nnid-lower-to-nvvm=format=isa \
// RUN: | FileCheck %s

// CHECK-LABEL: llvm.func @identity(
// CHECK: llvm.return
func.func @identity(%x: tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32> {
  %y = nnid.identity %x : tensor<?x4x5x5xf32>
  return %y : tensor<?x4x5x5xf32>
}

// -----

// CHECK-LABEL: llvm.func @conv2d_groups(
// CHECK-COUNT-4: gpu.launch_func
// CHECK-NOT: llvm.call @malloc
// CHECK: gpu.binary
func.func @conv2d_groups(%x: tensor<1x4x7x7xf32>, %w: tensor<6x2x3x3xf32>,
                         %b: tensor<6xf32>) -> tensor<1x6x4x2xf32> {
  %y = nnid.conv2d %x, %w, %b {stride = array<i64: 2, 2>,
                               padding = array<i64: 1, 0, 1, 0>,
                               dilation = array<i64: 1, 2>,
                               groups = 2 : i64}
      : (tensor<1x4x7x7xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>)
      -> tensor<1x6x4x2xf32>
  return %y : tensor<1x6x4x2xf32>
}

// -----

// CHECK-LABEL: llvm.func @conv2d_depthwise(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @conv2d_depthwise(%x: tensor<1x4x8x8xf32>,
                            %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %y = nnid.conv2d %x, %w {groups = 4 : i64}
      : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// CHECK-LABEL: llvm.func @identity_conv1x1(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @identity_conv1x1(%x: tensor<1x4x5x5xf32>,
                            %w: tensor<4x2x1x1xf32>) -> tensor<1x4x5x5xf32> {
  %y = nnid.identity_conv1x1 %x, %w {groups = 2 : i64}
      : tensor<1x4x5x5xf32>, tensor<4x2x1x1xf32>
  return %y : tensor<1x4x5x5xf32>
}

// -----

// CHECK-LABEL: llvm.func @max_pool2d(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @max_pool2d(%x: tensor<?x2x8x8xf32>) -> tensor<?x2x5x5xf32> {
  %y = nnid.max_pool2d %x {kernel_size = array<i64: 3, 3>,
                           stride = array<i64: 2, 2>,
                           padding = array<i64: 1, 1, 1, 1>,
                           ceil_mode = true}
      : tensor<?x2x8x8xf32> -> tensor<?x2x5x5xf32>
  return %y : tensor<?x2x5x5xf32>
}

// -----

// Constants (the pooling window sizes) are copied to the device.
// CHECK-LABEL: llvm.func @avg_pool2d(
// CHECK: llvm.call @mgpuMemcpy
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @avg_pool2d(%x: tensor<1x2x9x9xf32>) -> tensor<1x2x5x5xf32> {
  %y = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>,
                           stride = array<i64: 2, 2>,
                           padding = array<i64: 1, 1, 1, 1>,
                           count_include_pad = false}
      : tensor<1x2x9x9xf32> -> tensor<1x2x5x5xf32>
  return %y : tensor<1x2x5x5xf32>
}

// -----

// CHECK-LABEL: llvm.func @adaptive_avg_pool2d(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @adaptive_avg_pool2d(%x: tensor<2x3x7x5xf32>) -> tensor<2x3x3x2xf32> {
  %y = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 3, 2>}
      : tensor<2x3x7x5xf32> -> tensor<2x3x3x2xf32>
  return %y : tensor<2x3x3x2xf32>
}

// -----

// CHECK-LABEL: llvm.func @relu_add(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @relu_add(%x: tensor<?x3x4x4xf32>,
                    %y: tensor<?x3x4x4xf32>) -> tensor<?x3x4x4xf32> {
  %r = nnid.relu %x : tensor<?x3x4x4xf32>
  %s = nnid.add %r, %y : tensor<?x3x4x4xf32>
  return %s : tensor<?x3x4x4xf32>
}

// -----

// CHECK-LABEL: llvm.func @concat(
// CHECK-COUNT-2: gpu.launch_func
// CHECK: gpu.binary
func.func @concat(%a: tensor<1x2x3x3xf32>,
                  %b: tensor<1x3x3x3xf32>) -> tensor<1x5x3x3xf32> {
  %c = nnid.concat %a, %b {axis = 1 : i64}
      : (tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>) -> tensor<1x5x3x3xf32>
  return %c : tensor<1x5x3x3xf32>
}

// -----

// CHECK-LABEL: llvm.func @batch_norm(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @batch_norm(%x: tensor<?x5x3x3xf32>, %g: tensor<5xf32>,
                      %b: tensor<5xf32>, %m: tensor<5xf32>,
                      %v: tensor<5xf32>) -> tensor<?x5x3x3xf32> {
  %y = nnid.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f64}
      : tensor<?x5x3x3xf32>, tensor<5xf32>
  return %y : tensor<?x5x3x3xf32>
}

// -----

// CHECK-LABEL: llvm.func @flatten_linear(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @flatten_linear(%x: tensor<?x2x3x2xf32>, %w: tensor<7x12xf32>,
                          %b: tensor<7xf32>) -> tensor<?x7xf32> {
  %f = nnid.flatten %x : tensor<?x2x3x2xf32> -> tensor<?x12xf32>
  %y = nnid.linear %f, %w, %b
      : (tensor<?x12xf32>, tensor<7x12xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  return %y : tensor<?x7xf32>
}

// -----

// Every activation: its exp, tanh and erf become polynomials, so the
// kernels call no libdevice function.
// CHECK-LABEL: llvm.func @activations(
// CHECK: gpu.launch_func
// CHECK: gpu.binary
func.func @activations(%x: tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32> {
  %0 = nnid.hardtanh %x {min_val = 0.0, max_val = 6.0} : tensor<?x4x5x5xf32>
  %1 = nnid.sigmoid %0 : tensor<?x4x5x5xf32>
  %2 = nnid.silu %1 : tensor<?x4x5x5xf32>
  %3 = nnid.hardsigmoid %2 : tensor<?x4x5x5xf32>
  %4 = nnid.hardswish %3 : tensor<?x4x5x5xf32>
  %5 = nnid.gelu %4 : tensor<?x4x5x5xf32>
  %6 = nnid.gelu %5 {approximate = "tanh"} : tensor<?x4x5x5xf32>
  %7 = nnid.leaky_relu %6 : tensor<?x4x5x5xf32>
  %8 = nnid.elu %7 : tensor<?x4x5x5xf32>
  %9 = nnid.selu %8 : tensor<?x4x5x5xf32>
  %10 = nnid.softplus %9 : tensor<?x4x5x5xf32>
  %11 = nnid.softsign %10 : tensor<?x4x5x5xf32>
  %12 = nnid.tanh %11 : tensor<?x4x5x5xf32>
  return %12 : tensor<?x4x5x5xf32>
}
