// RUN: nnid-opt %s -split-input-file -verify-diagnostics
// What ODS declares for each operand and attribute (dialect/NnidBase.td):
// one invalid case per constraint and way of breaking it, on the ops that
// use it. Checks across operands are in invalid.mlir.

//===----------------------------------------------------------------------===//
// Activations: f32, rank at least 1, static except the batch dimension
//===----------------------------------------------------------------------===//

func.func @unranked(%x: tensor<*xf32>) {
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<*xf32>'}}
  %0 = "nnid.relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @relu_scalar(%x: tensor<f32>) {
  // Ops that infer their result type while parsing leave the report to the
  // verifier.
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<f32>'}}
  %0 = nnid.relu %x : tensor<f32>
  return
}

// -----

func.func @identity_element_type(%x: tensor<2x3xf16>) {
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<2x3xf16>'}}
  %0 = nnid.identity %x : tensor<2x3xf16>
  return
}

// -----

func.func @add_dynamic(%x: tensor<1x?xf32>) {
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<1x?xf32>'}}
  %0 = nnid.add %x, %x : tensor<1x?xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<1x4xf32>, %b: tensor<1x4xi32>) {
  // expected-error@+1 {{operand #1 must be variadic of tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<1x4xi32>'}}
  %0 = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4xi32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @flatten_scalar(%x: tensor<f32>) {
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<f32>'}}
  %0 = nnid.flatten %x : tensor<f32> -> tensor<1xf32>
  return
}

// -----

func.func @relu_result(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{result #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<1x4xf16>'}}
  %0 = "nnid.relu"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// NCHW activations
//===----------------------------------------------------------------------===//

func.func @conv_element_type(%x: tensor<1x3x8x8xf16>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, but got 'tensor<1x3x8x8xf16>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf16>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, but got 'tensor<3x8x8xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dynamic_channels(%x: tensor<1x?x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, but got 'tensor<1x?x8x8xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x?x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_result_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{result #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, but got 'tensor<1x4x36xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x36xf32>
  return
}

// -----

func.func @identity_conv_input_rank(%x: tensor<1x8x16xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, but got 'tensor<1x8x16xf32>'}}
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x8x16xf32>, tensor<8x8x1x1xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Pooling inputs: NCHW with non-zero channels, height and width
//===----------------------------------------------------------------------===//

func.func @max_pool_dynamic_channels(%x: tensor<1x?x8x8xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, with non-zero C, H and W, but got 'tensor<1x?x8x8xf32>'}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x?x8x8xf32> -> tensor<1x?x4x4xf32>
  return
}

// -----

func.func @max_pool_empty(%x: tensor<1x3x0x8xf32>) {
  // PyTorch rejects empty non-batch dimensions in pooling.
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, with non-zero C, H and W, but got 'tensor<1x3x0x8xf32>'}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 1, 1>} : tensor<1x3x0x8xf32> -> tensor<1x3x0x8xf32>
  return
}

// -----

func.func @avg_pool_rank(%x: tensor<3x8x8xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, with non-zero C, H and W, but got 'tensor<3x8x8xf32>'}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @avg_pool_empty(%x: tensor<1x3x8x0xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, with non-zero C, H and W, but got 'tensor<1x3x8x0xf32>'}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 1, 1>} : tensor<1x3x8x0xf32> -> tensor<1x3x8x0xf32>
  return
}

// -----

func.func @adaptive_empty(%x: tensor<1x0x8x8xf32>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, with non-zero C, H and W, but got 'tensor<1x0x8x8xf32>'}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 2, 2>} : tensor<1x0x8x8xf32> -> tensor<1x0x2x2xf32>
  return
}

// -----

func.func @adaptive_element_type(%x: tensor<1x3x8x8xf64>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, with non-zero C, H and W, but got 'tensor<1x3x8x8xf64>'}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 2, 2>} : tensor<1x3x8x8xf64> -> tensor<1x3x2x2xf32>
  return
}

// -----

func.func @pool_result_rank(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{result #0 must be 4D tensor of 32-bit float values [N, C, H, W], static except N, but got 'tensor<1x48xf32>'}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x48xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Other activations: batch norm and linear inputs
//===----------------------------------------------------------------------===//

func.func @batch_norm_rank(%x: tensor<1x4x8xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{operand #0 must be 2D/4D tensor of 32-bit float values [N, C] or [N, C, H, W], static except N, but got 'tensor<1x4x8xf32>'}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x4x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @batch_norm_dynamic_channels(%x: tensor<1x?xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{operand #0 must be 2D/4D tensor of 32-bit float values [N, C] or [N, C, H, W], static except N, but got 'tensor<1x?xf32>'}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x?xf32>, tensor<4xf32>
  return
}

// -----

func.func @linear_rank(%x: tensor<1x4x4x4xf32>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{operand #0 must be 2D tensor of 32-bit float values [N, features], static except N, but got 'tensor<1x4x4x4xf32>'}}
  %0 = nnid.linear %x, %w : (tensor<1x4x4x4xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_element_type(%x: tensor<1x64xf16>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{operand #0 must be 2D tensor of 32-bit float values [N, features], static except N, but got 'tensor<1x64xf16>'}}
  %0 = nnid.linear %x, %w : (tensor<1x64xf16>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @batch_norm_element_type(%x: tensor<1x4x2x2xf64>, %p: tensor<4xf32>) {
  // expected-error@+1 {{operand #0 must be 2D/4D tensor of 32-bit float values [N, C] or [N, C, H, W], static except N, but got 'tensor<1x4x2x2xf64>'}}
  %0 = "nnid.batch_norm"(%x, %p, %p, %p, %p) : (tensor<1x4x2x2xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @batch_norm_result_rank(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{result #0 must be 2D/4D tensor of 32-bit float values [N, C] or [N, C, H, W], static except N, but got 'tensor<1x4x1xf32>'}}
  %0 = "nnid.batch_norm"(%x, %p, %p, %p, %p) : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x1xf32>
  return
}

// -----

func.func @linear_dynamic_features(%x: tensor<1x?xf32>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{operand #0 must be 2D tensor of 32-bit float values [N, features], static except N, but got 'tensor<1x?xf32>'}}
  %0 = nnid.linear %x, %w : (tensor<1x?xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Convolution weights
//===----------------------------------------------------------------------===//

func.func @conv_weight_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error@+1 {{operand #1 must be statically shaped 4D tensor of 32-bit float values [out_channels, in_channels / groups, kh, kw] with positive kh and kw, but got 'tensor<4x3x3x3xf16>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x27xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 4D tensor of 32-bit float values [out_channels, in_channels / groups, kh, kw] with positive kh and kw, but got 'tensor<4x27xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x27xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_weight_dynamic(%x: tensor<1x3x8x8xf32>, %w: tensor<?x3x3x3xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 4D tensor of 32-bit float values [out_channels, in_channels / groups, kh, kw] with positive kh and kw, but got 'tensor<?x3x3x3xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<?x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_kernel_empty(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 4D tensor of 32-bit float values [out_channels, in_channels / groups, kh, kw] with positive kh and kw, but got 'tensor<4x3x0x3xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @identity_conv_kernel(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x3x3xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 4D tensor of 32-bit float values [C, C / groups, 1, 1], but got 'tensor<8x8x3x3xf32>'}}
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x8x4x4xf32>, tensor<8x8x3x3xf32>
  return
}

// -----

func.func @identity_conv_weight_dynamic(%x: tensor<1x8x4x4xf32>, %w: tensor<8x?x1x1xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 4D tensor of 32-bit float values [C, C / groups, 1, 1], but got 'tensor<8x?x1x1xf32>'}}
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x8x4x4xf32>, tensor<8x?x1x1xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Vectors (biases, batch norm parameters) and linear weights
//===----------------------------------------------------------------------===//

func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error@+1 {{operand #2 must be statically shaped 1D tensor of 32-bit float values, but got 'tensor<1x4xf32>'}}
  %0 = nnid.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @batch_norm_param_rank(%x: tensor<1x4xf32>, %p: tensor<1x4xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 1D tensor of 32-bit float values, but got 'tensor<1x4xf32>'}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x4xf32>, tensor<1x4xf32>
  return
}

// -----

func.func @batch_norm_param_element_type(%x: tensor<1x4xf32>, %p: tensor<4xbf16>) {
  // expected-error@+1 {{operand #1 must be statically shaped 1D tensor of 32-bit float values, but got 'tensor<4xbf16>'}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x4xf32>, tensor<4xbf16>
  return
}

// -----

func.func @linear_bias_dynamic(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<?xf32>) {
  // expected-error@+1 {{operand #2 must be statically shaped 1D tensor of 32-bit float values, but got 'tensor<?xf32>'}}
  %0 = nnid.linear %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<?xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<1x64xf32>, %w: tensor<10x64x1xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 2D tensor of 32-bit float values [out_features, in_features], but got 'tensor<10x64x1xf32>'}}
  %0 = nnid.linear %x, %w : (tensor<1x64xf32>, tensor<10x64x1xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_weight_dynamic(%x: tensor<1x64xf32>, %w: tensor<?x64xf32>) {
  // expected-error@+1 {{operand #1 must be statically shaped 2D tensor of 32-bit float values [out_features, in_features], but got 'tensor<?x64xf32>'}}
  %0 = nnid.linear %x, %w : (tensor<1x64xf32>, tensor<?x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_weight_element_type(%x: tensor<1x64xf32>, %w: tensor<10x64xf16>) {
  // expected-error@+1 {{operand #1 must be statically shaped 2D tensor of 32-bit float values [out_features, in_features], but got 'tensor<10x64xf16>'}}
  %0 = nnid.linear %x, %w : (tensor<1x64xf32>, tensor<10x64xf16>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_result_rank(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{result #0 must be 2D tensor of 32-bit float values [N, features], static except N, but got 'tensor<10xf32>'}}
  %0 = "nnid.linear"(%x, %w) : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Integer-list attributes: [h, w] pairs and [top, left, bottom, right] padding
//===----------------------------------------------------------------------===//

func.func @conv_stride_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.conv2d %x, %w {stride = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.conv2d %x, %w {stride = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilation_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'dilation' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.conv2d %x, %w {dilation = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilation_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'dilation' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.conv2d %x, %w {dilation = array<i64: 1, -1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_padding_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nnid.conv2d %x, %w {padding = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nnid.conv2d %x, %w {padding = array<i64: 0, -1, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_generic_stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // Attributes of the generic form are checked by the verifier.
  // expected-error@+1 {{attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = "nnid.conv2d"(%x, %w) {stride = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @max_pool_kernel_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'kernel_size' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @max_pool_kernel_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'kernel_size' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @max_pool_stride_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @max_pool_padding_negative(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0, -1, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @max_pool_dilation_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'dilation' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, dilation = array<i64: 0, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @avg_pool_kernel_negative(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'kernel_size' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, -2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @avg_pool_stride_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @avg_pool_padding_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @adaptive_output_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'output_size' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @adaptive_output_missing(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{requires attribute 'output_size'}}
  %0 = "nnid.adaptive_avg_pool2d"(%x) : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @adaptive_output_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'output_size' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 0, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Scalar attributes
//===----------------------------------------------------------------------===//

func.func @conv_groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error@+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = nnid.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @identity_conv_groups_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error@+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = nnid.identity_conv1x1 %x, %w {groups = -4 : i64} : tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>
  return
}

// -----

func.func @batch_norm_epsilon_negative(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and non-negative}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-5} : tensor<1x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @batch_norm_epsilon_nan(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and non-negative}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p {epsilon = 0x7FF8000000000000} : tensor<1x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @batch_norm_epsilon_inf(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute whose value is finite and non-negative}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p {epsilon = 0x7FF0000000000000} : tensor<1x4xf32>, tensor<4xf32>
  return
}
