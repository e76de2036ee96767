#!/usr/bin/python3
"""The cases of nnid's benchmark, as PyTorch modules.

Each case is a PyTorch module in eval mode with random weights and a random
input. `cases.py --write DIR` writes, for each case, DIR/<case>.safetensors
holding:

  - the module's state_dict, named as PyTorch names it (nnid-bench emits the
    same network from the C++ DSL, whose parameters are named the same way,
    with these values as constants);
  - "@input", the input, and "@expected", PyTorch's output for it;
  - metadata: "flops" (see count_flops), "description", "torch".

nnid-bench lists the same case names (bench/Cases.cpp). Run with
/usr/bin/python3 (Debian's python3-torch).
"""

import argparse
import collections
import importlib.util
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))

# nnid agrees with PyTorch when |nnid - torch| <= RTOL * |torch| + ATOL.
RTOL = 1e-4
ATOL = 1e-4

INPUT = "@input"
EXPECTED = "@expected"


def randomize_batch_norms(module):
    """Random affine parameters and running statistics, so that a batch norm
    is not the identity (PyTorch initializes it to one)."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return module


class SeedModel(nn.Module):
    """The seed model of nnid (examples/models/SeedModel.h)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=1, padding=1)
        self.conv3 = nn.Conv2d(32, 64, kernel_size=3, stride=1, padding=1)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.identity = nn.Identity()

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.identity(torch.relu(self.conv2(x)))
        x = self.pool(x)
        return self.pool(torch.relu(self.conv3(x)))


def resnet18_features():
    import torchvision
    model = torchvision.models.resnet18()
    model.fc = nn.Identity()
    return randomize_batch_norms(model)


class RepVGGBlock(nn.Module):
    """RepVGG's training-time block, stride 1 and in == out channels:
    relu(bn(conv3x3(x)) + bn(conv1x1(x)) + bn(x))."""

    def __init__(self, channels):
        super().__init__()

        def conv_bn(kernel):
            return nn.Sequential(collections.OrderedDict(
                conv=nn.Conv2d(channels, channels, kernel, 1, kernel // 2,
                               bias=False),
                bn=nn.BatchNorm2d(channels)))

        self.rbr_dense = conv_bn(3)
        self.rbr_1x1 = conv_bn(1)
        self.rbr_identity = nn.BatchNorm2d(channels)
        self.nonlinearity = nn.ReLU()

    def forward(self, x):
        return self.nonlinearity(self.rbr_dense(x) + self.rbr_1x1(x) +
                                 self.rbr_identity(x))


def repvgg_deploy(channels, blocks):
    """RepVGG's inference-time form: blocks of 3x3 conv + bias, relu."""
    return nn.Sequential(*[
        nn.Sequential(nn.Conv2d(channels, channels, 3, 1, 1), nn.ReLU())
        for _ in range(blocks)])


def repvgg_train(channels, blocks):
    return randomize_batch_norms(
        nn.Sequential(*[RepVGGBlock(channels) for _ in range(blocks)]))


Case = collections.namedtuple("Case", "name description build input_shape")

# The benchmark set, then small cases for the smoke test (`smoke_` names,
# not part of the default set).
CASES = [
    Case("conv3x3_64_56", "conv 3x3 64->64, 56x56, pad 1",
         lambda: nn.Conv2d(64, 64, 3, 1, 1), (1, 64, 56, 56)),
    Case("conv3x3_128_28", "conv 3x3 128->128, 28x28, pad 1",
         lambda: nn.Conv2d(128, 128, 3, 1, 1), (1, 128, 28, 28)),
    Case("conv3x3s2_64_128_56", "conv 3x3 stride 2 64->128, 56x56, pad 1",
         lambda: nn.Conv2d(64, 128, 3, 2, 1), (1, 64, 56, 56)),
    Case("conv1x1_256_64_56", "conv 1x1 256->64, 56x56",
         lambda: nn.Conv2d(256, 64, 1), (1, 256, 56, 56)),
    Case("dwconv3x3_32_112", "depthwise conv 3x3, 32 channels, 112x112, pad 1",
         lambda: nn.Conv2d(32, 32, 3, 1, 1, groups=32), (1, 32, 112, 112)),
    Case("gconv3x3_g8_64_56", "grouped conv 3x3 (groups 8) 64->64, 56x56, "
         "pad 1", lambda: nn.Conv2d(64, 64, 3, 1, 1, groups=8),
         (1, 64, 56, 56)),
    Case("maxpool3x3s2_64_112", "max pool 3x3 stride 2 pad 1, 64x112x112",
         lambda: nn.MaxPool2d(3, 2, 1), (1, 64, 112, 112)),
    Case("seed_model", "the seed model, 3x224x224", SeedModel,
         (1, 3, 224, 224)),
    Case("resnet18_features", "resnet18 with fc = Identity, 3x224x224",
         resnet18_features, (1, 3, 224, 224)),
    Case("repvgg_deploy_64_56", "4 RepVGG blocks, inference form "
         "(3x3 conv + bias, relu), 64x56x56",
         lambda: repvgg_deploy(64, 4), (1, 64, 56, 56)),
    Case("repvgg_train_64_56", "4 RepVGG blocks, training form "
         "(3x3 conv-BN + 1x1 conv-BN + BN, relu), 64x56x56",
         lambda: repvgg_train(64, 4), (1, 64, 56, 56)),
    Case("smoke_conv3x3_8_16", "conv 3x3 8->8, 16x16, pad 1",
         lambda: nn.Conv2d(8, 8, 3, 1, 1), (1, 8, 16, 16)),
    Case("smoke_repvgg_train_8_16", "2 RepVGG blocks, training form, "
         "8x16x16", lambda: repvgg_train(8, 2), (1, 8, 16, 16)),
]

CASES_BY_NAME = {case.name: case for case in CASES}
# Cases in a training form that --nnid-reparameterize rewrites.
TRAINING_FORM_CASES = {"repvgg_train_64_56", "smoke_repvgg_train_8_16"}
DEFAULT_CASES = [c.name for c in CASES if not c.name.startswith("smoke_")]


def count_flops(module, x):
    """Floating-point operations of one forward pass of `module` on `x`, as
    the module is written: 2 per multiply-accumulate of every convolution
    and linear layer (bias, batch norm, relu and additions not counted), and
    one per window element of every pooling layer."""
    total = 0

    def hook(m, inputs, output):
        nonlocal total
        if isinstance(m, nn.Conv2d):
            kh, kw = m.kernel_size
            total += (2 * output.numel() * (m.in_channels // m.groups) * kh *
                      kw)
        elif isinstance(m, nn.Linear):
            total += 2 * output.numel() * m.in_features
        elif isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
            k = m.kernel_size
            kh, kw = (k, k) if isinstance(k, int) else k
            total += output.numel() * kh * kw
        elif isinstance(m, nn.AdaptiveAvgPool2d):
            total += inputs[0].numel()

    handles = [m.register_forward_hook(hook) for m in module.modules()]
    with torch.no_grad():
        module(x)
    for handle in handles:
        handle.remove()
    return total


def instantiate(name, seed=0):
    """The case's module (eval mode) and input, the same for a given seed."""
    case = CASES_BY_NAME[name]
    torch.manual_seed(seed)
    module = case.build().eval()
    x = torch.randn(*case.input_shape)
    return module, x


def load_exporter():
    path = os.path.join(ROOT, "tools", "nnid-export-safetensors.py")
    spec = importlib.util.spec_from_file_location("nnid_export", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_case(name, directory, seed=0, exporter=None):
    """Writes DIR/<name>.safetensors; returns (path, flops)."""
    exporter = exporter or load_exporter()
    module, x = instantiate(name, seed)
    with torch.no_grad():
        expected = module(x)
    tensors = dict(module.state_dict())
    tensors[INPUT] = x
    tensors[EXPECTED] = expected
    flops = count_flops(module, x)
    path = os.path.join(directory, name + ".safetensors")
    exporter.save_state_dict(tensors, path, metadata={
        "flops": str(flops),
        "description": CASES_BY_NAME[name].description,
        "torch": torch.__version__,
        "rtol": repr(RTOL),
        "atol": repr(ATOL),
    })
    return path, flops


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", metavar="DIR",
                        help="write <case>.safetensors files here")
    parser.add_argument("--cases", default=",".join(DEFAULT_CASES),
                        help="comma-separated case names (default: all but "
                        "the smoke_ cases)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", action="store_true",
                        help="list the cases and exit")
    args = parser.parse_args(argv)
    if args.list:
        for case in CASES:
            print(f"{case.name}: {case.description}")
        return 0
    if not args.write:
        parser.error("give --write DIR or --list")
    names = [n for n in args.cases.split(",") if n]
    unknown = [n for n in names if n not in CASES_BY_NAME]
    if unknown:
        parser.error("unknown case(s): " + ", ".join(unknown))
    os.makedirs(args.write, exist_ok=True)
    exporter = load_exporter()
    for name in names:
        write_case(name, args.write, args.seed, exporter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
