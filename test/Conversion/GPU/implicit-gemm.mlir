// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-implicit-gemm,canonicalize,cse))' | FileCheck %s
// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-implicit-gemm{tile-m=64 split-k=4},canonicalize,cse))' | FileCheck %s --check-prefix=FORCED
// RUN: nnid-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(nnid-gpu-implicit-gemm{emulate-on-host},canonicalize,cse))' | FileCheck %s --check-prefix=HOST

// A 3x3 convolution, 16 -> 64 channels, on 56 x 56 pixels: one block of
// 256 threads per 64 x 64 tile of C (64 filters x 49 tiles of pixels),
// shared tiles of A (transposed, one column of padding) and of B, four
// elements of each loaded per thread and step of K, two barriers per step,
// 16 accumulators per thread. 49 blocks are too few: K (144) is split in
// two, and the halves are added atomically.

// CHECK-LABEL: func.func @conv_64
// CHECK-NOT: linalg.conv
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C16:.+]] = arith.constant 16 : index
// CHECK-DAG: %[[C49:.+]] = arith.constant 49 : index
// CHECK-DAG: %[[C256:.+]] = arith.constant 256 : index
// CHECK: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C49]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C2]])
// CHECK-SAME: threads(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[C256]], %{{[a-z0-9_]+}} = %[[C1]], %{{[a-z0-9_]+}} = %[[C1]])
// CHECK-SAME: workgroup(%[[A:.+]] : memref<16x65xf32, #gpu.address_space<workgroup>>, %[[B:.+]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %[[C16]] iter_args
// CHECK-COUNT-4: memref.store %{{.+}}, %[[A]]
// CHECK-COUNT-4: memref.store %{{.+}}, %[[B]]
// CHECK: gpu.barrier
// CHECK: scf.for
// CHECK-COUNT-4: memref.load %[[A]]
// CHECK-COUNT-4: memref.load %[[B]]
// CHECK-COUNT-16: math.fma
// CHECK: gpu.barrier
// CHECK-COUNT-16: memref.atomic_rmw addf
// CHECK: gpu.terminator

// FORCED-LABEL: func.func @conv_64
// Four splits of 9 steps of K are three of 3 steps.
// FORCED: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %c49, %{{[a-z0-9_]+}} = %c1, %{{[a-z0-9_]+}} = %c3)
// FORCED-COUNT-16: memref.atomic_rmw addf

// HOST-LABEL: func.func @conv_64
// HOST-NOT: gpu.
// HOST: memref.alloc() : memref<16x65xf32>
// HOST: memref.alloc() : memref<16x64xf32>
// HOST: memref.alloc() : memref<256x16xf32>
// HOST-NOT: gpu.
// HOST: return
func.func @conv_64(%x: memref<1x16x58x58xf32>, %w: memref<64x16x3x3xf32>,
                   %y: memref<1x64x56x56xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>,
                            strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x16x58x58xf32>, memref<64x16x3x3xf32>)
    outs(%y : memref<1x64x56x56xf32>)
  return
}

// -----

// Few output channels: 16 x 256 tiles. A strided, dilated convolution reads
// the input at oh * 2 + kh * 2.

// CHECK-LABEL: func.func @conv_16_stride_dilation
// CHECK: %[[N:.+]] = memref.dim %{{.+}}, %c0 : memref<?x8x8x8xf32>
// CHECK: gpu.launch
// CHECK-SAME: workgroup(%{{.+}} : memref<16x17xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<16x256xf32, #gpu.address_space<workgroup>>)
// CHECK-COUNT-16: memref.load %{{.+}} : memref<?x3x20x20xf32>
// CHECK-NOT: memref.atomic_rmw
// CHECK: memref.load %{{.+}} : memref<?x8x8x8xf32>
// CHECK-NEXT: arith.addf
// CHECK-NEXT: memref.store %{{.+}} : memref<?x8x8x8xf32>
func.func @conv_16_stride_dilation(%x: memref<?x3x20x20xf32>,
                                   %w: memref<8x3x3x3xf32>,
                                   %y: memref<?x8x8x8xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>,
                            strides = dense<2> : tensor<2xi64>}
    ins(%x, %w : memref<?x3x20x20xf32>, memref<8x3x3x3xf32>)
    outs(%y : memref<?x8x8x8xf32>)
  return
}

// -----

// Groups: the z dimension of the grid is the group (here with 32 x 128
// tiles for 32 filters per group).

// CHECK-LABEL: func.func @grouped
// CHECK: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[G:[a-z0-9_]+]]) in (%{{[a-z0-9_]+}} = %c2, %{{[a-z0-9_]+}} = %c1, %{{[a-z0-9_]+}} = %c4)
// CHECK-SAME: memref<16x33xf32, #gpu.address_space<workgroup>>, %{{.+}} : memref<16x128xf32, #gpu.address_space<workgroup>>
// CHECK: memref.load %{{.+}}[%[[G]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : memref<4x32x8x3x3xf32>
// CHECK: memref.load %{{.+}}[%{{.+}}, %[[G]], %{{.+}}, %{{.+}}, %{{.+}}] : memref<1x4x8x18x18xf32>
// CHECK: memref.store %{{.+}}, %{{.+}}[%{{.+}}, %[[G]], %{{.+}}, %{{.+}}, %{{.+}}] : memref<1x4x32x16x16xf32>
func.func @grouped(%x: memref<1x4x8x18x18xf32>, %w: memref<4x32x8x3x3xf32>,
                   %y: memref<1x4x32x16x16xf32>) {
  linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>,
                              strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x4x8x18x18xf32>, memref<4x32x8x3x3xf32>)
    outs(%y : memref<1x4x32x16x16xf32>)
  return
}

// -----

// Few pixels and a long K (a deep layer): 8 tiles of C, each computed by
// 32 blocks that take 144 of K = 4608 each and add their sums atomically.

// CHECK-LABEL: func.func @split_k
// CHECK-DAG: %[[C144:.+]] = arith.constant 144 : index
// CHECK: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[Z:[a-z0-9_]+]]) in (%{{[a-z0-9_]+}} = %c1, %{{[a-z0-9_]+}} = %c8, %{{[a-z0-9_]+}} = %c32)
// CHECK: %[[SPLIT:.+]] = arith.remui %[[Z]], %c32 : index
// CHECK: %[[BEGIN:.+]] = arith.muli %[[SPLIT]], %[[C144]] : index
// CHECK: %[[END:.+]] = arith.addi %[[BEGIN]], %[[C144]] : index
// CHECK: %[[BOUND:.+]] = arith.minui %[[END]], %c4608 : index
// CHECK: scf.for %{{.+}} = %[[BEGIN]] to %[[BOUND]] step %c16
// CHECK-COUNT-16: memref.atomic_rmw addf
func.func @split_k(%x: memref<1x512x9x9xf32>, %w: memref<512x512x3x3xf32>,
                   %y: memref<1x512x7x7xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>,
                            strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x512x9x9xf32>, memref<512x512x3x3xf32>)
    outs(%y : memref<1x512x7x7xf32>)
  return
}

// -----

// A linear layer with a dynamic batch: the GEMM is computed transposed, so
// that its rows are the 1000 static output features (16 tiles of 64), and
// its columns the batch.

#map_x = affine_map<(m, n, k) -> (m, k)>
#map_w = affine_map<(m, n, k) -> (n, k)>
#map_y = affine_map<(m, n, k) -> (m, n)>
// CHECK-LABEL: func.func @linear_dynamic_batch
// CHECK: %[[N:.+]] = memref.dim %{{.+}}, %c0 : memref<?x1000xf32>
// CHECK: %[[X:.+]] = arith.ceildivui %[[N]], %c64 : index
// CHECK: %[[GRID:.+]] = arith.maxsi %[[X]], %c1 : index
// CHECK: gpu.launch blocks(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}) in (%{{[a-z0-9_]+}} = %[[GRID]], %{{[a-z0-9_]+}} = %c16, %{{[a-z0-9_]+}} = %c8)
// CHECK-SAME: memref<16x65xf32, #gpu.address_space<workgroup>>
// CHECK: memref.load %{{.+}}[%{{.+}}, %{{.+}}] : memref<1000x512xf32>
// CHECK: memref.load %{{.+}}[%{{.+}}, %{{.+}}] : memref<?x512xf32>
func.func @linear_dynamic_batch(%x: memref<?x512xf32>, %w: memref<1000x512xf32>,
                                %y: memref<?x1000xf32>) {
  linalg.matmul indexing_maps = [#map_x, #map_w, #map_y]
    ins(%x, %w : memref<?x512xf32>, memref<1000x512xf32>)
    outs(%y : memref<?x1000xf32>)
  return
}

// -----

// Left for the parallel-loop kernels: tensors, depthwise convolutions,
// other element types.

// CHECK-LABEL: func.func @not_gemms
// CHECK-NOT: gpu.launch
// CHECK: linalg.depthwise_conv_2d_nchw_chw
// CHECK: linalg.matmul
// CHECK: linalg.conv_2d_nchw_fchw
func.func @not_gemms(%x: memref<1x8x10x10xf32>, %w: memref<8x3x3xf32>,
                     %y: memref<1x8x8x8xf32>, %a: memref<4x4xf16>,
                     %t: tensor<1x3x10x10xf32>, %f: tensor<4x3x3x3xf32>,
                     %o: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>,
                                     strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : memref<1x8x10x10xf32>, memref<8x3x3xf32>)
    outs(%y : memref<1x8x8x8xf32>)
  linalg.matmul ins(%a, %a : memref<4x4xf16>, memref<4x4xf16>)
                outs(%a : memref<4x4xf16>)
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>,
                                 strides = dense<1> : tensor<2xi64>}
    ins(%t, %f : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>)
    outs(%o : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
