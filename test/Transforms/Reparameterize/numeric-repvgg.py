# RUN: %python %s nnid-opt | FileCheck %s
# REQUIRES: torch
#
# RepVGG blocks in training form (3x3 conv + BN, 1x1 conv + BN, identity BN)
# with random weights and BN statistics, written as nnid IR and fused by
# --nnid-reparameterize into one conv2d. The fused constants must match the
# RepVGG authors' fusion (transI, transVI, identity kernel) computed here in
# PyTorch, and F.conv2d with them must match the block's eval output.

import copy
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "Inputs"))
import reparam as R

nnid_opt = sys.argv[1]

# (in, out, stride, groups, input H/W)
CASES = [
    (4, 4, 1, 1, 6),
    (4, 8, 2, 1, 7),
    (6, 6, 1, 2, 5),
    (8, 8, 1, 4, 6),
]

for seed, (cin, cout, stride, groups, size) in enumerate(CASES):
    label = "repvgg in=%d out=%d stride=%d groups=%d" % (cin, cout, stride,
                                                          groups)
    block = R.randomize(R.RepVGGBlock(cin, cout, stride, groups), seed)
    g = R.Graph("block", (2, cin, size, size))
    text = g.text(block.to_nnid(g, g.input))
    fused, _ = R.run_nnid_opt(nnid_opt, text,
                              "--nnid-reparameterize=remarks=false")
    weight, bias, attrs = R.parse_single_conv(fused)
    assert attrs["padding"] == [1, 1, 1, 1], attrs
    assert attrs.get("stride", [1, 1]) == [stride, stride], attrs
    assert attrs.get("groups", 1) == groups, attrs

    kernel_ref, bias_ref = block.get_equivalent_kernel_bias()
    R.check(label + " kernel", weight, kernel_ref, R.KERNEL_TOLERANCE)
    R.check(label + " bias", bias, bias_ref, R.KERNEL_TOLERANCE)

    x = torch.randn(2, cin, size, size, generator=torch.Generator().manual_seed(seed))
    expected = copy.deepcopy(block).double()(x.double())
    R.check(label + " IR before the pass", R.evaluate(text, x)[0], expected,
            R.OUTPUT_TOLERANCE)
    actual = F.conv2d(x.double(), weight.double(), bias.double(), stride, 1, 1,
                      groups)
    R.check(label + " fused conv2d output", actual, expected,
            R.OUTPUT_TOLERANCE)

# CHECK: repvgg in=4 out=4 stride=1 groups=1 kernel: {{.*}} ok
# CHECK: repvgg in=4 out=4 stride=1 groups=1 fused conv2d output: {{.*}} ok
# CHECK: repvgg in=4 out=8 stride=2 groups=1 fused conv2d output: {{.*}} ok
# CHECK: repvgg in=6 out=6 stride=1 groups=2 fused conv2d output: {{.*}} ok
# CHECK: repvgg in=8 out=8 stride=1 groups=4 fused conv2d output: {{.*}} ok
