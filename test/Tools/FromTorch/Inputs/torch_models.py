"""PyTorch modules for the nnid-from-torch.py tests: torchvision's models
with batch norm statistics measured on random batches (as
examples/reference_models.py sets them), so that the batch norms are not
identities and activations keep their scale through the network, and
modules that the DSL cannot express."""

import importlib.util
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.dont_write_bytecode = True

_REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                          "..", "..", "..", "examples", "reference_models.py")


def _reference():
    spec = importlib.util.spec_from_file_location("nnid_reference_models",
                                                  _REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _measured(model, size=224):
    _reference().measure_batch_norms(model, batch_shape=(4, 3, size, size))
    return model.eval()


def resnet18():
    return _measured(torchvision.models.resnet18())


def resnet18_features():
    """examples/models/ResNet18.h's ResNet18Features."""
    model = torchvision.models.resnet18()
    model.fc = nn.Identity()
    return model


def squeezenet1_1():
    return torchvision.models.squeezenet1_1()


def googlenet():
    return _measured(torchvision.models.googlenet(
        aux_logits=False, init_weights=True, transform_input=False))


def mobilenet_v2():
    return _measured(torchvision.models.mobilenet_v2())


def mobilenet_v3_small():
    return _measured(torchvision.models.mobilenet_v3_small())


def seed():
    """The seed model, examples/models/SeedModel.h."""
    return _reference().MyModel()


class Sine(nn.Module):
    """A block whose forward() uses torch.sin, which the DSL lacks."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        return torch.sin(self.conv(x))


class WithSine(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 3, 1), nn.ReLU())
        self.block = Sine()

    def forward(self, x):
        return self.block(self.stem(x))


class RuntimeLoop(nn.Module):
    """A forward() that loops over the batch, a runtime value."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        y = self.conv(x)
        for i in range(y.shape[0]):
            y = y + 1
        return y


class Layers(nn.Module):
    """Every layer and function nnid-from-torch.py maps, as modules and as
    functions in forward()."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d(1)
        self.conv = nn.Conv2d(4, 8, 3, stride=1, padding=(1, 2), dilation=2)
        self.grouped = nn.Conv2d(8, 8, (1, 3), padding="same", groups=4,
                                 bias=False)
        self.bn = nn.BatchNorm2d(8, eps=1e-3)
        self.activations = nn.Sequential(
            nn.ReLU6(), nn.Hardtanh(-0.5, 2.0), nn.Sigmoid(), nn.SiLU(),
            nn.Hardsigmoid(), nn.Hardswish(), nn.SELU(), nn.Softsign(),
            nn.Tanh(), nn.GELU(), nn.GELU("tanh"), nn.LeakyReLU(0.2),
            nn.ELU(0.5), nn.Softplus(2.0, 10.0), nn.Identity(),
            nn.Dropout(0.1))
        self.pool = nn.MaxPool2d(3, 2, 1, ceil_mode=True)
        self.avg = nn.AvgPool2d(3, 1, 1, count_include_pad=False)
        self.head = nn.Linear(8, 6)
        self.bn1d = nn.BatchNorm1d(6)
        self.out = nn.Linear(6 + 6, 5, bias=False)

    def forward(self, x):
        x = self.conv(self.pad(x))
        x = F.relu(self.bn(self.grouped(x)))
        x = x + self.activations(x)
        x = self.avg(self.pool(x))
        x = F.max_pool2d(x, 2, ceil_mode=True)
        x = F.avg_pool2d(x, kernel_size=1)
        x = F.leaky_relu(torch.sigmoid(x), 0.1)
        x = F.adaptive_avg_pool2d(x, (2, 2))
        x = x.mean([2, 3], keepdim=True)
        x = x.view(x.size(0), -1)
        x = F.dropout(self.bn1d(self.head(x)), 0.5, training=self.training)
        x = torch.cat([F.elu(x), torch.tanh(x)], 1)
        return torch.flatten(self.out(x), 1)


class Product(nn.Module):
    """a(x) * b(x): a product of two computed tensors, which the DSL lacks
    (it has x * f(x), Gate)."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 3, 1)
        self.b = nn.Conv2d(3, 3, 1)

    def forward(self, x):
        return self.a(x) * torch.sigmoid(self.b(x))


def products():
    return nn.Sequential(Product(), nn.ReLU(), Product())
