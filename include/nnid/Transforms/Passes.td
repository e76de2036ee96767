//===- Passes.td - nnid transformation passes --------------*- tablegen -*-===//
//
// Graph-level passes of nnid that rewrite nnid ops into other nnid ops.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_TRANSFORMS_PASSES_TD
#define NNID_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Reparameterize : Pass<"nnid-reparameterize"> {
  let summary = "Fuse the branches of re-parameterized blocks into single "
                "convolutions";
  let description = [{
    Structural re-parameterization at compile time, as RepVGG and Diverse
    Branch Block networks do it by hand before deployment. Every rewrite is
    exact up to float rounding: it only fires on constant weights, and only
    where the fused convolution computes the same function as the ops it
    replaces, zero padding included. Weights are combined in double precision
    and rounded to f32 once.

    - batch_norm after a conv2d is folded into its kernel and bias (transI).
    - Two adjacent linear ops, one of them a stride-1 1x1 convolution (a
      conv2d, batch_norm or avg_pool2d seen as a convolution), become one
      conv2d (transIII). A kxk conv2d after a 1x1 conv2d needs either no
      padding on the kxk or no bias on the 1x1, since nnid pads with zeros.
    - A sum of branches (`nnid.add` trees) that read the same value becomes
      one conv2d with the kernels and biases summed (transII); smaller
      kernels are zero-padded so that every branch samples the same centres
      (transVI). A branch is any chain of conv2d, identity_conv1x1,
      batch_norm and exact avg_pool2d ops whose intermediate results have no
      other users, or the value itself (the identity branch of RepVGG, or a
      batch_norm on it).
    - A concatenation along channels of such branches becomes one conv2d
      with the kernels stacked (transIV).
    - avg_pool2d whose windows all divide by the full kernel size (no
      padding or `count_include_pad`, and no window cut short by
      `ceil_mode`) is a depthwise conv2d with kernel `1 / (kh * kw)`, and
      merges as one (transV).

    Branches with a nonlinearity between them and the sum, mismatched
    strides, dilations or centres, non-constant weights, or intermediate
    results used elsewhere are left alone. A merge that would need more
    multiply-accumulates than the ops it replaces (for example a 1x1 conv2d
    that narrows the channels before a 3x3) is not done either. The
    canonicalization patterns and folds of the nnid dialect run in the same
    driver, so a merge that yields an identity kernel disappears.

    With `remarks` (the default) every merge is reported as a remark on the
    op it replaces, e.g.
    `remark: merged 3 parallel branches into one 3x3 conv2d: ...`.
  }];
  let options = [
    Option<"emitRemarks", "remarks", "bool", /*default=*/"true",
           "Report every merge as a remark on the op it replaces">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::nnid::NnidDialect"];
}

#endif // NNID_TRANSFORMS_PASSES_TD
