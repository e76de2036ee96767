// RUN: nnid-opt %s -split-input-file -verify-diagnostics
// Checks of operands and attributes against each other and of result types;
// what ODS declares for each operand and attribute is in
// invalid-constraints.mlir, the size limits in invalid-sizes.mlir.

func.func @bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error@+1 {{'bias' has 5 elements, but the number of output channels is 4}}
  %0 = nnid.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x6x6xf32>
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

func.func @pool_padding(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{'padding' [3, 0, 3, 0] must be smaller than 'kernel_size' [3, 3]}}
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, padding = array<i64: 3, 0, 3, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x2xf32>
  return
}

// -----

func.func @pool_window(%x: tensor<1x3x2x8xf32>) {
  // expected-error@+1 {{window height (3) is larger than the padded input height (2)}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 3, 3>} : tensor<1x3x2x8xf32> -> tensor<1x3x1x2xf32>
  return
}

// -----

func.func @pool_attribute_kind(%x: tensor<1x3x8x8xf32>) {
  // expected-error@+1 {{attribute 'ceil_mode' failed to satisfy constraint: bool attribute}}
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, ceil_mode = 1 : i64} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @add_types(%a: tensor<1x4xf32>, %b: tensor<1x5xf32>) {
  // expected-error@+1 {{all of {lhs, rhs} have same type}}
  %0 = "nnid.add"(%a, %b) : (tensor<1x4xf32>, tensor<1x5xf32>) -> tensor<1x4xf32>
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

// -----

func.func @mul_not_broadcast(%x: tensor<2x8x4x4xf32>, %s: tensor<2x4x1x1xf32>) {
  // expected-error@+1 {{'rhs' 'tensor<2x4x1x1xf32>' does not broadcast to 'lhs' 'tensor<2x8x4x4xf32>': it needs the same rank, and each dimension equal to lhs's or 1}}
  %0 = nnid.mul %x, %s : tensor<2x8x4x4xf32>, tensor<2x4x1x1xf32>
  return
}

// -----

func.func @mul_rank(%x: tensor<2x8x4x4xf32>, %s: tensor<2x8xf32>) {
  // expected-error@+1 {{'rhs' 'tensor<2x8xf32>' does not broadcast to 'lhs' 'tensor<2x8x4x4xf32>'}}
  %0 = nnid.mul %x, %s : tensor<2x8x4x4xf32>, tensor<2x8xf32>
  return
}

// -----

// A dynamic batch broadcasts only to the same dynamic batch.
func.func @mul_dynamic_to_static(%x: tensor<2x8x4x4xf32>, %s: tensor<?x8x1x1xf32>) {
  // expected-error@+1 {{'rhs' 'tensor<?x8x1x1xf32>' does not broadcast to 'lhs' 'tensor<2x8x4x4xf32>'}}
  %0 = nnid.mul %x, %s : tensor<2x8x4x4xf32>, tensor<?x8x1x1xf32>
  return
}
