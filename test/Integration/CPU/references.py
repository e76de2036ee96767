#!/usr/bin/python3
"""PyTorch references for nnid's CPU integration tests.

Every case is a small nnid module (a function @forward whose arguments are
the inputs and the parameters, named with `nnid.name`) together with the
PyTorch computation it must agree with. Two outputs:

  references.py --lit DIR    self-contained mlir-runner tests for the op
                             cases: inputs, parameters and PyTorch's result
                             inline as constants (committed, small)
  references.py --data DIR   for every case, op and whole graph:
                             <case>.mlir and <case>.safetensors holding the
                             inputs, the parameters and the expected outputs
                             (generated at build time for the API tests)

Run with /usr/bin/python3 (Debian's python3-torch).
"""

import argparse
import importlib.util
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# Agreement within 1e-4, relative to the result, plus 1e-4 absolute for
# results near zero: nnid and PyTorch add the same float32 products in
# different orders, which moves results by a few ulps per term.
RTOL = 1e-4
ATOL = 1e-4


def load_exporter():
    path = os.path.join(ROOT, "tools", "nnid-export-safetensors.py")
    spec = importlib.util.spec_from_file_location("nnid_export", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- IR text ---------------------------------------------------------------


def ty(shape, dynamic_batch=False):
    dims = ["?" if (i == 0 and dynamic_batch) else str(d)
            for i, d in enumerate(shape)]
    return "tensor<" + "x".join(dims + ["f32"]) + ">"


def arr(values):
    return "array<i64: " + ", ".join(str(int(v)) for v in values) + ">"


def dense(t):
    """A dense literal with enough digits to round-trip every float32."""
    t = t.detach().to(torch.float32)
    if t.dim() == 0:
        value = t.item()
        if not math.isfinite(value):
            # MLIR spells infinities and NaN by their bits.
            return {math.inf: "0x7F800000", -math.inf: "0xFF800000"}.get(
                value, "0x7FC00000")
        text = "%.9g" % value
        return text if any(ch in text for ch in ".e") else text + ".0"
    return "[" + ", ".join(dense(s) for s in t) + "]"


def attr_dict(attrs):
    items = [f"{k} = {v}" for k, v in attrs.items() if v is not None]
    return " {" + ", ".join(items) + "}" if items else ""


class Case:
    """One module: named arguments (inputs, then parameters) and results."""

    def __init__(self, name, description, dynamic_batch=False,
                 nonfinite=False):
        self.name = name
        self.description = description
        self.dynamic_batch = dynamic_batch
        # Inputs and results with inf and NaN: the lit test counts a result
        # equal to PyTorch's (an infinity, or NaN for NaN) as a match. The
        # --data consumers compare within the tolerance only, so such cases
        # are lit tests only.
        self.nonfinite = nonfinite
        self.args = []  # (ssa name, nnid.name, tensor, is activation)
        self.body = []
        self.results = []  # (ssa name, tensor)
        self.counter = 0

    def arg(self, name, tensor, activation=False):
        ssa = "%" + name.replace(".", "_")
        self.args.append((ssa, name, tensor, activation))
        return ssa

    def type_of(self, tensor, activation=True):
        return ty(tensor.shape, self.dynamic_batch and activation)

    def op(self, text, result):
        ssa = "%v" + str(self.counter)
        self.counter += 1
        self.body.append(f"  {ssa} = {text}")
        return ssa, result

    def ret(self, *values):
        self.results = list(values)

    def function(self):
        params = ", ".join(
            f"{ssa}: {self.type_of(t, act)} {{nnid.name = \"{name}\"}}"
            for ssa, name, t, act in self.args)
        results = ", ".join(self.type_of(t) for _, t in self.results)
        lines = [f"func.func @forward({params}) -> ({results}) {{"]
        lines += self.body
        lines.append("  return " + ", ".join(s for s, _ in self.results)
                     + " : " + results)
        lines.append("}")
        return "\n".join(lines)


# Builders that append one nnid op to a case and compute PyTorch's result.


def conv2d(c, x, w, b=None, stride=(1, 1), padding=(0, 0, 0, 0),
           dilation=(1, 1), groups=1):
    (xs, xt), (ws, wt) = x, w
    top, left, bottom, right = padding
    y = F.conv2d(F.pad(xt, (left, right, top, bottom)), wt,
                 None if b is None else b[1], stride, 0, dilation, groups)
    attrs = attr_dict({
        "stride": arr(stride) if tuple(stride) != (1, 1) else None,
        "padding": arr(padding) if any(padding) else None,
        "dilation": arr(dilation) if tuple(dilation) != (1, 1) else None,
        "groups": f"{groups} : i64" if groups != 1 else None,
    })
    operands = f"{xs}, {ws}" + (f", {b[0]}" if b else "")
    types = f"{c.type_of(xt)}, {c.type_of(wt, False)}" + (
        f", {c.type_of(b[1], False)}" if b else "")
    return c.op(f"nnid.conv2d {operands}{attrs} : ({types}) -> "
                f"{c.type_of(y)}", y)


def identity_conv1x1(c, x, w, groups=1):
    (xs, xt), (ws, wt) = x, w
    channels = wt.shape[0]
    input_dim = channels // groups
    ident = torch.zeros_like(wt)
    for i in range(channels):
        ident[i, i % input_dim, 0, 0] = 1
    y = F.conv2d(xt, wt + ident, None, 1, 0, 1, groups)
    attrs = attr_dict({"groups": f"{groups} : i64" if groups != 1 else None})
    return c.op(f"nnid.identity_conv1x1 {xs}, {ws}{attrs} : "
                f"{c.type_of(xt)}, {c.type_of(wt, False)}", y)


def max_pool2d(c, x, kernel, stride=None, padding=(0, 0, 0, 0),
               dilation=(1, 1), ceil_mode=False):
    xs, xt = x
    top, left, bottom, right = padding
    if top == bottom and left == right:
        y = F.max_pool2d(xt, kernel, stride or kernel, (top, left), dilation,
                         ceil_mode)
    else:
        # Asymmetric padding: pad with -inf, which never wins a max.
        assert not ceil_mode
        padded = F.pad(xt, (left, right, top, bottom), value=-math.inf)
        y = F.max_pool2d(padded, kernel, stride or kernel, 0, dilation)
    attrs = attr_dict({
        "kernel_size": arr(kernel),
        "stride": arr(stride) if stride else None,
        "padding": arr(padding) if any(padding) else None,
        "dilation": arr(dilation) if tuple(dilation) != (1, 1) else None,
        "ceil_mode": "true" if ceil_mode else None,
    })
    return c.op(f"nnid.max_pool2d {xs}{attrs} : {c.type_of(xt)} -> "
                f"{c.type_of(y)}", y)


def avg_pool2d(c, x, kernel, stride=None, padding=(0, 0, 0, 0),
               ceil_mode=False, count_include_pad=True):
    xs, xt = x
    top, left, bottom, right = padding
    if top == bottom and left == right:
        y = F.avg_pool2d(xt, kernel, stride or kernel, (top, left), ceil_mode,
                         count_include_pad)
    else:
        # Asymmetric zero padding counted in every window.
        assert count_include_pad and not ceil_mode
        y = F.avg_pool2d(F.pad(xt, (left, right, top, bottom)), kernel,
                         stride or kernel, 0)
    attrs = attr_dict({
        "kernel_size": arr(kernel),
        "stride": arr(stride) if stride else None,
        "padding": arr(padding) if any(padding) else None,
        "ceil_mode": "true" if ceil_mode else None,
        "count_include_pad": "false" if not count_include_pad else None,
    })
    return c.op(f"nnid.avg_pool2d {xs}{attrs} : {c.type_of(xt)} -> "
                f"{c.type_of(y)}", y)


def adaptive_avg_pool2d(c, x, size):
    xs, xt = x
    y = F.adaptive_avg_pool2d(xt, size)
    return c.op(f"nnid.adaptive_avg_pool2d {xs} {{output_size = {arr(size)}}}"
                f" : {c.type_of(xt)} -> {c.type_of(y)}", y)


def relu(c, x):
    xs, xt = x
    return c.op(f"nnid.relu {xs} : {c.type_of(xt)}", F.relu(xt))


# mnemonic -> PyTorch's function of x and the attributes.
ACTIVATIONS = {
    "hardtanh": (lambda x, a: F.hardtanh(x, a.get("min_val", -1.0),
                                         a.get("max_val", 1.0))),
    "sigmoid": lambda x, a: torch.sigmoid(x),
    "silu": lambda x, a: F.silu(x),
    "hardsigmoid": lambda x, a: F.hardsigmoid(x),
    "hardswish": lambda x, a: F.hardswish(x),
    "gelu": lambda x, a: F.gelu(x, approximate=a.get("approximate", "none")),
    "leaky_relu": lambda x, a: F.leaky_relu(x, a.get("negative_slope", 0.01)),
    "elu": lambda x, a: F.elu(x, a.get("alpha", 1.0)),
    "selu": lambda x, a: F.selu(x),
    "softplus": lambda x, a: F.softplus(x, a.get("beta", 1.0),
                                        a.get("threshold", 20.0)),
    "softsign": lambda x, a: F.softsign(x),
    "tanh": lambda x, a: torch.tanh(x),
}


def activation(c, x, mnemonic, **attrs):
    xs, xt = x
    text = {k: (f'"{v}"' if isinstance(v, str) else repr(float(v)))
            for k, v in attrs.items()}
    return c.op(f"nnid.{mnemonic} {xs}{attr_dict(text)} : {c.type_of(xt)}",
                ACTIVATIONS[mnemonic](xt, attrs))


def mul(c, a, b, rhs_activation=True):
    return c.op(f"nnid.mul {a[0]}, {b[0]} : {c.type_of(a[1])}, "
                f"{c.type_of(b[1], rhs_activation)}", a[1] * b[1])


def identity(c, x):
    xs, xt = x
    return c.op(f"nnid.identity {xs} : {c.type_of(xt)}", xt)


def add(c, a, b):
    return c.op(f"nnid.add {a[0]}, {b[0]} : {c.type_of(a[1])}", a[1] + b[1])


def concat(c, values, axis):
    y = torch.cat([t for _, t in values], axis)
    operands = ", ".join(s for s, _ in values)
    types = ", ".join(c.type_of(t) for _, t in values)
    return c.op(f"nnid.concat {operands} {{axis = {axis} : i64}} : "
                f"({types}) -> {c.type_of(y)}", y)


def batch_norm(c, x, params, eps=1e-5):
    xs, xt = x
    (gs, g), (bs, b), (ms, m), (vs, v) = params
    y = F.batch_norm(xt, m, v, g, b, False, 0.0, eps)
    attrs = attr_dict({"epsilon": f"{eps:.9g} : f64" if eps != 1e-5 else None})
    return c.op(f"nnid.batch_norm {xs}, {gs}, {bs}, {ms}, {vs}{attrs} : "
                f"{c.type_of(xt)}, {c.type_of(g, False)}", y)


def linear(c, x, w, b=None):
    (xs, xt), (ws, wt) = x, w
    y = F.linear(xt, wt, None if b is None else b[1])
    operands = f"{xs}, {ws}" + (f", {b[0]}" if b else "")
    types = f"{c.type_of(xt)}, {c.type_of(wt, False)}" + (
        f", {c.type_of(b[1], False)}" if b else "")
    return c.op(f"nnid.linear {operands} : ({types}) -> {c.type_of(y)}", y)


def flatten(c, x, start=1, end=-1):
    xs, xt = x
    y = torch.flatten(xt, start, end)
    attrs = attr_dict({"start_dim": f"{start} : i64" if start != 1 else None,
                       "end_dim": f"{end} : i64" if end != -1 else None})
    return c.op(f"nnid.flatten {xs}{attrs} : {c.type_of(xt)} -> "
                f"{c.type_of(y)}", y)


# --- Cases -----------------------------------------------------------------


def rand(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def positive(*shape):
    return torch.rand(*shape, dtype=torch.float32) + 0.5


def conv_case(name, description, n, cin, h, w, cout, k, bias=True,
              dynamic_batch=False, **kw):
    c = Case(name, description, dynamic_batch)
    groups = kw.get("groups", 1)
    x = rand(n, cin, h, w)
    wt = rand(cout, cin // groups, *k)
    xv = (c.arg("x", x, True), x)
    wv = (c.arg("weight", wt), wt)
    bv = None
    if bias:
        bt = rand(cout)
        bv = (c.arg("bias", bt), bt)
    c.ret(conv2d(c, xv, wv, bv, **kw))
    return c


def op_cases():
    cases = []
    add_case = cases.append
    add_case(conv_case("conv2d_3x3_pad1_bias", "3x3 conv, padding 1, bias",
                       1, 3, 8, 8, 4, (3, 3), padding=(1, 1, 1, 1)))
    add_case(conv_case("conv2d_stride2_nobias", "stride 2, no bias",
                       1, 4, 9, 9, 5, (3, 3), bias=False, stride=(2, 2)))
    add_case(conv_case("conv2d_dilation_asymmetric_padding",
                       "dilation 2, padding [0, 1, 2, 3], stride (1, 2)",
                       1, 2, 9, 10, 3, (3, 3), stride=(1, 2),
                       dilation=(2, 2), padding=(0, 1, 2, 3)))
    add_case(conv_case("conv2d_rectangular_kernel", "2x3 kernel, stride (2, 1)",
                       2, 3, 7, 8, 4, (2, 3), stride=(2, 1),
                       padding=(1, 0, 1, 0)))
    add_case(conv_case("conv2d_1x1", "1x1 conv", 1, 8, 5, 5, 6, (1, 1)))
    add_case(conv_case("conv2d_groups2", "groups 2: 4 -> 6 channels",
                       1, 4, 7, 7, 6, (3, 3), groups=2, padding=(1, 1, 1, 1)))
    add_case(conv_case("conv2d_depthwise", "depthwise: groups = Cin = Cout",
                       1, 4, 8, 8, 4, (3, 3), groups=4, stride=(2, 2),
                       padding=(1, 1, 1, 1)))
    add_case(conv_case("conv2d_depthwise_multiplier",
                       "groups = Cin = 3, Cout = 6 (two filters per group)",
                       1, 3, 6, 6, 6, (3, 3), groups=3))
    add_case(conv_case("conv2d_dynamic_batch", "batch 2 through a ? batch",
                       2, 3, 6, 6, 4, (3, 3), padding=(1, 1, 1, 1),
                       dynamic_batch=True, groups=1))

    for groups, name in ((1, "identity_conv1x1"),
                         (2, "identity_conv1x1_groups2")):
        c = Case(name, f"IdentityBasedConv1x1, groups {groups}, weight as an "
                 "argument (kernel computed on the weight)")
        x = rand(1, 4, 5, 5)
        w = rand(4, 4 // groups, 1, 1) * 0.1
        c.ret(identity_conv1x1(c, (c.arg("x", x, True), x),
                               (c.arg("weight", w), w), groups))
        add_case(c)

    def pool_case(name, description, shape, fn, dynamic_batch=False, **kw):
        c = Case(name, description, dynamic_batch)
        x = rand(*shape)
        c.ret(fn(c, (c.arg("x", x, True), x), **kw))
        add_case(c)

    pool_case("max_pool2d_2x2", "kernel 2, default stride", (1, 3, 8, 8),
              max_pool2d, kernel=(2, 2))
    pool_case("max_pool2d_3x3_s2_p1", "kernel 3, stride 2, padding 1",
              (1, 3, 9, 9), max_pool2d, kernel=(3, 3), stride=(2, 2),
              padding=(1, 1, 1, 1))
    pool_case("max_pool2d_ceil_mode", "ceil_mode, last window partial",
              (1, 2, 8, 8), max_pool2d, kernel=(3, 3), stride=(2, 2),
              ceil_mode=True)
    pool_case("max_pool2d_ceil_mode_padding",
              "ceil_mode with padding: a window starting in the padding is "
              "dropped", (1, 2, 6, 6), max_pool2d, kernel=(2, 2),
              stride=(2, 2), padding=(1, 1, 1, 1), ceil_mode=True)
    pool_case("max_pool2d_dilation", "dilation 2", (1, 2, 9, 9), max_pool2d,
              kernel=(3, 3), stride=(1, 1), dilation=(2, 2))
    pool_case("max_pool2d_asymmetric", "padding [1, 0, 0, 1], 3x2 window",
              (1, 2, 7, 6), max_pool2d, kernel=(3, 2), stride=(2, 2),
              padding=(1, 0, 0, 1))
    pool_case("max_pool2d_dynamic_batch", "batch 3 through a ? batch",
              (3, 2, 6, 6), max_pool2d, dynamic_batch=True, kernel=(2, 2))
    pool_case("avg_pool2d_2x2", "kernel 2", (1, 3, 8, 8), avg_pool2d,
              kernel=(2, 2))
    pool_case("avg_pool2d_count_include_pad", "3x3, stride 2, padding 1",
              (1, 2, 9, 9), avg_pool2d, kernel=(3, 3), stride=(2, 2),
              padding=(1, 1, 1, 1))
    pool_case("avg_pool2d_exclude_pad", "count_include_pad false",
              (1, 2, 9, 9), avg_pool2d, kernel=(3, 3), stride=(2, 2),
              padding=(1, 1, 1, 1), count_include_pad=False)
    pool_case("avg_pool2d_ceil_mode", "ceil_mode, count_include_pad",
              (1, 2, 8, 8), avg_pool2d, kernel=(3, 3), stride=(2, 2),
              padding=(1, 1, 1, 1), ceil_mode=True)
    pool_case("avg_pool2d_ceil_mode_exclude_pad",
              "ceil_mode, count_include_pad false", (1, 2, 8, 7),
              avg_pool2d, kernel=(3, 3), stride=(2, 2), padding=(1, 1, 1, 1),
              ceil_mode=True, count_include_pad=False)
    pool_case("avg_pool2d_asymmetric", "padding [0, 1, 1, 0]", (1, 2, 6, 6),
              avg_pool2d, kernel=(2, 2), stride=(1, 1), padding=(0, 1, 1, 0))
    pool_case("adaptive_avg_pool2d_global", "output 1x1", (2, 4, 7, 7),
              adaptive_avg_pool2d, size=(1, 1))
    pool_case("adaptive_avg_pool2d_even", "8x6 -> 4x3", (1, 3, 8, 6),
              adaptive_avg_pool2d, size=(4, 3))
    pool_case("adaptive_avg_pool2d_uneven", "7x5 -> 3x2, overlapping bins",
              (1, 3, 7, 5), adaptive_avg_pool2d, size=(3, 2))
    pool_case("adaptive_avg_pool2d_upsample", "3x4 -> 5x6", (1, 2, 3, 4),
              adaptive_avg_pool2d, size=(5, 6))
    pool_case("adaptive_avg_pool2d_dynamic_batch", "? batch, uneven bins",
              (2, 2, 5, 5), adaptive_avg_pool2d, dynamic_batch=True,
              size=(2, 3))

    c = Case("relu", "relu of a rank-4 and a rank-2 tensor")
    x, y = rand(1, 3, 4, 4), rand(2, 5)
    xv, yv = (c.arg("x", x, True), x), (c.arg("y", y, True), y)
    c.ret(relu(c, xv), relu(c, yv))
    add_case(c)

    c = Case("relu_layout_tiles", "relu of 2x19x10x13: the layout changes at "
             "the edges move full 8x8 and 16x16 tiles and remainders",
             dynamic_batch=True)
    x = rand(2, 19, 10, 13)
    c.ret(relu(c, (c.arg("x", x, True), x)))
    add_case(c)

    c = Case("add_and_identity", "residual add through an identity",
             dynamic_batch=True)
    x, y = rand(2, 3, 4, 4), rand(2, 3, 4, 4)
    xv, yv = (c.arg("x", x, True), x), (c.arg("y", y, True), y)
    c.ret(add(c, identity(c, xv), yv))
    add_case(c)

    c = Case("concat", "channels of three tensors, and the last axis")
    a, b, d = rand(1, 2, 3, 3), rand(1, 3, 3, 3), rand(1, 1, 3, 3)
    av, bv, dv = [(c.arg(n, t, True), t) for n, t in (("a", a), ("b", b),
                                                      ("d", d))]
    e = rand(1, 2, 3, 2)
    ev = (c.arg("e", e, True), e)
    c.ret(concat(c, [av, bv, dv], 1), concat(c, [av, ev], -1))
    add_case(c)

    c = Case("concat_batch_axis", "axis 0 of two dynamic batches",
             dynamic_batch=True)
    a, b = rand(2, 3, 2, 2), rand(2, 3, 2, 2)
    av, bv = (c.arg("a", a, True), a), (c.arg("b", b, True), b)
    c.ret(concat(c, [av, bv], 0))
    add_case(c)

    for rank, name in ((4, "batch_norm_2d"), (2, "batch_norm_1d")):
        c = Case(name, f"inference batch norm of a rank-{rank} input, "
                 "epsilon 1e-3", dynamic_batch=True)
        x = rand(2, 5, 3, 3) if rank == 4 else rand(3, 5)
        params = [rand(5), rand(5), rand(5), positive(5)]
        names = ["weight", "bias", "running_mean", "running_var"]
        pv = [(c.arg(n, t), t) for n, t in zip(names, params)]
        c.ret(batch_norm(c, (c.arg("x", x, True), x), pv, eps=1e-3))
        add_case(c)

    c = Case("linear", "with and without bias", dynamic_batch=True)
    x = rand(3, 12)
    w, b, w2 = rand(7, 12), rand(7), rand(4, 12)
    xv = (c.arg("x", x, True), x)
    c.ret(linear(c, xv, (c.arg("weight", w), w), (c.arg("bias", b), b)),
          linear(c, xv, (c.arg("weight2", w2), w2)))
    add_case(c)

    c = Case("flatten", "default, from dimension 0, and a middle range")
    x = rand(2, 3, 2, 2)
    xv = (c.arg("x", x, True), x)
    c.ret(flatten(c, xv), flatten(c, xv, 0, -1), flatten(c, xv, 1, 2))
    add_case(c)

    # Fixed inputs (no random numbers: the cases above keep theirs).
    c = Case("adaptive_avg_pool2d_nonfinite",
             "uneven, overlapping bins with inf, -inf and NaN inputs: each "
             "output sums its own bin only", nonfinite=True)
    x = torch.arange(1, 10, dtype=torch.float32).reshape(1, 1, 3, 3)
    x[0, 0, 2, 2] = math.inf
    y = torch.arange(70, dtype=torch.float32).reshape(1, 2, 5, 7) / 8 - 4
    y[0, 0, 1, 1] = math.inf
    y[0, 0, 4, 6] = -math.inf
    y[0, 1, 2, 3] = math.nan
    y[0, 1, 0, 6] = -math.inf
    c.ret(adaptive_avg_pool2d(c, (c.arg("x", x, True), x), (2, 2)),
          adaptive_avg_pool2d(c, (c.arg("y", y, True), y), (3, 4)))
    add_case(c)

    # ceil_mode with a window taller than the padded input (1 + 1 + 1 < 4),
    # which PyTorch accepts since one output remains.
    pool_case("max_pool2d_ceil_mode_window_past_padding",
              "ceil_mode, 4x3 window over 1 padded row", (1, 2, 1, 5),
              max_pool2d, kernel=(4, 3), stride=(2, 2), padding=(1, 1, 1, 1),
              ceil_mode=True)
    for include, suffix in ((True, ""), (False, "_exclude_pad")):
        pool_case(f"avg_pool2d_ceil_mode_window_past_padding{suffix}",
                  "ceil_mode, 4x3 window over 1 padded row, "
                  f"count_include_pad {str(include).lower()}", (1, 2, 1, 5),
                  avg_pool2d, kernel=(4, 3), stride=(2, 2),
                  padding=(1, 1, 1, 1), ceil_mode=True,
                  count_include_pad=include)
    activation_cases(add_case)
    return cases


# Each activation with its default and non-default attributes.
ACTIVATION_VARIANTS = [
    ("hardtanh", {}), ("hardtanh", {"min_val": 0.0, "max_val": 6.0}),
    ("hardtanh", {"min_val": -0.5, "max_val": -0.5}),
    ("sigmoid", {}), ("silu", {}), ("hardsigmoid", {}), ("hardswish", {}),
    ("gelu", {}), ("gelu", {"approximate": "tanh"}), ("leaky_relu", {}),
    ("leaky_relu", {"negative_slope": -1.5}), ("elu", {}),
    ("elu", {"alpha": 0.25}), ("selu", {}), ("softplus", {}),
    ("softplus", {"beta": 2.0, "threshold": 3.0}), ("softsign", {}),
    ("tanh", {}),
]


def activation_inputs():
    """Values where the formulas change (0, the hardtanh and hardsigmoid
    corners, softplus' threshold), saturate or overflow a naive exp (|x| up
    to 100), and random ones."""
    edges = torch.tensor([0.0, -0.0, 1e-7, -1e-7, 0.5, -0.5, 1.0, -1.0, 3.0,
                          -3.0, 6.0, -6.0, 1.5, 9.0, 10.0, -10.0, 20.0, 21.0,
                          -20.0, 40.0, -40.0, 88.0, -88.0, 89.0, -89.0,
                          100.0, -100.0, 1e-3, 2.9999, -2.9999, 3.0001,
                          -3.0001])
    spread = torch.linspace(-12, 12, 97)
    values = torch.cat([edges, spread, rand(63) * 4])
    return values.reshape(2, 4, 4, 6)


def activation_cases(add_case):
    for i, (mnemonic, attrs) in enumerate(ACTIVATION_VARIANTS):
        suffix = "".join(f"_{k}_{v}" for k, v in attrs.items())
        suffix = suffix.replace("-", "m").replace(".", "p")
        c = Case(f"activation_{mnemonic}{suffix}",
                 f"{mnemonic}{attr_dict(attrs)} at its edges, where exp "
                 f"overflows, and on a rank-2 input", dynamic_batch=i % 2 == 1)
        x = activation_inputs()
        y = rand(2, 9) * 5
        c.ret(activation(c, (c.arg("x", x, True), x), mnemonic, **attrs),
              activation(c, (c.arg("y", y, True), y), mnemonic, **attrs))
        add_case(c)

    # inf, -inf and NaN through every activation.
    c = Case("activation_nonfinite", "every activation on inf, -inf, NaN "
             "and a finite value", nonfinite=True)
    x = torch.tensor([math.inf, -math.inf, math.nan, 2.0]).reshape(1, 1, 2, 2)
    xv = (c.arg("x", x, True), x)
    c.ret(*[activation(c, xv, m, **a) for m, a in ACTIVATION_VARIANTS])
    add_case(c)

    # The CPU kernels apply an activation in a convolution's epilogue.
    for mnemonic in ("hardswish", "silu", "gelu"):
        c = Case(f"conv2d_{mnemonic}", f"3x3 convolution then {mnemonic}: "
                 "the kernel's epilogue applies it", dynamic_batch=True)
        x, w, b = rand(2, 16, 9, 11), rand(32, 16, 3, 3) * 0.3, rand(32)
        h = conv2d(c, (c.arg("x", x, True), x), (c.arg("w", w), w),
                   (c.arg("b", b), b), padding=(1, 1, 1, 1))
        c.ret(activation(c, h, mnemonic))
        add_case(c)

    c = Case("mul", "a [N, C, 1, 1] scale, a [1, C, 1, 1] one, a same-shape "
             "product and a rank-2 [N, 1] column", dynamic_batch=True)
    x, s, t, y, u = (rand(2, 5, 3, 4), rand(2, 5, 1, 1), rand(1, 5, 1, 1),
                     rand(2, 7), rand(2, 1))
    xv, sv, yv, uv = [(c.arg(n, v, True), v) for n, v in
                      (("x", x), ("s", s), ("y", y), ("u", u))]
    tv = (c.arg("t", t), t)  # a parameter: its batch dimension stays 1
    c.ret(mul(c, xv, sv), mul(c, xv, tv, rhs_activation=False),
          mul(c, xv, xv), mul(c, yv, uv))
    add_case(c)


def seed_model_case():
    """Model 1 of the seed models, at 3x32x32 to keep the data small."""

    class MyModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)
            self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=1, padding=1)
            self.conv3 = nn.Conv2d(32, 64, kernel_size=3, stride=1, padding=1)
            self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
            self.identity = nn.Identity()

        def forward(self, x):
            x = self.conv1(x); x = torch.relu(x); x = self.pool(x)
            x = self.conv2(x); x = torch.relu(x)
            x = self.identity(x)
            x = self.pool(x)
            x = self.conv3(x); x = torch.relu(x); x = self.pool(x)
            return x

    model = MyModel().eval()
    x = rand(2, 3, 32, 32)
    c = Case("graph_seed_model", "the seed model (conv/relu/pool, Identity)",
             dynamic_batch=True)
    sd = model.state_dict()
    h = (c.arg("x", x, True), x)
    p = {k: (c.arg(k, v), v) for k, v in sd.items()}
    for i in (1, 2, 3):
        h = relu(c, conv2d(c, h, p[f"conv{i}.weight"], p[f"conv{i}.bias"],
                           padding=(1, 1, 1, 1)))
        if i == 2:
            h = identity(c, h)
        h = max_pool2d(c, h, (2, 2), (2, 2))
    with torch.no_grad():
        torch.testing.assert_close(h[1], model(x))
    c.ret(h)
    return c


def randomize_bn(bn):
    with torch.no_grad():
        bn.weight.copy_(positive(bn.num_features))
        bn.bias.copy_(rand(bn.num_features))
        bn.running_mean.copy_(rand(bn.num_features) * 0.1)
        bn.running_var.copy_(positive(bn.num_features))


def resnet_block_case():
    """torchvision's BasicBlock with a stride-2 downsample, in eval mode."""
    from torchvision.models.resnet import BasicBlock
    down = nn.Sequential(nn.Conv2d(8, 16, 1, stride=2, bias=False),
                         nn.BatchNorm2d(16))
    block = BasicBlock(8, 16, stride=2, downsample=down)
    for m in block.modules():
        if isinstance(m, nn.BatchNorm2d):
            randomize_bn(m)
    block.eval()
    x = rand(2, 8, 10, 10)
    c = Case("graph_resnet_basic_block", "ResNet BasicBlock with downsample",
             dynamic_batch=True)
    sd = block.state_dict()
    p = {k: (c.arg(k, v), v) for k, v in sd.items()
         if not k.endswith("num_batches_tracked")}
    xv = (c.arg("x", x, True), x)

    def bn(h, prefix):
        return batch_norm(c, h, [p[prefix + s] for s in
                                 (".weight", ".bias", ".running_mean",
                                  ".running_var")])

    h = conv2d(c, xv, p["conv1.weight"], stride=(2, 2), padding=(1, 1, 1, 1))
    h = relu(c, bn(h, "bn1"))
    h = bn(conv2d(c, h, p["conv2.weight"], padding=(1, 1, 1, 1)), "bn2")
    skip = bn(conv2d(c, xv, p["downsample.0.weight"], stride=(2, 2)),
              "downsample.1")
    out = relu(c, add(c, h, skip))
    with torch.no_grad():
        torch.testing.assert_close(out[1], block(x))
    c.ret(out)
    return c


def identity_conv_block_case():
    """A DBB-style branch: IdentityBasedConv1x1 -> BN -> 3x3 conv -> BN,
    summed with a 3x3 conv branch, then relu."""
    c = Case("graph_identity_conv_block",
             "IdentityBasedConv1x1 -> BN -> 3x3 conv -> BN, plus a 3x3 conv")
    channels = 6
    x = rand(1, channels, 8, 8)
    xv = (c.arg("x", x, True), x)
    idw = rand(channels, channels // 2, 1, 1) * 0.1
    bn1 = [rand(channels), rand(channels), rand(channels) * 0.1,
           positive(channels)]
    w3 = rand(channels, channels, 3, 3)
    bn2 = [rand(channels), rand(channels), rand(channels) * 0.1,
           positive(channels)]
    wb = rand(channels, channels, 3, 3)
    bb = rand(channels)
    names = ["weight", "bias", "running_mean", "running_var"]
    h = identity_conv1x1(c, xv, (c.arg("branch.idconv.weight", idw), idw), 2)
    h = batch_norm(c, h, [(c.arg("branch.bn1." + n, t), t)
                          for n, t in zip(names, bn1)])
    h = conv2d(c, h, (c.arg("branch.conv.weight", w3), w3),
               padding=(1, 1, 1, 1))
    h = batch_norm(c, h, [(c.arg("branch.bn2." + n, t), t)
                          for n, t in zip(names, bn2)])
    other = conv2d(c, xv, (c.arg("conv.weight", wb), wb),
                   (c.arg("conv.bias", bb), bb), padding=(1, 1, 1, 1))
    c.ret(relu(c, add(c, h, other)))
    return c


def concat_mlp_case():
    """Model 4 of the seed models: an MLP with BatchNorm1d and concatenated
    skip connections."""

    class MultiNetA(nn.Module):
        def __init__(self, num_feature, num_class):
            super().__init__()
            self.lin1 = nn.Linear(num_feature, 50)
            self.lin2 = nn.Linear(50, 30)
            self.lin6 = nn.Linear(30, 20)
            self.lin7 = nn.Linear(100, num_class)
            self.bn0 = nn.BatchNorm1d(num_feature)
            self.bn1 = nn.BatchNorm1d(50)
            self.bn2 = nn.BatchNorm1d(30)
            self.bn6 = nn.BatchNorm1d(20)

        def forward(self, x):
            x = self.bn0(x)
            x = F.relu(self.bn1(self.lin1(x))); res = x
            x = F.relu(self.bn2(self.lin2(x))); res1 = x
            x = self.bn6(self.lin6(x))
            x = F.relu(torch.cat([x, res, res1], 1))
            return self.lin7(x)

    model = MultiNetA(12, 5)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm1d):
            randomize_bn(m)
    model.eval()
    x = rand(4, 12)
    c = Case("graph_concat_mlp", "MLP with BatchNorm1d and concat skips",
             dynamic_batch=True)
    p = {k: (c.arg(k, v), v) for k, v in model.state_dict().items()
         if not k.endswith("num_batches_tracked")}

    def bn(h, name):
        return batch_norm(c, h, [p[f"{name}.{s}"] for s in
                                 ("weight", "bias", "running_mean",
                                  "running_var")])

    def lin(h, name):
        return linear(c, h, p[name + ".weight"], p[name + ".bias"])

    h = bn((c.arg("x", x, True), x), "bn0")
    h = relu(c, bn(lin(h, "lin1"), "bn1"))
    res = h
    h = relu(c, bn(lin(h, "lin2"), "bn2"))
    res1 = h
    h = bn(lin(h, "lin6"), "bn6")
    h = relu(c, concat(c, [h, res, res1], 1))
    out = lin(h, "lin7")
    with torch.no_grad():
        torch.testing.assert_close(out[1], model(x))
    c.ret(out)
    return c


def squeeze_excitation_case():
    """torchvision.ops.SqueezeExcitation (MobileNetV3's, with Hardsigmoid)
    after a depthwise conv and Hardswish."""
    from torchvision.ops import SqueezeExcitation
    torch.manual_seed(5)
    se = SqueezeExcitation(16, 8, scale_activation=nn.Hardsigmoid).eval()
    dw = nn.Conv2d(16, 16, 3, padding=1, groups=16).eval()
    x = rand(2, 16, 9, 9)
    c = Case("graph_squeeze_excitation", "depthwise conv, hardswish, then "
             "MobileNetV3's squeeze-excitation", dynamic_batch=True)
    p = {k: (c.arg("se." + k, v), v) for k, v in se.state_dict().items()}
    w = (c.arg("dw.weight", dw.weight.detach()), dw.weight.detach())
    b = (c.arg("dw.bias", dw.bias.detach()), dw.bias.detach())
    xv = (c.arg("x", x, True), x)
    h = activation(c, conv2d(c, xv, w, b, padding=(1, 1, 1, 1), groups=16),
                   "hardswish")
    s = adaptive_avg_pool2d(c, h, (1, 1))
    s = relu(c, conv2d(c, s, p["fc1.weight"], p["fc1.bias"]))
    s = activation(c, conv2d(c, s, p["fc2.weight"], p["fc2.bias"]),
                   "hardsigmoid")
    out = mul(c, h, s)
    with torch.no_grad():
        torch.testing.assert_close(out[1], se(F.hardswish(dw(x))))
    c.ret(out)
    return c


def graph_cases():
    return [seed_model_case(), resnet_block_case(),
            identity_conv_block_case(), concat_mlp_case(),
            squeeze_excitation_case()]


def all_cases(include_graphs):
    cases = []
    for builder in [op_cases] + ([graph_cases] if include_graphs else []):
        for case in builder():
            cases.append(case)
    return cases


# --- Writers ---------------------------------------------------------------


LIT_HEADER = """\
// {description}
// Generated by test/Integration/CPU/references.py from PyTorch {version};
// the expected values are PyTorch's. Do not edit; regenerate instead.
//
// RUN: nnid-opt %s --nnid-lower-to-llvm \\
// RUN: | mlir-runner -e main --entry-point-result=void -shared-libs=%mlir_runner_libs \\
// RUN: | FileCheck %s
// RUN: nnid-opt %s --nnid-lower-to-llvm="layout=nchw" \\
// RUN: | mlir-runner -e main --entry-point-result=void -shared-libs=%mlir_runner_libs \\
// RUN: | FileCheck %s
// RUN: nnid-opt %s --nnid-lower-to-llvm="parallel=true vector-width=16 registers=32" \\
// RUN: | mlir-runner -e main --entry-point-result=void -shared-libs=%mlir_runner_libs,%libomp \\
// RUN: | FileCheck %s
// (NHWC with the CPU kernels, NCHW op for op, and kernels on OpenMP threads
// shaped for 16-lane vectors.)
// Agreement: |nnid - torch| <= {rtol:g} * |torch| + {atol:g} elementwise
// (float32 sums in a different order differ by a few ulps per term).{nonfinite}
{checks}
"""

NONFINITE_AGREEMENT = """
// An infinity agrees with the same infinity, and NaN with NaN."""

COMPARE_NONFINITE = """
    %same = arith.cmpf oeq, %x, %y : f32
    %xnan = arith.cmpf uno, %x, %x : f32
    %ynan = arith.cmpf uno, %y, %y : f32
    %nans = arith.andi %xnan, %ynan : i1
    %equal = arith.ori %same, %nans : i1
    %true = arith.constant true
    %differ = arith.xori %equal, %true : i1
    %far = arith.andi %bad, %differ : i1"""

COMPARE = """
// The number of elements where |a - e| > rtol * |e| + atol (NaN counts).
func.func private @mismatches(%a: tensor<?xf32>, %e: tensor<?xf32>) -> f32 {{
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {{indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>],
                       iterator_types = ["reduction"]}}
      ins(%a, %e : tensor<?xf32>, tensor<?xf32>) outs(%acc : tensor<f32>) {{
  ^bb0(%x: f32, %y: f32, %n: f32):
    %rtol = arith.constant {rtol:e} : f32
    %atol = arith.constant {atol:e} : f32
    %one = arith.constant 1.0 : f32
    %d = arith.subf %x, %y : f32
    %ad = math.absf %d : f32
    %ay = math.absf %y : f32
    %t = arith.mulf %ay, %rtol : f32
    %tol = arith.addf %t, %atol : f32
    %bad = arith.cmpf ugt, %ad, %tol : f32{nonfinite}
    %inc = arith.select %bad, %one, %zero : f32
    %s = arith.addf %n, %inc : f32
    linalg.yield %s : f32
  }} -> tensor<f32>
  %v = tensor.extract %r[] : tensor<f32>
  return %v : f32
}}
"""


def write_lit(case, directory):
    checks = "\n".join(f"// CHECK: result {i}: mismatches 0 of {t.numel()}"
                       for i, (_, t) in enumerate(case.results))
    text = LIT_HEADER.format(
        description=case.description, version=torch.__version__, rtol=RTOL,
        atol=ATOL, checks=checks,
        nonfinite=NONFINITE_AGREEMENT if case.nonfinite else "")
    text += "\n" + case.function() + "\n"
    compare = COMPARE.format(rtol=RTOL, atol=ATOL,
                             nonfinite=COMPARE_NONFINITE if case.nonfinite
                             else "")
    if case.nonfinite:
        compare = compare.replace("%inc = arith.select %bad,",
                                  "%inc = arith.select %far,")
    text += compare
    main = ["", "func.func @main() {"]
    operands = []
    for ssa, _, t, act in case.args:
        name = "%c_" + ssa[1:]
        main.append(f"  {name} = arith.constant dense<{dense(t)}> : {ty(t.shape)}")
        if case.dynamic_batch and act:
            main.append(f"  {name}_d = tensor.cast {name} : {ty(t.shape)} to "
                        f"{ty(t.shape, True)}")
            name += "_d"
        operands.append(name)
    arg_types = ", ".join(case.type_of(t, act) for _, _, t, act in case.args)
    res_types = ", ".join(case.type_of(t) for _, t in case.results)
    outs = ", ".join(f"%r{i}" for i in range(len(case.results)))
    main.append(f"  {outs} = call @forward({', '.join(operands)}) : "
                f"({arg_types}) -> ({res_types})")
    for i, (_, t) in enumerate(case.results):
        flat = t.reshape(-1)
        main.append(f"  %e{i} = arith.constant dense<{dense(flat)}> : "
                    f"{ty(flat.shape)}")
        flat_type = ("tensor<?xf32>" if case.dynamic_batch
                     else ty(flat.shape))
        dims = ", ".join(str(d) for d in range(t.dim()))
        main.append(f"  %f{i} = tensor.collapse_shape %r{i} [[{dims}]] : "
                    f"{case.type_of(t)} into {flat_type}")
        main.append(f"  %g{i} = tensor.cast %f{i} : {flat_type} to "
                    "tensor<?xf32>")
        main.append(f"  %h{i} = tensor.cast %e{i} : {ty(flat.shape)} to "
                    "tensor<?xf32>")
        main.append(f"  %m{i} = call @mismatches(%g{i}, %h{i}) : "
                    "(tensor<?xf32>, tensor<?xf32>) -> f32")
        main.append(f"  vector.print str \"result {i}: mismatches \"")
        main.append(f"  vector.print %m{i} : f32 punctuation <no_punctuation>")
        main.append(f"  vector.print str \" of {t.numel()}\\n\"")
    main.append("  return")
    main.append("}")
    text += "\n".join(main) + "\n"
    with open(os.path.join(directory, case.name + ".mlir"), "w") as f:
        f.write(text)


def write_data(case, directory, exporter):
    with open(os.path.join(directory, case.name + ".mlir"), "w") as f:
        f.write(f"// {case.description}\n" + case.function() + "\n")
    tensors = {}
    for _, name, t, _ in case.args:
        tensors[name] = t
    for i, (_, t) in enumerate(case.results):
        tensors[f"expected.{i}"] = t
    exporter.save_state_dict(tensors,
                             os.path.join(directory, case.name + ".safetensors"),
                             metadata={"rtol": repr(RTOL),
                                       "atol": repr(ATOL)})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lit", help="write mlir-runner tests here")
    parser.add_argument("--data", help="write .mlir/.safetensors cases here")
    args = parser.parse_args()
    if not args.lit and not args.data:
        parser.error("give --lit or --data")
    if args.lit:
        torch.manual_seed(0)
        os.makedirs(args.lit, exist_ok=True)
        for case in all_cases(include_graphs=False):
            write_lit(case, args.lit)
    if args.data:
        torch.manual_seed(1)
        os.makedirs(args.data, exist_ok=True)
        exporter = load_exporter()
        for case in all_cases(include_graphs=True):
            if not case.nonfinite:
                write_data(case, args.data, exporter)


if __name__ == "__main__":
    sys.exit(main())
