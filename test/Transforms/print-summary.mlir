// RUN: nnid-opt --nnid-print-summary %s -split-input-file -o /dev/null 2>&1 | FileCheck %s
// The columns line up: the first table, spaces and all.
// RUN: nnid-opt --nnid-print-summary %s -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALIGN --strict-whitespace --match-full-lines
// The pass changes nothing: the IR it prints is the IR without it.
// RUN: nnid-opt %s -split-input-file -o %t.plain
// RUN: nnid-opt --nnid-print-summary %s -split-input-file -o %t.summary 2>/dev/null
// RUN: diff %t.plain %t.summary

// A small classifier, batch 1, layers named by NameLocs; the conv weight is a
// constant, every other parameter a function argument. Counted by hand:
//
// layer1.conv, conv2d 3->8, 3x3, padding 1, bias: 1x8x10x10, out = 800.
//   parameters: weight 8*3*3*3 = 216, bias 8: 224.
//   FLOPs: 2 * out * (Cin/groups)*kh*kw + out = 2*800*27 + 800 = 43200 + 800
//   = 44000.
// layer1.bn, batch_norm over 8 channels: 4 vectors of 8 = 32 parameters;
//   FLOPs 2 * out = 2*800 = 1600.
// layer1.relu: FLOPs = out = 800.
// layer1.pool, max_pool2d 3x3, stride 2, padding 1: (10 + 2 - 3) / 2 + 1 = 5,
//   1x8x5x5, out = 200; FLOPs out * kh*kw = 200*9 = 1800.
// avgpool, adaptive_avg_pool2d 5x5 -> 3x3: PyTorch's bins along 5 are
//   [floor(0*5/3), ceil(1*5/3)) = [0, 2), [floor(5/3), ceil(10/3)) = [1, 4),
//   [floor(10/3), ceil(15/3)) = [3, 5), of 2 + 3 + 2 = 7 elements; the bins
//   of one channel hold 7*7 = 49 elements, FLOPs = N*C*49 = 8*49 = 392.
// flatten: 1x8x3x3 -> 1x72, 0 FLOPs.
// fc, linear 72->10 with bias: parameters 10*72 + 10 = 730;
//   FLOPs 2*N*out*in + N*out = 2*10*72 + 10 = 1450.
// total: parameters 224 + 32 + 730 = 986;
//   FLOPs 44000 + 1600 + 800 + 1800 + 392 + 0 + 1450 = 50042.

// CHECK-LABEL: Summary of @classifier (7 nnid ops)
// CHECK-NEXT: layer op output shape parameters FLOPs
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: layer1.conv conv2d 1x8x10x10 224 44000
// CHECK-NEXT: layer1.bn batch_norm 1x8x10x10 32 1600
// CHECK-NEXT: layer1.relu relu 1x8x10x10 0 800
// CHECK-NEXT: layer1.pool max_pool2d 1x8x5x5 0 1800
// CHECK-NEXT: avgpool adaptive_avg_pool2d 1x8x3x3 0 392
// CHECK-NEXT: flatten_0 flatten 1x72 0 0
// CHECK-NEXT: fc linear 1x10 730 1450
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: total 986 50042{{$}}

// ALIGN-LABEL:Summary of @classifier (7 nnid ops)
// ALIGN-NEXT:layer        op                   output shape  parameters  FLOPs
// ALIGN-NEXT:-----------  -------------------  ------------  ----------  -----
// ALIGN-NEXT:layer1.conv  conv2d               1x8x10x10            224  44000
// ALIGN-NEXT:layer1.bn    batch_norm           1x8x10x10             32   1600
// ALIGN-NEXT:layer1.relu  relu                 1x8x10x10              0    800
// ALIGN-NEXT:layer1.pool  max_pool2d           1x8x5x5                0   1800
// ALIGN-NEXT:avgpool      adaptive_avg_pool2d  1x8x3x3                0    392
// ALIGN-NEXT:flatten_0    flatten              1x72                   0      0
// ALIGN-NEXT:fc           linear               1x10                 730   1450
// ALIGN-NEXT:-----------  -------------------  ------------  ----------  -----
// ALIGN-NEXT:total                                                  986  50042
func.func @classifier(%x: tensor<1x3x10x10xf32>, %b: tensor<8xf32>,
                      %gamma: tensor<8xf32>, %beta: tensor<8xf32>,
                      %mean: tensor<8xf32>, %var: tensor<8xf32>,
                      %fcw: tensor<10x72xf32>, %fcb: tensor<10xf32>)
    -> tensor<1x10xf32> {
  %w = arith.constant dense<0.125> : tensor<8x3x3x3xf32> loc("layer1.conv.weight")
  %0 = nnid.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>)
      -> tensor<1x8x10x10xf32> loc("layer1.conv")
  %1 = nnid.batch_norm %0, %gamma, %beta, %mean, %var
      : tensor<1x8x10x10xf32>, tensor<8xf32> loc("layer1.bn")
  %2 = nnid.relu %1 : tensor<1x8x10x10xf32> loc("layer1.relu")
  %3 = nnid.max_pool2d %2 {kernel_size = array<i64: 3, 3>,
                           stride = array<i64: 2, 2>,
                           padding = array<i64: 1, 1, 1, 1>}
      : tensor<1x8x10x10xf32> -> tensor<1x8x5x5xf32> loc("layer1.pool")
  %4 = nnid.adaptive_avg_pool2d %3 {output_size = array<i64: 3, 3>}
      : tensor<1x8x5x5xf32> -> tensor<1x8x3x3xf32> loc("avgpool")
  %5 = nnid.flatten %4 : tensor<1x8x3x3xf32> -> tensor<1x72xf32>
  %6 = nnid.linear %5, %fcw, %fcb
      : (tensor<1x72xf32>, tensor<10x72xf32>, tensor<10xf32>)
      -> tensor<1x10xf32> loc("fc")
  return %6 : tensor<1x10xf32>
}

// -----

// A dynamic batch counts as 1 in FLOPs, and the header says so. Names come
// from inside FusedLocs and CallSiteLocs (the callee's, else the caller's);
// unnamed ops are <op>_<i>, i counting the earlier ops of their kind, named
// or not (the second relu is relu_1). Counted by hand, with N = 1:
//
// stem.conv, conv2d 4->4, groups 2, 3x3, padding 1, no bias: ?x4x6x6,
//   out = 4*6*6 = 144; parameters 4*(4/2)*3*3 = 72;
//   FLOPs 2 * out * (Cin/groups)*kh*kw = 2*144*2*9 = 5184.
// block.idconv, identity_conv1x1 4x4x1x1: parameters 16; as a 1x1 conv,
//   FLOPs 2 * out * C/groups = 2*144*4 = 1152.
// block.act, relu: 144. add_0: 144.
// avg_pool2d_0, 2x2 stride 2: ?x4x3x3, out = 36; FLOPs 36*2*2 = 144.
// skip, identity: 0. concat_0 (8 channels): 0. flatten_0 -> ?x72: 0.
// head.bn, batch_norm over 72 features: parameters 4*72 = 288;
//   FLOPs 2*72 = 144.
// linear_0, 72->5 without bias: parameters 5*72 = 360; FLOPs 2*5*72 = 720.
// relu_1: 5.
// total: parameters 72 + 16 + 288 + 360 = 736;
//   FLOPs 5184 + 1152 + 144 + 144 + 144 + 144 + 720 + 5 = 7637.

// CHECK-LABEL: Summary of @dynamic_batch (11 nnid ops; dynamic batch: FLOPs for batch 1)
// CHECK-NEXT: layer op output shape parameters FLOPs
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: stem.conv conv2d ?x4x6x6 72 5184
// CHECK-NEXT: block.idconv identity_conv1x1 ?x4x6x6 16 1152
// CHECK-NEXT: block.act relu ?x4x6x6 0 144
// CHECK-NEXT: add_0 add ?x4x6x6 0 144
// CHECK-NEXT: avg_pool2d_0 avg_pool2d ?x4x3x3 0 144
// CHECK-NEXT: skip identity ?x4x3x3 0 0
// CHECK-NEXT: concat_0 concat ?x8x3x3 0 0
// CHECK-NEXT: flatten_0 flatten ?x72 0 0
// CHECK-NEXT: head.bn batch_norm ?x72 288 144
// CHECK-NEXT: linear_0 linear ?x5 360 720
// CHECK-NEXT: relu_1 relu ?x5 0 5
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: total 736 7637{{$}}
func.func @dynamic_batch(%x: tensor<?x4x6x6xf32>, %w: tensor<4x2x3x3xf32>,
                         %id: tensor<4x4x1x1xf32>, %g: tensor<72xf32>,
                         %b: tensor<72xf32>, %m: tensor<72xf32>,
                         %v: tensor<72xf32>, %fcw: tensor<5x72xf32>)
    -> tensor<?x5xf32> {
  %0 = nnid.conv2d %x, %w {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<?x4x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<?x4x6x6xf32>
      loc(fused["model.py":3:4, "stem.conv"])
  %1 = nnid.identity_conv1x1 %0, %id : tensor<?x4x6x6xf32>, tensor<4x4x1x1xf32>
      loc(callsite("block.idconv" at "model.py":10:2))
  %2 = nnid.relu %1 : tensor<?x4x6x6xf32>
      loc(callsite("block.py":1:1 at "block.act"))
  %3 = nnid.add %2, %x : tensor<?x4x6x6xf32>
  %4 = nnid.avg_pool2d %3 {kernel_size = array<i64: 2, 2>}
      : tensor<?x4x6x6xf32> -> tensor<?x4x3x3xf32> loc("model.py":20:1)
  %5 = nnid.identity %4 : tensor<?x4x3x3xf32> loc("skip")
  %6 = nnid.concat %5, %4 {axis = 1 : i64}
      : (tensor<?x4x3x3xf32>, tensor<?x4x3x3xf32>) -> tensor<?x8x3x3xf32>
  %7 = nnid.flatten %6 : tensor<?x8x3x3xf32> -> tensor<?x72xf32>
  %8 = nnid.batch_norm %7, %g, %b, %m, %v : tensor<?x72xf32>, tensor<72xf32>
      loc("head.bn")
  %9 = nnid.linear %8, %fcw : (tensor<?x72xf32>, tensor<5x72xf32>)
      -> tensor<?x5xf32>
  %10 = nnid.relu %9 : tensor<?x5xf32>
  return %10 : tensor<?x5xf32>
}

// -----

// A function without nnid ops has an empty table; a declaration has none,
// and an empty line separates the tables of one module.
// CHECK-LABEL: Summary of @no_layers (0 nnid ops)
// CHECK-NEXT: layer op output shape parameters FLOPs
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: total 0 0{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: Summary of @one_layer (1 nnid op)
// CHECK-NEXT: layer op output shape parameters FLOPs
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: relu_0 relu 2x3 0 6
// CHECK-NEXT: {{^-+ +-+ +-+ +-+ +-+$}}
// CHECK-NEXT: total 0 6{{$}}
// CHECK-NOT: @declaration
func.func @no_layers(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}
func.func private @declaration(tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @one_layer(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nnid.relu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
