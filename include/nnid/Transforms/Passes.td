//===- Passes.td - nnid transformation passes --------------*- tablegen -*-===//
//
// Graph-level passes of nnid: rewrites of nnid ops into other nnid ops, and
// analyses that report on them.
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

def PrintSummary : Pass<"nnid-print-summary"> {
  let summary = "Print every function's nnid ops as a table of layers, "
                "parameters and FLOPs";
  let description = [{
    An analysis, like upstream's `--print-op-stats`: prints to stderr and
    leaves the IR unchanged. For each `func.func` with a body, in order, a
    header line, one row per nnid op of the body (nested regions included)
    in order, and a totals row; an empty line separates the tables:

    ```
    Summary of @classifier (7 nnid ops)
    layer        op                   output shape  parameters  FLOPs
    -----------  -------------------  ------------  ----------  -----
    layer1.conv  conv2d               1x8x10x10            224  44000
    layer1.bn    batch_norm           1x8x10x10             32   1600
    layer1.relu  relu                 1x8x10x10              0    800
    layer1.pool  max_pool2d           1x8x5x5                0   1800
    avgpool      adaptive_avg_pool2d  1x8x3x3                0    392
    flatten_0    flatten              1x72                   0      0
    fc           linear               1x10                 730   1450
    -----------  -------------------  ------------  ----------  -----
    total                                                  986  50042
    ```

    - layer: the op's location name: a `NameLoc`'s name; in a `FusedLoc`
      the first name among its locations; in a `CallSiteLoc` the callee's
      name, else the caller's. Without one, `<op>_<i>`, where `i` counts
      the function's earlier ops of the same kind (`flatten_0`).
    - op: the mnemonic (`conv2d`); output shape: `1x64x56x56`, a dynamic
      dimension as `?`.
    - parameters: the elements of every operand other than the activation
      input(s), constant or function argument alike: conv2d weight and
      bias, identity_conv1x1 weight, batch_norm weight, bias,
      running_mean and running_var (PyTorch's `parameters()` leaves the
      last two out; its `state_dict()` has them), linear weight and bias.
      A value that feeds two ops counts in both rows (the IR does not tell
      a shared parameter from equal constants that CSE merged).
    - FLOPs, with `out` the output's elements: a multiply-accumulate is 2.
      conv2d: `2 * out * (Cin / groups) * kh * kw`, plus `out` with a bias
      (that is `2*N*Cout*OH*OW*(Cin/groups)*kh*kw + N*Cout*OH*OW`).
      identity_conv1x1: a 1x1 conv2d without bias,
      `2 * out * (C / groups)`. linear: `2 * out * in`, plus `out` with a
      bias. relu, add: `out`. batch_norm: `2 * out` (a scale and a shift).
      max_pool2d, avg_pool2d: `out * kh * kw` (the whole window, padding
      included). adaptive_avg_pool2d: the elements of every bin,
      `N * C * (H + oh - gcd(H, oh)) * (W + ow - gcd(W, ow))`, which is
      `out * (H / oh) * (W / ow)` when the bins are even. identity,
      flatten, concat: 0.
    - totals: the sums of the two columns.

    A dynamic dimension (only the batch may be one) counts as 1 in FLOPs,
    and the header line then says `dynamic batch: FLOPs for batch 1`. A
    count beyond 2^64 - 1 prints as `overflow`. The same table is
    `nnid::printSummary` (`nnid/Transforms/Summary.h`).
  }];
}

#endif // NNID_TRANSFORMS_PASSES_TD
