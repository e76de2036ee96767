"""Small ONNX models for the importer's tests, written into a directory.

  torch_net/      a conv, relu, AvgPool2d(padding=1) (exported as Pad +
                  AveragePool), x.view(x.size(0), -1) (a Shape, Gather,
                  Unsqueeze, Concat, Reshape subgraph) and a linear layer,
                  exported by torch.onnx.export with a dynamic batch; with
                  PyTorch's output as an ONNX test directory.
  activations/    a conv, then nn.SiLU, nn.ReLU6, nn.Hardswish,
                  nn.Hardsigmoid, nn.LeakyReLU, nn.ELU, nn.SELU, nn.Softplus
                  and nn.Sigmoid, exported with a dynamic batch at opset 14
                  (activations_13/: at opset 13, where Hardswish is
                  x * HardSigmoid(x)); with PyTorch's output.
  conv_bn.onnx    a Conv and a BatchNormalization named as a PyTorch export
                  names them, which re-parameterization folds.
  identities.onnx relu(x) + Dropout(Identity(x)), built with onnx.helper.
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import helper, numpy_helper, TensorProto


class TorchNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        x = x.view(x.size(0), -1)
        return self.fc(x)


class Activations(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.acts = nn.Sequential(
            nn.SiLU(), nn.ReLU6(), nn.Hardswish(), nn.Hardsigmoid(),
            nn.LeakyReLU(0.2), nn.ELU(0.5), nn.SELU(), nn.Softplus(),
            nn.Sigmoid())

    def forward(self, x):
        # Scaled so that the values cross every activation's corners.
        return self.acts(self.conv(x) * 4)


def export(model, x, out_dir, dynamic, opset=13):
    os.makedirs(os.path.join(out_dir, "test_data_set_0"), exist_ok=True)
    model.eval()
    axes = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None
    torch.onnx.export(model, x, os.path.join(out_dir, "model.onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"], dynamic_axes=axes,
                      training=torch.onnx.TrainingMode.EVAL,
                      do_constant_folding=False)
    with torch.no_grad():
        y = model(x)
    for name, value in [("input_0", x), ("output_0", y)]:
        tensor = numpy_helper.from_array(value.numpy(), name.split("_")[0])
        with open(os.path.join(out_dir, "test_data_set_0", name + ".pb"),
                  "wb") as f:
            f.write(tensor.SerializeToString())


def conv_bn(path):
    rng = np.random.default_rng(0)
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 6, 6])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])
    params = {
        "stem.conv.weight": rng.standard_normal((4, 3, 3, 3)),
        "stem.bn.weight": rng.uniform(0.5, 2, 4),
        "stem.bn.bias": rng.standard_normal(4),
        "stem.bn.running_mean": rng.standard_normal(4),
        "stem.bn.running_var": rng.uniform(0.5, 2, 4),
    }
    initializers = [numpy_helper.from_array(v.astype(np.float32), k)
                    for k, v in params.items()]
    nodes = [
        helper.make_node("Conv", ["x", "stem.conv.weight"], ["c"],
                         name="/stem/conv/Conv"),
        helper.make_node("BatchNormalization",
                         ["c"] + list(params)[1:], ["y"],
                         name="/stem/bn/BatchNormalization"),
    ]
    graph = helper.make_graph(nodes, "conv_bn", [x], [y], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def identities(path):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 2, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 2, 2])
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="relu"),
        helper.make_node("Identity", ["x"], ["b"], name="skip"),
        helper.make_node("Dropout", ["b"], ["c"], name="drop"),
        helper.make_node("Add", ["a", "c"], ["y"], name="add"),
    ]
    graph = helper.make_graph(nodes, "identities", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    export(TorchNet(), torch.randn(2, 3, 8, 8), os.path.join(out, "torch_net"),
           dynamic=True)
    x = torch.randn(2, 3, 8, 8)
    for opset, name in ((14, "activations"), (13, "activations_13")):
        torch.manual_seed(1)
        export(Activations(), x, os.path.join(out, name), dynamic=True,
               opset=opset)
    conv_bn(os.path.join(out, "conv_bn.onnx"))
    identities(os.path.join(out, "identities.onnx"))


if __name__ == "__main__":
    main()
