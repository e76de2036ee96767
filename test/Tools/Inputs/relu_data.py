#!/usr/bin/python3
"""Data files for nnid-run.test: an input with infinities and a NaN, and
PyTorch's relu of it as expected (good), or with one infinity and one finite
value swapped for others (bad).

  relu_data.py DIR
"""

import importlib.util
import math
import os
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "..")


def main():
    spec = importlib.util.spec_from_file_location(
        "exporter", os.path.join(ROOT, "tools", "nnid-export-safetensors.py"))
    exporter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exporter)
    x = torch.tensor([1.5, math.inf, -2.0, math.nan,
                      -math.inf, 0.25, 3.0, -1.0]).reshape(1, 1, 2, 4)
    good = torch.relu(x)
    bad = good.clone().flatten()
    bad[1] = 7.0  # nnid gives inf
    bad[6] = math.inf  # nnid gives 3
    metadata = {"rtol": "1e-4", "atol": "1e-4"}
    directory = sys.argv[1]
    exporter.save_state_dict({"x": x, "expected.0": good},
                             os.path.join(directory, "good.safetensors"),
                             metadata=metadata)
    exporter.save_state_dict({"x": x, "expected.0": bad.reshape(x.shape)},
                             os.path.join(directory, "bad.safetensors"),
                             metadata=metadata)


if __name__ == "__main__":
    main()
