// The main job: canonicalizing the seed model erases its nn.Identity and
// leaves the layers connected in order.
// RUN: nnid-opt %nnid_src_root/examples/seed-model.mlir | FileCheck %s --check-prefix=BEFORE
// RUN: nnid-opt %nnid_src_root/examples/seed-model.mlir --canonicalize="test-convergence" | FileCheck %s

// BEFORE: nnid.identity

// CHECK-LABEL: func @forward
// CHECK-NOT: nnid.identity
// CHECK: %[[C1:.+]] = nnid.conv2d %arg0, %arg1, %arg2
// CHECK-NEXT: %[[R1:.+]] = nnid.relu %[[C1]]
// CHECK-NEXT: %[[P1:.+]] = nnid.max_pool2d %[[R1]]
// CHECK-NEXT: %[[C2:.+]] = nnid.conv2d %[[P1]], %arg3, %arg4
// CHECK-NEXT: %[[R2:.+]] = nnid.relu %[[C2]]
// CHECK-NEXT: %[[P2:.+]] = nnid.max_pool2d %[[R2]]
// CHECK-NEXT: %[[C3:.+]] = nnid.conv2d %[[P2]], %arg5, %arg6
// CHECK-NEXT: %[[R3:.+]] = nnid.relu %[[C3]]
// CHECK-NEXT: %[[P3:.+]] = nnid.max_pool2d %[[R3]] {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>} : tensor<?x64x56x56xf32> -> tensor<?x64x28x28xf32>
// CHECK-NEXT: return %[[P3]]
// CHECK-NOT: nnid.identity
