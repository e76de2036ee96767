// Two 3x3 convolutions with constant weights: the first one's result is an
// intermediate buffer in the static workspace.
func.func @forward(%x: tensor<1x2x6x6xf32> {nnid.name = "x"}) -> tensor<1x2x6x6xf32> {
  %w1 = arith.constant dense<0.5> : tensor<2x2x3x3xf32>
  %w2 = arith.constant dense<0.25> : tensor<2x2x3x3xf32>
  %y = nnid.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  %z = nnid.conv2d %y, %w2 {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %z : tensor<1x2x6x6xf32>
}
