// Average pools with more outputs than a table of window counts takes
// (2^20), whose counts are computed at run time. Written by hand, not by
// references.py: the outputs are too many for inline constants. On an input
// of ones every output is exactly 1 (the sum of the window's input elements
// over their number), with count_include_pad false and padding, and with
// ceil_mode windows that end past the input.
//
// RUN: nnid-opt %s --nnid-lower-to-llvm \
// RUN: | mlir-runner -e main --entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN: | FileCheck %s
// RUN: nnid-opt %s --nnid-lower-to-llvm="layout=nchw" \
// RUN: | mlir-runner -e main --entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN: | FileCheck %s
// CHECK: result 0: outputs other than 1: 0 of 1051650
// CHECK: result 1: outputs other than 1: 0 of 1050625

func.func @forward(%x: tensor<1x1x1025x1026xf32>, %y: tensor<1x1x2049x2049xf32>) -> (tensor<1x1x1025x1026xf32>, tensor<1x1x1025x1025xf32>) {
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : tensor<1x1x1025x1026xf32> -> tensor<1x1x1025x1026xf32>
  %1 = nnid.avg_pool2d %y {kernel_size = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x2049x2049xf32> -> tensor<1x1x1025x1025xf32>
  return %0, %1 : tensor<1x1x1025x1026xf32>, tensor<1x1x1025x1025xf32>
}

// The number of elements of `a` that are not exactly 1.
func.func private @not_one(%a: tensor<?xf32>) -> f32 {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>],
                       iterator_types = ["reduction"]}
      ins(%a : tensor<?xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %n: f32):
    %one = arith.constant 1.0 : f32
    %bad = arith.cmpf une, %x, %one : f32
    %inc = arith.select %bad, %one, %zero : f32
    %s = arith.addf %n, %inc : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  %v = tensor.extract %r[] : tensor<f32>
  return %v : f32
}

func.func @main() {
  %one = arith.constant 1.0 : f32
  %ex = tensor.empty() : tensor<1x1x1025x1026xf32>
  %x = linalg.fill ins(%one : f32) outs(%ex : tensor<1x1x1025x1026xf32>) -> tensor<1x1x1025x1026xf32>
  %ey = tensor.empty() : tensor<1x1x2049x2049xf32>
  %y = linalg.fill ins(%one : f32) outs(%ey : tensor<1x1x2049x2049xf32>) -> tensor<1x1x2049x2049xf32>
  %r0, %r1 = call @forward(%x, %y) : (tensor<1x1x1025x1026xf32>, tensor<1x1x2049x2049xf32>) -> (tensor<1x1x1025x1026xf32>, tensor<1x1x1025x1025xf32>)
  %f0 = tensor.collapse_shape %r0 [[0, 1, 2, 3]] : tensor<1x1x1025x1026xf32> into tensor<1051650xf32>
  %g0 = tensor.cast %f0 : tensor<1051650xf32> to tensor<?xf32>
  %m0 = call @not_one(%g0) : (tensor<?xf32>) -> f32
  vector.print str "result 0: outputs other than 1: "
  vector.print %m0 : f32 punctuation <no_punctuation>
  vector.print str " of 1051650\n"
  %f1 = tensor.collapse_shape %r1 [[0, 1, 2, 3]] : tensor<1x1x1025x1025xf32> into tensor<1050625xf32>
  %g1 = tensor.cast %f1 : tensor<1050625xf32> to tensor<?xf32>
  %m1 = call @not_one(%g1) : (tensor<?xf32>) -> f32
  vector.print str "result 1: outputs other than 1: "
  vector.print %m1 : f32 punctuation <no_punctuation>
  vector.print str " of 1050625\n"
  return
}
