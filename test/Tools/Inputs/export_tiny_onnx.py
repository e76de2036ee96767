#!/usr/bin/python3
"""Exports a small CNN to ONNX with an input and PyTorch's output for it.

Usage: export_tiny_onnx.py OUTDIR

Writes OUTDIR/tiny.onnx (torch.onnx.export, opset 13, eval mode, input
"input" and output "output" with a dynamic batch), OUTDIR/tiny.input.f32
(a seeded random 2x3x16x16 input) and OUTDIR/tiny.expected.f32 (PyTorch's
2x10 output for it), both raw float32, row-major. The model: conv, batch
norm (random statistics and affine parameters), ReLU, max pool, a strided
conv, ReLU, flatten, linear. Run with Debian's python3 (torch 1.13, onnx).
"""

import os
import sys

import onnx
import torch
import torch.nn as nn


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv(x))))
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = Tiny()
    with torch.no_grad():
        model.bn.running_mean.uniform_(-0.5, 0.5)
        model.bn.running_var.uniform_(0.5, 2.0)
        model.bn.weight.uniform_(0.5, 1.5)
        model.bn.bias.uniform_(-0.5, 0.5)
    model.eval()
    x = torch.randn(2, 3, 16, 16)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(out, "tiny.onnx")
    torch.onnx.export(model, x, path, opset_version=13,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"},
                                    "output": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path))
    x.numpy().tofile(os.path.join(out, "tiny.input.f32"))
    y.numpy().tofile(os.path.join(out, "tiny.expected.f32"))


if __name__ == "__main__":
    main()
