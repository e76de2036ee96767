# RUN: %python %s nnid-opt | FileCheck %s
# REQUIRES: torch
#
# Diverse Branch Blocks in training form (kxk conv + BN; 1x1 conv + BN;
# IdentityBasedConv1x1 or 1x1 conv -> BN with BN-valued padding -> kxk conv
# -> BN; 1x1 conv -> BN with BN-valued padding -> avg pool -> BN) with random
# weights and BN statistics, written as nnid IR and fused by
# --nnid-reparameterize into one conv2d. The fused constants must match the
# DBB authors' fusion (transI .. transVI) computed here in PyTorch, and
# F.conv2d with them must match the block's eval output.

import copy
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "Inputs"))
import reparam as R

nnid_opt = sys.argv[1]

# (in, out, kernel, stride, groups, internal 1x1 -> kxk width, input H/W)
# An internal width equal to the input width uses IdentityBasedConv1x1.
CASES = [
    (4, 4, 3, 1, 1, None, 6),
    (4, 6, 3, 1, 1, 6, 6),
    (4, 4, 3, 2, 1, None, 7),
    (4, 8, 3, 1, 2, None, 5),
    (3, 4, 5, 1, 1, None, 7),
]

for seed, (cin, cout, k, stride, groups, internal, size) in enumerate(CASES):
    block = R.randomize_dbb(R.DiverseBranchBlock(
        cin, cout, k, stride, groups, internal), seed)
    first = "idconv" if hasattr(block.dbb_1x1_kxk, "idconv1") else "conv1x1"
    label = "dbb in=%d out=%d k=%d stride=%d groups=%d %s" % (
        cin, cout, k, stride, groups, first)
    g = R.Graph("block", (2, cin, size, size))
    text = g.text(block.to_nnid(g, g.input))
    fused, _ = R.run_nnid_opt(nnid_opt, text,
                              "--nnid-reparameterize=remarks=false")
    weight, bias, attrs = R.parse_single_conv(fused)
    p = k // 2
    assert attrs["padding"] == [p] * 4, attrs
    assert attrs.get("stride", [1, 1]) == [stride, stride], attrs
    assert attrs.get("groups", 1) == groups, attrs

    kernel_ref, bias_ref = block.get_equivalent_kernel_bias()
    R.check(label + " kernel", weight, kernel_ref, R.KERNEL_TOLERANCE)
    R.check(label + " bias", bias, bias_ref, R.KERNEL_TOLERANCE)

    x = torch.randn(2, cin, size, size,
                    generator=torch.Generator().manual_seed(seed))
    expected = copy.deepcopy(block).double()(x.double())
    R.check(label + " IR before the pass", R.evaluate(text, x)[0], expected,
            R.OUTPUT_TOLERANCE)
    actual = F.conv2d(x.double(), weight.double(), bias.double(), stride, p, 1,
                      groups)
    R.check(label + " fused conv2d output", actual, expected,
            R.OUTPUT_TOLERANCE)

# CHECK: dbb in=4 out=4 k=3 stride=1 groups=1 idconv kernel: {{.*}} ok
# CHECK: dbb in=4 out=4 k=3 stride=1 groups=1 idconv fused conv2d output: {{.*}} ok
# CHECK: dbb in=4 out=6 k=3 stride=1 groups=1 conv1x1 fused conv2d output: {{.*}} ok
# CHECK: dbb in=4 out=4 k=3 stride=2 groups=1 idconv fused conv2d output: {{.*}} ok
# CHECK: dbb in=4 out=8 k=3 stride=1 groups=2 idconv fused conv2d output: {{.*}} ok
# CHECK: dbb in=3 out=4 k=5 stride=1 groups=1 idconv fused conv2d output: {{.*}} ok
