"""Shared helpers of the numeric re-parameterization tests.

- Graph writes nnid IR (weights as exact f32 constants) from tensors.
- run_nnid_opt runs nnid-opt on IR text.
- evaluate() runs nnid IR as nnid-opt prints it, in float64 with PyTorch, so
  that the IR before and after --nnid-reparameterize can be compared without
  float32 noise; parse_single_conv() reads back the one conv2d a fused block
  has become.
- The training-form blocks of RepVGG and Diverse Branch Block, and their
  authors' fusion formulas (transI .. transVI), written in PyTorch.
"""

import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_grad_enabled(False)

# ---------------------------------------------------------------------------
# Writing nnid IR
# ---------------------------------------------------------------------------


def tensor_type(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def dense_hex(array):
    """An exact f32 dense literal (little-endian hex)."""
    data = np.ascontiguousarray(np.asarray(array, dtype="<f4")).tobytes()
    return 'dense<"0x%s">' % data.hex().upper()


def i64_array(values):
    return "array<i64: %s>" % ", ".join(str(int(v)) for v in values)


def conv_out(size, kernel, stride, before, after, dilation):
    return (size + before + after - dilation * (kernel - 1) - 1) // stride + 1


class Value:
    def __init__(self, name, shape):
        self.name = name
        self.shape = tuple(shape)

    @property
    def type(self):
        return tensor_type(self.shape)


class Graph:
    """Builds one func.func of nnid ops, one op per line."""

    def __init__(self, name, input_shape):
        self.name = name
        self.input = Value("%x", input_shape)
        self.lines = []
        self.count = 0

    def _fresh(self, prefix="v"):
        self.count += 1
        return "%%%s%d" % (prefix, self.count)

    def _op(self, shape, text):
        value = Value(self._fresh(), shape)
        self.lines.append("  %s = %s" % (value.name, text))
        return value

    def const(self, array):
        array = np.asarray(
            array.detach().numpy() if torch.is_tensor(array) else array,
            dtype=np.float32)
        value = Value(self._fresh("c"), array.shape)
        self.lines.append("  %s = arith.constant %s : %s" %
                          (value.name, dense_hex(array), value.type))
        return value

    def conv2d(self, x, weight, bias=None, stride=(1, 1),
               padding=(0, 0, 0, 0), dilation=(1, 1), groups=1):
        w = self.const(weight)
        operands = [x, w] + ([self.const(bias)] if bias is not None else [])
        kh, kw = w.shape[2:]
        shape = (x.shape[0], w.shape[0],
                 conv_out(x.shape[2], kh, stride[0], padding[0], padding[2],
                          dilation[0]),
                 conv_out(x.shape[3], kw, stride[1], padding[1], padding[3],
                          dilation[1]))
        attrs = "{stride = %s, padding = %s, dilation = %s, groups = %d : i64}" % (
            i64_array(stride), i64_array(padding), i64_array(dilation), groups)
        return self._op(shape, "nnid.conv2d %s %s : (%s) -> %s" % (
            ", ".join(v.name for v in operands), attrs,
            ", ".join(v.type for v in operands), tensor_type(shape)))

    def conv_module(self, x, conv, padding=None):
        """An nn.Conv2d, with its own (symmetric) padding unless given."""
        if padding is None:
            padding = (conv.padding[0], conv.padding[1]) * 2
        return self.conv2d(x, conv.weight, conv.bias, conv.stride, padding,
                           conv.dilation, conv.groups)

    def batch_norm(self, x, bn):
        params = [self.const(t) for t in (bn.weight, bn.bias, bn.running_mean,
                                          bn.running_var)]
        return self._op(x.shape, "nnid.batch_norm %s, %s {epsilon = %.17e} : %s, %s"
                        % (x.name, ", ".join(p.name for p in params),
                           float(bn.eps), x.type, params[0].type))

    def identity_conv1x1(self, x, weight, groups=1):
        w = self.const(weight)
        return self._op(x.shape, "nnid.identity_conv1x1 %s, %s {groups = %d : i64} : %s, %s"
                        % (x.name, w.name, groups, x.type, w.type))

    def avg_pool2d(self, x, kernel, stride, padding=(0, 0, 0, 0),
                   count_include_pad=True):
        shape = (x.shape[0], x.shape[1],
                 conv_out(x.shape[2], kernel[0], stride[0], padding[0],
                          padding[2], 1),
                 conv_out(x.shape[3], kernel[1], stride[1], padding[1],
                          padding[3], 1))
        attrs = "{kernel_size = %s, stride = %s, padding = %s, count_include_pad = %s}" % (
            i64_array(kernel), i64_array(stride), i64_array(padding),
            "true" if count_include_pad else "false")
        return self._op(shape, "nnid.avg_pool2d %s %s : %s -> %s" % (
            x.name, attrs, x.type, tensor_type(shape)))

    def add(self, a, b):
        return self._op(a.shape, "nnid.add %s, %s : %s" % (a.name, b.name, a.type))

    def relu(self, a):
        return self._op(a.shape, "nnid.relu %s : %s" % (a.name, a.type))

    def concat(self, values, axis=1):
        shape = list(values[0].shape)
        shape[axis] = sum(v.shape[axis] for v in values)
        return self._op(shape, "nnid.concat %s {axis = %d : i64} : (%s) -> %s" % (
            ", ".join(v.name for v in values), axis,
            ", ".join(v.type for v in values), tensor_type(shape)))

    def text(self, *outputs):
        return "func.func @%s(%s: %s) -> (%s) {\n%s\n  return %s : %s\n}\n" % (
            self.name, self.input.name, self.input.type,
            ", ".join(o.type for o in outputs), "\n".join(self.lines),
            ", ".join(o.name for o in outputs),
            ", ".join(o.type for o in outputs))


def run_nnid_opt(nnid_opt, text, *args):
    """Runs nnid-opt on `text`; returns (stdout, stderr)."""
    result = subprocess.run([nnid_opt, "-", *args], input=text,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("nnid-opt %s failed:\n%s" % (" ".join(args), result.stderr))
    return result.stdout, result.stderr


def run_compiled(nnid_opt, mlir_runner, runner_libs, text, x, *passes):
    """Runs the function of `text` on `x` through nnid's CPU lowering
    (`nnid-opt <passes> --nnid-lower-to-llvm | mlir-runner`); returns the
    printed result as a float32 tensor."""
    name = re.search(r"func\.func @([\w$.]+)\(", text).group(1)
    result_type = re.search(r"\) -> \((tensor<[^>]*>)\)", text).group(1)
    memref_type = result_type.replace("tensor<", "memref<")
    main = """
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @main() {
  %%x = arith.constant %s : %s
  %%y = call @%s(%%x) : (%s) -> %s
  %%m = bufferization.to_buffer %%y : %s to %s
  %%u = memref.cast %%m : %s to memref<*xf32>
  call @printMemrefF32(%%u) : (memref<*xf32>) -> ()
  return
}
""" % (dense_hex(x.numpy()), tensor_type(x.shape), name, tensor_type(x.shape),
       result_type, result_type, memref_type, memref_type)
    lowered, _ = run_nnid_opt(nnid_opt, text + main, *passes,
                              "--nnid-lower-to-llvm")
    result = subprocess.run(
        [mlir_runner, "-e", "main", "--entry-point-result=void",
         "-shared-libs=" + runner_libs], input=lowered, capture_output=True,
        text=True)
    if result.returncode != 0:
        sys.exit("mlir-runner failed:\n" + result.stderr)
    header, data = result.stdout.split("data =", 1)
    sizes = [int(v) for v in
             re.search(r"sizes = \[([^\]]*)\]", header).group(1).split(",")]
    values = [float(v) for v in re.findall(r"[-+]?[\d.]+(?:e[-+]?\d+)?|nan|inf",
                                           data)]
    return torch.tensor(values, dtype=torch.float32).reshape(sizes)


# ---------------------------------------------------------------------------
# Reading and evaluating nnid IR as nnid-opt prints it
# ---------------------------------------------------------------------------

_SHAPE = re.compile(r"tensor<([0-9x?]+)xf32>")


def _parse_shape(text):
    return tuple(int(d) for d in _SHAPE.search(text).group(1).split("x"))


def _parse_dense(literal, shape):
    """The values of `dense<...>` (nested lists, a splat, or hex bytes)."""
    body = literal.strip()
    if body.startswith('"0x'):
        data = np.frombuffer(bytes.fromhex(body[3:-1]), dtype="<f4")
        if data.size == 1:
            data = np.full(shape, data[0], dtype=np.float32)
        return data.reshape(shape).astype(np.float64)
    values = np.array(eval(body.replace("inf", "float('inf')")
                           .replace("nan", "float('nan')")),
                      dtype=np.float64)
    if values.ndim == 0:
        values = np.full(shape, float(values))
    return values.reshape(shape)


def _parse_attrs(text):
    attrs = {}
    if not text:
        return attrs
    for key, value in re.findall(
            r"(\w+) = (array<i64: [^>]*>|array<i64>|[^,}]+)", text):
        value = value.strip()
        if value.startswith("array<i64"):
            inner = value[len("array<i64"):-1].lstrip(":").strip()
            attrs[key] = [int(v) for v in inner.split(",")] if inner else []
        elif value in ("true", "false"):
            attrs[key] = value == "true"
        else:
            number = value.split(":")[0].strip()
            attrs[key] = float(number) if ("." in number or "e" in number) \
                else int(number)
    return attrs


_OP = re.compile(r"^\s*(%[\w#]+) = (\S+) (.*)$")


def parse_function(text):
    """The ops of the single function in `text`: a list of
    (result, op name, operand names, attributes, constant value or None),
    and the returned names."""
    ops, returns = [], None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("return "):
            returns = re.findall(r"%[\w#]+", line.split(":")[0])
            continue
        match = _OP.match(line)
        if not match:
            continue
        result, name, rest = match.groups()
        if name == "arith.constant":
            literal, type_text = rest.rsplit(" : ", 1)
            assert literal.startswith("dense<") and literal.endswith(">"), line
            ops.append((result, name, [], {},
                        _parse_dense(literal[6:-1], _parse_shape(type_text))))
            continue
        attr_match = re.search(r"\{([^{}]*)\}", rest)
        attrs = _parse_attrs(attr_match.group(1) if attr_match else "")
        head = re.sub(r"\{[^{}]*\}", "", rest).split(" : ")[0]
        operands = re.findall(r"%[\w#]+", head)
        ops.append((result, name, operands, attrs, None))
    return ops, returns


def _pad(x, padding):
    top, left, bottom, right = padding
    return F.pad(x, (left, right, top, bottom))


def evaluate(text, x):
    """Runs the function in `text` on `x` in float64; returns its results."""
    argument = re.search(r"func\.func @[\w$.]+\((%[\w#]+):", text).group(1)
    env = {argument: x.double()}
    ops, returns = parse_function(text)
    for result, name, operands, attrs, constant in ops:
        args = [env[o] for o in operands]
        if name == "arith.constant":
            out = torch.from_numpy(constant)
        elif name == "nnid.conv2d":
            out = F.conv2d(_pad(args[0], attrs.get("padding", [0] * 4)),
                           args[1], args[2] if len(args) > 2 else None,
                           attrs.get("stride", [1, 1]), 0,
                           attrs.get("dilation", [1, 1]), attrs.get("groups", 1))
        elif name == "nnid.identity_conv1x1":
            groups = attrs.get("groups", 1)
            w = args[1].clone()
            per_group = w.shape[1]
            for i in range(w.shape[0]):
                w[i, i % per_group, 0, 0] += 1
            out = F.conv2d(args[0], w, None, 1, 0, 1, groups)
        elif name == "nnid.batch_norm":
            x0, g, b, m, v = args
            shape = (1, -1) + (1,) * (x0.dim() - 2)
            out = (x0 - m.view(shape)) / torch.sqrt(
                v.view(shape) + attrs.get("epsilon", 1e-5)) * g.view(shape) \
                + b.view(shape)
        elif name == "nnid.avg_pool2d":
            padding = attrs.get("padding", [0] * 4)
            assert padding[:2] == padding[2:], "asymmetric pooling padding"
            kernel = attrs["kernel_size"]
            out = F.avg_pool2d(args[0], kernel, attrs.get("stride", kernel),
                               padding[:2], attrs.get("ceil_mode", False),
                               attrs.get("count_include_pad", True))
        elif name == "nnid.add":
            out = args[0] + args[1]
        elif name == "nnid.relu":
            out = torch.relu(args[0])
        elif name == "nnid.concat":
            out = torch.cat(args, attrs["axis"])
        elif name == "nnid.identity":
            out = args[0]
        else:
            raise ValueError("cannot evaluate " + name)
        env[result] = out
    return [env[r] for r in returns]


def parse_single_conv(text):
    """The function must be one nnid.conv2d of its argument: returns
    (weight, bias or None, attrs) as float32 tensors."""
    ops, returns = parse_function(text)
    layers = [op for op in ops if op[1] != "arith.constant"]
    names = [op[1] for op in layers]
    if names != ["nnid.conv2d"]:
        sys.exit("expected one nnid.conv2d, got %s:\n%s" % (names, text))
    constants = {op[0]: op[4] for op in ops if op[1] == "arith.constant"}
    result, _, operands, attrs, _ = layers[0]
    assert operands[0] == "%arg0" and returns == [result]
    weight = torch.from_numpy(constants[operands[1]]).float()
    bias = torch.from_numpy(constants[operands[2]]).float() \
        if len(operands) > 2 else None
    return weight, bias, attrs


def count_ops(text):
    ops, _ = parse_function(text)
    counts = {}
    for op in ops:
        counts[op[1]] = counts.get(op[1], 0) + 1
    return counts


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------

# The fused constants are computed in double precision and rounded to f32
# once; the authors' PyTorch fusion works in f32. Both are within a few f32
# ulps of the exact values, relative to the largest magnitude involved.
KERNEL_TOLERANCE = 1e-6
# Block outputs: a fused f32 kernel evaluated in float64 against the
# training-form module in float64, relative to the largest output.
OUTPUT_TOLERANCE = 1e-6
# nnid's compiled code against PyTorch, both in f32 (sums in a different
# order) and printed with 6 significant digits, relative to the largest
# output.
COMPILED_TOLERANCE = 1e-5


def max_relative_error(actual, expected):
    actual = actual.double()
    expected = expected.double()
    scale = max(expected.abs().max().item(), 1.0)
    return (actual - expected).abs().max().item() / scale


def check(label, actual, expected, tolerance):
    if actual.shape != expected.shape:
        sys.exit("%s: shape %s, expected %s" % (label, tuple(actual.shape),
                                                tuple(expected.shape)))
    error = max_relative_error(actual, expected)
    status = "ok" if error <= tolerance else "FAIL"
    print("%s: max relative error %.2e (tolerance %.0e) %s" % (
        label, error, tolerance, status))
    if error > tolerance:
        sys.exit(1)


def randomize_bn(bn, generator):
    """Random affine parameters and running statistics, as after training."""
    c = bn.num_features
    bn.weight.copy_(torch.rand(c, generator=generator) + 0.5)
    bn.bias.copy_(torch.randn(c, generator=generator) * 0.5)
    bn.running_mean.copy_(torch.randn(c, generator=generator) * 0.5)
    bn.running_var.copy_(torch.rand(c, generator=generator) + 0.5)


def randomize(module, seed):
    generator = torch.Generator().manual_seed(seed)
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d):
            randomize_bn(m, generator)
        elif isinstance(m, nn.Conv2d):
            m.weight.copy_(torch.randn(m.weight.shape, generator=generator) * 0.3)
            if m.bias is not None:
                m.bias.copy_(torch.randn(m.bias.shape, generator=generator) * 0.3)
    return module.eval()


# ---------------------------------------------------------------------------
# The authors' fusion formulas (RepVGG, Diverse Branch Block), in PyTorch
# ---------------------------------------------------------------------------


def transI_fusebn(kernel, bn):
    gamma = bn.weight
    std = (bn.running_var + bn.eps).sqrt()
    return (kernel * ((gamma / std).reshape(-1, 1, 1, 1)),
            bn.bias - bn.running_mean * gamma / std)


def transII_addbranch(kernels, biases):
    return sum(kernels), sum(biases)


def transIII_1x1_kxk(k1, b1, k2, b2, groups):
    if groups == 1:
        k = F.conv2d(k2, k1.permute(1, 0, 2, 3))
        b_hat = (k2 * b1.reshape(1, -1, 1, 1)).sum((1, 2, 3))
    else:
        k_slices, b_slices = [], []
        k1_T = k1.permute(1, 0, 2, 3)
        k1_group_width = k1.size(0) // groups
        k2_group_width = k2.size(0) // groups
        for g in range(groups):
            k1_T_slice = k1_T[:, g * k1_group_width:(g + 1) * k1_group_width]
            k2_slice = k2[g * k2_group_width:(g + 1) * k2_group_width]
            k_slices.append(F.conv2d(k2_slice, k1_T_slice))
            b_slices.append((k2_slice * b1[g * k1_group_width:(g + 1) *
                                           k1_group_width].reshape(
                1, -1, 1, 1)).sum((1, 2, 3)))
        k, b_hat = transIV_depthconcat(k_slices, b_slices)
    return k, b_hat + b2


def transIV_depthconcat(kernels, biases):
    return torch.cat(kernels, dim=0), torch.cat(biases)


def transV_avg(channels, kernel_size, groups):
    input_dim = channels // groups
    k = torch.zeros((channels, input_dim, kernel_size, kernel_size))
    k[np.arange(channels), np.tile(np.arange(input_dim), groups), :, :] = \
        1.0 / kernel_size ** 2
    return k


def transVI_multiscale(kernel, target_kernel_size):
    pad_h = (target_kernel_size - kernel.size(2)) // 2
    pad_w = (target_kernel_size - kernel.size(3)) // 2
    return F.pad(kernel, [pad_w, pad_w, pad_h, pad_h])


def identity_kernel(channels, groups, kernel_size):
    """RepVGG's identity branch kernel: id at [i, i % (C / groups), centre]."""
    input_dim = channels // groups
    k = torch.zeros((channels, input_dim, kernel_size, kernel_size))
    for i in range(channels):
        k[i, i % input_dim, kernel_size // 2, kernel_size // 2] = 1
    return k


# ---------------------------------------------------------------------------
# Training-form blocks
# ---------------------------------------------------------------------------


def conv_bn(in_channels, out_channels, kernel_size, stride, padding, groups=1):
    result = nn.Sequential()
    result.add_module("conv", nn.Conv2d(in_channels, out_channels, kernel_size,
                                        stride, padding, groups=groups,
                                        bias=False))
    result.add_module("bn", nn.BatchNorm2d(out_channels))
    return result


class RepVGGBlock(nn.Module):
    """RepVGG's training-time block: 3x3 conv+BN, 1x1 conv+BN and, when the
    shape allows, an identity BN, summed (the ReLU after the sum is left
    out: nothing fuses across it)."""

    def __init__(self, in_channels, out_channels, stride=1, groups=1):
        super().__init__()
        self.groups = groups
        self.rbr_identity = nn.BatchNorm2d(in_channels) \
            if out_channels == in_channels and stride == 1 else None
        self.rbr_dense = conv_bn(in_channels, out_channels, 3, stride, 1, groups)
        self.rbr_1x1 = conv_bn(in_channels, out_channels, 1, stride, 0, groups)

    def forward(self, x):
        identity = 0 if self.rbr_identity is None else self.rbr_identity(x)
        return self.rbr_dense(x) + self.rbr_1x1(x) + identity

    def get_equivalent_kernel_bias(self):
        k3, b3 = self._fuse(self.rbr_dense)
        k1, b1 = self._fuse(self.rbr_1x1)
        kid, bid = self._fuse(self.rbr_identity)
        return k3 + F.pad(k1, [1, 1, 1, 1]) + kid, b3 + b1 + bid

    def _fuse(self, branch):
        if branch is None:
            return 0, 0
        if isinstance(branch, nn.Sequential):
            return transI_fusebn(branch.conv.weight, branch.bn)
        channels = branch.num_features
        return transI_fusebn(identity_kernel(channels, self.groups, 3), branch)

    def to_nnid(self, g, x):
        dense = g.batch_norm(g.conv_module(x, self.rbr_dense.conv),
                             self.rbr_dense.bn)
        one = g.batch_norm(g.conv_module(x, self.rbr_1x1.conv), self.rbr_1x1.bn)
        out = g.add(dense, one)
        if self.rbr_identity is not None:
            out = g.add(out, g.batch_norm(x, self.rbr_identity))
        return out


class IdentityBasedConv1x1(nn.Conv2d):
    def __init__(self, channels, groups=1):
        super().__init__(channels, channels, kernel_size=1, stride=1,
                         padding=0, groups=groups, bias=False)
        assert channels % groups == 0
        input_dim = channels // groups
        id_value = np.zeros((channels, input_dim, 1, 1))
        for i in range(channels):
            id_value[i, i % input_dim, 0, 0] = 1
        self.id_tensor = torch.from_numpy(id_value).type_as(self.weight)
        nn.init.zeros_(self.weight)

    def forward(self, input):
        kernel = self.weight + self.id_tensor.to(self.weight.device)
        return F.conv2d(input, kernel, None, stride=1, padding=0,
                        dilation=self.dilation, groups=self.groups)

    def get_actual_kernel(self):
        return self.weight + self.id_tensor.to(self.weight.device)


class BNAndPadLayer(nn.Module):
    """Batch norm, then padding with the batch norm's value on zeros."""

    def __init__(self, pad_pixels, num_features):
        super().__init__()
        self.bn = nn.BatchNorm2d(num_features)
        self.pad_pixels = pad_pixels

    def forward(self, input):
        output = self.bn(input)
        if self.pad_pixels > 0:
            pad_values = self.bn.bias - self.bn.running_mean * \
                self.bn.weight / torch.sqrt(self.bn.running_var + self.bn.eps)
            output = F.pad(output, [self.pad_pixels] * 4)
            pad_values = pad_values.view(1, -1, 1, 1)
            p = self.pad_pixels
            output[:, :, 0:p, :] = pad_values
            output[:, :, -p:, :] = pad_values
            output[:, :, :, 0:p] = pad_values
            output[:, :, :, -p:] = pad_values
        return output


class DiverseBranchBlock(nn.Module):
    """Diverse Branch Block, training form: kxk conv+BN; 1x1 conv+BN;
    1x1 (IdentityBasedConv1x1 when the internal width equals the input
    width) -> BN with BN-valued padding -> kxk conv -> BN; 1x1 conv -> BN
    with BN-valued padding -> avg pool -> BN."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 groups=1, internal_channels_1x1_3x3=None):
        super().__init__()
        padding = kernel_size // 2
        self.kernel_size, self.groups = kernel_size, groups
        self.out_channels, self.padding, self.stride = out_channels, padding, stride
        self.dbb_origin = conv_bn(in_channels, out_channels, kernel_size,
                                  stride, padding, groups)
        self.dbb_avg = nn.Sequential()
        assert groups < out_channels
        self.dbb_avg.add_module("conv", nn.Conv2d(
            in_channels, out_channels, 1, 1, 0, groups=groups, bias=False))
        self.dbb_avg.add_module("bn", BNAndPadLayer(padding, out_channels))
        self.dbb_avg.add_module("avg", nn.AvgPool2d(kernel_size, stride, 0))
        self.dbb_avg.add_module("avgbn", nn.BatchNorm2d(out_channels))
        self.dbb_1x1 = conv_bn(in_channels, out_channels, 1, stride, 0, groups)
        if internal_channels_1x1_3x3 is None:
            internal_channels_1x1_3x3 = in_channels if groups < out_channels \
                else 2 * in_channels
        self.internal = internal_channels_1x1_3x3
        self.dbb_1x1_kxk = nn.Sequential()
        if internal_channels_1x1_3x3 == in_channels:
            self.dbb_1x1_kxk.add_module("idconv1", IdentityBasedConv1x1(
                in_channels, groups))
        else:
            self.dbb_1x1_kxk.add_module("conv1", nn.Conv2d(
                in_channels, internal_channels_1x1_3x3, 1, 1, 0,
                groups=groups, bias=False))
        self.dbb_1x1_kxk.add_module("bn1", BNAndPadLayer(
            padding, internal_channels_1x1_3x3))
        self.dbb_1x1_kxk.add_module("conv2", nn.Conv2d(
            internal_channels_1x1_3x3, out_channels, kernel_size, stride, 0,
            groups=groups, bias=False))
        self.dbb_1x1_kxk.add_module("bn2", nn.BatchNorm2d(out_channels))

    def forward(self, x):
        return self.dbb_origin(x) + self.dbb_1x1(x) + self.dbb_avg(x) + \
            self.dbb_1x1_kxk(x)

    def get_equivalent_kernel_bias(self):
        k_origin, b_origin = transI_fusebn(self.dbb_origin.conv.weight,
                                           self.dbb_origin.bn)
        k_1x1, b_1x1 = transI_fusebn(self.dbb_1x1.conv.weight, self.dbb_1x1.bn)
        k_1x1 = transVI_multiscale(k_1x1, self.kernel_size)
        if hasattr(self.dbb_1x1_kxk, "idconv1"):
            k_first = self.dbb_1x1_kxk.idconv1.get_actual_kernel()
        else:
            k_first = self.dbb_1x1_kxk.conv1.weight
        k_first, b_first = transI_fusebn(k_first, self.dbb_1x1_kxk.bn1.bn)
        k_second, b_second = transI_fusebn(self.dbb_1x1_kxk.conv2.weight,
                                           self.dbb_1x1_kxk.bn2)
        k_1x1_kxk, b_1x1_kxk = transIII_1x1_kxk(k_first, b_first, k_second,
                                                b_second, groups=self.groups)
        k_avg = transV_avg(self.out_channels, self.kernel_size, self.groups)
        k_avg_second, b_avg_second = transI_fusebn(k_avg, self.dbb_avg.avgbn)
        k_avg_first, b_avg_first = transI_fusebn(self.dbb_avg.conv.weight,
                                                 self.dbb_avg.bn.bn)
        k_1x1_avg, b_1x1_avg = transIII_1x1_kxk(k_avg_first, b_avg_first,
                                                k_avg_second, b_avg_second,
                                                groups=self.groups)
        return transII_addbranch((k_origin, k_1x1, k_1x1_kxk, k_1x1_avg),
                                 (b_origin, b_1x1, b_1x1_kxk, b_1x1_avg))

    def to_nnid(self, g, x):
        """The block as nnid IR. nnid pads with zeros only; BNAndPadLayer's
        border (the batch norm's value on zeros) is written as a zero border
        in front of the bias-free 1x1, which the 1x1 keeps at zero and the
        batch norm then maps to exactly that value."""
        p, k, s = self.padding, self.kernel_size, self.stride
        origin = g.batch_norm(g.conv_module(x, self.dbb_origin.conv),
                              self.dbb_origin.bn)
        one = g.batch_norm(g.conv_module(x, self.dbb_1x1.conv), self.dbb_1x1.bn)
        avg = g.conv_module(x, self.dbb_avg.conv, padding=(p,) * 4)
        avg = g.batch_norm(avg, self.dbb_avg.bn.bn)
        avg = g.avg_pool2d(avg, (k, k), (s, s))
        avg = g.batch_norm(avg, self.dbb_avg.avgbn)
        if hasattr(self.dbb_1x1_kxk, "idconv1"):
            # identity_conv1x1 has no padding: a depthwise identity conv
            # supplies the zero border.
            channels = x.shape[1]
            border = g.conv2d(x, torch.ones(channels, 1, 1, 1),
                              padding=(p,) * 4, groups=channels)
            kxk = g.identity_conv1x1(border, self.dbb_1x1_kxk.idconv1.weight,
                                     self.groups)
        else:
            kxk = g.conv_module(x, self.dbb_1x1_kxk.conv1, padding=(p,) * 4)
        kxk = g.batch_norm(kxk, self.dbb_1x1_kxk.bn1.bn)
        kxk = g.conv_module(kxk, self.dbb_1x1_kxk.conv2)
        kxk = g.batch_norm(kxk, self.dbb_1x1_kxk.bn2)
        return g.add(g.add(g.add(origin, one), avg), kxk)


def randomize_dbb(block, seed):
    randomize(block, seed)
    generator = torch.Generator().manual_seed(seed + 1)
    if hasattr(block.dbb_1x1_kxk, "idconv1"):
        # A trained identity-based 1x1 has drifted from its zero start.
        w = block.dbb_1x1_kxk.idconv1.weight
        w.copy_(torch.randn(w.shape, generator=generator) * 0.2)
    return block
