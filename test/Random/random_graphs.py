#!/usr/bin/python3
"""Seeded random CNN graphs in nnid IR, each with PyTorch's result.

  random_graphs.py --seed S [--count N] --out DIR

writes, for every seed in S .. S+N-1, DIR/rg<seed>.mlir (a function @forward
in nnid IR) and DIR/rg<seed>.safetensors (its inputs and parametric weights
by their `nnid.name`, PyTorch's outputs as `expected.0`, ..., and the
tolerances `rtol`/`atol`), in the format of test/Integration/CPU/references.py,
whose op builders and writer this module uses. The expected outputs are
PyTorch's on the float32 inputs and weights, computed in float64 and rounded
to float32. The same seed always gives the same bytes.

A graph is first a `Graph`: a list of `Node`s whose attributes do not depend
on their input shapes' details (a convolution stores its output channels,
kernel, groups, ...; its weight is drawn when the graph is emitted, from the
node's own seed and its input's actual shape). `check_random.py` reduces a
failing graph by editing this representation and emitting it again.

Run with /usr/bin/python3 (Debian's python3-torch).
"""

import argparse
import importlib.util
import math
import os
import random
import sys

import torch

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load_module("nnid_references", os.path.join(
    ROOT, "test", "Integration", "CPU", "references.py"))

# Size limits, which keep graphs small: tens of ops at most.
MAX_BATCH = 3
MAX_INPUT_CHANNELS = 24
MIN_SPATIAL, MAX_SPATIAL = 5, 20
MAX_CONV_CHANNELS = 24
MAX_CHANNELS = 48
MAX_NODES = 36
MAX_FLAT_FEATURES = 768
NO_PADDING = (0, 0, 0, 0)

KINDS = ("input", "conv2d", "identity_conv1x1", "batch_norm", "relu",
         "activation", "identity", "add", "concat", "max_pool2d", "avg_pool2d",
         "adaptive_avg_pool2d", "flatten", "linear")
# Kinds with weights, and the prefix of their parameter names ("conv3.bias").
PARAMETER_PREFIX = {"conv2d": "conv", "identity_conv1x1": "idconv",
                    "batch_norm": "bn", "linear": "fc"}
PARAMETRIC_KINDS = tuple(PARAMETER_PREFIX)


class Invalid(Exception):
    """A graph that PyTorch or the nnid verifier would reject."""


# --- Graph representation -------------------------------------------------


class Node:
    """One op: its kind, the uids of its operands and its attributes."""

    def __init__(self, uid, kind, inputs, attrs):
        assert kind in KINDS, kind
        self.uid = uid
        self.kind = kind
        self.inputs = list(inputs)
        self.attrs = dict(attrs)

    def copy(self):
        return Node(self.uid, self.kind, self.inputs, self.attrs)

    def __repr__(self):
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(self.attrs.items())
                          if k != "seed")
        return f"{self.kind}{self.uid}({self.inputs}; {attrs})"


class Graph:
    """A function @forward with one NCHW input (uid 0) and its results."""

    def __init__(self, seed, input_shape, dynamic_batch, data_seed):
        self.seed = seed
        self.input_shape = tuple(input_shape)
        self.dynamic_batch = dynamic_batch
        self.data_seed = data_seed
        self.nodes = [Node(0, "input", [], {})]
        self.outputs = []

    def copy(self):
        graph = Graph(self.seed, self.input_shape, self.dynamic_batch,
                      self.data_seed)
        graph.nodes = [n.copy() for n in self.nodes]
        graph.outputs = list(self.outputs)
        return graph

    def node(self, uid):
        for n in self.nodes:
            if n.uid == uid:
                return n
        raise KeyError(uid)

    def next_uid(self):
        return max(n.uid for n in self.nodes) + 1

    def live_nodes(self):
        """The nodes the results depend on, in order (the input first)."""
        live = set(self.outputs) | {0}
        for n in reversed(self.nodes):
            if n.uid in live:
                live.update(n.inputs)
        return [n for n in self.nodes if n.uid in live]

    def prune(self):
        self.nodes = self.live_nodes()
        return self

    def replace_uses(self, old, new):
        """Every use of value `old`, results included, becomes `new`."""
        for n in self.nodes:
            n.inputs = [new if u == old else u for u in n.inputs]
        self.outputs = [new if u == old else u for u in self.outputs]

    def shapes(self):
        """The shape of every live value; raises Invalid if one is wrong."""
        if not self.outputs:
            raise Invalid("no results")
        shapes = {0: self.input_shape}
        for n in self.live_nodes()[1:]:
            shapes[n.uid] = infer_shape(n, [shapes[u] for u in n.inputs])
        return shapes

    def is_valid(self):
        try:
            self.shapes()
        except Invalid:
            return False
        return True

    def op_count(self):
        return len(self.live_nodes()) - 1

    def summary(self):
        counts = {}
        for n in self.live_nodes()[1:]:
            counts[n.kind] = counts.get(n.kind, 0) + 1
        return ", ".join(f"{k} x{v}" if v > 1 else k
                         for k, v in sorted(counts.items()))


# --- Shapes: PyTorch's formulas and constraints, and nnid's ---------------


def conv_output_size(size, kernel, stride, before, after, dilation):
    window = dilation * (kernel - 1) + 1
    if window > size + before + after:
        raise Invalid("window larger than the padded input")
    return (size + before + after - window) // stride + 1


def pool_output_size(size, kernel, stride, before, after, dilation, ceil):
    """PyTorch's pooling_output_shape_pad_lr."""
    window = dilation * (kernel - 1) + 1
    if window > size + before + after:
        raise Invalid("window larger than the padded input")
    out = (size + before + after - window + (stride - 1 if ceil else 0)) \
        // stride + 1
    if ceil and (out - 1) * stride >= size + before:
        out -= 1
    return out


def _window_shape(node, shape, pool):
    a = node.attrs
    kernel = a["kernel"]
    stride = a.get("stride") or kernel
    padding = a.get("padding", (0, 0, 0, 0))
    dilation = a.get("dilation", (1, 1))
    if pool:
        if any(padding[i] > kernel[i % 2] // 2 for i in range(4)):
            raise Invalid("pool padding above half the kernel")
        symmetric = padding[0] == padding[2] and padding[1] == padding[3]
        if not symmetric and (a.get("ceil_mode")
                              or not a.get("count_include_pad", True)):
            raise Invalid("asymmetric pool padding has no PyTorch form here")
    out = []
    for d in range(2):
        if pool:
            size = pool_output_size(shape[2 + d], kernel[d], stride[d],
                                    padding[d], padding[2 + d], dilation[d],
                                    a.get("ceil_mode"))
            # A dilated window can miss the input entirely; PyTorch's max
            # is then -inf, which would turn the rest of the graph to NaN.
            for i in range(size):
                start = i * stride[d] - padding[d]
                if not any(0 <= start + j * dilation[d] < shape[2 + d]
                           for j in range(kernel[d])):
                    raise Invalid("a pooling window misses the input")
            out.append(size)
        else:
            out.append(conv_output_size(shape[2 + d], kernel[d], stride[d],
                                        padding[d], padding[2 + d],
                                        dilation[d]))
    return out


def infer_shape(node, shapes):
    """The result shape of `node` on operands of `shapes`, or Invalid."""
    a = node.attrs
    kind = node.kind
    if kind in ("add", "concat"):
        if len(shapes) < (2 if kind == "add" else 1):
            raise Invalid("too few operands")
    elif len(shapes) != 1:
        raise Invalid("wrong operand count")
    x = shapes[0]
    rank4 = len(x) == 4
    if kind not in ("batch_norm", "relu", "activation", "identity", "add",
                    "concat", "linear") and not rank4:
        raise Invalid(f"{kind} needs an NCHW input")
    if kind in ("relu", "activation", "identity"):
        return x
    if kind == "add":
        if shapes[0] != shapes[1]:
            raise Invalid("add of different shapes")
        return x
    if kind == "concat":
        if any(len(s) != 4 or s[0] != x[0] or s[2:] != x[2:]
               for s in shapes):
            raise Invalid("concat of different shapes")
        channels = sum(s[1] for s in shapes)
        if channels > MAX_CHANNELS * 2:
            raise Invalid("too many channels")
        return (x[0], channels, x[2], x[3])
    if kind == "batch_norm":
        if len(x) not in (2, 4):
            raise Invalid("batch_norm of rank 2 or 4 only")
        return x
    if kind == "conv2d":
        groups = a["groups"]
        if x[1] % groups or a["out"] % groups:
            raise Invalid("groups do not divide the channels")
        if a.get("identity_kernel") and (a["out"] != x[1] or
                                         a["kernel"] != (1, 1)):
            raise Invalid("an identity kernel needs Cout = Cin and 1x1")
        return (x[0], a["out"]) + tuple(_window_shape(node, x, False))
    if kind == "identity_conv1x1":
        if x[1] % a["groups"]:
            raise Invalid("groups do not divide the channels")
        return x
    if kind in ("max_pool2d", "avg_pool2d"):
        return (x[0], x[1]) + tuple(_window_shape(node, x, True))
    if kind == "adaptive_avg_pool2d":
        return (x[0], x[1]) + tuple(a["size"])
    if kind == "flatten":
        return (x[0], x[1] * x[2] * x[3])
    if kind == "linear":
        if len(x) != 2:
            raise Invalid("linear needs an [N, features] input")
        return (x[0], a["out"])
    raise Invalid(f"cannot infer {kind}")


# --- Random generation ----------------------------------------------------


def _divisors(n):
    return [d for d in range(1, n + 1) if n % d == 0]


class _Builder:
    """Grows a random graph op by op, keeping every value valid."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.activation_rng = random.Random(f"activation {seed}")
        rng = self.rng
        shape = (rng.randint(1, MAX_BATCH), rng.randint(1, MAX_INPUT_CHANNELS),
                 rng.randint(MIN_SPATIAL, MAX_SPATIAL),
                 rng.randint(MIN_SPATIAL, MAX_SPATIAL))
        if rng.random() < 0.4:
            shape = shape[:3] + (shape[2],)
        self.graph = Graph(seed, shape, rng.random() < 0.3,
                           rng.getrandbits(62))
        self.shapes = {0: shape}
        # How weights are given: all as arguments, all frozen, or mixed.
        self.freeze = rng.choice([0.0, 1.0, 0.5, 0.5])

    # Node creation.

    def emit(self, kind, inputs, **attrs):
        """Appends a node if it is valid, returning its uid (or None)."""
        if kind in PARAMETRIC_KINDS:
            attrs.setdefault("frozen", self.rng.random() < self.freeze)
            attrs["seed"] = self.rng.getrandbits(62)
        node = Node(self.graph.next_uid(), kind, inputs, attrs)
        try:
            shape = infer_shape(node, [self.shapes[u] for u in inputs])
        except Invalid:
            return None
        if len(shape) == 4 and shape[1] > MAX_CHANNELS * 2:
            return None
        self.graph.nodes.append(node)
        self.shapes[node.uid] = shape
        return node.uid

    def values4(self):
        return [u for u, s in self.shapes.items() if len(s) == 4]

    # Attribute sampling.

    def pick(self, weighted):
        items, weights = zip(*weighted)
        return self.rng.choices(items, weights)[0]

    def pair(self, choose, same=0.75):
        first = choose()
        return (first, first if self.rng.random() < same else choose())

    def conv(self, x, out=None, spatial=None):
        """A random conv2d of value `x` (to `out` channels and `spatial`
        size, if given)."""
        rng = self.rng
        _, cin, h, w = self.shapes[x]
        for _ in range(30):
            if out is None:
                mode = self.pick([("dense", 40), ("depthwise", 15),
                                  ("multiplier", 10), ("grouped", 15),
                                  ("pointwise", 15), ("identity", 2)])
            else:
                mode = self.pick([("dense", 60), ("grouped", 25),
                                  ("pointwise", 15)])
            groups, cout = 1, out
            if mode == "depthwise" and cin > 1:
                groups, cout = cin, cin
            elif mode == "multiplier" and 2 * cin <= MAX_CHANNELS:
                mult = rng.randint(2, max(2, min(3, MAX_CHANNELS // cin)))
                groups, cout = cin, mult * cin
            elif mode == "grouped":
                if out is None:
                    choices = [d for d in _divisors(cin) if 1 < d < cin]
                    if choices:
                        groups = rng.choice(choices)
                        cout = groups * rng.randint(
                            1, max(1, MAX_CONV_CHANNELS // groups))
                else:
                    choices = [d for d in _divisors(cin)
                               if d > 1 and out % d == 0]
                    if choices:
                        groups = rng.choice(choices)
            elif mode == "identity" and spatial is None:
                uid = self.emit("conv2d", [x], out=cin, kernel=(1, 1),
                                stride=(1, 1), padding=(0, 0, 0, 0),
                                dilation=(1, 1), groups=rng.choice(
                                    _divisors(cin)), bias=False,
                                identity_kernel=True, frozen=True)
                if uid is not None:
                    return uid
                continue
            if cout is None:
                cout = rng.randint(1, MAX_CONV_CHANNELS)
            if spatial is not None:
                geometry = self.matching_window(
                    (h, w), spatial, 1 if mode == "pointwise" else 5)
                if geometry is None:
                    return None
                kernel, stride, padding, dilation = geometry
            elif mode == "pointwise":
                kernel, dilation = (1, 1), (1, 1)
                stride = self.pair(lambda: self.pick([(1, 8), (2, 2)]))
                padding = (0, 0, 0, 0)
            else:
                kernel = self.pair(lambda: self.pick(
                    [(1, 2), (2, 2), (3, 6), (4, 1), (5, 2)]), same=0.7)
                stride = self.pair(lambda: self.pick(
                    [(1, 14), (2, 4), (3, 1)]), same=0.8)
                dilation = self.pair(lambda: self.pick(
                    [(1, 16), (2, 3), (3, 1)]), same=0.8)
                padding = self.padding(kernel, dilation)
            uid = self.emit("conv2d", [x], out=cout, kernel=kernel,
                            stride=stride, padding=padding,
                            dilation=dilation, groups=groups,
                            bias=rng.random() < 0.7)
            if uid is not None:
                return uid
        return None

    def padding(self, kernel, dilation):
        rng = self.rng
        style = self.pick([("none", 30), ("same", 40), ("symmetric", 15),
                           ("asymmetric", 15)])
        if style == "none":
            return (0, 0, 0, 0)
        if style == "same":
            ph, pw = (d * (k - 1) // 2 for k, d in zip(kernel, dilation))
            return (ph, pw, ph, pw)
        if style == "symmetric":
            ph, pw = rng.randint(0, 2), rng.randint(0, 2)
            return (ph, pw, ph, pw)
        return tuple(rng.randint(0, 3) for _ in range(4))

    def matching_window(self, size, target, max_kernel):
        """A conv window that maps `size` [h, w] to `target` exactly."""
        dims = []
        for n, t in zip(size, target):
            options = []
            for k in range(1, max_kernel + 1):
                for s in range(1, 4):
                    for d in range(1, 3 if k > 1 else 2):
                        for before in range(0, 3):
                            for after in range(0, 3):
                                window = d * (k - 1) + 1
                                if window > n + before + after:
                                    continue
                                if (n + before + after - window) // s + 1 \
                                        == t:
                                    options.append((k, s, d, before, after))
            if not options:
                return None
            dims.append(self.rng.choice(options))
        (kh, sh, dh, top, bottom), (kw, sw, dw, left, right) = dims
        return (kh, kw), (sh, sw), (top, left, bottom, right), (dh, dw)

    def pool(self, x, kind):
        rng = self.rng
        for _ in range(20):
            kernel = self.pair(lambda: rng.randint(1, 4), same=0.7)
            stride = None if rng.random() < 0.4 else self.pair(
                lambda: rng.randint(1, 3), same=0.8)
            ceil = rng.random() < 0.25
            style = self.pick([("none", 50), ("symmetric", 30),
                               ("asymmetric", 0 if ceil else 20)])
            half = [k // 2 for k in kernel]
            if style == "none":
                padding = (0, 0, 0, 0)
            elif style == "symmetric":
                ph, pw = rng.randint(0, half[0]), rng.randint(0, half[1])
                padding = (ph, pw, ph, pw)
            else:
                padding = tuple(rng.randint(0, half[i % 2]) for i in range(4))
            symmetric = padding[:2] == padding[2:]
            attrs = dict(kernel=kernel, stride=stride, padding=padding,
                         ceil_mode=ceil)
            if kind == "max_pool2d":
                attrs["dilation"] = self.pair(
                    lambda: self.pick([(1, 8), (2, 2)]), same=0.8)
            else:
                attrs["count_include_pad"] = not (symmetric and
                                                  rng.random() < 0.35)
            uid = self.emit(kind, [x], **attrs)
            if uid is not None:
                return uid
        return None

    def adaptive(self, x, size=None):
        rng = self.rng
        _, _, h, w = self.shapes[x]
        if size is None:
            def one(n):
                style = self.pick([("even", 40), ("global", 15),
                                   ("any", 45)])
                if style == "even":
                    return rng.choice(_divisors(n))
                if style == "global":
                    return 1
                return rng.randint(1, n + 2)
            size = (one(h), one(w))
        return self.emit("adaptive_avg_pool2d", [x], size=tuple(size))

    def match(self, x, shape):
        """A short path from value `x` to a value of `shape` (NCHW)."""
        rng = self.rng
        _, c, h, w = self.shapes[x]
        _, tc, th, tw = shape
        if (h, w) == (th, tw):
            if c == tc and rng.random() < 0.4:
                return self.emit(self.pick([("relu", 2), ("batch_norm", 2),
                                            ("identity", 1)]), [x])
            return self.conv(x, out=tc, spatial=(th, tw))
        if rng.random() < 0.65:
            uid = self.conv(x, out=tc, spatial=(th, tw))
            if uid is not None:
                return uid
        if rng.random() < 0.5 and h >= th and w >= tw:
            kind = rng.choice(["max_pool2d", "avg_pool2d"])
            uid = self.emit(kind, [x], kernel=(h - th + 1, w - tw + 1),
                            stride=(1, 1), padding=(0, 0, 0, 0),
                            ceil_mode=False)
        else:
            uid = self.adaptive(x, (th, tw))
        if uid is None or c == tc:
            return uid
        return self.conv(uid, out=tc, spatial=(th, tw))

    # Structure.

    def residual(self, x):
        """x + (an earlier value made to match x), or x + f(x)."""
        rng = self.rng
        shape = self.shapes[x]
        candidates = [u for u in self.values4() if u != x]
        if candidates and rng.random() < 0.75:
            same = [u for u in candidates if self.shapes[u] == shape]
            if same and rng.random() < 0.5:
                other = rng.choice(same)
            else:
                other = self.match(rng.choice(candidates), shape)
        else:
            other = self.match(x, shape)
        if other is None:
            return None
        operands = [x, other] if rng.random() < 0.5 else [other, x]
        return self.emit("add", operands)

    def concat(self, x):
        rng = self.rng
        n, c, h, w = self.shapes[x]
        count = rng.randint(2, 4)
        same = [u for u in self.values4() if u != x and
                self.shapes[u][2:] == (h, w)]
        rng.shuffle(same)
        operands = [x]
        channels = c
        for u in same:
            if len(operands) == count:
                break
            if channels + self.shapes[u][1] <= MAX_CHANNELS:
                operands.append(u)
                channels += self.shapes[u][1]
        while len(operands) < count and channels < MAX_CHANNELS:
            source = rng.choice(self.values4())
            width = rng.randint(1, min(8, MAX_CHANNELS - channels))
            branch = self.match(source, (n, width, h, w))
            if branch is None:
                break
            operands.append(branch)
            channels += width
        if len(operands) < 2:
            return None
        if rng.random() < 0.05:
            operands.append(rng.choice(operands))
        rng.shuffle(operands)
        return self.emit("concat", operands, axis=rng.choice([1, 1, -3]))

    def head(self, x):
        """flatten + linear (+ batch norm, relu, linear)."""
        rng = self.rng
        _, c, h, w = self.shapes[x]
        if c * h * w > MAX_FLAT_FEATURES or rng.random() < 0.3:
            x = self.adaptive(x, (rng.randint(1, 2), rng.randint(1, 2)))
        x = self.emit("flatten", [x])
        if x is None:
            return None
        x = self.emit("linear", [x], out=rng.randint(1, 32),
                      bias=rng.random() < 0.7)
        if rng.random() < 0.5:
            x = self.emit("batch_norm", [x], eps=rng.choice([1e-5, 1e-3]))
            x = self.emit("relu", [x])
            x = self.emit("linear", [x], out=rng.randint(1, 16),
                          bias=rng.random() < 0.7)
        return x

    def step(self, x):
        """One random op on (or around) value `x`; its result, or None."""
        rng = self.rng
        _, c, h, w = self.shapes[x]
        small = h < 3 or w < 3
        kind = self.pick([
            ("conv2d", 30), ("batch_norm", 9), ("relu", 12),
            ("identity", 3), ("identity_conv1x1", 4), ("add", 11),
            ("concat", 8), ("max_pool2d", 3 if small else 7),
            ("avg_pool2d", 2 if small else 5),
            ("adaptive_avg_pool2d", 6 if small else 3), ("branch", 6)])
        if kind == "conv2d":
            return self.conv(x)
        if kind == "batch_norm":
            return self.emit(kind, [x], eps=rng.choice([1e-5, 1e-5, 1e-3]))
        if kind == "relu" and self.activation_rng.random() < 0.5:
            # One of references.py's other activations, with its
            # parameters, drawn from a stream of its own so that the graph
            # around it is the one the seed gave before activations came.
            fn, params = self.activation_rng.choice(ref.ACTIVATION_VARIANTS)
            return self.emit("activation", [x], fn=fn,
                             params=tuple(sorted(params.items())))
        if kind in ("relu", "identity"):
            return self.emit(kind, [x])
        if kind == "identity_conv1x1":
            return self.emit(kind, [x], groups=rng.choice(_divisors(c)),
                             zero=rng.random() < 0.1)
        if kind == "add":
            return self.residual(x)
        if kind == "concat":
            return self.concat(x)
        if kind in ("max_pool2d", "avg_pool2d"):
            return self.pool(x, kind)
        if kind == "adaptive_avg_pool2d":
            return self.adaptive(x)
        # A branch: carry on from an earlier value, which gets another user.
        return rng.choice(self.values4())

    def build(self):
        rng = self.rng
        x = 0
        for _ in range(rng.randint(2, 18)):
            if len(self.graph.nodes) >= MAX_NODES:
                break
            y = self.step(x)
            if y is not None:
                x = y
        if x == 0 or rng.random() < 0.1:
            x = self.conv(x) or self.emit("relu", [x])
        if rng.random() < 0.25:
            x = self.head(x) or x
        outputs = [x]
        if rng.random() < 0.35:
            others = [u for u in self.shapes if u not in outputs and
                      (u != 0 or rng.random() < 0.1)]
            for _ in range(rng.randint(1, 2)):
                if others:
                    outputs.append(rng.choice(others))
            if rng.random() < 0.1:
                outputs.append(rng.choice(outputs))
            rng.shuffle(outputs)
        self.graph.outputs = outputs
        return self.graph.prune()


def generate(seed):
    """The random graph of `seed`."""
    graph = _Builder(seed).build()
    graph.shapes()
    return graph


# --- Emission: nnid IR and PyTorch's results ------------------------------


def _rms(t):
    return max(t.pow(2).mean().sqrt().item(), 0.05) if t.numel() else 1.0


class _Emitter:
    """Turns a Graph into a references.Case, drawing each node's tensors.

    With `weights` (a previous emitter's), it reuses those weights and
    computes in `dtype`; its IR is then thrown away.
    """

    def __init__(self, graph, name, description, weights=None,
                 dtype=torch.float32):
        self.graph = graph
        self.case = ref.Case(name, description, graph.dynamic_batch)
        self.weights = {} if weights is None else weights
        self.reuse = weights is not None
        self.dtype = dtype

    def param(self, node, suffix, tensor):
        """The weight `suffix` of `node`: an argument or a constant."""
        name = f"{PARAMETER_PREFIX[node.kind]}{node.uid}.{suffix}"
        if self.reuse:
            tensor = self.weights[name].to(self.dtype)
        else:
            tensor = tensor.to(torch.float32).contiguous()
            self.weights[name] = tensor
        if not node.attrs.get("frozen"):
            return self.case.arg(name, tensor), tensor
        ssa = "%" + name.replace(".", "_")
        if not self.reuse:
            self.case.body.append(
                f"  {ssa} = arith.constant dense<{ref.dense(tensor)}> : "
                f"{ref.ty(tensor.shape)}")
        return ssa, tensor

    def run(self):
        case, graph = self.case, self.graph
        generator = torch.Generator().manual_seed(graph.data_seed)
        x = torch.randn(graph.input_shape, generator=generator)
        x = x.to(self.dtype)
        values = {0: (case.arg("x", x, True), x)}
        for node in graph.live_nodes()[1:]:
            operands = [values[u] for u in node.inputs]
            values[node.uid] = getattr(self, node.kind)(node, operands)
        case.ret(*[values[u] for u in graph.outputs])
        return case

    @staticmethod
    def generator(node):
        return torch.Generator().manual_seed(node.attrs["seed"])

    def conv2d(self, node, operands):
        (x,) = operands
        a = node.attrs
        cin, groups = x[1].shape[1], a["groups"]
        shape = (a["out"], cin // groups) + tuple(a["kernel"])
        gen = self.generator(node)
        if a.get("identity_kernel"):
            weight = torch.zeros(shape)
            for i in range(a["out"]):
                weight[i, i % (cin // groups), 0, 0] = 1.0
        else:
            fan_in = shape[1] * shape[2] * shape[3]
            weight = torch.randn(shape, generator=gen) / (
                math.sqrt(fan_in) * _rms(x[1]))
        weight = self.param(node, "weight", weight)
        bias = None
        if a["bias"]:
            bias = self.param(node, "bias",
                              0.2 * torch.randn(a["out"], generator=gen))
        return ref.conv2d(self.case, x, weight, bias, stride=a["stride"],
                          padding=a["padding"], dilation=a["dilation"],
                          groups=groups)

    def identity_conv1x1(self, node, operands):
        (x,) = operands
        channels, groups = x[1].shape[1], node.attrs["groups"]
        shape = (channels, channels // groups, 1, 1)
        if node.attrs.get("zero"):
            weight = torch.zeros(shape)
        else:
            weight = 0.3 * torch.randn(shape, generator=self.generator(node)) \
                / math.sqrt(channels // groups)
        return ref.identity_conv1x1(self.case, x,
                                    self.param(node, "weight", weight),
                                    groups)

    def batch_norm(self, node, operands):
        # Statistics near the input's, but never so near that the output
        # is a cancellation (x - mean of a nearly constant channel), which
        # would amplify the rounding of x: the running mean is at most 0.6
        # of the channel's mean and the running variance is near its mean
        # square, so |output| ~ |x| / rms(x).
        (x,) = operands
        t = x[1]
        dims = [d for d in range(t.dim()) if d != 1]
        mean = t.mean(dims)
        square = t.pow(2).mean(dims)
        gen = self.generator(node)
        channels = t.shape[1]
        sign = torch.where(torch.rand(channels, generator=gen) < 0.2, -1.0,
                           1.0)
        weight = sign * (0.5 + torch.rand(channels, generator=gen))
        bias = 0.3 * torch.randn(channels, generator=gen)
        running_mean = 0.6 * torch.rand(channels, generator=gen) * mean + \
            0.1 * torch.randn(channels, generator=gen) * square.sqrt()
        running_var = square.clamp(min=0.05) * (
            0.6 + torch.rand(channels, generator=gen))
        params = [self.param(node, s, v) for s, v in (
            ("weight", weight), ("bias", bias), ("running_mean", running_mean),
            ("running_var", running_var))]
        return ref.batch_norm(self.case, x, params,
                              eps=node.attrs.get("eps", 1e-5))

    def relu(self, node, operands):
        return ref.relu(self.case, operands[0])

    def activation(self, node, operands):
        return ref.activation(self.case, operands[0], node.attrs["fn"],
                              **dict(node.attrs["params"]))

    def identity(self, node, operands):
        return ref.identity(self.case, operands[0])

    def add(self, node, operands):
        return ref.add(self.case, operands[0], operands[1])

    def concat(self, node, operands):
        return ref.concat(self.case, operands, node.attrs.get("axis", 1))

    def max_pool2d(self, node, operands):
        a = node.attrs
        return ref.max_pool2d(self.case, operands[0], a["kernel"],
                              a.get("stride"), a.get("padding", NO_PADDING),
                              a.get("dilation", (1, 1)),
                              a.get("ceil_mode", False))

    def avg_pool2d(self, node, operands):
        a = node.attrs
        return ref.avg_pool2d(self.case, operands[0], a["kernel"],
                              a.get("stride"), a.get("padding", NO_PADDING),
                              a.get("ceil_mode", False),
                              a.get("count_include_pad", True))

    def adaptive_avg_pool2d(self, node, operands):
        return ref.adaptive_avg_pool2d(self.case, operands[0],
                                       node.attrs["size"])

    def flatten(self, node, operands):
        return ref.flatten(self.case, operands[0])

    def linear(self, node, operands):
        (x,) = operands
        a = node.attrs
        features = x[1].shape[1]
        gen = self.generator(node)
        weight = torch.randn(a["out"], features, generator=gen) / (
            math.sqrt(features) * _rms(x[1]))
        weight = self.param(node, "weight", weight)
        bias = None
        if a["bias"]:
            bias = self.param(node, "bias",
                              0.2 * torch.randn(a["out"], generator=gen))
        return ref.linear(self.case, x, weight, bias)


def plural(count, word):
    return f"{count} {word}" + ("" if count == 1 else "s")


def describe(graph):
    n, c, h, w = graph.input_shape
    batch = f"?({n})" if graph.dynamic_batch else str(n)
    return (f"random graph, seed {graph.seed}: input {batch}x{c}x{h}x{w}, "
            f"{plural(graph.op_count(), 'op')} ({graph.summary()}), "
            f"{plural(len(graph.outputs), 'result')}")


def build_case(graph, name):
    """The references.Case of `graph`, with PyTorch's results.

    The weights are drawn in float32 (they are what the IR and the
    .safetensors file hold); the expected results are PyTorch's on those
    float32 values computed in float64, then rounded to float32, so the
    tolerance measures the rounding of the code under test alone.
    """
    graph.shapes()
    with torch.no_grad():
        emitter = _Emitter(graph, name, describe(graph))
        case = emitter.run()
        exact = _Emitter(graph, name, "", emitter.weights,
                         torch.float64).run()
    case.results = [(ssa, t.to(torch.float32)) for (ssa, _), (_, t)
                    in zip(case.results, exact.results)]
    return case


_exporter = None


def write_case(graph, directory, name=None):
    """Writes <name>.mlir and <name>.safetensors; returns the .mlir path."""
    global _exporter
    if _exporter is None:
        _exporter = ref.load_exporter()
    name = name or f"rg{graph.seed}"
    os.makedirs(directory, exist_ok=True)
    ref.write_data(build_case(graph, name), directory, _exporter)
    return os.path.join(directory, name + ".mlir")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--verbose", action="store_true",
                        help="print each graph's summary")
    args = parser.parse_args(argv)
    for seed in range(args.seed, args.seed + args.count):
        graph = generate(seed)
        path = write_case(graph, args.out)
        if args.verbose:
            print(f"{path}: {describe(graph)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
