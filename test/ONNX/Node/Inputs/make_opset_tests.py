"""ONNX test directories for what the backend node tests leave out.

  make_opset_tests.py OUTDIR

writes OUTDIR/NAME/model.onnx and OUTDIR/NAME/test_data_set_0/{input,output}_N.pb
for each case below: the semantics of older opsets (Softmax's coercion to a
matrix, the broadcast and axis attributes of opset 6, attributes that became
inputs), a dynamic batch, and int64 shape arithmetic. The expected outputs
are NumPy's. Needs only onnx (1.12) and numpy.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(7)


def rand(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def softmax_rows(m, log=False):
    shifted = m - m.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    if log:
        return shifted - np.log(e.sum(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def coerced(x, axis, log=False):
    """Softmax before opset 13: x as a matrix [d0..d(axis-1), the rest]."""
    rows = int(np.prod(x.shape[:axis]))
    return softmax_rows(x.reshape(rows, -1), log).reshape(x.shape)


def softmax_axis(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


CASES = []


def case(name, opset, nodes, inputs, outputs, inits=(), batch=None):
    """inputs: [(name, array)]; outputs: [(name, array)]; `batch` names the
    first dimension of every input and output symbolically."""
    def info(n, a, elem=TensorProto.FLOAT):
        shape = list(a.shape)
        if batch and shape:
            shape[0] = batch
        return helper.make_tensor_value_info(n, elem, shape)
    graph = helper.make_graph(
        nodes, name, [info(n, a) for n, a in inputs],
        [info(n, a) for n, a in outputs],
        [numpy_helper.from_array(a, n) for n, a in inits])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    CASES.append((name, model, inputs, outputs))


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, name=op, **attrs)


def i64(*values):
    return np.array(values, np.int64)


# --- Softmax and LogSoftmax before opset 13: the input as a matrix --------
x = rand(2, 3, 4)
case("softmax_opset11_axis1", 11, [node("Softmax", ["x"], ["y"], axis=1)],
     [("x", x)], [("y", coerced(x, 1))])
case("softmax_opset1_default_axis", 1, [node("Softmax", ["x"], ["y"])],
     [("x", x)], [("y", coerced(x, 1))])
case("softmax_opset11_negative_axis", 11,
     [node("Softmax", ["x"], ["y"], axis=-3)], [("x", x)],
     [("y", coerced(x, 0))])
case("logsoftmax_opset1_axis0", 1, [node("LogSoftmax", ["x"], ["y"], axis=0)],
     [("x", x)], [("y", coerced(x, 0, log=True))])
case("logsoftmax_opset11_last_axis", 11,
     [node("LogSoftmax", ["x"], ["y"], axis=2)], [("x", x * 100)],
     [("y", coerced(x * 100, 2, log=True))])
xb = rand(3, 4, 5)
case("softmax_opset13_dynamic_batch", 13,
     [node("Softmax", ["x"], ["y"], axis=1)], [("x", xb)],
     [("y", softmax_axis(xb, 1))], batch="N")

xb = rand(3, 4, 5)
case("softmax_dynamic_batch_axis0", 13,
     [node("Softmax", ["x"], ["y"], axis=0)], [("x", xb)],
     [("y", softmax_axis(xb, 0))], batch="N")
case("reduce_sum_dynamic_batch_axis0", 13,
     [node("ReduceSum", ["x", "a"], ["y"])], [("x", xb)],
     [("y", xb.sum(axis=0, keepdims=True))], inits=[("a", i64(0))],
     batch="N")
case("tile_dynamic_batch", 13, [node("Tile", ["x", "r"], ["y"])],
     [("x", xb)], [("y", np.tile(xb, (1, 2, 1)))], inits=[("r", i64(1, 2, 1))],
     batch="N")
case("slice_dynamic_batch_unit_step", 13,
     [node("Slice", ["x", "s", "e", "a"], ["y"])], [("x", xb)],
     [("y", xb[:, 1:3])], inits=[("s", i64(1)), ("e", i64(3)), ("a", i64(1))],
     batch="N")

# --- The broadcasting of opset 6 ------------------------------------------
a, b = rand(2, 3, 4, 5), rand(3, 4)
case("sub_opset6_broadcast_axis", 6,
     [node("Sub", ["a", "b"], ["y"], broadcast=1, axis=1)],
     [("a", a), ("b", b)], [("y", a - b.reshape(3, 4, 1))])
a, b = rand(2, 3, 4), rand(4)
case("mul_opset6_broadcast_suffix", 6,
     [node("Mul", ["a", "b"], ["y"], broadcast=1)], [("a", a), ("b", b)],
     [("y", a * b)])
a, b = rand(2, 3), rand(2, 3) + 3
case("div_opset6_same_shape", 6, [node("Div", ["a", "b"], ["y"])],
     [("a", a), ("b", b)], [("y", a / b)])
a, b = np.abs(rand(2, 3)) + 0.5, rand(3)
case("pow_opset1_broadcast", 1,
     [node("Pow", ["a", "b"], ["y"], broadcast=1)], [("a", a), ("b", b)],
     [("y", np.power(a, b))])
a, b, c = rand(2, 3), rand(2, 3), rand(2, 3)
case("max_opset6_three_inputs", 6, [node("Max", ["a", "b", "c"], ["y"])],
     [("a", a), ("b", b), ("c", c)], [("y", np.maximum(np.maximum(a, b), c))])
a, b, c = rand(3, 1), rand(1, 4), rand(4)
case("mean_opset8_broadcast", 8, [node("Mean", ["a", "b", "c"], ["y"])],
     [("a", a), ("b", b), ("c", c)], [("y", (a + b + c) / 3)])
case("min_opset8_broadcast", 8, [node("Min", ["a", "b", "c"], ["y"])],
     [("a", a), ("b", b), ("c", c)], [("y", np.minimum(np.minimum(a, b), c))])
a, b = rand(3, 4), rand(4)
case("sum_dynamic_batch", 13, [node("Sum", ["a", "b"], ["y"])],
     [("a", a)], [("y", a + b)], inits=[("b", b)], batch="N")
case("sqrt_neg_abs_opset6", 6,
     [node("Abs", ["x"], ["p"]), node("Sqrt", ["p"], ["q"]),
      node("Neg", ["q"], ["y"])], [("x", a)], [("y", -np.sqrt(np.abs(a)))])

# --- Reductions -----------------------------------------------------------
x = rand(2, 3, 4, 5)
case("reduce_sum_opset11_axes_attribute", 11,
     [node("ReduceSum", ["x"], ["y"], axes=[0, 2], keepdims=0)], [("x", x)],
     [("y", x.sum(axis=(0, 2)))])
case("reduce_mean_spatial", 13,
     [node("ReduceMean", ["x"], ["y"], axes=[-1, -2], keepdims=0)],
     [("x", x)], [("y", x.mean(axis=(2, 3)))])
case("reduce_mean_dynamic_batch", 13,
     [node("ReduceMean", ["x"], ["y"], axes=[1, 3])], [("x", x)],
     [("y", x.mean(axis=(1, 3), keepdims=True))], batch="N")
case("reduce_max_opset1_all_axes", 1,
     [node("ReduceMax", ["x"], ["y"], keepdims=0)], [("x", x)],
     [("y", np.array(x.max(), np.float32))])
case("reduce_sum_opset13_no_axes", 13,
     [node("ReduceSum", ["x"], ["y"])], [("x", x)],
     [("y", x.sum(keepdims=True))])

# --- Data movement ----------------------------------------------------------
x = rand(6, 10, 5)
case("slice_opset9_attributes", 9,
     [node("Slice", ["x"], ["y"], starts=[1, -4], ends=[1000, -1],
           axes=[0, 1])], [("x", x)], [("y", x[1:, -4:-1])])
case("slice_opset13_steps", 13,
     [node("Slice", ["x", "s", "e", "a", "t"], ["y"])], [("x", x)],
     [("y", x[:, 8:0:-3, 1:5:2])],
     inits=[("s", i64(8, 1)), ("e", i64(0, 5)), ("a", i64(1, -1)),
            ("t", i64(-3, 2))])
case("slice_dynamic_batch", 13,
     [node("Slice", ["x", "s", "e", "a", "t"], ["y"])], [("x", x)],
     [("y", x[:, 9::-2, :])],
     inits=[("s", i64(-1)), ("e", i64(-2 ** 62)), ("a", i64(1)),
            ("t", i64(-2))], batch="N")
case("split_opset11_attribute", 11,
     [node("Split", ["x"], ["p", "q"], axis=1, split=[3, 7])], [("x", x)],
     [("p", x[:, :3]), ("q", x[:, 3:])])
case("split_opset13_equal_parts", 13,
     [node("Split", ["x"], ["p", "q", "r"])], [("x", x)],
     [("p", x[:2]), ("q", x[2:4]), ("r", x[4:])])
x = rand(1, 8, 2, 3)
case("depthtospace_opset1", 1,
     [node("DepthToSpace", ["x"], ["y"], blocksize=2)], [("x", x)],
     [("y", x.reshape(1, 2, 2, 2, 2, 3).transpose(0, 3, 4, 1, 5, 2)
       .reshape(1, 2, 4, 6))])
x = rand(3, 1)
case("expand_both_ways", 13, [node("Expand", ["x", "s"], ["y"])],
     [("x", x)], [("y", x * np.ones((2, 1, 6), np.float32))],
     inits=[("s", i64(2, 1, 6))])
x = rand(2, 3)
case("pad_opset2_value", 2,
     [node("Pad", ["x"], ["y"], pads=[0, 1, 2, 0], value=1.5)], [("x", x)],
     [("y", np.pad(x, ((0, 2), (1, 0)), constant_values=1.5))])

# --- int64 shape arithmetic, folded -----------------------------------------
x = rand(2, 3, 4)
case("shape_mul_reshape", 13,
     [node("Shape", ["x"], ["shape"]),
      helper.make_node("Gather", ["shape", "one"], ["d1"], name="g1"),
      helper.make_node("Gather", ["shape", "two"], ["d2"], name="g2"),
      node("Mul", ["d1", "d2"], ["m"]),
      helper.make_node("Sub", ["m", "six"], ["k"], name="sub"),
      helper.make_node("Div", ["k", "three"], ["n"], name="div"),
      helper.make_node("Unsqueeze", ["n", "zero"], ["nv"], name="unsq"),
      node("Concat", ["minus_one", "nv"], ["target"], axis=0),
      node("Reshape", ["x", "target"], ["y"])],
     [("x", x)], [("y", x.reshape(-1, 2))],
     inits=[("one", np.array(1, np.int64)), ("two", np.array(2, np.int64)),
            ("six", np.array(6, np.int64)), ("three", np.array(3, np.int64)),
            ("zero", i64(0)), ("minus_one", i64(-1))])


def main():
    out = sys.argv[1]
    for name, model, inputs, outputs in CASES:
        data = os.path.join(out, name, "test_data_set_0")
        os.makedirs(data, exist_ok=True)
        with open(os.path.join(out, name, "model.onnx"), "wb") as f:
            f.write(model.SerializeToString())
        for kind, values in (("input", inputs), ("output", outputs)):
            for i, (n, a) in enumerate(values):
                path = os.path.join(data, "%s_%d.pb" % (kind, i))
                with open(path, "wb") as f:
                    f.write(numpy_helper.from_array(
                        np.asarray(a, np.float32), n).SerializeToString())


if __name__ == "__main__":
    main()
