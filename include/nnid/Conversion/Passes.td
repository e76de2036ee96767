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

    With `layout=nhwc`, every rank-4 activation is computed in NHWC (channels
    innermost), with the NHWC forms of the linalg ops
    (`linalg.conv_2d_nhwc_hwcf`, `linalg.pooling_nhwc_max`, ...). The layout
    is a type conversion: NCHW values only appear where the graph meets other
    code (function arguments and results), through one `linalg.transpose`
    each, so no transposes remain between layers.
  }];
  let options = [
    Option<"layout", "layout", "std::string", /*default=*/"\"nchw\"",
           "Layout of activations inside the graph: nchw or nhwc">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
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
