#!/usr/bin/python3
"""bad_weights.py OUT.safetensors: the seed model's state_dict with four
problems: conv1.bias missing, conv2.weight of another shape, conv3.bias in
float64, and a tensor the model does not have."""

import importlib.util
import os
import sys

import torch

# Modules loaded from the source tree leave no bytecode there.
sys.dont_write_bytecode = True

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "..")


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(out):
    models = load("reference_models",
                  os.path.join(ROOT, "examples", "reference_models.py"))
    exporter = load("exporter",
                    os.path.join(ROOT, "tools", "nnid-export-safetensors.py"))
    state_dict = models.MyModel().state_dict()
    del state_dict["conv1.bias"]
    state_dict["conv2.weight"] = torch.zeros(32, 16, 5, 5)
    state_dict["conv3.bias"] = state_dict["conv3.bias"].double()
    state_dict["head.weight"] = torch.zeros(10, 64)
    exporter.save_state_dict(state_dict, out)


if __name__ == "__main__":
    main(*sys.argv[1:])
