#!/usr/bin/python3
"""resnet18_summary.py: FileCheck lines for `nnid-opt --nnid-print-summary`
of the resnet18 example (torchvision's resnet18 with fc = nn.Identity, at
1x3x224x224), computed from torchvision's module alone.

- One CHECK-DAG line per row: the layer's module name, the nnid op, the
  output shape PyTorch computes and the layer's parameters and FLOPs, from
  forward hooks on a 1x3x224x224 input. The residual add of a BasicBlock is
  the block's row (its name; the block's output has the add's shape), and
  torch.flatten in ResNet.forward is nnid's unnamed `flatten_0`.
- The row count in the header line: the rows recorded.
- The totals: parameters are `sum(p.numel() for p in model.parameters())`
  with fc = Identity (11,689,512 - 513,000 = 11,176,512 for torchvision's
  resnet18) plus the batch norms' running_mean and running_var buffers,
  which nnid counts as batch_norm operands (2 * 4,800 channels = 9,600);
  FLOPs are the sum of the rows.

The FLOP rules are those of --nnid-print-summary (include/nnid/Transforms/
Passes.td); the adaptive pool's bins are enumerated here, with PyTorch's
bin formula, rather than taken from nnid's closed form.
"""

import math

import torch
import torchvision
from torch import nn
from torchvision.models.resnet import BasicBlock


def shape(t):
    return "x".join(str(d) for d in t.shape)


def main():
    torch.manual_seed(0)
    model = torchvision.models.resnet18()
    model.fc = nn.Identity()
    model.eval()

    rows = []

    def record(name):
        def hook(module, inputs, output):
            out = output.numel()
            params, flops = 0, 0
            if isinstance(module, nn.Conv2d):
                op = "conv2d"
                kh, kw = module.kernel_size
                per_output = module.in_channels // module.groups * kh * kw
                params = sum(p.numel() for p in module.parameters())
                flops = 2 * out * per_output
                if module.bias is not None:
                    flops += out
            elif isinstance(module, nn.BatchNorm2d):
                op = "batch_norm"
                params = (sum(p.numel() for p in module.parameters()) +
                          module.running_mean.numel() +
                          module.running_var.numel())
                flops = 2 * out
            elif isinstance(module, nn.ReLU):
                op, flops = "relu", out
            elif isinstance(module, nn.MaxPool2d):
                op = "max_pool2d"
                flops = out * module.kernel_size * module.kernel_size
            elif isinstance(module, nn.AdaptiveAvgPool2d):
                op = "adaptive_avg_pool2d"
                n, c, h, w = inputs[0].shape
                oh, ow = output.shape[2:]

                def bins(size, count):
                    return sum(
                        math.ceil((i + 1) * size / count) -
                        math.floor(i * size / count) for i in range(count))

                flops = n * c * bins(h, oh) * bins(w, ow)
            elif isinstance(module, BasicBlock):
                op, flops = "add", out
            elif isinstance(module, nn.Identity):
                op = "identity"
            else:
                raise RuntimeError(f"no rule for {name}: {type(module)}")
            rows.append((name, op, shape(output), params, flops))
            if name == "avgpool":
                # ResNet.forward: torch.flatten(x, 1) after avgpool.
                rows.append(("flatten_0", "flatten",
                             shape(torch.flatten(output, 1)), 0, 0))

        return hook

    for name, module in model.named_modules():
        if name and (not list(module.children()) or
                     isinstance(module, BasicBlock)):
            module.register_forward_hook(record(name))
    with torch.no_grad():
        model(torch.randn(1, 3, 224, 224))

    parameters = sum(p.numel() for p in model.parameters())
    running_stats = sum(
        m.running_mean.numel() + m.running_var.numel()
        for m in model.modules() if isinstance(m, nn.BatchNorm2d))
    flops = sum(row[4] for row in rows)

    print(f"CHECK: Summary of @forward ({len(rows)} nnid ops)")
    for name, op, out_shape, params, row_flops in rows:
        print(f"CHECK-DAG: {{{{^}}}}{name} {op} {out_shape} {params} "
              f"{row_flops}{{{{$}}}}")
    print(f"CHECK: {{{{^}}}}total {parameters + running_stats} {flops}"
          "{{$}}")


if __name__ == "__main__":
    main()
