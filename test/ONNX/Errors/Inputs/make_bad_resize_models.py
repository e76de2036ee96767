"""Resize and Upsample nodes nnid must refuse.

  make_bad_resize_models.py OUTDIR

writes OUTDIR/NAME.onnx for each model in MODELS: one Resize (or Upsample)
between a graph input x and a graph output y, its scales or sizes
initializers unless said otherwise. Built with onnx.helper and not checked.
Needs only onnx (1.12) and numpy.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def resize(attrs=None, scales=None, sizes=None, x_shape=(1, 2, 3, 4),
           opset=13, op="Resize", scales_input=False):
    inputs, inits, graph_inputs = ["x"], [], [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_shape))]
    if op == "Resize" and opset >= 11:
        inputs.append("")
    if scales is not None:
        inputs.append("scales")
        if scales_input:
            graph_inputs.append(helper.make_tensor_value_info(
                "scales", TensorProto.FLOAT, [len(scales)]))
        else:
            inits.append(numpy_helper.from_array(
                np.array(scales, np.float32), "scales"))
    elif sizes is not None:
        inputs += ["", "sizes"]
        inits.append(numpy_helper.from_array(np.array(sizes, np.int64),
                                             "sizes"))
    node = helper.make_node(op, inputs, ["y"], name="/" + op.lower(),
                            **(attrs or {}))
    graph = helper.make_graph(
        [node], "bad", graph_inputs,
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    return helper.make_model(graph,
                             opset_imports=[helper.make_opsetid("", opset)])


MODELS = {
    "crop_and_resize": lambda: resize(
        {"coordinate_transformation_mode": "tf_crop_and_resize"},
        scales=[1, 1, 2, 2]),
    "unknown_transform": lambda: resize(
        {"coordinate_transformation_mode": "diagonal"}, scales=[1, 1, 2, 2]),
    "unknown_mode": lambda: resize({"mode": "area"}, scales=[1, 1, 2, 2]),
    "unknown_nearest_mode": lambda: resize({"nearest_mode": "round"},
                                           scales=[1, 1, 2, 2]),
    "unknown_attr": lambda: resize({"antialias": 1}, scales=[1, 1, 2, 2]),
    "channel_scale": lambda: resize(scales=[1, 2, 2, 2]),
    "batch_size": lambda: resize(sizes=[2, 2, 6, 8]),
    "rank3": lambda: resize(scales=[1, 2, 2], x_shape=(1, 3, 4)),
    "scales_count": lambda: resize(scales=[2, 2]),
    "zero_scale": lambda: resize(scales=[1, 1, 0, 2]),
    "nan_scale": lambda: resize(scales=[1, 1, float("nan"), 2]),
    "huge_scale": lambda: resize(scales=[1, 1, 1e30, 2]),
    "huge_matrix": lambda: resize(sizes=[1, 2, 1 << 23, 4],
                                  x_shape=(1, 2, 4096, 4)),
    "huge_output": lambda: resize(sizes=[1, 2, 1 << 24, 1 << 24],
                                  x_shape=(1, 2, 1, 1)),
    "zero_size": lambda: resize(sizes=[1, 2, 0, 4]),
    "scales_and_sizes": lambda: resize_both(),
    "scales_input": lambda: resize(scales=[1, 1, 2, 2], scales_input=True),
    "upsample_cubic": lambda: resize({"mode": "cubic"}, scales=[1, 1, 2, 2],
                                     op="Upsample", opset=9),
    "upsample_no_scales": lambda: resize(op="Upsample", opset=7),
}


def resize_both():
    model = resize(scales=[1, 1, 2, 2])
    model.graph.node[0].input.append("sizes")
    model.graph.initializer.append(numpy_helper.from_array(
        np.array([1, 2, 6, 8], np.int64), "sizes"))
    return model


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(make().SerializeToString())


if __name__ == "__main__":
    main()
