#!/usr/bin/python3
"""Writes a PyTorch module as a network of nnid's C++ DSL.

Usage:
  nnid-from-torch.py MODULE --input-shape 1,3,224,224 -o NET.h
                     [--weights NET.safetensors] [--namespace NAME]
                     [--example-data DATA.safetensors] [--seed N]

MODULE is a constructor expression, either with an import path,
`torchvision.models.resnet18()`, or after a Python file that defines it,
`models.py:MyModel()`. The module is put in eval mode and traced with
torch.fx, one module of its hierarchy at a time, on inputs of the given
shape (`N,3,224,224` leaves the batch dynamic). The tool writes

  NET.h               the network in the DSL (nnid/DSL/NN.h): NAME::Network,
                      NAME::Model (the network on that input) and a
                      static_assert of the output shape. The module
                      hierarchy is kept (Named, Sequential), forward()s are
                      recognised as chains, residual sums and
                      concatenations, and the instances of one class become
                      one alias template used several times.
  NET.safetensors     the parameters, named as the state_dict names them,
                      in the order the DSL model lists them (--weights).
  DATA.safetensors    a random input ("input") and the module's output on
                      it ("expected"), with the tolerance as metadata
                      (--example-data).

When a forward() does something the DSL cannot express (an op it has no
layer for, a module called on two inputs, control flow on a tensor), the
tool writes nothing, lists every such node with its module path, op and
target, and exits with status 1.

Run with Debian's python3 (torch, torchvision). Needs nothing else.
"""

import argparse
import importlib
import importlib.util
import inspect
import operator
import os
import re
import shutil
import subprocess
import sys
import textwrap
import traceback
from collections import OrderedDict

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.passes.shape_prop import ShapeProp, TensorMetadata

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORTER = os.path.join(HERE, "nnid-export-safetensors.py")

# nnid and PyTorch agree within RTOL * |torch| + ATOL (the examples' bound).
RTOL = 1e-4
ATOL = 1e-4

# Names of the DSL that a generated alias must not hide.
DSL_NAMES = {
    "Conv2d", "BatchNorm2d", "BatchNorm1d", "ReLU", "ReLU6", "Hardtanh",
    "Sigmoid", "SiLU", "Hardsigmoid", "Hardswish", "GELU", "LeakyReLU", "ELU",
    "SELU", "Softplus", "Softsign", "Tanh", "MaxPool2d", "AvgPool2d",
    "AdaptiveAvgPool2d", "Linear", "Flatten", "Dropout", "Identity",
    "ZeroPad2d", "IdentityBasedConv1x1", "Sequential", "Named", "Chain",
    "Residual", "Sum", "Concat", "Module", "Model", "Input", "Shape", "Pair",
    "Network", "RepVGGBlock", "DiverseBranchBlock", "Gate",
    "SqueezeExcitation",
}


class Unsupported(Exception):
    """A node or module the DSL cannot express."""


# --------------------------------------------------------------------------
# The DSL as a tree.

class Lit:
    """A template argument: `kind` is int, pair, float, bool or str;
    `field` names what it is (In, Stride, ...)."""

    def __init__(self, value, kind, field):
        self.value = value
        self.kind = kind
        self.field = field


class Param:
    """A template parameter of an alias, in place of a literal."""

    def __init__(self, name):
        self.name = name


class Term:
    """A DSL type. `kind` is layer (name, args), named (name, one child),
    sequential, chain, sum, concat (args: the axis), residual (body and an
    optional shortcut), gate (the scale), module (one child; args: attribute names), ref (an
    alias: name, args) or instance (a custom module awaiting its alias)."""

    def __init__(self, kind, name="", args=(), children=(), defaults=()):
        self.kind = kind
        self.name = name
        self.args = list(args)
        self.children = list(children)
        # For layers: the default of each argument (None: no default).
        self.defaults = list(defaults)
        self.instance = None


def lit_int(value, field):
    return Lit(int(value), "int", field)


def lit_pair(value, field):
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise Unsupported(f"{field} {value!r} is not a pair")
        return Lit((int(value[0]), int(value[1])), "pair", field)
    return Lit((int(value), int(value)), "pair", field)


def lit_float(value, field):
    return Lit(float(value), "float", field)


def lit_bool(value, field):
    return Lit(bool(value), "bool", field)


def layer(name, *args, defaults=()):
    defaults = list(defaults) + [None] * (len(args) - len(defaults))
    return Term("layer", name, args, defaults=defaults)


def named(name, child):
    return Term("named", name, children=[child])


# --------------------------------------------------------------------------
# Leaf modules and functions.

def conv2d(m):
    if m.padding_mode != "zeros":
        raise Unsupported(f"padding_mode={m.padding_mode!r} (only 'zeros')")
    padding = m.padding
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0, 0)
        else:
            sizes = [d * (k - 1) for d, k in zip(m.dilation, m.kernel_size)]
            if any(s % 2 for s in sizes):
                raise Unsupported("padding='same' is not symmetric here")
            padding = tuple(s // 2 for s in sizes)
    return layer("Conv2d", lit_int(m.in_channels, "In"),
                 lit_int(m.out_channels, "Out"),
                 lit_pair(m.kernel_size, "Kernel"),
                 lit_pair(m.stride, "Stride"), lit_pair(padding, "Padding"),
                 lit_pair(m.dilation, "Dilation"),
                 lit_int(m.groups, "Groups"),
                 lit_bool(m.bias is not None, "Bias"),
                 defaults=[None, None, None, (1, 1), (0, 0), (1, 1), 1, True])


def batch_norm(name):
    def convert(m):
        if not m.affine or not m.track_running_stats:
            raise Unsupported("a batch norm without affine parameters or "
                              "running statistics")
        return layer(name, lit_int(m.num_features, "Features"),
                     lit_float(m.eps, "Eps"), defaults=[None, 1e-5])
    return convert


def max_pool2d_layer(kernel, stride, padding, dilation, ceil_mode):
    kernel = lit_pair(kernel, "Kernel")
    stride = lit_pair(stride if stride not in (None, ()) else kernel.value,
                      "Stride")
    return layer("MaxPool2d", kernel, stride, lit_pair(padding, "Padding"),
                 lit_pair(dilation, "Dilation"),
                 lit_bool(ceil_mode, "CeilMode"),
                 defaults=[None, kernel.value, (0, 0), (1, 1), False])


def max_pool2d(m):
    if m.return_indices:
        raise Unsupported("return_indices=True")
    return max_pool2d_layer(m.kernel_size, m.stride, m.padding, m.dilation,
                            m.ceil_mode)


def avg_pool2d_layer(kernel, stride, padding, ceil_mode, count_include_pad,
                     divisor_override):
    if divisor_override is not None:
        raise Unsupported("divisor_override")
    kernel = lit_pair(kernel, "Kernel")
    stride = lit_pair(stride if stride not in (None, ()) else kernel.value,
                      "Stride")
    return layer("AvgPool2d", kernel, stride, lit_pair(padding, "Padding"),
                 lit_bool(ceil_mode, "CeilMode"),
                 lit_bool(count_include_pad, "CountIncludePad"),
                 defaults=[None, kernel.value, (0, 0), False, True])


def avg_pool2d(m):
    return avg_pool2d_layer(m.kernel_size, m.stride, m.padding, m.ceil_mode,
                            m.count_include_pad, m.divisor_override)


def adaptive_avg_pool2d_layer(size):
    if isinstance(size, int):
        size = (size, size)
    if any(s is None for s in size):
        raise Unsupported(f"output_size {size!r} keeps a dimension")
    h, w = (int(s) for s in size)
    return layer("AdaptiveAvgPool2d", lit_int(h, "OutH"), lit_int(w, "OutW"),
                 defaults=[None, h])


def linear(m):
    return layer("Linear", lit_int(m.in_features, "In"),
                 lit_int(m.out_features, "Out"),
                 lit_bool(m.bias is not None, "Bias"),
                 defaults=[None, None, True])


def flatten_layer(start, end):
    return layer("Flatten", lit_int(start, "StartDim"),
                 lit_int(end, "EndDim"), defaults=[1, -1])


def hardtanh_layer(min_val, max_val):
    if float(min_val) == 0.0 and float(max_val) == 6.0:
        return layer("ReLU6")
    return layer("Hardtanh", lit_float(min_val, "MinVal"),
                 lit_float(max_val, "MaxVal"), defaults=[-1.0, 1.0])


def gelu_layer(approximate):
    return layer("GELU", Lit(approximate, "str", "Approximate"),
                 defaults=["none"])


def zero_pad2d(m):
    left, right, top, bottom = m.padding
    if left != right or top != bottom:
        raise Unsupported(f"an asymmetric padding {tuple(m.padding)}")
    return layer("ZeroPad2d", lit_pair((top, left), "Padding"))


def identity_based_conv1x1(m):
    return layer("IdentityBasedConv1x1", lit_int(m.in_channels, "Channels"),
                 lit_int(m.groups, "Groups"), defaults=[None, 1])


def simple(name):
    return lambda m: layer(name)


LEAF_MODULES = {
    nn.Conv2d: conv2d,
    nn.BatchNorm2d: batch_norm("BatchNorm2d"),
    nn.BatchNorm1d: batch_norm("BatchNorm1d"),
    nn.MaxPool2d: max_pool2d,
    nn.AvgPool2d: avg_pool2d,
    nn.AdaptiveAvgPool2d: lambda m: adaptive_avg_pool2d_layer(m.output_size),
    nn.Linear: linear,
    nn.Flatten: lambda m: flatten_layer(m.start_dim, m.end_dim),
    nn.Dropout: lambda m: layer("Dropout", lit_float(m.p, "P"),
                                defaults=[0.5]),
    nn.Identity: simple("Identity"),
    nn.ReLU: simple("ReLU"),
    nn.ReLU6: simple("ReLU6"),
    nn.Hardtanh: lambda m: hardtanh_layer(m.min_val, m.max_val),
    nn.Sigmoid: simple("Sigmoid"),
    nn.SiLU: simple("SiLU"),
    nn.Hardsigmoid: simple("Hardsigmoid"),
    nn.Hardswish: simple("Hardswish"),
    nn.SELU: simple("SELU"),
    nn.Softsign: simple("Softsign"),
    nn.Tanh: simple("Tanh"),
    nn.GELU: lambda m: gelu_layer(m.approximate),
    nn.LeakyReLU: lambda m: layer("LeakyReLU",
                                  lit_float(m.negative_slope, "NegativeSlope"),
                                  defaults=[0.01]),
    nn.ELU: lambda m: layer("ELU", lit_float(m.alpha, "Alpha"),
                            defaults=[1.0]),
    nn.Softplus: lambda m: layer("Softplus", lit_float(m.beta, "Beta"),
                                 lit_float(m.threshold, "Threshold"),
                                 defaults=[1.0, 20.0]),
    nn.ZeroPad2d: zero_pad2d,
}


def leaf_converter(m):
    """The converter of a module the DSL has a layer for, or None."""
    cls = type(m)
    if cls.__name__ == "IdentityBasedConv1x1" and isinstance(m, nn.Conv2d):
        return identity_based_conv1x1
    if (cls.__module__.startswith("torchvision.ops")
            and cls.__name__ == "StochasticDepth" and not m.training):
        # torchvision.ops.StochasticDepth: the identity in eval mode.
        return simple("Identity")
    if cls in LEAF_MODULES:
        return LEAF_MODULES[cls]
    # A subclass that keeps its base's forward() computes what it does.
    for base, convert in LEAF_MODULES.items():
        if isinstance(m, base) and cls.forward is base.forward:
            return convert
    return None


def arg(node, index, name, default):
    """Argument `name` of a call node, positional at `index`."""
    if len(node.args) > index:
        return node.args[index]
    return node.kwargs.get(name, default)


def _flatten_call(node):
    return flatten_layer(arg(node, 1, "start_dim", 0),
                         arg(node, 2, "end_dim", -1))


def _dropout_call(node):
    if arg(node, 2, "training", True):
        raise Unsupported("dropout in training mode")
    return None


FUNCTIONS = {
    torch.relu: lambda n: layer("ReLU"),
    torch.relu_: lambda n: layer("ReLU"),
    F.relu: lambda n: layer("ReLU"),
    F.relu6: lambda n: layer("ReLU6"),
    F.hardtanh: lambda n: hardtanh_layer(arg(n, 1, "min_val", -1.0),
                                         arg(n, 2, "max_val", 1.0)),
    torch.sigmoid: lambda n: layer("Sigmoid"),
    F.sigmoid: lambda n: layer("Sigmoid"),
    torch.tanh: lambda n: layer("Tanh"),
    F.tanh: lambda n: layer("Tanh"),
    F.silu: lambda n: layer("SiLU"),
    F.hardsigmoid: lambda n: layer("Hardsigmoid"),
    F.hardswish: lambda n: layer("Hardswish"),
    F.selu: lambda n: layer("SELU"),
    F.softsign: lambda n: layer("Softsign"),
    F.gelu: lambda n: gelu_layer(arg(n, 1, "approximate", "none")),
    F.leaky_relu: lambda n: layer(
        "LeakyReLU", lit_float(arg(n, 1, "negative_slope", 0.01),
                               "NegativeSlope"), defaults=[0.01]),
    F.elu: lambda n: layer("ELU", lit_float(arg(n, 1, "alpha", 1.0),
                                            "Alpha"), defaults=[1.0]),
    F.softplus: lambda n: layer(
        "Softplus", lit_float(arg(n, 1, "beta", 1.0), "Beta"),
        lit_float(arg(n, 2, "threshold", 20.0), "Threshold"),
        defaults=[1.0, 20.0]),
    torch.flatten: _flatten_call,
    F.adaptive_avg_pool2d: lambda n: adaptive_avg_pool2d_layer(
        arg(n, 1, "output_size", None)),
    F.max_pool2d: lambda n: max_pool2d_layer(
        arg(n, 1, "kernel_size", None), arg(n, 2, "stride", None),
        arg(n, 3, "padding", 0), arg(n, 4, "dilation", 1),
        arg(n, 5, "ceil_mode", False)),
    F.avg_pool2d: lambda n: avg_pool2d_layer(
        arg(n, 1, "kernel_size", None), arg(n, 2, "stride", None),
        arg(n, 3, "padding", 0), arg(n, 4, "ceil_mode", False),
        arg(n, 5, "count_include_pad", True),
        arg(n, 6, "divisor_override", None)),
    F.dropout: _dropout_call,
}

METHODS = {
    "relu": lambda n: layer("ReLU"),
    "relu_": lambda n: layer("ReLU"),
    "sigmoid": lambda n: layer("Sigmoid"),
    "tanh": lambda n: layer("Tanh"),
    "flatten": _flatten_call,
    "contiguous": lambda n: None,
}

ADDS = {operator.add, operator.iadd, torch.add}
ADD_METHODS = {"add", "add_", "__add__", "__iadd__"}
MULS = {operator.mul, operator.imul, torch.mul}
MUL_METHODS = {"mul", "mul_", "__mul__", "__imul__"}
CATS = {torch.cat, torch.concat} if hasattr(torch, "concat") else {torch.cat}


def target_name(node):
    """How a node's target reads in a report."""
    target = node.target
    if node.op == "call_function":
        module = getattr(target, "__module__", None) or ""
        name = getattr(target, "__name__", str(target))
        if module in ("_operator", "operator"):
            return f"operator.{name}"
        if module.startswith("torch") or module == "":
            if target in vars(torch).values():
                return f"torch.{name}"
            if target in vars(F).values():
                return f"torch.nn.functional.{name}"
        return f"{module}.{name}" if module else name
    if node.op == "call_method":
        return f"Tensor.{target}"
    return str(target)


# --------------------------------------------------------------------------
# Tracing one module at a time.

class ChildrenAsLeaves(torch.fx.Tracer):
    """Traces a module's own forward(): every submodule call is a node."""

    def __init__(self):
        super().__init__()
        self.record_stack_traces = True

    def is_leaf_module(self, m, qualname):
        return True


def tensor_meta(node):
    return node.meta.get("tensor_meta")


def tensor_inputs(node):
    """The inputs of a node that are tensors (not sizes or constants)."""
    return [n for n in node.all_input_nodes
            if isinstance(tensor_meta(n), TensorMetadata)]


class Converter:
    """Builds the DSL tree of a module, one module of its hierarchy at a
    time, and collects what it cannot express."""

    def __init__(self, root, input_shapes):
        self.root = root
        self.input_shapes = input_shapes
        self.problems = []
        # Custom modules, in the order their trees were completed:
        # (class key, tree, path).
        self.instances = []
        self.terms = {}

    def problem(self, path, module, what, reason):
        where = path or "<root>"
        self.problems.append(
            f"{where} ({type(module).__name__}): {what}: {reason}")

    def convert(self, m, path):
        """The DSL term of module `m` at `path`, or None after a problem.
        A module called several times has one term."""
        if id(m) not in self.terms:
            self.terms[id(m)] = self.convert_once(m, path)
        return self.terms[id(m)]

    def convert_once(self, m, path):
        convert = leaf_converter(m)
        if convert is not None:
            try:
                return convert(m)
            except Unsupported as error:
                self.problem(path, m, f"module {type(m).__name__}", error)
                return None
        if type(m).forward is nn.Sequential.forward:
            term = self.sequential(m, path)
        elif type(m).forward in (nn.ModuleList.forward, nn.ModuleDict.forward):
            self.problem(path, m, "module", "a container that is not called")
            return None
        else:
            term = self.traced(m, path)
        if term is None:
            return None
        if type(m) is nn.Sequential:
            return term
        instance = Term("instance", name=type(m).__name__, children=[term])
        instance.instance = len(self.instances)
        self.instances.append((type(m), term, path))
        return instance

    def sequential(self, m, path):
        children = []
        by_index = all(name == str(i)
                       for i, (name, _) in enumerate(m.named_children()))
        ok = True
        for name, child in m.named_children():
            term = self.convert(child, join(path, name))
            if term is None:
                ok = False
                continue
            children.append(term if by_index else named(name, term))
        if not ok:
            return None
        if not children:
            return layer("Identity")
        return Term("sequential", children=children)

    def traced(self, m, path):
        shape = self.input_shapes.get(id(m))
        if shape is None:
            self.problem(path, m, "module", "forward() is never called on a "
                         "single tensor")
            return None
        try:
            graph = ChildrenAsLeaves().trace(m)
            gm = torch.fx.GraphModule(m, graph)
            with torch.no_grad():
                ShapeProp(gm).propagate(torch.randn(*shape))
        except Exception as error:
            message = str(error).strip().splitlines()
            message = message[0] if message else type(error).__name__
            if len(message) > 100 and ". " in message:
                message = message[:message.index(". ") + 1]
            frames = traceback.extract_tb(error.__traceback__)
            source = source_file(m)
            mine = [f for f in frames if f.filename == source]
            where = ""
            if mine:
                frame = mine[-1]
                where = (f" (at {os.path.basename(frame.filename)}:"
                         f"{frame.lineno}: {(frame.line or '').strip()})")
            self.problem(path, m, "torch.fx cannot trace forward()",
                         f"{type(error).__name__}: {message}{where}")
            return None
        return GraphConverter(self, m, path, gm).convert()


def source_file(m):
    """The file that defines the class of module m, or None."""
    try:
        return inspect.getsourcefile(type(m))
    except TypeError:
        return None


def source_line(stack_trace, source):
    """ " (at file.py:12: code)": where in `source` (the module's file) a
    node's stack trace passes, or ""."""
    matches = re.findall(r'File "([^"]+)", line (\d+), in \S+\n\s*(.*)',
                         stack_trace)
    matches = [m for m in matches if m[0] == source]
    if not matches:
        return ""
    filename, line, code = matches[-1]
    return f" (at {os.path.basename(filename)}:{line}: {code.strip()})"


def join(path, name):
    return f"{path}.{name}" if path else name


class GraphConverter:
    """The DSL term of one traced forward()."""

    def __init__(self, converter, module, path, gm):
        self.converter = converter
        self.module = module
        self.path = path
        self.gm = gm
        self.nodes = list(gm.graph.nodes)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        self.ok = True

    def problem(self, node, reason):
        self.ok = False
        where = source_line(node.stack_trace or "", source_file(self.module))
        self.converter.problem(
            self.path, self.module,
            f"node {node.name} ({node.op} {target_name(node)})",
            f"{reason}{where}")

    def convert(self):
        inputs = [n for n in self.nodes if n.op == "placeholder"]
        outputs = [n for n in self.nodes if n.op == "output"]
        if len(inputs) != 1:
            self.converter.problem(self.path, self.module, "forward()",
                                   f"takes {len(inputs)} inputs, not one")
            return None
        output = outputs[0].args[0]
        if (not isinstance(output, torch.fx.Node)
                or tensor_meta(output) is None):
            self.problem(outputs[0], "forward() must return one tensor")
            return None
        self.input = inputs[0]
        self.dominators()
        for node in self.nodes:
            if node.op == "get_attr":
                self.problem(node, "reads a parameter or buffer directly, "
                             "outside a layer the DSL knows")
        body = self.express(self.input, output)
        if not self.ok or body is None:
            return None
        term = chain(body)
        return self.order_attributes(term)

    def dominators(self):
        """dom[n]: the tensor nodes every path from the input to n visits."""
        self.dom = {}
        for node in self.nodes:
            if node is self.input:
                self.dom[node] = {node}
                continue
            preds = [p for p in tensor_inputs(node) if p in self.dom]
            if not preds:
                continue
            common = set.intersection(*(self.dom[p] for p in preds))
            self.dom[node] = common | {node}

    def fork(self, branches):
        """The nearest node that dominates every branch."""
        common = set.intersection(*(self.dom[b] for b in branches))
        return max(common, key=lambda n: self.index[n])

    def express(self, start, node):
        """The layers computing `node` from `start`, as a list."""
        if node is start:
            return []
        if node not in self.dom:
            self.problem(node, "does not depend on the input")
            return []
        if node.op == "placeholder":
            self.problem(node, "is not on a path from the input")
            return []
        inputs = tensor_inputs(node)
        join_term = self.join(node, inputs)
        if join_term is not None:
            branches, kind, extra = join_term
            fork = self.fork(branches)
            before = self.express(start, fork)
            parts = [chain(self.express(fork, b), in_branch=True)
                     for b in branches]
            term = self.combine(kind, extra, parts, node, fork, branches)
            return before + ([term] if term is not None else [])
        if len(inputs) != 1:
            self.problem(node, f"takes {len(inputs)} tensors; the DSL "
                         "combines tensors only by +, torch.cat and "
                         "x * f(x)")
            return []
        before = self.express(start, inputs[0])
        try:
            term = self.op(node, inputs[0])
        except Unsupported as error:
            self.problem(node, error)
            return before
        if term is None:
            return before
        return before + (term if isinstance(term, list) else [term])

    def join(self, node, inputs):
        """(branches, kind, extra) when node adds or concatenates."""
        if ((node.op == "call_function" and node.target in ADDS)
                or (node.op == "call_method" and node.target in ADD_METHODS)):
            args = list(node.args) + list(node.kwargs.values())
            if (len(args) != 2 or
                    not all(isinstance(a, torch.fx.Node) and
                            tensor_meta(a) is not None for a in args)):
                self.problem(node, "adds something other than two tensors")
                return None
            if tensor_meta(args[0]).shape != tensor_meta(args[1]).shape:
                self.problem(node, "adds tensors of different shapes")
                return None
            return list(args), "add", None
        if ((node.op == "call_function" and node.target in MULS)
                or (node.op == "call_method" and node.target in MUL_METHODS)):
            args = list(node.args) + list(node.kwargs.values())
            if (len(args) != 2 or
                    not all(isinstance(a, torch.fx.Node) and
                            tensor_meta(a) is not None for a in args)):
                self.problem(node, "multiplies something other than two "
                             "tensors")
                return None
            return list(args), "mul", None
        if node.op == "call_function" and node.target in CATS:
            tensors = arg(node, 0, "tensors", None)
            dim = arg(node, 1, "dim", 0)
            if not isinstance(tensors, (list, tuple)) or not all(
                    isinstance(t, torch.fx.Node) for t in tensors):
                self.problem(node, "concatenates something other than a "
                             "list of tensors")
                return None
            if not isinstance(dim, int):
                self.problem(node, "the axis is not a constant")
                return None
            return list(tensors), "cat", dim
        return None

    def combine(self, kind, extra, parts, node=None, fork=None,
                branches=()):
        """The term joining the branches `parts` (None: the fork itself)."""
        if kind == "mul":
            # x * f(x), f(x) broadcast to x: a gate.
            scales = [(p, b) for p, b in zip(parts, branches)
                      if p is not None]
            if len(scales) != 1:
                self.problem(node, "a product other than x * f(x); the DSL "
                             "multiplies only by a scale of the input "
                             "(Gate)")
                return None
            scale, branch = scales[0]
            x = list(tensor_meta(fork).shape)
            y = list(tensor_meta(branch).shape)
            if len(x) != len(y) or any(b not in (a, 1) for a, b in zip(x, y)):
                self.problem(node, f"a scale of shape {y} does not broadcast "
                             f"to the input's {x}")
                return None
            return Term("gate", children=[scale])
        if kind == "cat":
            return Term("concat", args=[lit_int(extra, "Axis")],
                        children=[p if p is not None else layer("Identity")
                                  for p in parts])
        nontrivial = [p for p in parts if p is not None]
        if not nontrivial:
            # x + x.
            return Term("sum", children=[layer("Identity"), layer("Identity")])
        # x + f(x) or f(x) + x: Residual<F>. f(x) + g(x): Sum<F, G> for
        # two attributes side by side (re-parameterizable blocks' branches),
        # Residual<F, G> for a body and its shortcut.
        if len(nontrivial) == 2 and all(p.kind == "named"
                                        for p in nontrivial):
            return Term("sum", children=nontrivial)
        return Term("residual", children=nontrivial)

    def op(self, node, source):
        """The layer of a node with one tensor input (None: no layer)."""
        if node.op == "call_module":
            child = self.gm.get_submodule(node.target)
            if len(node.all_input_nodes) != 1 or node.kwargs:
                raise Unsupported("a module called with more than its input")
            path = join(self.path, node.target)
            term = self.converter.convert(child, path)
            if term is None:
                self.ok = False
                return None
            for name in reversed(node.target.split(".")):
                term = named(name, term)
            return term
        if node.op == "call_function":
            convert = FUNCTIONS.get(node.target)
            if convert is None:
                raise Unsupported("the DSL has no layer for it")
            if node.args and node.args[0] is not source:
                raise Unsupported("the tensor is not its first argument")
            return convert(node)
        if node.target in (torch.mean, "mean"):
            return self.mean(node, source)
        if node.op == "call_method":
            if node.target in ("view", "reshape"):
                return self.reshape(node, source)
            convert = METHODS.get(node.target)
            if convert is None:
                raise Unsupported("the DSL has no layer for it")
            return convert(node)
        raise Unsupported("the DSL has no layer for it")

    def mean(self, node, source):
        """x.mean([2, 3]): a global average pool (then a flatten)."""
        rank = len(tensor_meta(source).shape)
        dims = arg(node, 1, "dim", None)
        keepdim = arg(node, 2, "keepdim", False)
        if isinstance(dims, int):
            dims = [dims]
        if rank != 4 or not isinstance(dims, (list, tuple)) or sorted(
                d % 4 for d in dims) != [2, 3] or node.kwargs.get("dtype"):
            raise Unsupported("a mean other than over the spatial "
                              "dimensions of an NCHW tensor")
        pool = adaptive_avg_pool2d_layer(1)
        return [pool] if keepdim else [pool, flatten_layer(1, -1)]

    def reshape(self, node, source):
        before = list(tensor_meta(source).shape)
        after = list(tensor_meta(node).shape)
        flat = 1
        for size in before[1:]:
            flat *= size
        if len(before) >= 2 and after == [before[0], flat]:
            return flatten_layer(1, -1)
        raise Unsupported(f"a reshape from {before} to {after} that is not "
                          "a flatten from dimension 1")

    def order_attributes(self, term):
        """Wraps term in Module<> when forward() uses the attributes in
        another order than __init__ registers them (the state_dict's)."""
        dsl = [name.split(".")[0] for name in parameter_names(term)]
        dsl_order = list(OrderedDict.fromkeys(dsl))
        state = [name.split(".")[0] for name in self.module.state_dict()]
        state_order = [a for a in OrderedDict.fromkeys(state)
                       if a in dsl_order]
        if dsl_order == state_order:
            return term
        return Term("module", args=state_order, children=[term])


def chain(terms, in_branch=False):
    """A list of layers as one term: None for none (the identity)."""
    if not terms:
        return None if in_branch else layer("Identity")
    if len(terms) == 1 and (in_branch or terms[0].kind != "named"):
        return terms[0]
    return Term("chain", children=terms)


# --------------------------------------------------------------------------
# Parameters, as the DSL names and orders them.

LAYER_PARAMETERS = {
    "Conv2d": lambda args: ["weight"] + (["bias"] if args[7].value else []),
    "Linear": lambda args: ["weight"] + (["bias"] if args[2].value else []),
    "BatchNorm2d": lambda args: ["weight", "bias", "running_mean",
                                 "running_var", "num_batches_tracked"],
    "IdentityBasedConv1x1": lambda args: ["weight"],
}
LAYER_PARAMETERS["BatchNorm1d"] = LAYER_PARAMETERS["BatchNorm2d"]


def parameter_names(term, prefix=""):
    """Every parameter name of term, in the DSL's order, each once."""
    names = []
    _collect(term, prefix, names)
    return list(OrderedDict.fromkeys(names))


def _collect(term, prefix, names):
    if term is None:
        return
    if term.kind == "layer":
        for name in LAYER_PARAMETERS.get(term.name, lambda a: [])(term.args):
            names.append(prefix + name)
    elif term.kind == "named":
        _collect(term.children[0], f"{prefix}{term.name}.", names)
    elif term.kind == "sequential":
        for i, child in enumerate(term.children):
            child_prefix = prefix if child.kind == "named" else f"{prefix}{i}."
            _collect(child, child_prefix, names)
    elif term.kind == "module":
        inner = []
        _collect(term.children[0], prefix, inner)
        for attribute in term.args:
            for name in inner:
                if name[len(prefix):].split(".")[0] == attribute:
                    names.append(name)
    else:
        for child in term.children:
            _collect(child, prefix, names)


# --------------------------------------------------------------------------
# Alias templates: the instances of one class.

def skeleton(term):
    """The structure of a resolved term, without its literal values."""
    if term is None:
        return None
    args = tuple(a.kind if isinstance(a, Lit) else a for a in term.args)
    return (term.kind, term.name, args,
            tuple(skeleton(c) for c in term.children))


def literals(term, path, out, branches=()):
    """(literal, path of the Named layers above it, the concat branches it
    is in) in order."""
    if term is None:
        return
    for a in term.args:
        if isinstance(a, Lit):
            out.append((a, path, branches))
    if term.kind == "named":
        path = path + [term.name]
    for i, child in enumerate(term.children):
        inner = branches + ((id(term), i),) if term.kind == "concat" else \
            branches
        child_path = path
        if term.kind == "sequential" and child is not None and \
                child.kind != "named":
            child_path = path + [str(i)]
        literals(child, child_path, out, inner)


def parallel(a, b):
    """Whether two literal positions are in different branches of one
    concatenation: their output widths are the branches' own."""
    left = dict(a)
    return any(k in left and left[k] != i for k, i in b)


def camel(words):
    """["branch2", "0", "Out"] as Branch2_0Out."""
    text = ""
    for word in re.split(r"[^0-9A-Za-z]+", "_".join(words)):
        if not word:
            continue
        if text and text[-1].isdigit() and word[0].isdigit():
            text += "_"
        text += word[:1].upper() + word[1:]
    return text


def substitute(term, mapping):
    """A copy of term with the literals in `mapping` (by id) replaced."""
    if term is None:
        return None
    copy = Term(term.kind, term.name,
                [mapping.get(id(a), a) if isinstance(a, Lit) else a
                 for a in term.args],
                [substitute(c, mapping) for c in term.children],
                term.defaults)
    return copy


# Fields that are widths, which no parameter defaults to.
WIDTHS = {"In", "Out", "Features", "Channels", "OutH", "OutW"}


class Alias:
    def __init__(self, name, cls, params, body, paths):
        self.name = name
        self.cls = cls
        self.params = params  # [(name, kind)]
        self.body = body
        self.paths = paths


def resolve(term, resolved):
    """term with every instance replaced by its alias reference."""
    if term is None:
        return None
    if term.kind == "instance":
        return resolved[term.instance]
    return Term(term.kind, term.name, term.args,
                [resolve(c, resolved) for c in term.children], term.defaults)


def nested_instances(term, out):
    """The instance indices inside term (not term itself)."""
    for child in term.children if term is not None else []:
        if child is None:
            continue
        if child.kind == "instance":
            out.append(child.instance)
        else:
            nested_instances(child, out)


def named_layers(term, out):
    """The names of every Named layer in term."""
    if term is None:
        return
    if term.kind == "named":
        out.add(term.name)
    for child in term.children:
        named_layers(child, out)


def make_aliases(instances, root_index):
    """Groups the instances of each class by structure into aliases.
    Returns (aliases in dependency order, resolved term of each instance)."""
    resolved = {}
    aliases = []
    used_names = set()
    classes = list(OrderedDict.fromkeys(c for c, _, _ in instances))
    pending = list(classes)
    while pending:
        # A class whose instances contain only resolved instances.
        for cls in pending:
            nested = []
            for i, (c, term, _) in enumerate(instances):
                if c is cls:
                    nested_instances(term, nested)
            if all(n in resolved for n in nested):
                break
        pending.remove(cls)
        members = [i for i, (c, _, _) in enumerate(instances)
                   if c is cls and i != root_index]
        if not members:
            continue
        groups = OrderedDict()
        for i in members:
            body = resolve(instances[i][1], resolved)
            groups.setdefault(skeleton(body), []).append((i, body))
        first_names = None
        for number, group in enumerate(groups.values()):
            base = cls.__name__.lstrip("_") or "Block"
            if base in DSL_NAMES:
                base += "Block"
            attributes = set()
            named_layers(group[0][1], attributes)
            if first_names is None:
                first_names = attributes
                name = base
            else:
                extra = sorted(attributes - first_names)
                fewer = sorted(first_names - attributes)
                if extra:
                    name = base + "With" + camel(extra[:2])
                elif fewer:
                    name = base + "Without" + camel(fewer[:2])
                else:
                    name = f"{base}{number + 1}"
            while name in used_names:
                name += "_"
            used_names.add(name)
            alias, args, defaults = generalize(name, cls, group, instances)
            aliases.append(alias)
            for (i, _), values in zip(group, args):
                resolved[i] = Term("ref", name, values, defaults=defaults)
    return aliases, resolved


def generalize(name, cls, group, instances):
    """The alias of a group of instances of one structure, and the
    arguments each instance passes it."""
    columns = []
    first_lits = []
    for k, (i, body) in enumerate(group):
        found = []
        literals(body, [], found)
        if k == 0:
            first_lits = found
            columns = [[] for _ in found]
        for column, (lit, _, _) in zip(columns, found):
            column.append(lit.value)
    params = []  # (name, kind, column, field)
    mapping = {}
    param_of_column = {}
    taken = set()
    for j, column in enumerate(columns):
        lit, path, branches = first_lits[j]
        if all(v == column[0] for v in column):
            continue
        key = (lit.kind, tuple(column))
        same = [k for k in param_of_column.get(key, [])
                if not (lit.field == "Out" and first_lits[k][0].field == "Out"
                        and parallel(first_lits[k][2], branches))]
        if same:
            mapping[j] = mapping[same[0]]
            continue
        if not params and lit.field in ("In", "Channels", "Features"):
            pname = "In"
        else:
            pname = camel(path + [lit.field]) or lit.field
        if pname in DSL_NAMES or pname in taken or not pname[0].isalpha():
            base = pname if pname[:1].isalpha() else "P" + pname
            n = 2
            while f"{base}{n}" in taken:
                n += 1
            pname = f"{base}{n}"
        taken.add(pname)
        params.append((pname, lit.kind, column, lit.field))
        param_of_column.setdefault(key, []).append(j)
        mapping[j] = pname
    # A field that only one parameter has needs no attribute prefix
    # (Out rather than Conv1Out).
    fields = [p[3] for p in params]
    renamed = {}
    for k, (pname, kind, column, field) in enumerate(params):
        if (pname != "In" and fields.count(field) == 1 and field not in taken
                and field not in DSL_NAMES and field != pname):
            renamed[pname] = field
            taken.add(field)
    params = [(renamed.get(p[0], p[0]),) + p[1:] for p in params]
    mapping = {j: renamed.get(p, p) for j, p in mapping.items()}
    # The body with parameters in place of the varying literals.
    first_body = group[0][1]
    replace = {id(first_lits[j][0]): Param(p) for j, p in mapping.items()}
    body = substitute(first_body, replace)
    kinds = []
    for pname, kind, column, _ in params:
        if kind == "pair" and all(v[0] == v[1] for v in column):
            kind = "square"
        kinds.append((pname, kind))
    # Trailing parameters default to the value most instances pass.
    defaults = [None] * len(params)
    for k in reversed(range(len(params))):
        column = params[k][2]
        common = max(column, key=column.count)
        if (len(group) < 2 or 2 * column.count(common) < len(group)
                or params[k][3] in WIDTHS):
            break
        defaults[k] = common
    args = []
    for k in range(len(group)):
        values = []
        for pname, kind, column, _ in params:
            values.append(Lit(column[k], kind, pname))
        args.append(values)
    paths = [instances[i][2] for i, _ in group]
    declared = [(pname, kind, default) for (pname, kind), default
                in zip(kinds, defaults)]
    return Alias(name, cls, declared, body, paths), args, defaults


# --------------------------------------------------------------------------
# C++.

def render_value(lit):
    v = lit.value
    if lit.kind == "pair":
        if v[0] == v[1]:
            return str(v[0])
        return f"Pair{{{v[0]}, {v[1]}}}"
    if lit.kind == "bool":
        text = "true" if v else "false"
        return f"/*{lit.field}=*/{text}"
    if lit.kind == "float":
        text = repr(float(v))
        if "e" not in text and "." not in text and "inf" not in text:
            text += ".0"
        return text
    if lit.kind == "str":
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(v)


def render_args(term):
    args = list(term.args)
    # Trailing literal arguments at their default are left out.
    while args and term.kind in ("layer", "ref"):
        a = args[-1]
        d = term.defaults[len(args) - 1]
        if isinstance(a, Lit) and d is not None and (
                a.value == d or (a.kind == "pair" and a.value == (d, d))
                or (isinstance(d, tuple) and a.value == d)):
            args.pop()
        else:
            break
    return [a.name if isinstance(a, Param) else render_value(a)
            for a in args]


def render(term):
    if term is None:
        return "Identity"
    kids = [render(c) for c in term.children]
    if term.kind in ("layer", "ref"):
        args = render_args(term)
        if args or term.name in TEMPLATE_LAYERS:
            return f"{term.name}<{', '.join(args)}>"
        return term.name
    if term.kind == "named":
        return f'Named<"{term.name}", {kids[0]}>'
    if term.kind == "sequential":
        return f"Sequential<{', '.join(kids)}>"
    if term.kind == "chain":
        return f"Chain<{', '.join(kids)}>"
    if term.kind == "sum":
        return f"Sum<{', '.join(kids)}>"
    if term.kind == "residual":
        return f"Residual<{', '.join(kids)}>"
    if term.kind == "gate":
        return f"Gate<{kids[0]}>"
    if term.kind == "concat":
        axis = render_args(term)[0]
        return f"Concat<{axis}, {', '.join(kids)}>"
    if term.kind == "module":
        attrs = ", ".join(f'"{a}"' for a in term.args)
        return f"Module<{kids[0]}, {attrs}>"
    raise AssertionError(term.kind)


# Keeps a shape on one line of a comment.
NBSP = "\u00a0"

# Layers that are templates even when every argument is left out.
TEMPLATE_LAYERS = {"Flatten", "Dropout", "GELU", "LeakyReLU", "ELU",
                   "Softplus", "Hardtanh"}

PARAM_TYPES = {"int": "int64_t", "pair": "Pair", "square": "int64_t",
               "float": "double", "bool": "bool", "str": "FixedString"}


def declare(name, kind, default):
    """A template parameter's declaration."""
    text = f"{PARAM_TYPES[kind]} {name}"
    if default is None:
        return text
    value = default
    if kind == "square":
        value = default[0]
    elif kind == "bool":
        value = "true" if default else "false"
    elif kind in ("pair", "float", "str"):
        value = render_value(Lit(default, kind, name))
    return f"{text} = {value}"


def render_shape(dims):
    return ", ".join("kDynamic" if d is None else str(d) for d in dims)


def describe_paths(paths):
    if len(paths) <= 4:
        return ", ".join(paths)
    return ", ".join(paths[:3]) + f", ... ({len(paths)} in all)"


def display_name(spec):
    """The module expression as comments show it: FILE.py:EXPR without the
    file's directory."""
    match = re.match(r"^(.*\.py):(.*)$", spec, re.S)
    if match:
        return f"{os.path.basename(match.group(1))}:{match.group(2)}"
    return spec


def header_text(args, aliases, network, input_dims, output_dims, guard):
    module = display_name(args.module)
    lines = []
    name = os.path.basename(args.output)
    title = f"//===- {name} - a network in nnid's C++ DSL "
    tail = "-*- C++ -*-===//"
    lines.append(title + "-" * max(1, 80 - len(title) - len(tail)) + tail)
    lines.append("//")
    shape = render_shape(input_dims).replace("kDynamic", "N")
    text = (f"`{module}` in eval mode, on inputs of shape "
            f"[{shape.replace(' ', NBSP)}], as nnid-from-torch.py writes it; "
            "its parameters are named as the module's state_dict names them.")
    for line in textwrap.wrap(text, 77, break_long_words=False,
                              break_on_hyphens=False):
        lines.append("// " + line.replace(NBSP, " "))
    lines.append("//")
    lines.append("//===" + "-" * 70 + "===//")
    lines.append("")
    lines.append(f"#ifndef {guard}")
    lines.append(f"#define {guard}")
    lines.append("")
    lines.append('#include "nnid/DSL/NN.h"')
    lines.append("")
    lines.append("#include <cstdint>")
    lines.append("#include <type_traits>")
    lines.append("")
    lines.append(f"namespace {args.namespace} {{")
    lines.append("using namespace nnid::nn;")
    lines.append("")
    for alias in aliases:
        qual = f"{alias.cls.__module__}.{alias.cls.__qualname__}"
        lines.append(f"/// {qual}: {describe_paths(alias.paths)}.")
        if alias.params:
            decl = ", ".join(declare(*p) for p in alias.params)
            lines.append(f"template <{decl}>")
        lines.append(f"using {alias.name} = {render(alias.body)};")
        lines.append("")
    lines.append(f"/// {module}.")
    lines.append(f"using Network = {render(network)};")
    lines.append("")
    lines.append("/// The network on its input.")
    lines.append(f"using Model = nnid::nn::Model<Network, "
                 f"Input<{render_shape(input_dims)}>>;")
    lines.append(f"static_assert(std::is_same_v<Model::OutputShape, "
                 f"Shape<{render_shape(output_dims)}>>);")
    lines.append("")
    lines.append(f"}} // namespace {args.namespace}")
    lines.append("")
    lines.append(f"#endif // {guard}")
    return "\n".join(lines) + "\n"


def clang_format(text):
    tool = shutil.which("clang-format-22") or shutil.which("clang-format")
    if not tool:
        return text
    try:
        result = subprocess.run([tool, "--style={BasedOnStyle: LLVM}",
                                 "--assume-filename=net.h"],
                                input=text, capture_output=True, text=True,
                                check=True)
    except (OSError, subprocess.CalledProcessError):
        return text
    return result.stdout


# --------------------------------------------------------------------------
# The command line.

def build_module(spec):
    """The module `spec` constructs: `pkg.mod.fn(...)` or `FILE.py:EXPR`."""
    match = re.match(r"^(.*\.py):(.*)$", spec, re.S)
    if match:
        path, expression = match.groups()
        name = "nnid_from_torch_" + re.sub(r"\W", "_", os.path.basename(
            path)[:-3])
        loader = importlib.util.spec_from_file_location(name, path)
        if loader is None:
            raise ValueError(f"{path}: not a Python file")
        module = importlib.util.module_from_spec(loader)
        sys.modules[name] = module
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
        loader.loader.exec_module(module)
        namespace = dict(vars(module))
    else:
        expression = spec
        namespace = {"torch": torch, "nn": nn}
        head = re.match(r"^\s*([A-Za-z_][\w.]*)", spec)
        if not head:
            raise ValueError(f"{spec!r}: not a constructor expression")
        parts = head.group(1).split(".")
        top = importlib.import_module(parts[0])
        namespace[parts[0]] = top
        for i in range(2, len(parts)):
            try:
                importlib.import_module(".".join(parts[:i]))
            except ImportError:
                break
    model = eval(expression, namespace)  # The user's constructor.
    if not isinstance(model, nn.Module):
        raise ValueError(f"{spec!r} is a {type(model).__name__}, not a "
                         "torch.nn.Module")
    return model


def parse_shape(text):
    dims = []
    for i, part in enumerate(text.split(",")):
        part = part.strip()
        if i == 0 and part in ("N", "?", "-1", "dynamic"):
            dims.append(None)
            continue
        if not part.isdigit() or int(part) <= 0:
            raise argparse.ArgumentTypeError(
                f"{text!r}: sizes are positive integers; only the batch "
                "may be N")
        dims.append(int(part))
    if len(dims) < 2:
        raise argparse.ArgumentTypeError(f"{text!r}: a batch and a size")
    return dims


def record_input_shapes(model, example):
    """The input shape of every module's first call on `example`."""
    shapes = {}
    handles = []

    def hook(m, inputs):
        if id(m) in shapes:
            return
        if len(inputs) == 1 and isinstance(inputs[0], torch.Tensor):
            shapes[id(m)] = tuple(inputs[0].shape)

    for m in model.modules():
        handles.append(m.register_forward_pre_hook(hook))
    try:
        with torch.no_grad():
            output = model(example)
    finally:
        for h in handles:
            h.remove()
    return shapes, output


def load_exporter():
    spec = importlib.util.spec_from_file_location("nnid_export", EXPORTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n")[1:]))
    parser.add_argument("module", help="`pkg.mod.ctor(...)` or FILE.py:EXPR")
    parser.add_argument("--input-shape", type=parse_shape, required=True,
                        help="e.g. 1,3,224,224 (N,3,224,224: dynamic batch)")
    parser.add_argument("-o", "--output", required=True,
                        help="the header to write")
    parser.add_argument("--weights", help="the .safetensors file to write")
    parser.add_argument("--namespace", default="net",
                        help="the C++ namespace of the network (net)")
    parser.add_argument("--example-data",
                        help="write a random input and the module's output "
                             "to this .safetensors file")
    parser.add_argument("--seed", type=int, default=0,
                        help="torch.manual_seed before building (0)")
    args = parser.parse_args(argv)
    if not re.match(r"^[A-Za-z_]\w*(::[A-Za-z_]\w*)*$", args.namespace):
        parser.error(f"--namespace {args.namespace!r}: not a C++ namespace")

    torch.manual_seed(args.seed)
    try:
        model = build_module(args.module)
    except Exception as error:
        print(f"nnid-from-torch: error: cannot build {args.module}: "
              f"{type(error).__name__}: {error}", file=sys.stderr)
        return 2
    model.eval()

    dims = args.input_shape
    trace_dims = [2 if d is None else d for d in dims]
    example = torch.randn(*trace_dims)
    try:
        shapes, output = record_input_shapes(model, example)
    except Exception as error:
        print(f"nnid-from-torch: error: {args.module} fails on an input of "
              f"shape {trace_dims}: {type(error).__name__}: {error}",
              file=sys.stderr)
        return 2
    if not isinstance(output, torch.Tensor):
        print(f"nnid-from-torch: error: {args.module} returns a "
              f"{type(output).__name__}, not one tensor", file=sys.stderr)
        return 1

    converter = Converter(model, shapes)
    network = converter.convert(model, "")
    if converter.problems:
        print(f"nnid-from-torch: cannot express {args.module} in the DSL "
              f"({len(converter.problems)} "
              f"problem{'s' if len(converter.problems) > 1 else ''}):",
              file=sys.stderr)
        for problem in converter.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1

    root_index = network.instance if network.kind == "instance" else None
    if root_index is not None:
        network = converter.instances[root_index][1]
    aliases, resolved = make_aliases(converter.instances, root_index)
    names = parameter_names(network)
    network = resolve(network, resolved)

    # The DSL's parameters are the state_dict's, in its order.
    state_dict = model.state_dict()
    missing = [n for n in names if n not in state_dict]
    if missing:
        print("nnid-from-torch: internal error: the DSL model names "
              f"parameters the state_dict lacks: {', '.join(missing[:5])}",
              file=sys.stderr)
        return 3
    order = [n for n in state_dict if n in set(names)]
    if order != names:
        print("nnid-from-torch: internal error: the DSL model lists the "
              "parameters in another order than the state_dict",
              file=sys.stderr)
        return 3
    unused = [n for n in state_dict if n not in set(names)]
    if unused:
        print(f"nnid-from-torch: note: {len(unused)} state_dict entries are "
              f"not used by forward() and are left out: "
              f"{', '.join(unused[:5])}", file=sys.stderr)

    out_dims = list(output.shape)
    if dims[0] is None:
        out_dims[0] = None
    guard = re.sub(r"\W", "_", os.path.basename(args.output)).upper()
    guard = "NNID_GENERATED_" + guard
    text = clang_format(header_text(args, aliases, network, dims, out_dims,
                                    guard))
    with open(args.output, "w") as out:
        out.write(text)

    exporter = None
    if args.weights or args.example_data:
        exporter = load_exporter()
    if args.weights:
        exporter.save_state_dict(
            OrderedDict((n, state_dict[n]) for n in names), args.weights,
            {"model": args.module})
    if args.example_data:
        with torch.no_grad():
            expected = model(example)
        exporter.save_state_dict(
            OrderedDict(input=example, expected=expected), args.example_data,
            {"model": args.module, "rtol": repr(RTOL), "atol": repr(ATOL)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
