// RUN: nnid-opt %s -split-input-file --nnid-reparameterize -verify-diagnostics -o /dev/null
// RUN: nnid-opt %s -split-input-file --nnid-reparameterize=remarks=false 2>&1 | FileCheck %s --check-prefix=QUIET
// --nnid-reparameterize reports every merge as a remark on the op it
// replaces; with remarks=false it says nothing.
// QUIET-NOT: remark:

func.func @fold_batch_norm(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c = nnid.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{fused batch_norm into 3x3 conv2d}}
  %y = nnid.batch_norm %c, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

func.func @repvgg(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %n3 = nnid.batch_norm %c3, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  %c1 = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %n1 = nnid.batch_norm %c1, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  %ni = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  %s = nnid.add %n3, %n1 : tensor<1x2x4x4xf32>
  // expected-remark@+1 {{merged 3 parallel branches into one 3x3 conv2d: 3x3 conv2d -> batch_norm; 1x1 conv2d -> batch_norm; batch_norm}}
  %t = nnid.add %s, %ni : tensor<1x2x4x4xf32>
  return %t : tensor<1x2x4x4xf32>
}

// -----

func.func @identity_branch(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x3x3xf32>
  %c = nnid.conv2d %x, %w {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{merged 2 parallel branches into one 3x3 conv2d (groups = 2): 3x3 conv2d; identity}}
  %y = nnid.add %c, %x : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

func.func @sequential(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %a = nnid.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x6x6xf32>
  // expected-remark@+1 {{merged 1x1 conv2d -> 3x3 conv2d into one 3x3 conv2d}}
  %y = nnid.conv2d %a, %w3 : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

func.func @concat(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %wa = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %wb = arith.constant dense<2.0> : tensor<2x2x3x3xf32>
  %a = nnid.conv2d %x, %wa {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %b = nnid.conv2d %x, %wb {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  // expected-remark@+1 {{merged 2 concatenated branches into one 3x3 conv2d with 4 output channels: 3x3 conv2d; 3x3 conv2d}}
  %y = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %p = arith.constant dense<[2.0, 6.0]> : tensor<2xf32>
  %a = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  // expected-remark@+1 {{fused batch_norm into 2x2 avg_pool2d as one 2x2 conv2d (groups = 2)}}
  %y = nnid.batch_norm %a, %p, %p, %p, %p : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Nothing merges, nothing is reported.
func.func @refused(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w3 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %c3 = nnid.conv2d %x, %w3 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %r3 = nnid.relu %c3 : tensor<1x2x4x4xf32>
  %c1 = nnid.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r1 = nnid.relu %c1 : tensor<1x2x4x4xf32>
  %y = nnid.add %r3, %r1 : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
