// RUN: nnid-opt %s -split-input-file --convert-nnid-to-linalg | FileCheck %s
// Each activation becomes one elementwise linalg.generic computing its
// formula; transcendental functions stay math ops.

// CHECK-LABEL: func @hardtanh
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x3x3xf32>)
// CHECK: %[[E:.+]] = tensor.empty(%{{.*}}) : tensor<?x4x3x3xf32>
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<?x4x3x3xf32>) outs(%[[E]] : tensor<?x4x3x3xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[LO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.+]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[A:.+]] = arith.maximumf %[[IN]], %[[LO]] : f32
// CHECK: %[[B:.+]] = arith.minimumf %[[A]], %[[HI]] : f32
// CHECK: linalg.yield %[[B]] : f32
func.func @hardtanh(%x: tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32> {
  %0 = nnid.hardtanh %x {min_val = 0.0, max_val = 6.0} : tensor<?x4x3x3xf32>
  return %0 : tensor<?x4x3x3xf32>
}

// -----

// CHECK-LABEL: func @sigmoid
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK: %[[N:.+]] = arith.subf %{{.*}}, %[[IN]] : f32
// CHECK: %[[E:.+]] = math.exp %[[N]] : f32
// CHECK: %[[D:.+]] = arith.addf %{{.*}}, %[[E]] : f32
// CHECK: %[[R:.+]] = arith.divf %{{.*}}, %[[D]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @sigmoid(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.sigmoid %x : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @silu
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK: math.exp
// CHECK: %[[D:.+]] = arith.addf
// CHECK: %[[R:.+]] = arith.divf %[[IN]], %[[D]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @silu(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.silu %x : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @hardswish
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.+]] = arith.addf %[[IN]], %{{.*}} : f32
// CHECK: %[[A:.+]] = arith.maximumf %[[S]], %{{.*}} : f32
// CHECK: %[[B:.+]] = arith.minimumf %[[A]], %{{.*}} : f32
// CHECK: %[[M:.+]] = arith.mulf %[[IN]], %[[B]] : f32
// CHECK: %[[R:.+]] = arith.divf %[[M]], %{{.*}} : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @hardswish(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.hardswish %x : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @gelu
// CHECK: math.erf
// CHECK-LABEL: func @gelu_tanh
// CHECK: math.tanh
func.func @gelu(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.gelu %x : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
func.func @gelu_tanh(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.gelu %x {approximate = "tanh"} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @leaky_relu
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[K:.+]] = arith.constant 2.000000e-01 : f32
// CHECK-DAG: %[[P:.+]] = arith.cmpf ogt, %[[IN]], %{{.*}} : f32
// CHECK-DAG: %[[M:.+]] = arith.mulf %[[IN]], %[[K]] : f32
// CHECK: %[[R:.+]] = arith.select %[[P]], %[[IN]], %[[M]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @leaky_relu(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.leaky_relu %x {negative_slope = 0.2} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @elu_and_selu
// CHECK: math.expm1
// CHECK: arith.select
// CHECK: math.expm1
// CHECK: arith.select
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
func.func @elu_and_selu(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.elu %x {alpha = 0.5} : tensor<2x5xf32>
  %1 = nnid.selu %0 : tensor<2x5xf32>
  return %1 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @softplus
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.+]] = arith.mulf %[[IN]], %{{.*}} : f32
// CHECK: %[[E:.+]] = math.exp %[[S]] : f32
// CHECK: %[[L:.+]] = math.log1p %[[E]] : f32
// CHECK: %[[D:.+]] = arith.divf %[[L]], %{{.*}} : f32
// CHECK: %[[C:.+]] = arith.cmpf ogt, %[[S]], %{{.*}} : f32
// CHECK: %[[R:.+]] = arith.select %[[C]], %[[IN]], %[[D]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @softplus(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.softplus %x {beta = 2.0} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func @softsign_tanh_hardsigmoid
// CHECK: math.absf
// CHECK: math.tanh
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.divf
func.func @softsign_tanh_hardsigmoid(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nnid.softsign %x : tensor<2x5xf32>
  %1 = nnid.tanh %0 : tensor<2x5xf32>
  %2 = nnid.hardsigmoid %1 : tensor<2x5xf32>
  return %2 : tensor<2x5xf32>
}
