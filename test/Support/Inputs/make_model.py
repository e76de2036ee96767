"""Saves a small conv/batch-norm/linear model and the nnid-weights output
expected for it.

Usage: make_model.py DIR

Writes DIR/model.pt (the module, torch.save'd), DIR/state_dict.pt (its
state_dict) and DIR/expected.txt: FileCheck lines with each tensor's name,
dtype, shape, and the sum and the sum of absolute values of its elements,
each converted to double and added in element order.
"""

import collections
import os
import sys

import torch

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def make_model():
    torch.manual_seed(0)
    model = torch.nn.Sequential(collections.OrderedDict([
        ("conv", torch.nn.Conv2d(3, 4, 3, padding=1)),
        ("bn", torch.nn.BatchNorm2d(4)),
        ("relu", torch.nn.ReLU()),
        ("pool", torch.nn.AdaptiveAvgPool2d(2)),
        ("flatten", torch.nn.Flatten()),
        ("fc", torch.nn.Linear(16, 5)),
    ]))
    # BatchNorm starts at weight 1, bias 0: make them tell elements apart.
    with torch.no_grad():
        model.bn.weight.uniform_(0.5, 1.5)
        model.bn.bias.normal_()
    # One training step's worth of batch statistics: non-trivial running
    # mean and variance, num_batches_tracked = 1.
    model.train()
    with torch.no_grad():
        model(torch.randn(2, 3, 8, 8))
    return model.eval()


def expected_lines(state_dict):
    total = sum(t.numel() * t.element_size() for t in state_dict.values())
    lines = [f"CHECK: {len(state_dict)} tensors, {total} bytes of data"]
    for name, tensor in state_dict.items():
        shape = "[" + ", ".join(str(d) for d in tensor.shape) + "]"
        total_sum = 0.0
        abs_sum = 0.0
        for value in tensor.flatten().tolist():
            total_sum += float(value)
            abs_sum += abs(float(value))
        lines.append(f"CHECK-NEXT: {name} {DTYPES[tensor.dtype]} {shape} "
                     "sum=%.6e abs_sum=%.6e" % (total_sum, abs_sum))
    lines.append("CHECK-NOT: {{.}}")
    return lines


def main():
    out_dir = sys.argv[1]
    model = make_model()
    torch.save(model, os.path.join(out_dir, "model.pt"))
    torch.save(model.state_dict(), os.path.join(out_dir, "state_dict.pt"))
    with open(os.path.join(out_dir, "expected.txt"), "w") as out:
        out.write("\n".join(expected_lines(model.state_dict())) + "\n")


if __name__ == "__main__":
    main()
