// RUN: nnid-opt %s -split-input-file --nnid-approximate-math | FileCheck %s
// f32 transcendental functions become polynomials (arith and simple math
// ops), on scalars and vectors; other types and functions are left alone.

// CHECK-LABEL: func @scalars
// CHECK-NOT: math.exp
// CHECK-NOT: math.expm1
// CHECK-NOT: math.log
// CHECK-NOT: math.log1p
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK: return
func.func @scalars(%x: f32) -> (f32, f32, f32, f32, f32, f32) {
  %0 = math.exp %x : f32
  %1 = math.expm1 %x : f32
  %2 = math.log %x : f32
  %3 = math.log1p %x : f32
  %4 = math.tanh %x : f32
  %5 = math.erf %x : f32
  return %0, %1, %2, %3, %4, %5 : f32, f32, f32, f32, f32, f32
}

// -----

// CHECK-LABEL: func @vectors
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: arith.mulf %{{.*}} : vector<16xf32>
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: return
func.func @vectors(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>) {
  %0 = math.exp %x : vector<16xf32>
  %1 = math.tanh %x : vector<16xf32>
  return %0, %1 : vector<16xf32>, vector<16xf32>
}

// -----

// In a linalg body, where nnid's lowering puts them.
// CHECK-LABEL: func @in_generic
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: linalg.yield
func.func @in_generic(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %y = math.exp %a : f32
    linalg.yield %y : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @others
// CHECK: math.sin
// CHECK: math.sqrt
func.func @others(%x: f32) -> (f32, f32) {
  %0 = math.sin %x : f32
  %1 = math.sqrt %x : f32
  return %0, %1 : f32, f32
}
