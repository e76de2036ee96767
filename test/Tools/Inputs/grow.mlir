// A 1x1 convolution to 4096 channels and back: per batch item, the
// intermediate result is 4096 * 16 * 16 floats (4 MiB).
func.func @forward(%x: tensor<?x1x16x16xf32>) -> tensor<?x1x16x16xf32> {
  %w1 = arith.constant dense<0.5> : tensor<4096x1x1x1xf32>
  %w2 = arith.constant dense<0.25> : tensor<1x4096x1x1xf32>
  %y = nnid.conv2d %x, %w1 : (tensor<?x1x16x16xf32>, tensor<4096x1x1x1xf32>) -> tensor<?x4096x16x16xf32>
  %r = nnid.relu %y : tensor<?x4096x16x16xf32>
  %z = nnid.conv2d %r, %w2 : (tensor<?x4096x16x16xf32>, tensor<1x4096x1x1xf32>) -> tensor<?x1x16x16xf32>
  return %z : tensor<?x1x16x16xf32>
}
