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
    exact up to float rounding: it only fires on constant weights (dense
    elements or dense resources), and only where one convolution computes
    the same function as the ops it replaces, nnid's zero padding included.
    Weights are combined in double precision and rounded to f32 once.

    Each of these ops is a convolution of its input: conv2d;
    identity_conv1x1 (kernel weight + id); batch_norm (a per-channel 1x1
    with bias); avg_pool2d whose every window divides by kh * kw (no
    padding or `count_include_pad`, and no window cut short by
    `ceil_mode`: a depthwise kernel 1 / (kh * kw)). A chain of them whose
    intermediate results have no other users is a branch of the chain's
    input, and so is the input itself (the identity).

    - transI: batch_norm after a conv2d folds into its kernel and bias.
    - transIII: two adjacent such ops merge when the second is an unpadded
      stride-1 1x1, or the first is a stride-1 1x1 and either the second
      has no padding or the first no bias (the second pads the first's
      output with zeros, not with its bias).
    - transII, transVI: an `nnid.add` tree of branches of one value becomes
      one conv2d with kernels and biases summed: same stride, same dilation
      where kernels are larger than 1, and window offsets that are whole
      taps apart, so that smaller kernels are zero-padded around the
      centres they share with the largest. Groups merge to the greatest
      common divisor. Other operands of the tree are added to the result.
    - transIV: adjacent channel-concatenated branches of one value become
      one conv2d with kernels and biases stacked.
    - transV: average pooling merges as the depthwise convolution above
      (with a batch_norm after it, a 1x1 before or after it, or as a branch
      of a sum or concatenation).

    A merge is not done where the merged conv2d would need more
    multiply-accumulates than the ops it replaces (a 1x1 that narrows the
    channels before a 3x3; a dense 1x1 added to a depthwise 3x3), nor
    across a nonlinearity, different inputs, strides or dilations, centres
    between dilated taps, non-constant weights, or results with other users.
    Merged kernels lose border rows and columns that are all zero (with the
    padding only they read), and the canonicalization patterns and folds of
    the nnid dialect run in the same driver, so a merge that leaves an
    identity kernel disappears.

    With `remarks` (the default) every merge is reported as a remark on the
    op it replaces, e.g. `remark: merged 3 parallel branches into one 3x3
    conv2d: 3x3 conv2d -> batch_norm; 1x1 conv2d -> batch_norm;
    batch_norm`.
  }];
  let options = [
    Option<"emitRemarks", "remarks", "bool", /*default=*/"true",
           "Report every merge as a remark on the op it replaces">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::nnid::NnidDialect"];
}

#endif // NNID_TRANSFORMS_PASSES_TD
