// RUN: nnid-opt %s -split-input-file -verify-diagnostics
// Sizes beyond the dialect's limits (README.md, "The dialect"): every
// static dimension and integer attribute at most 2^31 - 1, every operand,
// result and padded input at most 2^40 elements.

func.func @conv_padding_int64_max(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // input + padding would wrap int64.
  // expected-error@+1 {{'padding' must be at most 2147483647 (2^31 - 1), got [9223372036854775807, 0, 0, 0]}}
  %0 = nnid.conv2d %x, %w {padding = array<i64: 9223372036854775807, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pool_padding_int64_max(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'padding' must be at most 2147483647 (2^31 - 1), got [0, 0, 9223372036854775807, 0]}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0, 9223372036854775807, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_dilation_huge(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // dilation * (kernel - 1) would wrap int64.
  // expected-error@+1 {{'dilation' must be at most 2147483647 (2^31 - 1), got [4611686018427387904, 1]}}
  %0 = nnid.conv2d %x, %w {dilation = array<i64: 4611686018427387904, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pool_dilation_huge(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'dilation' must be at most 2147483647 (2^31 - 1), got [1, 2147483648]}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, dilation = array<i64: 1, 2147483648>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @ceil_mode_stride_int64_max(%x: tensor<1x3x8x8xf32>) {
  // ceil_mode's stride - 1 would wrap int64.
  // expected-error@+1 {{'stride' must be at most 2147483647 (2^31 - 1), got [9223372036854775807, 9223372036854775807]}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 9223372036854775807, 9223372036854775807>, ceil_mode = true} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @pool_kernel_huge(%x: tensor<1x3x8x8xf32>) {
  // The padded input would have 2^62 rows.
  // expected-error@+1 {{'kernel_size' must be at most 2147483647 (2^31 - 1), got [4611686018427387904, 1]}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 4611686018427387904, 1>, stride = array<i64: 1, 1>, padding = array<i64: 2305843009213693952, 0, 2305843009213693952, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x8xf32>
  return
}

// -----

func.func @adaptive_output_huge(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'output_size' must be at most 2147483647 (2^31 - 1), got [1, 1000000000000]}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1000000000000>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1000000000000xf32>
  return
}

// -----

func.func @adaptive_output_wraps(%x: tensor<1x1x3x8xf32>) {
  // 8 * 2^62 would wrap int64.
  // expected-error@+1 {{'output_size' must be at most 2147483647 (2^31 - 1), got [2, 4611686018427387904]}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 2, 4611686018427387904>} : tensor<1x1x3x8xf32> -> tensor<1x1x2x4611686018427387904xf32>
  return
}

// -----

func.func @adaptive_result_elements(%x: tensor<1x1x3x8xf32>) {
  // Each size is allowed, the result is not.
  // expected-error@+1 {{result must have at most 1099511627776 (2^40) elements, got 'tensor<1x1x1048576x2097152xf32>'}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1048576, 2097152>} : tensor<1x1x3x8xf32> -> tensor<1x1x1048576x2097152xf32>
  return
}

// -----

func.func @groups_huge(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error@+1 {{'groups' must be at most 2147483647 (2^31 - 1), got 8589934592}}
  %0 = nnid.conv2d %x, %w {groups = 8589934592 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @flatten_input_dims(%x: tensor<1x4294967296x4294967296x2xf32>) {
  // 2^32 * 2^32 * 2 would wrap int64.
  // expected-error@+1 {{'input' must have dimensions of at most 2147483647 (2^31 - 1), got 'tensor<1x4294967296x4294967296x2xf32>'}}
  %0 = nnid.flatten %x : tensor<1x4294967296x4294967296x2xf32> -> tensor<1x0xf32>
  return
}

// -----

func.func @flatten_merged(%x: tensor<1x65536x65536x2xf32>) {
  // expected-error@+1 {{the flattened dimension (dimensions 1 to 3 of 'input' 'tensor<1x65536x65536x2xf32>') must be at most 2147483647 (2^31 - 1)}}
  %0 = nnid.flatten %x : tensor<1x65536x65536x2xf32> -> tensor<1x8589934592xf32>
  return
}

// -----

func.func @input_elements(%x: tensor<?x2048x1024x1024x1024xf32>) {
  // expected-error@+1 {{'input' must have at most 1099511627776 (2^40) elements, got 'tensor<?x2048x1024x1024x1024xf32>'}}
  %0 = nnid.relu %x : tensor<?x2048x1024x1024x1024xf32>
  return
}

// -----

func.func @input_elements_wrap(%x: tensor<2147483647x2147483647x2147483647xf32>) {
  // The product of the dimensions wraps int64.
  // expected-error@+1 {{'lhs' must have at most 1099511627776 (2^40) elements, got 'tensor<2147483647x2147483647x2147483647xf32>'}}
  %0 = nnid.add %x, %x : tensor<2147483647x2147483647x2147483647xf32>
  return
}

// -----

func.func @weight_dims(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x4294967296xf32>) {
  // expected-error@+1 {{'weight' must have dimensions of at most 2147483647 (2^31 - 1), got 'tensor<4x3x3x4294967296xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x4294967296xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @bias_dims(%x: tensor<1x4xf32>, %w: tensor<4x4xf32>, %b: tensor<2147483648xf32>) {
  // expected-error@+1 {{'bias' must have dimensions of at most 2147483647 (2^31 - 1), got 'tensor<2147483648xf32>'}}
  %0 = nnid.linear %x, %w, %b : (tensor<1x4xf32>, tensor<4x4xf32>, tensor<2147483648xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @conv_padded_input(%x: tensor<1x1x1x1xf32>, %w: tensor<1x1x1x1xf32>) {
  // Each size is allowed and the output is small, but the padded input that
  // the lowering materializes is not.
  // expected-error@+1 {{'padding' [2147483647, 2147483647, 2147483647, 2147483647] makes the padded input 'tensor<1x1x4294967295x4294967295xf32>' larger than 1099511627776 (2^40) elements}}
  %0 = nnid.conv2d %x, %w {stride = array<i64: 2147483647, 2147483647>, padding = array<i64: 2147483647, 2147483647, 2147483647, 2147483647>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @pool_padded_input(%x: tensor<1x512x1x1xf32>) {
  // expected-error@+1 {{'padding' [1073741823, 1073741823, 1073741823, 1073741823] makes the padded input 'tensor<1x512x2147483647x2147483647xf32>' larger than 1099511627776 (2^40) elements}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2147483647, 2147483647>, padding = array<i64: 1073741823, 1073741823, 1073741823, 1073741823>} : tensor<1x512x1x1xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @concat_sum(%x: tensor<1x2000000000xf32>) {
  // expected-error@+1 {{the sum of dimension 1 over the inputs must be at most 2147483647 (2^31 - 1)}}
  %0 = nnid.concat %x, %x {axis = 1 : i64} : (tensor<1x2000000000xf32>, tensor<1x2000000000xf32>) -> tensor<1x4000000000xf32>
  return
}

// -----

func.func @conv_result_elements(%x: tensor<1x1x1048576x1048576xf32>, %w: tensor<2048x1x1x1xf32>) {
  // expected-error@+1 {{result must have at most 1099511627776 (2^40) elements, got 'tensor<1x2048x1048576x1048576xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x1x1048576x1048576xf32>, tensor<2048x1x1x1xf32>) -> tensor<1x2048x1048576x1048576xf32>
  return
}

// -----

func.func @ceil_mode_window_too_large(%x: tensor<1x3x1x8xf32>) {
  // ceil_mode accepts a window past the padding only when an output remains
  // (PyTorch's out >= 1): here 1 + 0 - 3 + (1 - 1) rounds to output size -1.
  // expected-error@+1 {{window height (3) is larger than the padded input height (1)}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 3, 1>, stride = array<i64: 1, 1>, ceil_mode = true} : tensor<1x3x1x8xf32> -> tensor<1x3x1x8xf32>
  return
}
