// RUN: nnid-opt %s -split-input-file --nnid-lower-cpu-kernels --canonicalize | FileCheck %s
// RUN: nnid-opt %s -split-input-file --nnid-lower-cpu-kernels="parallel=false" | FileCheck %s --check-prefix=SEQ

// A 3x3 conv, 8 -> 36 channels, with its bias broadcast before it and a
// ReLU after it. With 8 lanes and 16 registers: 2 vectors (16 channels) per
// block, 6 pixels per tile (12 accumulators); two full blocks (the outer
// parallel loop runs over batch, channel block and row, so a block's kernel
// stays in cache across rows), and a tail
// block of 4 channels (a masked vector). 11 pixels per row: tiles of 6 and 5
// (balanced, rather than 6 and 5 by chance: 8 pixels would be 4 and 4).
// CHECK-LABEL: func @conv_bias_relu
// CHECK-SAME: (%[[IN:.+]]: memref<?x6x13x8xf32>, %[[W:.+]]: memref<3x3x8x36xf32>, %[[B:.+]]: memref<36xf32>, %[[OUT:.+]]: memref<?x4x11x36xf32>)
// The bias is not broadcast into a buffer, the relu is not a separate op:
// CHECK-NOT: linalg.
// CHECK: scf.parallel (%[[N:[a-z0-9_]+]], %[[FB:[a-z0-9_]+]], %[[OH:[a-z0-9_]+]]) = (%{{.*}}, %{{.*}}, %{{.*}}) to (%{{.*}}, %{{.*}}, %{{.*}}) step
// CHECK: %[[F0:.+]] = arith.muli %[[FB]], %{{.*}} : index
// The accumulators start at the bias:
// CHECK: vector.load %[[B]][%[[F0]]] : memref<36xf32>, vector<8xf32>
// CHECK: scf.for %[[KH:[a-z0-9_]+]] = {{.*}} iter_args
// CHECK: scf.for %[[KW:[a-z0-9_]+]] = {{.*}} iter_args
// CHECK: scf.for %[[C:[a-z0-9_]+]] = {{.*}} iter_args
// CHECK: vector.load %[[W]][%[[KH]], %[[KW]], %[[C]], %[[F0]]] : memref<3x3x8x36xf32>, vector<8xf32>
// CHECK: %[[X:.+]] = memref.load %[[IN]][%[[N]], %{{.*}}, %{{.*}}, %[[C]]]
// CHECK: %[[XS:.+]] = vector.broadcast %[[X]] : f32 to vector<8xf32>
// CHECK: vector.fma %[[XS]], %{{.*}}, %{{.*}} : vector<8xf32>
// The relu is applied before the store, into the relu's output:
// CHECK: %[[R:.+]] = arith.maximumf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: vector.store %[[R]], %[[OUT]][%[[N]], %[[OH]], %{{.*}}, %[[F0]]]
// CHECK: scf.reduce
// The tail block of 4 channels, masked:
// CHECK: scf.parallel
// CHECK: vector.constant_mask [4] : vector<8xi1>
// CHECK: vector.maskedload %[[B]]
// CHECK: vector.maskedstore %[[OUT]]
// SEQ-LABEL: func @conv_bias_relu
// SEQ-NOT: scf.parallel
func.func @conv_bias_relu(%in: memref<?x6x13x8xf32>, %w: memref<3x3x8x36xf32>, %b: memref<36xf32>, %out: memref<?x4x11x36xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %in, %c0 : memref<?x6x13x8xf32>
  %acc = memref.alloc(%n) : memref<?x4x11x36xf32>
  linalg.broadcast ins(%b : memref<36xf32>) outs(%acc : memref<?x4x11x36xf32>) dimensions = [0, 1, 2] {nnid.kernel_group = 0 : i64}
  linalg.conv_2d_nhwc_hwcf {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<?x6x13x8xf32>, memref<3x3x8x36xf32>) outs(%acc : memref<?x4x11x36xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<?x4x11x36xf32>) outs(%out : memref<?x4x11x36xf32>) attrs = {nnid.kernel_group = 0 : i64} {
  ^bb0(%x: f32, %y: f32):
    %z = arith.constant 0.0 : f32
    %r = arith.maximumf %x, %z : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<?x4x11x36xf32>
  return
}

// -----

// Short rows (7 pixels: tiles of 4 and 3) are tiled as one flat sequence of
// 49 pixels instead: 4 tiles of 6 and 5 tiles of 5 (by 2 channel vectors:
// 12 and 10 accumulators), in parallel over
// (batch, channel block, tile), here one image and one block, so the unit
// loops fold away; pixel p is at row p / 7, column p % 7.
// CHECK-LABEL: func @conv_short_rows
// CHECK-SAME: (%[[IN:.+]]: memref<1x9x9x8xf32>, %[[W:.+]]: memref<3x3x8x16xf32>, %[[OUT:.+]]: memref<1x7x7x16xf32>)
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG: %[[C5:.+]] = arith.constant 5 : index
// CHECK-DAG: %[[C7:.+]] = arith.constant 7 : index
// CHECK: scf.parallel (%[[T:[a-z0-9_]+]]) = (%{{.+}}) to (%[[C4]])
// CHECK: %[[P0:.+]] = arith.muli %[[T]], %{{.+}} : index
// CHECK: arith.divui %[[P0]], %[[C7]] : index
// CHECK: arith.remui %[[P0]], %[[C7]] : index
// CHECK-COUNT-12: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.reduce
// CHECK: scf.parallel (%{{.+}}) = (%{{.+}}) to (%[[C5]])
// CHECK-COUNT-10: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.reduce
func.func @conv_short_rows(%in: memref<1x9x9x8xf32>, %w: memref<3x3x8x16xf32>, %out: memref<1x7x7x16xf32>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x9x9x8xf32>, memref<3x3x8x16xf32>) outs(%out : memref<1x7x7x16xf32>)
  return
}

// -----

// A group's biases are a slice of the conv's bias vector: the broadcast of
// the slice is still the accumulators' initial value.
// CHECK-LABEL: func @group_bias
// CHECK-SAME: (%[[IN:.+]]: memref<1x4x4x8xf32>, %[[W:.+]]: memref<1x1x8x8xf32>, %[[B:.+]]: memref<16xf32>, %[[OUT:.+]]: memref<1x4x4x8xf32>)
// CHECK-NOT: linalg.broadcast
// CHECK: %[[BS:.+]] = memref.subview %[[B]][8] [8] [1]
// CHECK-NOT: linalg.broadcast
// CHECK: vector.load %[[BS]][%{{.+}}] : memref<8xf32, strided<[1], offset: 8>>, vector<8xf32>
// CHECK-NOT: linalg.broadcast
func.func @group_bias(%in: memref<1x4x4x8xf32>, %w: memref<1x1x8x8xf32>, %b: memref<16xf32>, %out: memref<1x4x4x8xf32>) {
  %bias = memref.subview %b[8] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: 8>>
  linalg.broadcast ins(%bias : memref<8xf32, strided<[1], offset: 8>>) outs(%out : memref<1x4x4x8xf32>) dimensions = [0, 1, 2] {nnid.kernel_group = 0 : i64}
  linalg.conv_2d_nhwc_hwcf {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x4x8xf32>, memref<1x1x8x8xf32>) outs(%out : memref<1x4x4x8xf32>)
  return
}

// -----

// A residual add and a per-channel scale (batch norm) after the conv: the
// other operands are loaded at the same pixel and channels.
// CHECK-LABEL: func @conv_residual
// CHECK-SAME: (%[[IN:.+]]: memref<1x4x4x8xf32>, %[[W:.+]]: memref<1x1x8x8xf32>, %[[RES:.+]]: memref<1x4x4x8xf32>, %[[SCALE:.+]]: memref<8xf32>, %[[OUT:.+]]: memref<1x4x4x8xf32>)
// CHECK-NOT: linalg.
// CHECK: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]]
// CHECK: vector.fma
// CHECK: %[[S:.+]] = vector.load %[[SCALE]][%{{.*}}] : memref<8xf32>, vector<8xf32>
// CHECK: %[[R:.+]] = vector.load %[[RES]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x4x4x8xf32>, vector<8xf32>
// CHECK: %[[M:.+]] = arith.mulf %{{.*}}, %[[S]] : vector<8xf32>
// CHECK: %[[A:.+]] = arith.addf %[[M]], %[[R]] : vector<8xf32>
// CHECK: vector.store %[[A]], %[[OUT]]
func.func @conv_residual(%in: memref<1x4x4x8xf32>, %w: memref<1x1x8x8xf32>, %res: memref<1x4x4x8xf32>, %scale: memref<8xf32>, %out: memref<1x4x4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x4x4x8xf32>
  linalg.fill {nnid.kernel_group = 0 : i64} ins(%zero : f32) outs(%acc : memref<1x4x4x8xf32>)
  linalg.conv_2d_nhwc_hwcf {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x4x8xf32>, memref<1x1x8x8xf32>) outs(%acc : memref<1x4x4x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d3)>,
                                   affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc, %scale, %res : memref<1x4x4x8xf32>, memref<8xf32>, memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) attrs = {nnid.kernel_group = 0 : i64} {
  ^bb0(%x: f32, %s: f32, %r: f32, %y: f32):
    %m = arith.mulf %x, %s : f32
    %a = arith.addf %m, %r : f32
    linalg.yield %a : f32
  }
  memref.dealloc %acc : memref<1x4x4x8xf32>
  return
}

// -----

// Not fused although marked: something between the conv and the add writes
// memory (here a copy into the residual), so the add must see its new
// value; only inert ops (views, casts, constants, allocations) may stand
// between the ops of a group.
// CHECK-LABEL: func @consumer_input_written_between
// CHECK: vector.store %{{.*}}, %[[ACC:.+]][
// CHECK: memref.copy
// CHECK: linalg.generic
func.func @consumer_input_written_between(%in: memref<1x4x4x8xf32>, %w: memref<1x1x8x8xf32>, %res: memref<1x4x4x8xf32>, %src: memref<1x4x4x8xf32>, %out: memref<1x4x4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x4x4x8xf32>
  linalg.fill {nnid.kernel_group = 0 : i64} ins(%zero : f32) outs(%acc : memref<1x4x4x8xf32>)
  linalg.conv_2d_nhwc_hwcf {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x4x8xf32>, memref<1x1x8x8xf32>) outs(%acc : memref<1x4x4x8xf32>)
  memref.copy %src, %res : memref<1x4x4x8xf32> to memref<1x4x4x8xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc, %res : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) attrs = {nnid.kernel_group = 0 : i64} {
  ^bb0(%x: f32, %r: f32, %y: f32):
    %a = arith.addf %x, %r : f32
    linalg.yield %a : f32
  }
  memref.dealloc %acc : memref<1x4x4x8xf32>
  return
}

// -----

// Without a decision from nnid-group-cpu-kernels the kernel absorbs
// nothing: the fill before it and the relu after it stay, and the kernel
// starts from the output buffer.
// CHECK-LABEL: func @unmarked
// CHECK: linalg.fill
// CHECK: vector.load %[[ACC:.+]][
// CHECK: vector.fma
// CHECK: vector.store %{{.*}}, %[[ACC]][
// CHECK: linalg.generic
func.func @unmarked(%in: memref<1x4x4x8xf32>, %w: memref<1x1x8x8xf32>, %out: memref<1x4x4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x4x4x8xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<1x4x4x8xf32>)
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x4x8xf32>, memref<1x1x8x8xf32>) outs(%acc : memref<1x4x4x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<1x4x4x8xf32>
  return
}

// -----

// The kernel takes the place of its consumer: a view of the consumer's
// output made between the conv and the consumer (as bufferization makes
// for a slice of a concat) is available to it.
// CHECK-LABEL: func @view_between
// CHECK-SAME: (%[[IN:.+]]: memref<1x4x4x8xf32>, %[[W:.+]]: memref<1x1x8x8xf32>, %[[CAT:.+]]: memref<1x4x4x16xf32>)
// CHECK-NOT: linalg.
// CHECK: %[[SLICE:.+]] = memref.subview %[[CAT]][0, 0, 0, 8]
// CHECK: vector.fma
// CHECK: %[[R:.+]] = arith.maximumf
// CHECK: vector.store %[[R]], %[[SLICE]]
func.func @view_between(%in: memref<1x4x4x8xf32>, %w: memref<1x1x8x8xf32>, %cat: memref<1x4x4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x4x4x8xf32>
  linalg.fill {nnid.kernel_group = 0 : i64} ins(%zero : f32) outs(%acc : memref<1x4x4x8xf32>)
  linalg.conv_2d_nhwc_hwcf {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x4x8xf32>, memref<1x1x8x8xf32>) outs(%acc : memref<1x4x4x8xf32>)
  %slice = memref.subview %cat[0, 0, 0, 8] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x4x4x16xf32> to memref<1x4x4x8xf32, strided<[256, 64, 16, 1], offset: 8>>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x4x4x8xf32>) outs(%slice : memref<1x4x4x8xf32, strided<[256, 64, 16, 1], offset: 8>>) attrs = {nnid.kernel_group = 0 : i64} {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<1x4x4x8xf32>
  return
}
// -----

// Not a kernel: a dynamic spatial size.
// CHECK-LABEL: func @dynamic_width
// CHECK: linalg.conv_2d_nhwc_hwcf
func.func @dynamic_width(%in: memref<1x4x?x8xf32>, %w: memref<1x1x8x8xf32>, %out: memref<1x4x?x8xf32>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x?x8xf32>, memref<1x1x8x8xf32>) outs(%out : memref<1x4x?x8xf32>)
  return
}

// -----

// Stride 2 and dilation 2: input rows and columns are oh * 2 + kh * 2 and
// ow * 2 + kw * 2; depthwise kernels load input vectors.
// CHECK-LABEL: func @depthwise_strided
// CHECK-SAME: (%[[IN:.+]]: memref<1x9x9x8xf32>, %[[W:.+]]: memref<3x3x8xf32>
// CHECK: scf.parallel (%[[OH:[a-z0-9_]+]]) =
// CHECK: %[[IH0:.+]] = arith.muli %[[OH]], %[[C2:.+]] : index
// CHECK: scf.for %[[KH:[a-z0-9_]+]] =
// CHECK: %[[KHD:.+]] = arith.muli %[[KH]], %[[C2]] : index
// CHECK: %[[IH:.+]] = arith.addi %[[IH0]], %[[KHD]] : index
// CHECK: %[[K:.+]] = vector.load %[[W]][%[[KH]], %{{.*}}, %{{.*}}] : memref<3x3x8xf32>, vector<8xf32>
// CHECK: %[[X:.+]] = vector.load %[[IN]][%{{.*}}, %[[IH]], %{{.*}}, %{{.*}}] : memref<1x9x9x8xf32>, vector<8xf32>
// CHECK: vector.fma %[[X]], %[[K]], %{{.*}} : vector<8xf32>
func.func @depthwise_strided(%in: memref<1x9x9x8xf32>, %w: memref<3x3x8xf32>, %out: memref<1x3x3x8xf32>) {
  linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%in, %w : memref<1x9x9x8xf32>, memref<3x3x8xf32>) outs(%out : memref<1x3x3x8xf32>)
  return
}

// -----

// A constant kernel is packed at compile time by channel block (2 vectors,
// 16 channels): 20 filters make one full block and a block of 4, padded
// with zeros; w[kh, kw, c, f] = f here, so the packed block 1 holds
// 16, 17, 18, 19, then zeros. The HWCF global is no longer read, and goes.
// CHECK: memref.global "private" constant @kernel_packed16 : memref<2x1x1x2x16xf32> = dense<{{\[\[\[\[}}[0.000000e+00, 1.000000e+00, {{.*}}, 1.500000e+01], [0.000000e+00, {{.*}}]]]], {{\[\[\[}}[1.600000e+01, 1.700000e+01, 1.800000e+01, 1.900000e+01, 0.000000e+00, {{.*}}]]]]]>
// CHECK-NOT: @kernel :
// CHECK-LABEL: func @packed_kernel
// CHECK: %[[P:.+]] = memref.get_global @kernel_packed16 : memref<2x1x1x2x16xf32>
// CHECK: vector.load %[[P]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : memref<2x1x1x2x16xf32>, vector<8xf32>
// CHECK: vector.maskedload %[[P]]
// CHECK-NOT: get_global @kernel
memref.global "private" constant @kernel : memref<1x1x2x20xf32> = dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0]]]]>
func.func @packed_kernel(%in: memref<1x4x4x2xf32>, %out: memref<1x4x4x20xf32>) {
  %w = memref.get_global @kernel : memref<1x1x2x20xf32>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<1x4x4x2xf32>, memref<1x1x2x20xf32>) outs(%out : memref<1x4x4x20xf32>)
  return
}

// -----

// Not fused although marked: the relu writes the buffer the conv reads (as
// bufferization may arrange for two ops run one after the other); a fused
// kernel would overwrite inputs that later channel blocks still read.
// CHECK-LABEL: func @consumer_writes_input
// CHECK: vector.fma
// CHECK: linalg.generic
func.func @consumer_writes_input(%buf: memref<1x4x4x32xf32>, %w: memref<1x1x32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() : memref<1x4x4x32xf32>
  linalg.fill {nnid.kernel_group = 0 : i64} ins(%zero : f32) outs(%acc : memref<1x4x4x32xf32>)
  linalg.conv_2d_nhwc_hwcf {nnid.kernel_group = 0 : i64, dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%buf, %w : memref<1x4x4x32xf32>, memref<1x1x32x32xf32>) outs(%acc : memref<1x4x4x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x4x4x32xf32>) outs(%buf : memref<1x4x4x32xf32>) attrs = {nnid.kernel_group = 0 : i64} {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<1x4x4x32xf32>
  return
}
