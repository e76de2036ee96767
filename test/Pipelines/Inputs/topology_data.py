#!/usr/bin/python3
"""PyTorch's results for the graphs of topology-*.mlir.

  topology_data.py GRAPH OUT.safetensors

writes random inputs (named input0, input1, ... like the arguments of a
function without `nnid.name`), PyTorch's output as expected.0 and the
tolerances, for nnid-run --data.
"""

import importlib.util
import os
import sys

import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "..")


def concat_branch(x, w, b, w2, b2):
    # SqueezeNet's Fire, GoogLeNet's Inception: relu(conv) beside a conv.
    return torch.cat([F.relu(F.conv2d(x, w, b)), F.conv2d(x, w2, b2)], 1)


def residual_chain(x, w1, b1, w2, b2):
    # MobileNetV2's linear bottlenecks: two residual adds, no relu after.
    y = x + F.conv2d(x, w1, b1)
    return y + F.conv2d(y, w2, b2)


def shared_buffer(x, w1, b1, w2, w3):
    # A conv chain whose relu could share a buffer with the conv's input.
    ident = torch.zeros_like(w2)
    for i in range(w2.shape[0]):
        ident[i, i, 0, 0] = 1
    v = F.relu(F.conv2d(F.conv2d(x, w1, b1, dilation=2), w2 + ident))
    return torch.cat([F.adaptive_avg_pool2d(x, 1), F.conv2d(v, w3)], 1)


GRAPHS = {"concat_branch": concat_branch, "residual_chain": residual_chain,
          "shared_buffer": shared_buffer}
SHAPES = {
    "concat_branch": [(1, 8, 8, 8), (8, 8, 1, 1), (8,), (8, 8, 1, 1), (8,)],
    "residual_chain": [(1, 8, 8, 8), (8, 8, 1, 1), (8,), (8, 8, 1, 1), (8,)],
    "shared_buffer": [(1, 22, 9, 9), (22, 22, 5, 5), (22,), (22, 22, 1, 1),
                      (1, 22, 1, 1)],
}


def main():
    graph, path = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location(
        "exporter", os.path.join(ROOT, "tools", "nnid-export-safetensors.py"))
    exporter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exporter)
    torch.manual_seed(0)
    inputs = [torch.randn(shape) for shape in SHAPES[graph]]
    tensors = {f"input{i}": t for i, t in enumerate(inputs)}
    tensors["expected.0"] = GRAPHS[graph](*inputs)
    exporter.save_state_dict(tensors, path,
                             metadata={"rtol": "1e-4", "atol": "1e-4"})


if __name__ == "__main__":
    main()
