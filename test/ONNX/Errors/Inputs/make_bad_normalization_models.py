"""LayerNormalization and InstanceNormalization nodes nnid must refuse.

  make_bad_normalization_models.py OUTDIR

writes OUTDIR/NAME.onnx for each model in MODELS: one node with an attribute
or input nnid cannot take (or ONNX does not allow), between a graph input x
and a graph output y; scale and bias are initializers. Built with
onnx.helper and not checked. Needs only onnx (1.12) and numpy.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def ones(name, shape, dtype=np.float32):
    return numpy_helper.from_array(np.ones(shape, dtype), name)


def one_node(op, inits, attrs=None, x_shape=(2, 3, 4), opset=17):
    node = helper.make_node(op, ["x"] + [i.name for i in inits], ["y"],
                            name="/" + op.lower(), **(attrs or {}))
    graph = helper.make_graph([node], "bad", [f32("x", list(x_shape))],
                              [f32("y", None)], list(inits))
    return helper.make_model(graph,
                             opset_imports=[helper.make_opsetid("", opset)])


def layer_norm(attrs=None, scale=(4,), bias=(4,), **kwargs):
    inits = [ones("scale", scale)]
    if bias is not None:
        inits.append(ones("bias", bias))
    return one_node("LayerNormalization", inits, attrs, **kwargs)


def instance_norm(attrs=None, scale=(3,), bias=(3,), **kwargs):
    inits = [ones("scale", scale)]
    if bias is not None:
        inits.append(ones("bias", bias))
    return one_node("InstanceNormalization", inits, attrs, opset=6, **kwargs)


MODELS = {
    "layernorm_unknown_attr": lambda: layer_norm({"axes": [2]}),
    "layernorm_axis_range": lambda: layer_norm({"axis": 4}),
    "layernorm_stash_type": lambda: layer_norm({"stash_type": 11}),
    "layernorm_epsilon_nan": lambda: layer_norm({"epsilon": float("nan")}),
    "layernorm_scale_shape": lambda: layer_norm(scale=(3,)),
    "layernorm_bias_rank": lambda: layer_norm(bias=(1, 2, 3, 4)),
    "layernorm_int8_scale": lambda: one_node(
        "LayerNormalization", [ones("scale", (4,), np.int8)]),
    "layernorm_dynamic_batch": lambda: layer_norm(
        {"axis": 0}, scale=(3, 4), bias=None, x_shape=("N", 3, 4)),
    "instancenorm_unknown_attr": lambda: instance_norm({"momentum": 0.9}),
    "instancenorm_rank": lambda: instance_norm(x_shape=(2, 3)),
    "instancenorm_scale_shape": lambda: instance_norm(scale=(4,)),
    "instancenorm_no_bias": lambda: instance_norm(bias=None),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(make().SerializeToString())


if __name__ == "__main__":
    main()
