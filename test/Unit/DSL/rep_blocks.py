#!/usr/bin/python3
"""PyTorch references for the DSL's re-parameterizable blocks
(include/nnid/DSL/RepBlocks.h), written at build time for
RepBlocksTest.cpp.

The training-time blocks of RepVGG (DingXiaoH/RepVGG, repvgg.py) and
Diverse Branch Block (DingXiaoH/DiverseBranchBlock, diversebranchblock.py)
are rebuilt here with the same module structure, so the same state_dict
names and order, and the same eval-mode forward. Each case gets random
weights and batch norm statistics (as after training) and writes

  <case>.weights.safetensors  the block's state_dict
  <case>.data.safetensors     `input` and `expected` (the block's eval
                              output), with the tolerance as metadata

Usage: rep_blocks.py OUT_DIR   (Debian's /usr/bin/python3 with torch)
"""

import importlib.util
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORTER = os.path.normpath(os.path.join(
    HERE, "..", "..", "..", "tools", "nnid-export-safetensors.py"))

# |nnid - torch| <= RTOL * |torch| + ATOL elementwise.
RTOL = 1e-4
ATOL = 1e-4


def conv_bn(in_channels, out_channels, kernel_size, stride, padding,
            groups=1):
    """conv_bn() of both repositories."""
    result = nn.Sequential()
    result.add_module("conv", nn.Conv2d(in_channels, out_channels,
                                        kernel_size, stride, padding,
                                        groups=groups, bias=False))
    result.add_module("bn", nn.BatchNorm2d(out_channels))
    return result


class RepVGGBlock(nn.Module):
    """RepVGG's training-time block (use_se=False)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 padding=0, groups=1):
        super().__init__()
        assert kernel_size == 3 and padding == 1
        padding_11 = padding - kernel_size // 2
        self.nonlinearity = nn.ReLU()
        self.rbr_identity = nn.BatchNorm2d(in_channels) \
            if out_channels == in_channels and stride == 1 else None
        self.rbr_dense = conv_bn(in_channels, out_channels, kernel_size,
                                 stride, padding, groups)
        self.rbr_1x1 = conv_bn(in_channels, out_channels, 1, stride,
                               padding_11, groups)

    def forward(self, x):
        id_out = 0 if self.rbr_identity is None else self.rbr_identity(x)
        return self.nonlinearity(self.rbr_dense(x) + self.rbr_1x1(x) + id_out)


class IdentityBasedConv1x1(nn.Conv2d):
    """A bias-free 1x1 convolution with kernel weight + identity; the
    identity is a plain attribute, not part of the state_dict."""

    def __init__(self, channels, groups=1):
        super().__init__(channels, channels, 1, 1, 0, groups=groups,
                         bias=False)
        per_group = channels // groups
        identity = torch.zeros(channels, per_group, 1, 1)
        for i in range(channels):
            identity[i, i % per_group, 0, 0] = 1
        self.id_tensor = identity
        nn.init.zeros_(self.weight)

    def forward(self, x):
        return F.conv2d(x, self.weight + self.id_tensor, None, 1, 0,
                        self.dilation, self.groups)


class BNAndPadLayer(nn.Module):
    """Batch norm, then a border of the batch norm's value on zeros."""

    def __init__(self, pad_pixels, num_features):
        super().__init__()
        self.bn = nn.BatchNorm2d(num_features)
        self.pad_pixels = pad_pixels

    def forward(self, x):
        output = self.bn(x)
        p = self.pad_pixels
        if p > 0:
            bn = self.bn
            pad_values = (bn.bias - bn.running_mean * bn.weight /
                          torch.sqrt(bn.running_var + bn.eps)).view(1, -1, 1, 1)
            output = F.pad(output, [p] * 4)
            output[:, :, 0:p, :] = pad_values
            output[:, :, -p:, :] = pad_values
            output[:, :, :, 0:p] = pad_values
            output[:, :, :, -p:] = pad_values
        return output


class DiverseBranchBlock(nn.Module):
    """Diverse Branch Block's training-time block."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 padding=0, groups=1, internal_channels_1x1_3x3=None,
                 nonlinear=None):
        super().__init__()
        self.nonlinear = nn.Identity() if nonlinear is None else nonlinear
        assert padding == kernel_size // 2
        self.dbb_origin = conv_bn(in_channels, out_channels, kernel_size,
                                  stride, padding, groups)
        self.dbb_avg = nn.Sequential()
        if groups < out_channels:
            self.dbb_avg.add_module("conv", nn.Conv2d(
                in_channels, out_channels, 1, 1, 0, groups=groups,
                bias=False))
            self.dbb_avg.add_module("bn", BNAndPadLayer(padding,
                                                        out_channels))
            self.dbb_avg.add_module("avg", nn.AvgPool2d(kernel_size, stride,
                                                        0))
            self.dbb_1x1 = conv_bn(in_channels, out_channels, 1, stride, 0,
                                   groups)
        else:
            self.dbb_avg.add_module("avg", nn.AvgPool2d(kernel_size, stride,
                                                        padding))
        self.dbb_avg.add_module("avgbn", nn.BatchNorm2d(out_channels))
        internal = internal_channels_1x1_3x3
        if internal is None:
            internal = in_channels if groups < out_channels \
                else 2 * in_channels
        self.dbb_1x1_kxk = nn.Sequential()
        if internal == in_channels:
            self.dbb_1x1_kxk.add_module("idconv1", IdentityBasedConv1x1(
                in_channels, groups))
        else:
            self.dbb_1x1_kxk.add_module("conv1", nn.Conv2d(
                in_channels, internal, 1, 1, 0, groups=groups, bias=False))
        self.dbb_1x1_kxk.add_module("bn1", BNAndPadLayer(padding, internal))
        self.dbb_1x1_kxk.add_module("conv2", nn.Conv2d(
            internal, out_channels, kernel_size, stride, 0, groups=groups,
            bias=False))
        self.dbb_1x1_kxk.add_module("bn2", nn.BatchNorm2d(out_channels))

    def forward(self, x):
        out = self.dbb_origin(x)
        if hasattr(self, "dbb_1x1"):
            out += self.dbb_1x1(x)
        out += self.dbb_avg(x)
        out += self.dbb_1x1_kxk(x)
        return self.nonlinear(out)


# name -> (block, input shape). RepBlocksTest.cpp has the DSL type of each.
CASES = OrderedDict([
    ("repvgg_8_8", (lambda: RepVGGBlock(8, 8, 3, 1, 1), (2, 8, 10, 10))),
    ("repvgg_8_16_s2", (lambda: RepVGGBlock(8, 16, 3, 2, 1),
                        (2, 8, 11, 11))),
    ("repvgg_8_8_g2", (lambda: RepVGGBlock(8, 8, 3, 1, 1, groups=2),
                       (1, 8, 9, 9))),
    ("dbb_8_8", (lambda: DiverseBranchBlock(8, 8, 3, 1, 1), (2, 8, 10, 10))),
    ("dbb_8_16_s2_relu", (lambda: DiverseBranchBlock(
        8, 16, 3, 2, 1, nonlinear=nn.ReLU()), (2, 8, 11, 11))),
    ("dbb_8_8_k5_g2", (lambda: DiverseBranchBlock(8, 8, 5, 1, 2, groups=2),
                       (1, 8, 9, 9))),
    ("dbb_8_dw", (lambda: DiverseBranchBlock(8, 8, 3, 1, 1, groups=8),
                  (1, 8, 9, 9))),
])


def randomize(block, generator):
    """Weights and batch norm statistics as after training: every batch norm
    moves its input, and the identity-based 1x1 has left its zero start."""
    for m in block.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.weight.copy_(torch.rand(c, generator=generator) + 0.5)
            m.bias.copy_(torch.randn(c, generator=generator) * 0.5)
            m.running_mean.copy_(torch.randn(c, generator=generator) * 0.5)
            m.running_var.copy_(torch.rand(c, generator=generator) + 0.5)
        elif isinstance(m, IdentityBasedConv1x1):
            m.weight.copy_(torch.randn(m.weight.shape, generator=generator) *
                           0.2)
        elif isinstance(m, nn.Conv2d):
            fan_in = m.weight[0].numel()
            m.weight.copy_(torch.randn(m.weight.shape, generator=generator) /
                           fan_in ** 0.5)
    return block.eval()


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    out_dir = argv[1]
    os.makedirs(out_dir, exist_ok=True)
    spec = importlib.util.spec_from_file_location("nnid_export", EXPORTER)
    exporter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exporter)
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
    for seed, (name, (build, input_shape)) in enumerate(CASES.items()):
        generator = torch.Generator().manual_seed(seed)
        block = randomize(build(), generator)
        x = torch.randn(input_shape, generator=generator)
        expected = block(x)
        base = os.path.join(out_dir, name)
        exporter.save_state_dict(block.state_dict(),
                                 base + ".weights.safetensors",
                                 {"case": name})
        exporter.save_state_dict(
            OrderedDict(input=x, expected=expected),
            base + ".data.safetensors",
            {"case": name, "rtol": repr(RTOL), "atol": repr(ATOL)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
