"""Writes a few hand-made tensors with save_state_dict.

Usage: save_tensors.py EXPORTER.py OUT.safetensors OUT.pt

Also torch.saves the same state_dict to OUT.pt for check_export.py.
"""

import collections
import importlib.util
import sys

import torch

spec = importlib.util.spec_from_file_location("exporter", sys.argv[1])
exporter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exporter)

state_dict = collections.OrderedDict([
    # A transposed view: written contiguous, as [[0, 3], [1, 4], [2, 5]].
    ("transposed", torch.arange(6, dtype=torch.float32).reshape(2, 3).t()),
    ("negative", torch.tensor([[1.0, -2.0], [3.0, -4.0]])),
    ("count", torch.tensor(7)),
    ("empty", torch.zeros(0, 3)),
    ("half", torch.tensor([1.0, 2.0], dtype=torch.float16)),
    ("indices", torch.tensor([-5, 0, 2])),
])
exporter.save_state_dict(state_dict, sys.argv[2],
                         metadata={"source": "save_tensors.py"})
torch.save(state_dict, sys.argv[3])
