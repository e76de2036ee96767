//===- Passes.td - nnid conversion passes ------------------*- tablegen -*-===//

#ifndef NNID_CONVERSION_PASSES_TD
#define NNID_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNnidToLinalg : Pass<"convert-nnid-to-linalg"> {
  let summary = "Lower nnid ops to linalg, tensor and arith ops on tensors";
  let description = [{
    Lowers every op of the nnid dialect to upstream ops on tensors:
    convolutions to `linalg.conv_2d_nchw_fchw`, the grouped
    `linalg.conv_2d_ngchw_gfchw` or `linalg.depthwise_conv_2d_nchw_chw`;
    pooling to `linalg.pooling_nchw_max` / `linalg.pooling_nchw_sum`;
    padding to `tensor.pad` (max pooling pads with -inf); `nnid.concat` to
    `tensor.concat`; `nnid.flatten` to `tensor.collapse_shape`; linear layers
    to `linalg.matmul`; everything elementwise to `linalg.generic`.

    Biases initialize the convolution's accumulator instead of being added
    afterwards. An op that cannot be lowered is reported on the op and the
    pass fails.

    Every activation is computed in NCHW, as nnid's types are: each op's
    lowering is written once, for that layout. `nnid-convert-to-channels-last`
    changes the layout afterwards.

    `nnid.identity_conv1x1` is not lowered here: canonicalization rewrites it
    into an `nnid.conv2d` (every nnid pipeline canonicalizes first), and the
    pass reports one that is left.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertToChannelsLast : Pass<"nnid-convert-to-channels-last"> {
  let summary = "Compute rank-4 activations channels-last (NHWC)";
  let description = [{
    Rewrites the NCHW linalg ops `convert-nnid-to-linalg` emits into their
    NHWC forms, so that a vector holds consecutive channels, and propagates
    the layout through the ops around them, so that transposes remain only
    where the graph meets other code.

    Convolutions and poolings always change layout:
    `linalg.conv_2d_nchw_fchw` becomes `linalg.conv_2d_nhwc_hwcf`,
    `linalg.depthwise_conv_2d_nchw_chw` becomes
    `linalg.depthwise_conv_2d_nhwc_hwc`, `linalg.conv_2d_ngchw_gfchw` (on
    `[N, G, C/G, H, W]` views) becomes one `linalg.conv_2d_nhwc_hwcf` per
    group on channel slices (up to 16 groups) or
    `linalg.conv_2d_nhwgc_gfhwc`, and `linalg.pooling_nchw_max` / `_sum`
    become `linalg.pooling_nhwc_max` / `_sum`. Kernels are permuted to the
    layout the NHWC ops read, at compile time when they are constants.

    The layout then spreads along the activations (rank-4 f32 values) to
    every op that does not care about it: `linalg.generic` (its operands'
    indexing maps permuted; an elementwise one also has its loops permuted,
    so that its maps stay identities), `linalg.fill`, `linalg.broadcast`,
    `tensor.empty`, `tensor.pad`, `tensor.concat`, and the
    `tensor.collapse_shape` of a flatten whose height and width are 1 (a
    reshape, not a transpose). Each op of the region connected to a
    convolution or pooling is rewritten once; a `linalg.transpose` is placed
    where the region meets an op outside it (a function argument or result,
    an op no rule knows), and none between two ops of the region. Ops in no
    such region keep their layout.

    Values keep their types at the region's edges: the function computes the
    same result, in NHWC inside.

    Example:

    ```mlir
    %0 = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x3x8x8xf32>, ...)
    %1 = linalg.generic {...} ins(%0 : tensor<1x4x6x6xf32>) ... // relu
    return %1
    ```

    becomes

    ```mlir
    %t = linalg.transpose ins(%x : ...) ... permutation = [0, 2, 3, 1]
    %0 = linalg.conv_2d_nhwc_hwcf ins(%t, %w_hwio : tensor<1x8x8x3xf32>, ...)
    %1 = linalg.generic {...} ins(%0 : tensor<1x6x6x4xf32>) ...
    %2 = linalg.transpose ins(%1 : ...) ... permutation = [0, 3, 1, 2]
    return %2
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertMemRefCopyToLinalg : Pass<"convert-memref-copy-to-linalg"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    A `memref.copy` between buffers that are not both contiguous (the copy
    into the interior of a padded buffer, for example) lowers to a call to
    `memrefCopy` from MLIR's C runner utils. As a `linalg.copy` it lowers to
    loops instead, so compiled kernels need no runtime library.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ApproximateMath : Pass<"nnid-approximate-math"> {
  let summary = "Expand f32 transcendental math ops into polynomials";
  let description = [{
    Rewrites `math.exp`, `math.expm1`, `math.log`, `math.log1p`, `math.tanh`
    and `math.erf` on `f32` (scalars or vectors) into arith and simple math
    ops (fma, floor, copysign, abs), with upstream MLIR's polynomial
    approximations. The expansions vectorize with the code around them, need
    no libm or libdevice, and give the CPU and GPU the same numerics.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // NNID_CONVERSION_PASSES_TD
