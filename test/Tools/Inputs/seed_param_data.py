#!/usr/bin/python3
"""seed_param_data.py DIR: the seed model (examples/reference_models.py) on
a batch of 2, as raw float32 files for Inputs/seed-param.c: x.f32, the
parameters in state_dict order (conv1.weight.f32, ...), expected.f32."""

import importlib.util
import os
import sys

import torch

# Modules loaded from the source tree leave no bytecode there.
sys.dont_write_bytecode = True

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "..")


def main(out):
    spec = importlib.util.spec_from_file_location(
        "reference_models", os.path.join(ROOT, "examples",
                                         "reference_models.py"))
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    torch.manual_seed(1)
    model = models.MyModel().eval()
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        expected = model(x)
    models.write_raw(os.path.join(out, "x.f32"), x)
    for name, tensor in model.state_dict().items():
        models.write_raw(os.path.join(out, name + ".f32"), tensor)
    models.write_raw(os.path.join(out, "expected.f32"), expected)


if __name__ == "__main__":
    main(*sys.argv[1:])
