// RUN: nnid-opt %s -split-input-file -verify-diagnostics

func.func @unranked(%x: tensor<*xf32>) {
  // expected-error@+1 {{operand #0 must be ranked tensor}}
  %0 = "nnid.relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @element_type(%x: tensor<1x3x8x8xf16>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'input' must have element type f32, got 'tensor<1x3x8x8xf16>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf16>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @weight_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error@+1 {{'weight' must have element type f32, got 'tensor<4x3x3x3xf16>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'input' must be a rank-4 NCHW tensor, got 'tensor<3x8x8xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @scalar(%x: tensor<f32>) {
  // expected-error@+1 {{'input' must have a batch dimension, got 'tensor<f32>'}}
  %0 = nnid.relu %x : tensor<f32>
  return
}

// -----

func.func @dynamic_channels(%x: tensor<1x?x8x8xf32>) {
  // expected-error@+1 {{'input' may be dynamic only in its batch dimension, got 'tensor<1x?x8x8xf32>'}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x?x8x8xf32> -> tensor<1x?x4x4xf32>
  return
}

// -----

func.func @weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x27xf32>) {
  // expected-error@+1 {{'weight' must be a rank-4 tensor, got 'tensor<4x27xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x27xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @weight_dynamic(%x: tensor<1x3x8x8xf32>, %w: tensor<?x3x3x3xf32>) {
  // expected-error@+1 {{'weight' must have a static shape, got 'tensor<?x3x3x3xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<?x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error@+1 {{'bias' has 5 elements, but the number of output channels is 4}}
  %0 = nnid.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @stride_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'stride' must have 2 elements [sh, sw], got [1, 1, 1]}}
  %0 = nnid.conv2d %x, %w {stride = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'stride' must be positive, got [0, 1]}}
  %0 = nnid.conv2d %x, %w {stride = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @dilation_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'dilation' must be positive, got [1, -1]}}
  %0 = nnid.conv2d %x, %w {dilation = array<i64: 1, -1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @padding_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'padding' must have 4 elements [top, left, bottom, right], got [1, 1]}}
  %0 = nnid.conv2d %x, %w {padding = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{'padding' must be non-negative, got [0, -1, 0, 0]}}
  %0 = nnid.conv2d %x, %w {padding = array<i64: 0, -1, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x5xf32>
  return
}

// -----

func.func @groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error@+1 {{'groups' must be positive, got 0}}
  %0 = nnid.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @groups_input(%x: tensor<1x6x8x8xf32>, %w: tensor<8x1x3x3xf32>) {
  // expected-error@+1 {{input channels (6) are not divisible by 'groups' (4)}}
  %0 = nnid.conv2d %x, %w {groups = 4 : i64} : (tensor<1x6x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @groups_output(%x: tensor<1x8x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error@+1 {{output channels (6, dimension 0 of 'weight') are not divisible by 'groups' (4)}}
  %0 = nnid.conv2d %x, %w {groups = 4 : i64} : (tensor<1x8x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @weight_channels(%x: tensor<1x8x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error@+1 {{'weight' 'tensor<8x4x3x3xf32>' must have 2 input channels per group (input channels 8 / groups 4), got 4}}
  %0 = nnid.conv2d %x, %w {groups = 4 : i64} : (tensor<1x8x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @kernel_empty(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) {
  // expected-error@+1 {{'weight' must have a positive kernel size, got 'tensor<4x3x0x3xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @window_too_large(%x: tensor<1x3x4x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{window height (5) is larger than the padded input height (4)}}
  %0 = nnid.conv2d %x, %w {dilation = array<i64: 2, 1>} : (tensor<1x3x4x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32>
  return
}

// -----

func.func @result_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error@+1 {{result type 'tensor<1x4x8x8xf32>' does not match the inferred type 'tensor<1x4x6x6xf32>'}}
  %0 = nnid.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @result_batch(%x: tensor<?x3x8x8xf32>) {
  // expected-error@+1 {{result type 'tensor<1x3x4x4xf32>' does not match the inferred type 'tensor<?x3x4x4xf32>'}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<?x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @identity_conv_weight(%x: tensor<1x8x4x4xf32>, %w: tensor<8x8x1x1xf32>) {
  // expected-error@+1 {{'weight' must have shape [8, 4, 1, 1] (channels, channels / groups, 1, 1), got 'tensor<8x8x1x1xf32>'}}
  %0 = nnid.identity_conv1x1 %x, %w {groups = 2 : i64} : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>
  return
}

// -----

func.func @identity_conv_groups(%x: tensor<1x6x4x4xf32>, %w: tensor<6x1x1x1xf32>) {
  // expected-error@+1 {{input channels (6) are not divisible by 'groups' (4)}}
  %0 = nnid.identity_conv1x1 %x, %w {groups = 4 : i64} : tensor<1x6x4x4xf32>, tensor<6x1x1x1xf32>
  return
}

// -----

func.func @identity_conv_result(%x: tensor<1x6x4x4xf32>, %w: tensor<6x6x1x1xf32>) {
  // expected-error@+1 {{result type 'tensor<1x6x2x2xf32>' does not match the inferred type 'tensor<1x6x4x4xf32>'}}
  %0 = "nnid.identity_conv1x1"(%x, %w) : (tensor<1x6x4x4xf32>, tensor<6x6x1x1xf32>) -> tensor<1x6x2x2xf32>
  return
}

// -----

func.func @pool_kernel_missing(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{requires attribute 'kernel_size'}}
  %0 = "nnid.max_pool2d"(%x) : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'kernel_size' must be positive, got [0, 2]}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'padding' [2, 0, 2, 0] must be at most half of 'kernel_size' [3, 3]}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 2, 0, 2, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x3x2xf32>
  return
}

// -----

func.func @pool_window(%x: tensor<1x3x2x8xf32>) {
  // expected-error@+1 {{window height (3) is larger than the padded input height (2)}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 3, 3>} : tensor<1x3x2x8xf32> -> tensor<1x3x1x2xf32>
  return
}

// -----

func.func @pool_stride(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'stride' must be positive, got [2, 0]}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_attribute_kind(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'ceil_mode' failed to satisfy constraint: bool attribute}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, ceil_mode = 1 : i64} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @adaptive_output(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'output_size' must have 2 elements [oh, ow], got [1]}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @adaptive_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'output_size' must be positive, got [0, 1]}}
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 0, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @add_types(%a: tensor<1x4xf32>, %b: tensor<1x5xf32>) {
  // expected-error@+1 {{all of {lhs, rhs} have same type}}
  %0 = "nnid.add"(%a, %b) : (tensor<1x4xf32>, tensor<1x5xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<1x4x8xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{'input' must be a rank-2 [N, C] or rank-4 [N, C, H, W] tensor, got 'tensor<1x4x8xf32>'}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x4x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @batch_norm_channels(%x: tensor<1x4x8x8xf32>, %p: tensor<3xf32>) {
  // expected-error@+1 {{'weight' has 3 elements, but the number of input channels is 4}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p : tensor<1x4x8x8xf32>, tensor<3xf32>
  return
}

// -----

func.func @batch_norm_param_types(%x: tensor<1x4xf32>, %p: tensor<4xf32>, %q: tensor<5xf32>) {
  // expected-error@+1 {{all of {weight, bias, running_mean, running_var} have same type}}
  %0 = "nnid.batch_norm"(%x, %p, %p, %p, %q) : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // expected-error@+1 {{'epsilon' must be finite and non-negative, got -1.000000e-05}}
  %0 = nnid.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-5} : tensor<1x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @linear_rank(%x: tensor<1x4x4x4xf32>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{'input' must be a rank-2 [N, in_features] tensor, got 'tensor<1x4x4x4xf32>'}}
  %0 = nnid.linear %x, %w : (tensor<1x4x4x4xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_features(%x: tensor<1x64xf32>, %w: tensor<10x60xf32>) {
  // expected-error@+1 {{'weight' 'tensor<10x60xf32>' must have 64 input features (dimension 1 of 'input'), got 60}}
  %0 = nnid.linear %x, %w : (tensor<1x64xf32>, tensor<10x60xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @linear_bias(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<64xf32>) {
  // expected-error@+1 {{'bias' has 64 elements, but the number of output features is 10}}
  %0 = nnid.linear %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error@+1 {{needs at least one input}}
  %0 = "nnid.concat"() {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<1x4xf32>) {
  // expected-error@+1 {{'axis' 2 is out of range for rank-2 inputs (expected [-2, 1])}}
  %0 = nnid.concat %a, %a {axis = 2 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<1x4xf32>, %b: tensor<1x4x1xf32>) {
  // expected-error@+1 {{input #1 has rank 3, but input #0 has rank 2}}
  %0 = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1x4x1xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @concat_off_axis(%a: tensor<1x4x8x8xf32>, %b: tensor<1x4x7x8xf32>) {
  // expected-error@+1 {{input #1 'tensor<1x4x7x8xf32>' differs from input #0 'tensor<1x4x8x8xf32>' in dimension 2, off the axis 1}}
  %0 = nnid.concat %a, %b {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x7x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @concat_missing_axis(%a: tensor<1x4xf32>) {
  // expected-error@+1 {{requires attribute 'axis'}}
  %0 = "nnid.concat"(%a) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @flatten_range(%x: tensor<1x4x2x2xf32>) {
  // expected-error@+1 {{'end_dim' 4 is out of range for a rank-4 input (expected [-4, 3])}}
  %0 = nnid.flatten %x {end_dim = 4 : i64} : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
  return
}

// -----

func.func @flatten_order(%x: tensor<1x4x2x2xf32>) {
  // expected-error@+1 {{'start_dim' (3) comes after 'end_dim' (-3)}}
  %0 = nnid.flatten %x {start_dim = 3 : i64, end_dim = -3 : i64} : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
  return
}

// -----

func.func @parse_time_inference(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x1x1xf32>) {
  // Ops whose result type is not written infer it while parsing; errors are
  // reported there.
  // expected-error@+1 {{'weight' must have shape [4, 4, 1, 1] (channels, channels / groups, 1, 1), got 'tensor<4x2x1x1xf32>'}}
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x4x8x8xf32>, tensor<4x2x1x1xf32>
  return
}
