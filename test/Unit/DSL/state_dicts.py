#!/usr/bin/python3
"""Writes the state_dict names, dtypes and shapes of nnid's reference models,
as PyTorch builds them, to Inputs/<model>.txt: one parameter per line,
`name dtype [d0, d1, ...]`, in state_dict order. The DSL unit tests compare
the parameter lists of the models in examples/models/ against these files.

Run with Debian's python3 (torch 1.13, torchvision):
    /usr/bin/python3 test/Unit/DSL/state_dicts.py
"""

import os
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


class MyModel(nn.Module):
    """The seed model."""

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


class IdentityBasedConv1x1(nn.Conv2d):
    def __init__(self, channels, groups=1):
        super().__init__(channels, channels, kernel_size=1, stride=1,
                         padding=0, groups=groups, bias=False)
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
        x = F.relu(self.bn1(self.lin1(x)))
        res = x
        x = F.relu(self.bn2(self.lin2(x)))
        res1 = x
        x = self.bn6(self.lin6(x))
        x = F.relu(torch.cat([x, res, res1], 1))
        return self.lin7(x)


def resnet18_features():
    model = torchvision.models.resnet18()
    model.fc = nn.Identity()
    return model


def main():
    # Inputs, with the output shapes the DSL models compute as a check.
    models = {
        "seed-model": (MyModel(), (1, 3, 224, 224)),
        "resnet18-features": (resnet18_features(), (1, 3, 224, 224)),
        "diverse-branch-block": (DiverseBranchBlock(8), (1, 8, 16, 16)),
        "multinet-a": (multiNetA(32, 5), (4, 32)),
        "squeezenet1-1": (torchvision.models.squeezenet1_1(),
                          (1, 3, 224, 224)),
        "googlenet": (torchvision.models.googlenet(aux_logits=False,
                                                   init_weights=True),
                      (1, 3, 224, 224)),
        "mobilenet-v2": (torchvision.models.mobilenet_v2(), (1, 3, 224, 224)),
        "mobilenet-v3-small": (torchvision.models.mobilenet_v3_small(),
                               (1, 3, 224, 224)),
        "squeeze-excitation": (torchvision.ops.SqueezeExcitation(16, 8),
                               (1, 16, 7, 7)),
    }
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "Inputs")
    for name, (model, input_shape) in models.items():
        model.eval()
        with torch.no_grad():
            output = model(torch.randn(*input_shape))
        lines = ["# %s: input %s, output %s" %
                 (name, list(input_shape), list(output.shape))]
        for key, value in model.state_dict().items():
            lines.append("%s %s %s" % (key, DTYPES[value.dtype],
                                       list(value.shape)))
        with open(os.path.join(out_dir, name + ".txt"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
