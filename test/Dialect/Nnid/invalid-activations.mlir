// RUN: nnid-opt %s -split-input-file -verify-diagnostics
// The attribute constraints of the activation functions, and hardtanh's
// bounds checked against each other.

func.func @hardtanh_bounds(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{'min_val' (2.5) must not be greater than 'max_val' (1)}}
  %0 = nnid.hardtanh %x {min_val = 2.5, max_val = 1.0} : tensor<1x4xf32>
  return
}

// -----

func.func @hardtanh_bounds_generic(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{'nnid.hardtanh' op 'min_val' (+Inf) must not be greater than 'max_val' (6)}}
  %0 = "nnid.hardtanh"(%x) <{min_val = 0x7FF0000000000000 : f64, max_val = 6.0}> : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @hardtanh_nan(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{attribute 'max_val' failed to satisfy constraint: 64-bit float attribute whose value is not NaN}}
  %0 = nnid.hardtanh %x {max_val = 0x7FF8000000000000 : f64} : tensor<1x4xf32>
  return
}

// -----

func.func @leaky_relu_inf(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{attribute 'negative_slope' failed to satisfy constraint: 64-bit float attribute whose value is finite}}
  %0 = nnid.leaky_relu %x {negative_slope = 0x7FF0000000000000 : f64} : tensor<1x4xf32>
  return
}

// -----

func.func @elu_type(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{attribute 'alpha' failed to satisfy constraint: 64-bit float attribute whose value is finite}}
  %0 = nnid.elu %x {alpha = 1.0 : f32} : tensor<1x4xf32>
  return
}

// -----

func.func @softplus_beta(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{attribute 'beta' failed to satisfy constraint: 64-bit float attribute whose value is finite and positive}}
  %0 = nnid.softplus %x {beta = 0.0} : tensor<1x4xf32>
  return
}

// -----

func.func @softplus_negative_beta(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{attribute 'beta' failed to satisfy constraint: 64-bit float attribute whose value is finite and positive}}
  %0 = nnid.softplus %x {beta = -1.0} : tensor<1x4xf32>
  return
}

// -----

func.func @gelu_approximate(%x: tensor<1x4xf32>) {
  // expected-error@+1 {{attribute 'approximate' failed to satisfy constraint: string attribute whose value is "none" or "tanh"}}
  %0 = nnid.gelu %x {approximate = "erf"} : tensor<1x4xf32>
  return
}

// -----

func.func @sigmoid_rank0(%x: tensor<f32>) {
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<f32>'}}
  %0 = nnid.sigmoid %x : tensor<f32>
  return
}

// -----

func.func @silu_dynamic(%x: tensor<2x?xf32>) {
  // expected-error@+1 {{operand #0 must be tensor of 32-bit float values [N, ...] of rank at least 1, static except N, but got 'tensor<2x?xf32>'}}
  %0 = nnid.silu %x : tensor<2x?xf32>
  return
}

// -----

func.func @tanh_result(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{'nnid.tanh' op result type 'tensor<2x4xf32>' does not match the inferred type 'tensor<2x3xf32>'}}
  %0 = "nnid.tanh"(%x) : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}
