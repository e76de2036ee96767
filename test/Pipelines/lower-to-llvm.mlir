// The pipeline takes the seed model (dynamic batch, weights as arguments)
// to the LLVM dialect in one flag, and mlir-translate accepts the result.
// RUN: nnid-opt %nnid_src_root/examples/seed-model.mlir --nnid-lower-to-llvm | FileCheck %s
// RUN: nnid-opt %nnid_src_root/examples/seed-model.mlir --nnid-lower-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

// CHECK-NOT: nnid.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
// CHECK-NOT: tensor.
// CHECK: llvm.func @forward(
// CHECK-NOT: nnid.
// CHECK-NOT: linalg.
// The kernels need no runtime library (copies are loops):
// CHECK-NOT: memrefCopy

// LLVMIR: define { ptr, ptr, i64, [4 x i64], [4 x i64] } @forward(
