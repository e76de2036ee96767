// RUN: nnid-opt %s -split-input-file -verify-diagnostics --convert-nnid-to-linalg

// identity_conv1x1 is lowered as canonicalization rewrites it (an
// nnid.conv2d with kernel w + id), so it must be canonicalized first.
func.func @identity_conv1x1(%x: tensor<1x4x5x5xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x5x5xf32> {
  // expected-error@+1 {{'nnid.identity_conv1x1' op must be canonicalized into an nnid.conv2d first: run --canonicalize (or --nnid-prepare-graph) before convert-nnid-to-linalg}}
  %0 = nnid.identity_conv1x1 %x, %w : tensor<1x4x5x5xf32>, tensor<4x4x1x1xf32>
  return %0 : tensor<1x4x5x5xf32>
}
