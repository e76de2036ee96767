// A dynamic dimension that is not the batch: not compiled ahead of time.
func.func @forward(%x: tensor<1x?xf32>) -> tensor<1x?xf32> {
  return %x : tensor<1x?xf32>
}
