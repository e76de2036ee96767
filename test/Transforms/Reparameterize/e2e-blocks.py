# RUN: %python %s nnid-opt mlir-runner %mlir_runner_libs | FileCheck %s
# REQUIRES: torch
#
# RepVGG and Diverse Branch Blocks through nnid's compiled code: each block,
# written as nnid IR with random weights and BN statistics, is lowered with
# --nnid-lower-to-llvm and run under mlir-runner as written and after
# --nnid-reparameterize. Both must agree with the PyTorch training-form
# module in eval mode, and the fused block must be a single conv2d.

import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "Inputs"))
import reparam as R

nnid_opt, mlir_runner, runner_libs = sys.argv[1:4]
FUSE = "--nnid-reparameterize=remarks=false"

BLOCKS = [
    ("repvgg in=4 out=4", lambda: R.RepVGGBlock(4, 4), 6),
    ("repvgg in=4 out=8 stride=2", lambda: R.RepVGGBlock(4, 8, 2), 7),
    ("repvgg in=6 out=6 groups=2", lambda: R.RepVGGBlock(6, 6, 1, 2), 5),
    ("dbb in=4 out=4 k=3 idconv", lambda: R.DiverseBranchBlock(4, 4, 3), 6),
    ("dbb in=4 out=8 k=3 groups=2 idconv",
     lambda: R.DiverseBranchBlock(4, 8, 3, 1, 2), 5),
    ("dbb in=3 out=4 k=5 stride=2 conv1x1",
     lambda: R.DiverseBranchBlock(3, 4, 5, 2, 1, 5), 8),
]

for seed, (label, make, size) in enumerate(BLOCKS):
    block = make()
    block = R.randomize_dbb(block, seed) if label.startswith("dbb") \
        else R.randomize(block, seed)
    cin = block.dbb_origin.conv.in_channels if label.startswith("dbb") \
        else block.rbr_dense.conv.in_channels
    g = R.Graph("block", (2, cin, size, size))
    text = g.text(block.to_nnid(g, g.input))
    fused, _ = R.run_nnid_opt(nnid_opt, text, FUSE)
    R.parse_single_conv(fused)

    x = torch.randn(2, cin, size, size,
                    generator=torch.Generator().manual_seed(100 + seed))
    expected = block(x)
    before = R.run_compiled(nnid_opt, mlir_runner, runner_libs, text, x)
    after = R.run_compiled(nnid_opt, mlir_runner, runner_libs, text, x, FUSE)
    R.check(label + " compiled as written vs PyTorch", before, expected,
            R.COMPILED_TOLERANCE)
    R.check(label + " compiled after the pass vs PyTorch", after, expected,
            R.COMPILED_TOLERANCE)

# CHECK: repvgg in=4 out=4 compiled as written vs PyTorch: {{.*}} ok
# CHECK: repvgg in=4 out=4 compiled after the pass vs PyTorch: {{.*}} ok
# CHECK: repvgg in=4 out=8 stride=2 compiled after the pass vs PyTorch: {{.*}} ok
# CHECK: repvgg in=6 out=6 groups=2 compiled after the pass vs PyTorch: {{.*}} ok
# CHECK: dbb in=4 out=4 k=3 idconv compiled as written vs PyTorch: {{.*}} ok
# CHECK: dbb in=4 out=4 k=3 idconv compiled after the pass vs PyTorch: {{.*}} ok
# CHECK: dbb in=4 out=8 k=3 groups=2 idconv compiled after the pass vs PyTorch: {{.*}} ok
# CHECK: dbb in=3 out=4 k=5 stride=2 conv1x1 compiled after the pass vs PyTorch: {{.*}} ok
