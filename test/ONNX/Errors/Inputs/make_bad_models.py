"""Malformed and unsupported ONNX models for the importer's error tests.

  make_bad_models.py OUTDIR

writes one small model per error class into OUTDIR (NAME.onnx, listed in
MODELS below with what is wrong with each), and ONNX test directories for
nnid-run --test (NAME/model.onnx + NAME/test_data_set_0/). Models onnx.checker
would refuse are built as protobuf messages and written as bytes; nothing
here calls the checker on them. Needs only onnx (1.12) and numpy.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def opset(version=OPSET, domain=""):
    return helper.make_opsetid(domain, version)


def model_of(nodes, inputs, outputs, initializers=(), opsets=None,
             name="bad"):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              list(initializers))
    return helper.make_model(graph, opset_imports=opsets or [opset()])


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def weight(name, shape, seed=0):
    rng = np.random.default_rng(seed)
    return numpy_helper.from_array(
        rng.standard_normal(shape).astype(np.float32), name)


def conv_model(conv_attrs=None, weight_shape=(4, 3, 3, 3), x_shape=(1, 3, 8, 8),
               y_shape=(1, 4, 6, 6), name="/conv/Conv"):
    """x -> Conv(w, b) -> Relu -> y: valid with the defaults."""
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name=name,
                         **(conv_attrs or {})),
        helper.make_node("Relu", ["c"], ["y"], name="/relu/Relu"),
    ]
    inits = [weight("w", weight_shape), weight("b", (weight_shape[0],), 1)]
    return model_of(nodes, [f32("x", list(x_shape))], [f32("y", list(y_shape))],
                    inits)


def relu_model(x_type):
    """x -> Relu -> y, with x of the given TypeProto.Tensor settings."""
    x = onnx.ValueInfoProto()
    x.name = "x"
    x.type.tensor_type.CopyFrom(x_type)
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="/relu/Relu")]
    return model_of(nodes, [x], [f32("y", None)])


def input_type(elem_type, dims):
    """A TypeProto.Tensor; an int dim is a dim_value, a str a dim_param."""
    t = onnx.TypeProto.Tensor()
    t.elem_type = elem_type
    t.shape.SetInParent()
    for d in dims:
        dim = t.shape.dim.add()
        if isinstance(d, str):
            dim.dim_param = d
        else:
            dim.dim_value = d
    return t


def conv_with_weight(w):
    """A Conv whose weight is the initializer `w` (any TensorProto)."""
    nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="/conv/Conv")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)], [w])


# --- Files -------------------------------------------------------------------


def truncated():
    # A valid model, cut in half (inside the weight's raw data).
    return conv_model().SerializeToString()[:-200]


def truncated_half():
    data = conv_model().SerializeToString()
    return data[: len(data) // 2]


def random_bytes():
    return np.random.default_rng(7).integers(0, 256, 4096,
                                             dtype=np.uint8).tobytes()


def empty():
    return b""


def no_graph():
    m = onnx.ModelProto()
    m.ir_version = 8
    m.opset_import.append(opset())
    return m


def opset18():
    m = conv_model()
    del m.opset_import[:]
    m.opset_import.append(opset(18))
    return m


def no_default_opset():
    m = conv_model()
    del m.opset_import[:]
    m.opset_import.append(opset(1, "com.example"))
    return m


# --- Graphs ------------------------------------------------------------------


def no_outputs():
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="/relu/Relu")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [])


def undefined_input():
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="/relu/Relu"),
        helper.make_node("Add", ["a", "nowhere"], ["y"], name="/add/Add"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def cycle():
    # a = Add(x, b), b = Relu(a): each node reads the other's output.
    nodes = [
        helper.make_node("Add", ["x", "b"], ["a"], name="/loop/Add"),
        helper.make_node("Relu", ["a"], ["b"], name="/loop/Relu"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("b", None)])


def long_cycle():
    # x -> A -> B -> C -> A: a cycle through three nodes, after a valid one.
    nodes = [
        helper.make_node("Relu", ["x"], ["r"], name="/stem/Relu"),
        helper.make_node("Add", ["r", "c"], ["a"], name="/a/Add"),
        helper.make_node("Relu", ["a"], ["b"], name="/b/Relu"),
        helper.make_node("Relu", ["b"], ["c"], name="/c/Relu"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("c", None)])


def reversed_chain():
    # 20,000 Relus, each listed before the one it reads: every one is out
    # of order and listed; finding that must not take quadratic time.
    count = 20000
    nodes = [helper.make_node("Relu", ["v%d" % (i - 1) if i else "x"],
                              ["v%d" % i], name="/relu%d" % i)
             for i in reversed(range(count))]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])],
                    [f32("v%d" % (count - 1), None)])


def unsorted():
    # Valid nodes, listed after the node that reads them.
    nodes = [
        helper.make_node("Add", ["a", "a"], ["y"], name="/add/Add"),
        helper.make_node("Relu", ["x"], ["a"], name="/relu/Relu"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def duplicate_output():
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="/relu1/Relu"),
        helper.make_node("Relu", ["x"], ["a"], name="/relu2/Relu"),
        helper.make_node("Add", ["a", "a"], ["y"], name="/add/Add"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def output_shadows_input():
    nodes = [helper.make_node("Relu", ["x"], ["x"], name="/relu/Relu")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("x", None)])


def undefined_output():
    nodes = [helper.make_node("Relu", ["x"], ["a"], name="/relu/Relu")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def self_loop():
    nodes = [helper.make_node("Add", ["x", "a"], ["a"], name="/loop/Add")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("a", None)])


def duplicate_graph_output():
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="/relu/Relu")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])],
                    [f32("y", None), f32("y", None)])


def no_op_type():
    nodes = [helper.make_node("", ["x"], ["y"])]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def nested_subgraphs():
    # If nodes nested 200 deep: deeper than protobuf's recursion limit (100).
    inner = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])], "g0", [], [f32("y", None)])
    for depth in range(200):
        cond = helper.make_tensor_value_info("c", TensorProto.BOOL, [])
        empty = helper.make_graph([], "e", [], [f32("x", None)])
        node = helper.make_node("If", ["c"], ["y"], then_branch=inner,
                                else_branch=empty)
        inner = helper.make_graph([node], "g%d" % (depth + 1), [],
                                  [f32("y", None)])
    m = model_of(inner.node, [f32("x", [1, 3, 8, 8]), cond], [f32("y", None)])
    return m.SerializeToString()


def custom_domain():
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="/relu/Relu"),
        helper.make_node("FusedGelu", ["a"], ["y"], name="/gelu/FusedGelu",
                         domain="com.example"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)],
                    opsets=[opset(), opset(1, "com.example")])


# --- Initializers ------------------------------------------------------------


def raw_short():
    w = weight("w", (4, 3, 3, 3))
    w.raw_data = w.raw_data[:100]
    return conv_with_weight(w)


def float_count():
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([4, 3, 3, 3])
    w.float_data.extend([0.5] * 100)
    return conv_with_weight(w)


def negative_dim():
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([4, -3, 3, 3])
    return conv_with_weight(w)


def overflow_dims():
    # 2^40 * 2^40 overflows int64; no data.
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([2 ** 40, 2 ** 40, 1, 1])
    return conv_with_weight(w)


def huge_no_data():
    # 4 * 3 * 2^15 * 2^15 = 3 * 2^32 elements (48 GiB), no data.
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([4, 3, 2 ** 15, 2 ** 15])
    return conv_with_weight(w)


def large_no_data():
    # 2^30 elements (4 GiB of f32): within the element limit, but the file
    # holds no data for them; the importer must see that before allocating.
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([4, 3, 2 ** 14, 2 ** 14 // 3 * 2])
    return conv_with_weight(w)


def unknown_type_weight():
    w = weight("w", (4, 3, 3, 3))
    w.data_type = 99
    return conv_with_weight(w)


def rank100_weight():
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([1] * 100)
    w.float_data.append(1.0)
    return conv_with_weight(w)


def int8_weight():
    w = numpy_helper.from_array(np.ones((4, 3, 3, 3), np.int8), "w")
    return conv_with_weight(w)


def external_data():
    w = TensorProto()
    w.name = "w"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([4, 3, 3, 3])
    w.data_location = TensorProto.EXTERNAL
    entry = w.external_data.add()
    entry.key = "location"
    entry.value = "weights.bin"
    return conv_with_weight(w)


def duplicate_initializer():
    m = conv_model()
    m.graph.initializer.append(weight("w", (4, 3, 3, 3), 2))
    return m


def reshape_huge_shape():
    # A Reshape to [2^40, 2^40]: the shape is an int64 initializer.
    shape = numpy_helper.from_array(np.array([2 ** 40, 2 ** 40], np.int64),
                                    "shape")
    nodes = [helper.make_node("Reshape", ["x", "shape"], ["y"],
                              name="/view/Reshape")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)],
                    [shape])


def reshape_shape_no_data():
    # An int64 shape initializer of 2^31 elements with no data.
    shape = TensorProto()
    shape.name = "shape"
    shape.data_type = TensorProto.INT64
    shape.dims.extend([2 ** 31])
    nodes = [helper.make_node("Reshape", ["x", "shape"], ["y"],
                              name="/view/Reshape")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)],
                    [shape])


def constant_mis_sized():
    # A Constant node whose tensor holds 3 floats for a shape of 4.
    value = TensorProto()
    value.data_type = TensorProto.FLOAT
    value.dims.extend([1, 4, 1, 1])
    value.float_data.extend([1.0, 2.0, 3.0])
    nodes = [
        helper.make_node("Constant", [], ["k"], name="/k/Constant",
                         value=value),
        helper.make_node("Add", ["x", "k"], ["y"], name="/add/Add"),
    ]
    return model_of(nodes, [f32("x", [1, 4, 8, 8])], [f32("y", None)])


def constant_huge():
    # A Constant node of 2^40 x 2^40 elements, no data.
    value = TensorProto()
    value.data_type = TensorProto.FLOAT
    value.dims.extend([2 ** 40, 2 ** 40])
    nodes = [
        helper.make_node("Constant", [], ["k"], name="/k/Constant",
                         value=value),
        helper.make_node("Add", ["x", "k"], ["y"], name="/add/Add"),
    ]
    return model_of(nodes, [f32("x", [1, 4, 8, 8])], [f32("y", None)])


def concat_chain(doublings, width=0):
    """[1] doubled by `doublings` Concats of a vector with itself, then (when
    `width`) one Concat of the result `width` times: a few bytes a node, and
    2^doublings (times width) int64 values if folded."""
    nodes = []
    prev = "s0"
    for i in range(doublings):
        nodes.append(helper.make_node("Concat", [prev, prev], ["s%d" % (i + 1)],
                                      axis=0, name="/double%d" % i))
        prev = "s%d" % (i + 1)
    if width:
        nodes.append(helper.make_node("Concat", [prev] * width, ["wide"],
                                      axis=0, name="/wide"))
        prev = "wide"
    nodes.append(helper.make_node("Reshape", ["x", prev], ["y"],
                                  name="/view/Reshape"))
    s0 = numpy_helper.from_array(np.array([1], np.int64), "s0")
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)], [s0])


# --- Graph inputs ------------------------------------------------------------


def int32_input():
    return relu_model(input_type(TensorProto.INT32, [1, 3, 8, 8]))


def unknown_type_input():
    return relu_model(input_type(99, [1, 3, 8, 8]))


def rank100_input():
    return relu_model(input_type(TensorProto.FLOAT, [1] * 100))


def symbolic_dim():
    return relu_model(input_type(TensorProto.FLOAT, ["N", 3, "height", 8]))


def zero_dim():
    return relu_model(input_type(TensorProto.FLOAT, [1, 3, 0, 8]))


def negative_input_dim():
    return relu_model(input_type(TensorProto.FLOAT, [1, 3, -8, 8]))


def huge_dim():
    return relu_model(input_type(TensorProto.FLOAT, [1, 3, 2 ** 40, 8]))


def huge_input():
    # Every dimension within [1, 2^31], their product 2^93.
    return relu_model(input_type(TensorProto.FLOAT,
                                 [1, 2 ** 31, 2 ** 31, 2 ** 31]))


def huge_input_conv():
    # As above, read by a Conv: shape inference sees the absurd sizes.
    m = conv_model(x_shape=(1, 3, 2 ** 31, 2 ** 31), y_shape=(1, 4, 1, 1))
    return m


def no_shape_input():
    t = onnx.TypeProto.Tensor()
    t.elem_type = TensorProto.FLOAT
    return relu_model(t)


# --- Nodes -------------------------------------------------------------------


def unsupported():
    # Two ops nnid has no mapping for, and nothing else wrong.
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="/relu/Relu"),
        helper.make_node("Einsum", ["a", "a"], ["b"], name="/attn/Einsum",
                         equation="nchw,nchw->nchw"),
        helper.make_node("TopK", ["b", "k"], ["y", "i"], name="/head/TopK"),
    ]
    k = numpy_helper.from_array(np.array([2], np.int64), "k")
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)], [k])


def unsupported_and_bad_conv():
    # An unsupported op and a Conv with a bad attribute on two branches: one
    # error lists both, and the Add that reads them is not listed.
    nodes = [
        helper.make_node("Einsum", ["x", "x"], ["a"], name="/attn/Einsum",
                         equation="nchw,nchw->nchw"),
        helper.make_node("Conv", ["x", "w"], ["c"], name="/conv/Conv",
                         auto_pad="FOO", kernel_shape=[1, 1]),
        helper.make_node("Add", ["a", "c"], ["y"], name="/add/Add"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)],
                    [weight("w", (3, 3, 1, 1))])


def conv_auto_pad():
    return conv_model({"auto_pad": "FOO"})


def conv_strides3():
    return conv_model({"strides": [1, 1, 1]})


def conv_attr_type():
    # group as a FLOAT, dilations as a STRING.
    m = conv_model({"group": 1.0, "dilations": "1,1"})
    return m


def conv_unknown_attr():
    return conv_model({"padding_mode": "reflect"})


def conv_kernel_shape():
    return conv_model({"kernel_shape": [5, 5]})


def conv_channels():
    # The weight takes 5 input channels; x has 3.
    return conv_model(weight_shape=(4, 5, 3, 3))


def conv_zero_stride():
    return conv_model({"strides": [0, 1]})


def conv_huge_pads():
    return conv_model({"pads": [2 ** 62, 0, 2 ** 62, 0]})


def conv_huge_dilation():
    return conv_model({"dilations": [2 ** 62, 1]})


def conv_same_zero_stride():
    return conv_model({"auto_pad": "SAME_UPPER", "strides": [0, 1]})


def maxpool_same_zero_stride():
    nodes = [helper.make_node("MaxPool", ["x"], ["y"], name="/pool/MaxPool",
                              kernel_shape=[3, 3], auto_pad="SAME_LOWER",
                              strides=[1, 0])]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def dropout_training(training):
    # Dropout's training_mode is a BOOL tensor.
    nodes = [helper.make_node("Dropout", ["x", "ratio", "training"], ["y"],
                              name="/drop/Dropout")]
    inits = [numpy_helper.from_array(np.array(0.5, np.float32), "ratio"),
             numpy_helper.from_array(np.array(training), "training")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)], inits)


def conv_group_zero():
    return conv_model({"group": 0})


def conv_missing_weight():
    nodes = [helper.make_node("Conv", ["x"], ["y"], name="/conv/Conv")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)])


def conv_3d():
    return conv_model(weight_shape=(4, 3, 3, 3, 3), x_shape=(1, 3, 8, 8, 8),
                      y_shape=(1, 4, 6, 6, 6))


def pad_then_relu():
    # A zero Pad of H and W read by a Relu, not by a Conv or AveragePool.
    pads = numpy_helper.from_array(
        np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads")
    nodes = [
        helper.make_node("Pad", ["x", "pads"], ["p"], name="/pad/Pad"),
        helper.make_node("Relu", ["p"], ["y"], name="/relu/Relu"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)], [pads])


def pad_reflect():
    pads = numpy_helper.from_array(
        np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads")
    nodes = [
        helper.make_node("Pad", ["x", "pads"], ["p"], name="/pad/Pad",
                         mode="reflect"),
        helper.make_node("Conv", ["p", "w"], ["y"], name="/conv/Conv"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)],
                    [pads, weight("w", (4, 3, 3, 3))])


def pad_huge():
    pads = numpy_helper.from_array(
        np.array([0, 0, 2 ** 40, 0, 0, 0, 2 ** 40, 0], np.int64), "pads")
    nodes = [
        helper.make_node("Pad", ["x", "pads"], ["p"], name="/pad/Pad"),
        helper.make_node("Relu", ["p"], ["y"], name="/relu/Relu"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])], [f32("y", None)], [pads])


def pad_output():
    # A folded Pad that is also a graph output.
    pads = numpy_helper.from_array(
        np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads")
    nodes = [
        helper.make_node("Pad", ["x", "pads"], ["p"], name="/pad/Pad"),
        helper.make_node("Conv", ["p", "w"], ["y"], name="/conv/Conv"),
    ]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])],
                    [f32("y", None), f32("p", None)],
                    [pads, weight("w", (4, 3, 3, 3))])


def shape_output():
    # A graph output that is an int64 shape computation.
    nodes = [helper.make_node("Shape", ["x"], ["s"], name="/shape/Shape")]
    return model_of(nodes, [f32("x", [1, 3, 8, 8])],
                    [helper.make_tensor_value_info("s", TensorProto.INT64,
                                                   None)])


MODELS = {
    # Files
    "truncated": truncated,
    "truncated_half": truncated_half,
    "random": random_bytes,
    "empty": empty,
    "no_graph": no_graph,
    "opset18": opset18,
    "no_default_opset": no_default_opset,
    # Graphs
    "no_outputs": no_outputs,
    "undefined_input": undefined_input,
    "cycle": cycle,
    "long_cycle": long_cycle,
    "reversed_chain": reversed_chain,
    "unsorted": unsorted,
    "duplicate_output": duplicate_output,
    "output_shadows_input": output_shadows_input,
    "undefined_output": undefined_output,
    "self_loop": self_loop,
    "duplicate_graph_output": duplicate_graph_output,
    "no_op_type": no_op_type,
    "nested_subgraphs": nested_subgraphs,
    "custom_domain": custom_domain,
    # Initializers
    "raw_short": raw_short,
    "float_count": float_count,
    "negative_dim": negative_dim,
    "overflow_dims": overflow_dims,
    "huge_no_data": huge_no_data,
    "large_no_data": large_no_data,
    "rank100_weight": rank100_weight,
    "int8_weight": int8_weight,
    "unknown_type_weight": unknown_type_weight,
    "external_data": external_data,
    "duplicate_initializer": duplicate_initializer,
    "reshape_huge_shape": reshape_huge_shape,
    "reshape_shape_no_data": reshape_shape_no_data,
    "constant_mis_sized": constant_mis_sized,
    "constant_huge": constant_huge,
    "concat_doubling": lambda: concat_chain(40),
    "concat_wide": lambda: concat_chain(20, 5000),
    # Graph inputs
    "int32_input": int32_input,
    "unknown_type_input": unknown_type_input,
    "rank100_input": rank100_input,
    "symbolic_dim": symbolic_dim,
    "zero_dim": zero_dim,
    "negative_input_dim": negative_input_dim,
    "huge_dim": huge_dim,
    "huge_input": huge_input,
    "huge_input_conv": huge_input_conv,
    "no_shape_input": no_shape_input,
    # Nodes
    "unsupported": unsupported,
    "unsupported_and_bad_conv": unsupported_and_bad_conv,
    "conv_auto_pad": conv_auto_pad,
    "conv_strides3": conv_strides3,
    "conv_attr_type": conv_attr_type,
    "conv_unknown_attr": conv_unknown_attr,
    "conv_kernel_shape": conv_kernel_shape,
    "conv_channels": conv_channels,
    "conv_zero_stride": conv_zero_stride,
    "conv_huge_pads": conv_huge_pads,
    "conv_huge_dilation": conv_huge_dilation,
    "conv_group_zero": conv_group_zero,
    "conv_same_zero_stride": conv_same_zero_stride,
    "maxpool_same_zero_stride": maxpool_same_zero_stride,
    "dropout_inference": lambda: dropout_training(False),
    "dropout_training": lambda: dropout_training(True),
    "conv_missing_weight": conv_missing_weight,
    "conv_3d": conv_3d,
    "pad_then_relu": pad_then_relu,
    "pad_reflect": pad_reflect,
    "pad_huge": pad_huge,
    "pad_output": pad_output,
    "shape_output": shape_output,
}


def write(path, model):
    data = model if isinstance(model, bytes) else model.SerializeToString()
    with open(path, "wb") as f:
        f.write(data)


def tensor_file(path, array, name):
    write(path, numpy_helper.from_array(array.astype(np.float32), name))


def test_dirs(out):
    """ONNX test directories for nnid-run --test: a bad model, and a valid
    model with bad data files."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 3, 8, 8))
    y = rng.standard_normal((1, 4, 6, 6))

    def make(name, model, files):
        data = os.path.join(out, name, "test_data_set_0")
        os.makedirs(data, exist_ok=True)
        write(os.path.join(out, name, "model.onnx"), model)
        for file, content in files.items():
            write(os.path.join(data, file), content)

    def tensor(array, name):
        return numpy_helper.from_array(array.astype(np.float32), name)

    good = {"input_0.pb": tensor(x, "x"), "output_0.pb": tensor(y, "y")}
    make("run_bad_model", unsupported_and_bad_conv(), good)
    make("run_truncated_model", truncated(), good)
    # The input file cut short.
    make("run_truncated_input", conv_model(),
         {"input_0.pb": tensor(x, "x").SerializeToString()[:-50],
          "output_0.pb": tensor(y, "y")})
    # An input whose raw data is too short for its dims.
    short = tensor(x, "x")
    short.raw_data = short.raw_data[:64]
    make("run_short_input", conv_model(),
         {"input_0.pb": short, "output_0.pb": tensor(y, "y")})
    # An input of another shape than the model's.
    make("run_wrong_shape", conv_model(),
         {"input_0.pb": tensor(rng.standard_normal((1, 3, 9, 8)), "x"),
          "output_0.pb": tensor(y, "y")})
    # An expected output whose dims overflow, with no data.
    huge = TensorProto()
    huge.name = "y"
    huge.data_type = TensorProto.FLOAT
    huge.dims.extend([2 ** 40, 2 ** 40])
    make("run_huge_output", conv_model(),
         {"input_0.pb": tensor(x, "x"), "output_0.pb": huge})


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        write(os.path.join(out, name + ".onnx"), make())
    test_dirs(out)


if __name__ == "__main__":
    main()
