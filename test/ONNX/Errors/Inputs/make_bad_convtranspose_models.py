"""ConvTranspose nodes nnid refuses, one model each, written into a
directory: X is [1, 2, 4, 4] and W [2, 3, 3, 3] unless the name says
otherwise."""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

BIG = 2**31 - 1

MODELS = {
    "group": dict(group=3),
    "channels": dict(w_shape=[3, 3, 3, 3]),
    "kernel_shape": dict(kernel_shape=[2, 3]),
    "output_padding": dict(output_padding=[-1, 0]),
    "pads_auto_pad": dict(auto_pad="SAME_UPPER", pads=[1, 1, 1, 1]),
    "auto_pad": dict(auto_pad="SAME"),
    "output_shape": dict(output_shape=[5, 5, 5]),
    "empty_output": dict(pads=[3, 0, 3, 0]),
    "crop_all": dict(strides=[1, 1], pads=[7, 0, 0, 0], output_shape=[1, 6]),
    "huge": dict(strides=[BIG, BIG]),
    "dilations": dict(dilations=[0, 1]),
    "unknown": dict(foo=1),
    "bias": dict(bias=[4]),
}


def make(name, attrs):
    attrs = dict(attrs)
    w_shape = attrs.pop("w_shape", [2, 3, 3, 3])
    bias = attrs.pop("bias", None)
    inputs = ["X", "W"] + (["B"] if bias else [])
    initializers = [numpy_helper.from_array(
        np.ones(w_shape, np.float32), "W")]
    if bias:
        initializers.append(numpy_helper.from_array(
            np.ones(bias, np.float32), "B"))
    node = helper.make_node("ConvTranspose", inputs, ["Y"], name="ct",
                            **attrs)
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 2, 4, 4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        initializers)
    return helper.make_model(graph,
                             opset_imports=[helper.make_opsetid("", 11)])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, attrs in MODELS.items():
        onnx.save(make(name, attrs), os.path.join(out, name + ".onnx"))


if __name__ == "__main__":
    main()
