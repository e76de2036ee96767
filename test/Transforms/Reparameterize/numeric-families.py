# RUN: %python %s nnid-opt | FileCheck %s
# REQUIRES: torch
#
# Every pattern family of --nnid-reparameterize on random weights and BN
# statistics: each case is a small PyTorch module, written as nnid IR and
# fused; the fused IR (evaluated in float64) must have the expected ops and
# reproduce the module's eval output (float64) up to the f32 rounding of the
# fused constants.

import copy
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "Inputs"))
import reparam as R

nnid_opt = sys.argv[1]


class Conv(nn.Module):
    """nn.Conv2d with nnid's [top, left, bottom, right] zero padding."""

    def __init__(self, cin, cout, kernel, stride=1, padding=(0, 0, 0, 0),
                 dilation=1, groups=1, bias=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride, 0, dilation, groups,
                              bias)
        self.padding = padding

    def forward(self, x):
        top, left, bottom, right = self.padding
        return self.conv(F.pad(x, (left, right, top, bottom)))

    def to_nnid(self, g, x):
        return g.conv_module(x, self.conv, self.padding)


class Seq(nn.Module):
    """Layers applied in order: Conv, BatchNorm2d, AvgPool2d,
    IdentityBasedConv1x1."""

    def __init__(self, *layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def to_nnid(self, g, x):
        for layer in self.layers:
            if isinstance(layer, nn.BatchNorm2d):
                x = g.batch_norm(x, layer)
            elif isinstance(layer, nn.AvgPool2d):
                k, s, p = (layer.kernel_size, layer.stride, layer.padding)
                x = g.avg_pool2d(x, (k, k), (s, s), (p,) * 4,
                                 layer.count_include_pad)
            elif isinstance(layer, R.IdentityBasedConv1x1):
                x = g.identity_conv1x1(x, layer.weight, layer.groups)
            else:
                x = layer.to_nnid(g, x)
        return x


class Identity(nn.Module):
    def forward(self, x):
        return x

    def to_nnid(self, g, x):
        return x


class Sum(nn.Module):
    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return sum(b(x) for b in self.branches)

    def to_nnid(self, g, x):
        out = None
        for b in self.branches:
            y = b.to_nnid(g, x)
            out = y if out is None else g.add(out, y)
        return out


class Cat(nn.Module):
    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([b(x) for b in self.branches], 1)

    def to_nnid(self, g, x):
        return g.concat([b.to_nnid(g, x) for b in self.branches])


BN = nn.BatchNorm2d
P1 = (1, 1, 1, 1)

# (family, label, module, input shape, op counts after the pass)
CASES = [
    ("transI", "conv (stride 2, dilation 2, asymmetric padding) + BN",
     Seq(Conv(3, 5, 3, 2, (1, 2, 0, 1), 2), BN(5)), (2, 3, 9, 9),
     {"nnid.conv2d": 1}),
    ("transI", "grouped conv without bias + BN",
     Seq(Conv(4, 6, 3, 1, P1, groups=2, bias=False), BN(6)), (2, 4, 5, 5),
     {"nnid.conv2d": 1}),
    ("transI", "identity_conv1x1 (groups 2) + BN",
     Seq(R.IdentityBasedConv1x1(4, 2), BN(4)), (2, 4, 5, 5),
     {"nnid.conv2d": 1}),
    ("transII", "5x5, 3x3, 1x3, 3x1, 1x1 and identity",
     Sum(Conv(4, 4, 5, 1, (2, 2, 2, 2)), Seq(Conv(4, 4, 3, 1, P1), BN(4)),
         Conv(4, 4, (1, 3), 1, (0, 1, 0, 1)), Conv(4, 4, (3, 1), 1, (1, 0, 1, 0)),
         Seq(Conv(4, 4, 1, bias=False), BN(4)), Identity()),
     (2, 4, 6, 6), {"nnid.conv2d": 1}),
    ("transII", "stride 2: 3x3 + BN, 1x1 + BN",
     Sum(Seq(Conv(3, 6, 3, 2, P1), BN(6)), Seq(Conv(3, 6, 1, 2), BN(6))),
     (2, 3, 7, 7), {"nnid.conv2d": 1}),
    ("transII", "dilation 2: 3x3 and 1x1, identity BN",
     Sum(Conv(4, 4, 3, 1, (2, 2, 2, 2), 2), Conv(4, 4, 1), Seq(BN(4))),
     (2, 4, 6, 6), {"nnid.conv2d": 1}),
    ("transII", "groups 2 and 4 merge with groups 2",
     Sum(Conv(8, 8, 3, 1, P1, groups=2), Conv(8, 8, 3, 1, P1, groups=4)),
     (2, 8, 5, 5), {"nnid.conv2d": 1}),
    ("transIII", "1x1 with bias and padding -> 3x3 stride 2",
     Seq(Conv(4, 6, 1, 1, P1), Conv(6, 5, 3, 2)), (2, 4, 7, 7),
     {"nnid.conv2d": 1}),
    ("transIII", "grouped bias-free 1x1 -> padded grouped 3x3",
     Seq(Conv(4, 4, 1, groups=2, bias=False), Conv(4, 6, 3, 1, P1, groups=2)),
     (2, 4, 5, 5), {"nnid.conv2d": 1}),
    ("transIII", "1x1 + BN -> 3x3, then BN",
     Seq(Conv(4, 4, 1, 1, P1, bias=False), BN(4), Conv(4, 4, 3), BN(4)),
     (2, 4, 5, 5), {"nnid.conv2d": 1}),
    ("transIII", "3x3 -> 1x1 (fewer channels)",
     Seq(Conv(4, 6, 3, 1, P1), Conv(6, 2, 1)), (2, 4, 5, 5),
     {"nnid.conv2d": 1}),
    ("transIII", "BN -> 1x1",
     Seq(BN(4), Conv(4, 6, 1)), (2, 4, 5, 5), {"nnid.conv2d": 1}),
    ("transIV", "concat of 3x3 + BN, 3x3, 3x3 without bias",
     Cat(Seq(Conv(3, 2, 3, 1, P1), BN(2)), Conv(3, 4, 3, 1, P1),
         Conv(3, 1, 3, 1, P1, bias=False)),
     (2, 3, 5, 5), {"nnid.conv2d": 1}),
    ("transV", "3x3 avg pool (stride 2, padding 1, counted) + BN",
     Seq(nn.AvgPool2d(3, 2, 1), BN(4)), (2, 4, 7, 7), {"nnid.conv2d": 1}),
    ("transV", "depthwise 1x1 with padding -> 3x3 avg pool",
     Seq(Conv(4, 4, 1, 1, P1, groups=4), nn.AvgPool2d(3, 1, 0)),
     (2, 4, 5, 5), {"nnid.conv2d": 1}),
    ("transV", "sum of 3x3, 3x3 avg pool and BN of the input",
     Sum(Conv(4, 4, 3, 1, P1), Seq(nn.AvgPool2d(3, 1, 1)), Seq(BN(4))),
     (2, 4, 5, 5), {"nnid.conv2d": 1}),
    ("transV", "sum of 3x3 and 1x1 -> BN -> 3x3 avg pool -> BN",
     Sum(Conv(4, 4, 3, 1, P1),
         Seq(Conv(4, 4, 1, 1, P1, bias=False), BN(4), nn.AvgPool2d(3, 1, 0),
             BN(4))),
     (2, 4, 5, 5), {"nnid.conv2d": 1}),
]

for seed, (family, label, module, shape, counts) in enumerate(CASES):
    module = R.randomize(module, seed)
    for m in module.modules():
        if isinstance(m, R.IdentityBasedConv1x1):
            m.weight.copy_(torch.randn(m.weight.shape,
                                       generator=torch.Generator().manual_seed(seed)))
    g = R.Graph("case", shape)
    text = g.text(module.to_nnid(g, g.input))
    fused, _ = R.run_nnid_opt(nnid_opt, text,
                              "--nnid-reparameterize=remarks=false")
    layers = {k: v for k, v in R.count_ops(fused).items()
              if k != "arith.constant"}
    if layers != counts:
        sys.exit("%s %s: ops after the pass %s, expected %s\n%s" % (
            family, label, layers, counts, fused))
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    expected = copy.deepcopy(module).double()(x.double())
    R.check("%s %s: IR before the pass" % (family, label),
            R.evaluate(text, x)[0], expected, R.OUTPUT_TOLERANCE)
    R.check("%s %s: fused" % (family, label), R.evaluate(fused, x)[0],
            expected, R.OUTPUT_TOLERANCE)

# CHECK: transI conv (stride 2, dilation 2, asymmetric padding) + BN: fused: {{.*}} ok
# CHECK: transI grouped conv without bias + BN: fused: {{.*}} ok
# CHECK: transI identity_conv1x1 (groups 2) + BN: fused: {{.*}} ok
# CHECK: transII 5x5, 3x3, 1x3, 3x1, 1x1 and identity: fused: {{.*}} ok
# CHECK: transII stride 2: 3x3 + BN, 1x1 + BN: fused: {{.*}} ok
# CHECK: transII dilation 2: 3x3 and 1x1, identity BN: fused: {{.*}} ok
# CHECK: transII groups 2 and 4 merge with groups 2: fused: {{.*}} ok
# CHECK: transIII 1x1 with bias and padding -> 3x3 stride 2: fused: {{.*}} ok
# CHECK: transIII grouped bias-free 1x1 -> padded grouped 3x3: fused: {{.*}} ok
# CHECK: transIII 1x1 + BN -> 3x3, then BN: fused: {{.*}} ok
# CHECK: transIII 3x3 -> 1x1 (fewer channels): fused: {{.*}} ok
# CHECK: transIII BN -> 1x1: fused: {{.*}} ok
# CHECK: transIV concat of 3x3 + BN, 3x3, 3x3 without bias: fused: {{.*}} ok
# CHECK: transV 3x3 avg pool (stride 2, padding 1, counted) + BN: fused: {{.*}} ok
# CHECK: transV depthwise 1x1 with padding -> 3x3 avg pool: fused: {{.*}} ok
# CHECK: transV sum of 3x3, 3x3 avg pool and BN of the input: fused: {{.*}} ok
# CHECK: transV sum of 3x3 and 1x1 -> BN -> 3x3 avg pool -> BN: fused: {{.*}} ok
