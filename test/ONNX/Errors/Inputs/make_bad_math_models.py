"""Elementwise, reduction and data-movement nodes nnid must refuse.

  make_bad_math_models.py OUTDIR

writes OUTDIR/NAME.onnx for each model in MODELS: one node with an attribute
or input nnid cannot take (or ONNX does not allow), between a graph input x
and a graph output y. Built with onnx.helper and not checked, since several
are models onnx.checker would refuse. Needs only onnx (1.12) and numpy.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def one_node(op, inputs, attrs=None, x_shape=(2, 3, 4), inits=(), opset=13,
             extra_inputs=(), outputs=("y",)):
    node = helper.make_node(op, ["x"] + list(inputs), list(outputs),
                            name="/" + op.lower(), **(attrs or {}))
    graph = helper.make_graph(
        [node], "bad", [f32("x", list(x_shape))] + list(extra_inputs),
        [f32(o, None) for o in outputs], list(inits))
    return helper.make_model(graph,
                             opset_imports=[helper.make_opsetid("", opset)])


def ints(name, *values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


def floats(name, shape):
    return numpy_helper.from_array(np.ones(shape, np.float32), name)


MODELS = {
    # Elementwise
    "sub_no_broadcast": lambda: one_node("Sub", ["b"], inits=[floats("b", (5,))]),
    "mul_huge_broadcast": lambda: one_node("Mul", ["b"], x_shape=(65536, 1),
                                           extra_inputs=[f32("b", [1, 65536])]),
    "mul_int8": lambda: one_node("Mul", ["b"], inits=[numpy_helper.from_array(
        np.ones((4,), np.int8), "b")]),
    "div_unknown_attr": lambda: one_node("Div", ["b"], {"broadcast": 1},
                                         inits=[floats("b", (4,))]),
    "pow_opset6_axis": lambda: one_node("Pow", ["b"],
                                        {"broadcast": 1, "axis": 3},
                                        inits=[floats("b", (3,))], opset=6),
    "max_opset6_shapes": lambda: one_node("Max", ["b"],
                                          inits=[floats("b", (4,))], opset=6),
    "neg_consumed_inputs": lambda: one_node("Neg", [],
                                            {"consumed_inputs": [0]}),
    "mean_no_input": lambda: helper.make_model(
        helper.make_graph([helper.make_node("Mean", [], ["y"], name="/mean")],
                          "bad", [f32("x", [2])], [f32("y", None)]),
        opset_imports=[helper.make_opsetid("", 13)]),
    # Reductions and softmax
    "reduce_max_axis_range": lambda: one_node("ReduceMax", [], {"axes": [3]}),
    "reduce_sum_repeated": lambda: one_node("ReduceSum", ["axes"],
                                            inits=[ints("axes", 1, -2)]),
    "reduce_mean_noop": lambda: one_node("ReduceMean", [],
                                         {"noop_with_empty_axes": 1}),
    "reduce_sum_axes_attr_opset13": lambda: one_node("ReduceSum", [],
                                                     {"axes": [1]}),
    "reduce_sum_float_axes": lambda: one_node("ReduceSum", ["axes"],
                                              inits=[floats("axes", (1,))]),
    "reduce_mean_dynamic": lambda: one_node("ReduceMean", [], {"axes": [0]},
                                            x_shape=("N", 3, 4)),
    "softmax_axis_range": lambda: one_node("Softmax", [], {"axis": 3}),
    "softmax_opset11_dynamic": lambda: one_node("Softmax", [], {"axis": 1},
                                                x_shape=("N", 3, 4),
                                                opset=11),
    "logsoftmax_unknown_attr": lambda: one_node("LogSoftmax", [],
                                                {"dim": 1}),
    # Data movement
    "slice_zero_step": lambda: one_node(
        "Slice", ["s", "e", "a", "t"],
        inits=[ints("s", 0), ints("e", 2), ints("a", 1), ints("t", 0)]),
    "slice_repeated_axis": lambda: one_node(
        "Slice", ["s", "e", "a"],
        inits=[ints("s", 0, 1), ints("e", 2, 3), ints("a", 1, -2)]),
    "slice_lengths": lambda: one_node(
        "Slice", ["s", "e"], inits=[ints("s", 0, 1), ints("e", 2)]),
    "slice_dynamic_axis": lambda: one_node(
        "Slice", ["s", "e"], inits=[ints("s", 0), ints("e", 1)],
        x_shape=("N", 3, 4)),
    "split_sizes": lambda: one_node("Split", ["split"], {"axis": 2},
                                    inits=[ints("split", 1, 2)],
                                    outputs=("y", "z")),
    "split_unequal": lambda: one_node("Split", [], {"axis": 1},
                                      outputs=("y", "z")),
    "tile_repeats": lambda: one_node("Tile", ["r"], inits=[ints("r", 2, 2)]),
    "tile_huge": lambda: one_node("Tile", ["r"],
                                  inits=[ints("r", 2 ** 20, 2 ** 20, 1)]),
    "tile_zero": lambda: one_node("Tile", ["r"], inits=[ints("r", 2, 0, 1)]),
    "expand_no_broadcast": lambda: one_node("Expand", ["s"],
                                            inits=[ints("s", 2, 3, 5)]),
    "depthtospace_mode": lambda: one_node("DepthToSpace", [],
                                          {"blocksize": 2, "mode": "FOO"},
                                          x_shape=(1, 8, 2, 2)),
    "depthtospace_no_blocksize": lambda: one_node("DepthToSpace", [],
                                                  x_shape=(1, 8, 2, 2)),
    "depthtospace_channels": lambda: one_node("DepthToSpace", [],
                                              {"blocksize": 2},
                                              x_shape=(1, 6, 2, 2)),
    "spacetodepth_size": lambda: one_node("SpaceToDepth", [],
                                          {"blocksize": 3},
                                          x_shape=(1, 2, 4, 6)),
    "spacetodepth_rank": lambda: one_node("SpaceToDepth", [],
                                          {"blocksize": 2}),
}


def reshape_two_shapes(out):
    """An ONNX test directory whose two test sets give Reshape different
    int64 shapes: nnid-run --test compiles the first set's in."""
    node = helper.make_node("Reshape", ["x", "shape"], ["y"], name="/reshape")
    graph = helper.make_graph(
        [node], "two_shapes",
        [f32("x", [2, 3, 4]),
         helper.make_tensor_value_info("shape", TensorProto.INT64, [2])],
        [f32("y", None)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    root = os.path.join(out, "reshape_two_shapes")
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    for i, shape in enumerate([(6, 4), (4, 6)]):
        data = os.path.join(root, "test_data_set_%d" % i)
        os.makedirs(data, exist_ok=True)
        for name, t in (("input_0", numpy_helper.from_array(x, "x")),
                        ("input_1", ints("shape", *shape)),
                        ("output_0", numpy_helper.from_array(
                            x.reshape(shape), "y"))):
            with open(os.path.join(data, name + ".pb"), "wb") as f:
                f.write(t.SerializeToString())
    with open(os.path.join(root, "model.onnx"), "wb") as f:
        f.write(model.SerializeToString())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(make().SerializeToString())
    reshape_two_shapes(out)


if __name__ == "__main__":
    main()
