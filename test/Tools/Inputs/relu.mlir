func.func @forward(%x: tensor<1x1x2x4xf32> {nnid.name = "x"}) -> tensor<1x1x2x4xf32> {
  %y = nnid.relu %x : tensor<1x1x2x4xf32>
  return %y : tensor<1x1x2x4xf32>
}
