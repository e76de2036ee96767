#!/usr/bin/python3
"""The PyTorch modules of nnid's example models, and their data.

For each model of examples/models/ (the seed model, resnet18 with
fc = Identity, a Diverse Branch Block with an IdentityBasedConv1x1 branch,
the MLP with concatenated skips, squeezenet1_1, googlenet without
auxiliary classifiers, mobilenet_v2 and mobilenet_v3_small) this builds
the matching PyTorch module with fixed random weights, runs it in eval mode
on a fixed random input, and writes to OUT_DIR:

  <model>.weights.safetensors  the state_dict, as nnid-export-safetensors.py
                               writes it (what the C++ programs load)
  <model>.pt                   the state_dict as torch.save writes it
                               (with --torch-save; for the export script)
  <model>.data.safetensors     "input" and "expected" (PyTorch's output),
                               with the tolerance as metadata
  <model>.input.f32            the input, raw little-endian float32
  <model>.expected.f32         PyTorch's output, raw little-endian float32

Usage: reference_models.py OUT_DIR [--model NAME ...] [--torch-save]
       [--input-size N]   (the 3-channel image models: N x N images)
Run with Debian's python3 (torch 1.13, torchvision).
"""

import argparse
import importlib.util
import os
import struct
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# Modules loaded from the source tree leave no bytecode there.
sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORTER = os.path.join(HERE, "..", "tools", "nnid-export-safetensors.py")

# nnid and PyTorch agree when |nnid - torch| <= RTOL * |torch| + ATOL
# elementwise: both add the same float32 products in different orders (and
# nnid folds batch norms into convolutions), which moves each result by a
# few ulps of the values summed.
RTOL = 1e-4
ATOL = 1e-4


class MyModel(nn.Module):
    """The seed model: examples/models/SeedModel.h."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=1, padding=1)
        self.conv3 = nn.Conv2d(32, 64, kernel_size=3, stride=1, padding=1)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.identity = nn.Identity()

    def forward(self, x):
        x = self.conv1(x); x = torch.relu(x); x = self.pool(x)
        x = self.conv2(x); x = torch.relu(x)
        x = self.identity(x)   # stands in for a skipped layer
        x = self.pool(x)
        x = self.conv3(x); x = torch.relu(x); x = self.pool(x)
        return x


class IdentityBasedConv1x1(nn.Conv2d):
    def __init__(self, channels, groups=1):
        super().__init__(channels, channels, kernel_size=1, stride=1,
                         padding=0, groups=groups, bias=False)
        assert channels % groups == 0
        input_dim = channels // groups
        id_value = np.zeros((channels, input_dim, 1, 1))
        for i in range(channels):
            id_value[i, i % input_dim, 0, 0] = 1
        self.id_tensor = torch.from_numpy(id_value).type_as(self.weight)
        nn.init.zeros_(self.weight)

    def forward(self, input):
        kernel = self.weight + self.id_tensor.to(self.weight.device)
        return F.conv2d(input, kernel, None, stride=1, padding=0,
                        dilation=self.dilation, groups=self.groups)


class DiverseBranchBlock(nn.Module):
    """examples/models/DiverseBranchBlock.h."""

    def __init__(self, channels, groups=1):
        super().__init__()
        self.dbb_origin = nn.Sequential(OrderedDict(
            conv=nn.Conv2d(channels, channels, 3, 1, 1, groups=groups,
                           bias=False),
            bn=nn.BatchNorm2d(channels)))
        self.dbb_1x1_kxk = nn.Sequential(OrderedDict(
            idconv1=IdentityBasedConv1x1(channels, groups),
            bn1=nn.BatchNorm2d(channels),
            conv2=nn.Conv2d(channels, channels, 3, 1, 1, groups=groups,
                            bias=False),
            bn2=nn.BatchNorm2d(channels)))
        self.nonlinear = nn.ReLU()

    def forward(self, x):
        return self.nonlinear(self.dbb_origin(x) + self.dbb_1x1_kxk(x))


class multiNetA(nn.Module):
    """examples/models/MultiNetA.h."""

    def __init__(self, num_feature, num_class):
        super().__init__()
        self.lin1 = nn.Linear(num_feature, 50)
        self.lin2 = nn.Linear(50, 30)
        self.lin6 = nn.Linear(30, 20)
        self.lin7 = nn.Linear(100, num_class)
        self.bn0 = nn.BatchNorm1d(num_feature)
        self.bn1 = nn.BatchNorm1d(50)
        self.bn2 = nn.BatchNorm1d(30)
        self.bn6 = nn.BatchNorm1d(20)

    def forward(self, x):
        x = self.bn0(x)
        x = F.relu(self.bn1(self.lin1(x))); res = x
        x = F.relu(self.bn2(self.lin2(x))); res1 = x
        x = self.bn6(self.lin6(x))
        x = F.relu(torch.cat([x, res, res1], 1))
        return self.lin7(x)


def resnet18_features():
    """torchvision's resnet18 with its classifier replaced: 512 features."""
    import torchvision
    model = torchvision.models.resnet18()
    model.fc = nn.Identity()
    return model


def randomize_batch_norms(model):
    """Trained-looking batch norm statistics and affine parameters, so that
    the batch norms are not identities."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)


def make_dbb():
    model = DiverseBranchBlock(8)
    with torch.no_grad():
        # A trained IdentityBasedConv1x1 is the identity plus a small kernel.
        model.dbb_1x1_kxk.idconv1.weight.uniform_(-0.1, 0.1)
    randomize_batch_norms(model)
    return model


def make_resnet18():
    model = resnet18_features()
    randomize_batch_norms(model)
    return model


def make_mlp():
    model = multiNetA(32, 5)
    randomize_batch_norms(model)
    return model


def measure_batch_norms(model, batches=3, batch_shape=(4, 3, 224, 224)):
    """Random affine parameters for every batch norm, and running statistics
    measured on random batches in train mode (their cumulative averages),
    so that activations stay near unit scale through deep networks whose
    initial weights would shrink or grow them. Leaves the model in train
    mode."""
    batch_norms = [m for m in model.modules()
                   if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for m in batch_norms:
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.2, 0.2)
            m.reset_running_stats()
            m.momentum = None
        model.train()
        for _ in range(batches):
            model(torch.randn(*batch_shape))
    for m in batch_norms:
        m.momentum = 0.1


def make_squeezenet1_1():
    """torchvision's squeezenet1_1, initialized as torchvision does (it has
    no batch norms)."""
    import torchvision
    return torchvision.models.squeezenet1_1(weights=None)


def make_googlenet():
    """torchvision's googlenet without auxiliary classifiers."""
    import torchvision
    model = torchvision.models.googlenet(weights=None, aux_logits=False,
                                         init_weights=True,
                                         transform_input=False)
    measure_batch_norms(model)
    return model


def make_mobilenet_v2():
    """torchvision's mobilenet_v2, as torchvision writes it (ReLU6)."""
    import torchvision
    model = torchvision.models.mobilenet_v2(weights=None)
    measure_batch_norms(model)
    return model


def make_mobilenet_v3_small():
    """torchvision's mobilenet_v3_small (Hardswish, squeeze-excitation)."""
    import torchvision
    model = torchvision.models.mobilenet_v3_small(weights=None)
    measure_batch_norms(model)
    return model


# name -> (module factory, input shape, input shape with --input-size N).
MODELS = {
    "seed": (MyModel, lambda n: (1, 3, n, n), 224),
    "resnet18": (make_resnet18, lambda n: (1, 3, n, n), 224),
    "dbb": (make_dbb, lambda n: (1, 8, 16, 16), None),
    "mlp": (make_mlp, lambda n: (4, 32), None),
    "squeezenet1_1": (make_squeezenet1_1, lambda n: (1, 3, n, n), 224),
    "googlenet": (make_googlenet, lambda n: (1, 3, n, n), 224),
    "mobilenet_v2": (make_mobilenet_v2, lambda n: (1, 3, n, n), 224),
    "mobilenet_v3_small": (make_mobilenet_v3_small, lambda n: (1, 3, n, n),
                           224),
}


def load_exporter():
    spec = importlib.util.spec_from_file_location("nnid_export", EXPORTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_raw(path, tensor):
    """`tensor` as contiguous little-endian float32."""
    values = tensor.detach().to(torch.float32).contiguous().flatten().tolist()
    with open(path, "wb") as out:
        out.write(struct.pack("<%df" % len(values), *values))


def write_model(name, out_dir, exporter, input_size, torch_save):
    factory, input_shape, default_size = MODELS[name]
    torch.manual_seed(0)
    model = factory().eval()
    x = torch.randn(*input_shape(input_size or default_size))
    with torch.no_grad():
        expected = model(x)

    state_dict = model.state_dict()
    base = os.path.join(out_dir, name)
    if torch_save:
        torch.save(state_dict, base + ".pt")
    exporter.save_state_dict(state_dict, base + ".weights.safetensors",
                             {"model": name})
    exporter.save_state_dict(
        OrderedDict(input=x, expected=expected), base + ".data.safetensors",
        {"model": name, "rtol": repr(RTOL), "atol": repr(ATOL)})
    write_raw(base + ".input.f32", x)
    write_raw(base + ".expected.f32", expected)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--model", action="append", choices=sorted(MODELS),
                        help="a model to write (default: all)")
    parser.add_argument("--input-size", type=int,
                        help="image size of the 3-channel image models "
                             "(default 224)")
    parser.add_argument("--torch-save", action="store_true",
                        help="also write <model>.pt with torch.save")
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    exporter = load_exporter()
    torch.set_num_threads(1)
    for name in args.model or sorted(MODELS):
        write_model(name, args.out_dir, exporter, args.input_size,
                    args.torch_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
