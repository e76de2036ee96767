// RUN: nnid-opt %s -split-input-file --convert-nnid-to-linalg --canonicalize | FileCheck %s
// Pooling: max pads with -inf, average sums and divides by PyTorch's counts.

// ceil_mode: 2x2 windows, stride 2, padding 1 on 6x6 give 4x4 outputs, whose
// windows need exactly the padded 8x8 input.
// CHECK-LABEL: func @max_pool_ceil_mode
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.+]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:   tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<1x2x6x6xf32> to tensor<1x2x8x8xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: %[[W:.+]] = tensor.empty() : tensor<2x2xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<1x2x8x8xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x4x4xf32>)
func.func @max_pool_ceil_mode(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// ceil_mode that needs more than the padding: 3x3 stride 2 on 8x8 gives 4
// windows per row, the last one [6, 9): one extra row/column of -inf.
// CHECK-LABEL: func @max_pool_ceil_mode_extra
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: } : tensor<1x2x8x8xf32> to tensor<1x2x9x9xf32>
func.func @max_pool_ceil_mode_extra(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nnid.max_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, ceil_mode = true} : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// count_include_pad = false with ceil_mode: the divisor is each window's
// count of input elements (rows: 2, 3, 3, 3, 1; columns: 2, 3, 3, 2).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$HW:.+]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func @avg_pool_exclude_pad
// CHECK: %[[COUNTS:.+]] = arith.constant dense<{{\[}}[4.000000e+00, 6.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], [2.000000e+00, 3.000000e+00, 3.000000e+00, 2.000000e+00]]> : tensor<5x4xf32>
// CHECK: %[[P:.+]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 2, 1]
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum {{.*}} ins(%[[P]], %{{.*}} : tensor<1x2x11x9xf32>, tensor<3x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$HW]], #[[$ID]]], {{.*}}} ins(%[[S]], %[[COUNTS]] : tensor<1x2x5x4xf32>, tensor<5x4xf32>)
// CHECK:   arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<1x2x8x7xf32>) -> tensor<1x2x5x4xf32> {
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = false} : tensor<1x2x8x7xf32> -> tensor<1x2x5x4xf32>
  return %0 : tensor<1x2x5x4xf32>
}

// -----

// count_include_pad with ceil_mode: windows are clipped to the padded input
// (8 + 1 + 1 = 10 rows and columns), so the last window [7, 10) of each row
// and column counts 2 of its 3 positions: 3 * 2 = 6, and 2 * 2 = 4 in the
// corner.
// CHECK-LABEL: func @avg_pool_include_pad_ceil
// CHECK: arith.constant dense<{{\[}}[9.000000e+00, 9.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00], {{.*}}, [6.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<5x5xf32>
func.func @avg_pool_include_pad_ceil(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x5x5xf32> {
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x1x8x8xf32> -> tensor<1x1x5x5xf32>
  return %0 : tensor<1x1x5x5xf32>
}

// -----

// -----

// Too many outputs for a table of counts (1025 * 1025 > 2^20): the divisor
// is rows[h] * cols[w], both computed at run time: window i spans
// [i - 1, i + 2), clipped to the padded input (1026 rows, 1027 columns) and
// then to the input (1025 rows, 1026 columns).
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$H:.+]] = affine_map<(d0, d1, d2, d3) -> (d2)>
// CHECK-DAG: #[[$W:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @avg_pool_counts_at_run_time
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C1025:.+]] = arith.constant 1025 : index
// CHECK-DAG: %[[C1026:.+]] = arith.constant 1026 : index
// CHECK-DAG: %[[C1027:.+]] = arith.constant 1027 : index
// CHECK-NOT: arith.constant dense
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum
// CHECK: %[[ROWS:.+]] = tensor.generate
// CHECK-NEXT: ^bb0(%[[I:.+]]: index):
// CHECK-NEXT: %[[START:.+]] = arith.subi %[[I]], %[[C1]] : index
// CHECK-NEXT: %[[B:.+]] = arith.addi %[[I]], %[[C2]] : index
// CHECK-NEXT: %[[END:.+]] = arith.minsi %[[B]], %[[C1026]] : index
// CHECK-NEXT: %[[LO:.+]] = arith.maxsi %[[START]], %[[C0]] : index
// CHECK-NEXT: %[[HI:.+]] = arith.minsi %[[END]], %[[C1025]] : index
// CHECK-NEXT: %[[N:.+]] = arith.subi %[[HI]], %[[LO]] : index
// CHECK-NEXT: %[[N64:.+]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT: %[[NF:.+]] = arith.sitofp %[[N64]] : i64 to f32
// CHECK-NEXT: tensor.yield %[[NF]] : f32
// CHECK-NEXT: } : tensor<1025xf32>
// CHECK: %[[COLS:.+]] = tensor.generate
// CHECK: arith.minsi %{{.+}}, %[[C1027]] : index
// CHECK: arith.maxsi %{{.+}}, %[[C0]] : index
// CHECK: arith.minsi %{{.+}}, %[[C1026]] : index
// CHECK: } : tensor<1026xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$H]], #[[$W]], #[[$ID]]], {{.*}}} ins(%[[S]], %[[ROWS]], %[[COLS]] : tensor<1x1x1025x1026xf32>, tensor<1025xf32>, tensor<1026xf32>)
// CHECK-NEXT: ^bb0(%[[SUM:.+]]: f32, %[[R:.+]]: f32, %[[C:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[COUNT:.+]] = arith.mulf %[[R]], %[[C]] : f32
// CHECK-NEXT: arith.divf %[[SUM]], %[[COUNT]] : f32
func.func @avg_pool_counts_at_run_time(%x: tensor<1x1x1025x1026xf32>) -> tensor<1x1x1025x1026xf32> {
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, count_include_pad = false} : tensor<1x1x1025x1026xf32> -> tensor<1x1x1025x1026xf32>
  return %0 : tensor<1x1x1025x1026xf32>
}

// -----

// Every window counts the same: divide by a scalar; dynamic batch.
// CHECK-LABEL: func @avg_pool_uniform
// CHECK: %[[FOUR:.+]] = arith.constant 4.000000e+00 : f32
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum {{.*}} outs(%{{.*}} : tensor<?x2x4x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<?x2x4x4xf32>)
// CHECK:   arith.divf %{{.*}}, %[[FOUR]] : f32
func.func @avg_pool_uniform(%x: tensor<?x2x8x8xf32>) -> tensor<?x2x4x4xf32> {
  %0 = nnid.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<?x2x8x8xf32> -> tensor<?x2x4x4xf32>
  return %0 : tensor<?x2x4x4xf32>
}

// -----

// Bins that tile the input evenly: a sum pool with kernel = stride = 7.
// CHECK-LABEL: func @adaptive_global
// CHECK: %[[N:.+]] = arith.constant 4.900000e+01 : f32
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<7> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x512x7x7xf32>, tensor<7x7xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[S]]
// CHECK:   arith.divf %{{.*}}, %[[N]] : f32
func.func @adaptive_global(%x: tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32> {
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  return %0 : tensor<1x512x1x1xf32>
}

// -----

// Uneven, overlapping bins (7 -> 3: rows [0, 3), [2, 5), [4, 7); 5 -> 2:
// columns [0, 3), [2, 5)): a reduction over a 3x3 window placed at each
// bin's start, (7i floordiv 3, 5j floordiv 2), that adds an element only
// when it lies inside the bin (a select, never a product), then a division
// by the 3 * 3 elements of every bin.
// CHECK-DAG: #[[$IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, (d2 * 7) floordiv 3 + d4, (d3 * 5) floordiv 2 + d5)>
// CHECK-DAG: #[[$WIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[$OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @adaptive_uneven
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[NINE:.+]] = arith.constant 9.000000e+00 : f32
// CHECK-DAG: %[[WINDOW:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %[[WINDOW]] : tensor<1x3x7x5xf32>, tensor<3x3xf32>) outs(%{{.*}} : tensor<1x3x3x2xf32>)
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %{{.+}}: f32, %[[ACC:.+]]: f32):
// CHECK: %[[INROW:.+]] = arith.cmpi ult
// CHECK: %[[INCOL:.+]] = arith.cmpi ult
// CHECK: %[[INSIDE:.+]] = arith.andi %[[INROW]], %[[INCOL]] : i1
// CHECK: %[[TERM:.+]] = arith.select %[[INSIDE]], %[[X]], %[[ZERO]] : f32
// CHECK: arith.addf %[[ACC]], %[[TERM]] : f32
// CHECK-NOT: arith.mulf
// CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<1x3x3x2xf32>)
// CHECK:   arith.divf %{{.*}}, %[[NINE]]
func.func @adaptive_uneven(%x: tensor<1x3x7x5xf32>) -> tensor<1x3x3x2xf32> {
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 3, 2>} : tensor<1x3x7x5xf32> -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// -----

// Bins of varying size (8 -> 3: rows [0, 3), [2, 6), [5, 8)): the window
// has the largest bin's 4 rows, the input gains one zero row so that the
// last window stays in bounds, and each bin's count is in a table.
// CHECK-LABEL: func @adaptive_varying
// CHECK-DAG: %[[COUNTS:.+]] = arith.constant dense<{{\[}}[9.000000e+00, 9.000000e+00], [1.200000e+01, 1.200000e+01], [9.000000e+00, 9.000000e+00]]> : tensor<3x2xf32>
// CHECK: %[[P:.+]] = tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 0]
// CHECK: } : tensor<1x2x8x5xf32> to tensor<1x2x9x5xf32>
// CHECK: %[[WINDOW:.+]] = tensor.empty() : tensor<4x3xf32>
// CHECK: %[[S:.+]] = linalg.generic {{.*}} ins(%[[P]], %[[WINDOW]] : tensor<1x2x9x5xf32>, tensor<4x3xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[S]], %[[COUNTS]] : tensor<1x2x3x2xf32>, tensor<3x2xf32>)
func.func @adaptive_varying(%x: tensor<1x2x8x5xf32>) -> tensor<1x2x3x2xf32> {
  %0 = nnid.adaptive_avg_pool2d %x {output_size = array<i64: 3, 2>} : tensor<1x2x8x5xf32> -> tensor<1x2x3x2xf32>
  return %0 : tensor<1x2x3x2xf32>
}
