"""Writes nnid pooling ops for a grid of sizes with the result types PyTorch
gives them, and an expected error for each one PyTorch rejects: nnid-opt
-split-input-file -verify-diagnostics on the output then checks that the
dialect infers PyTorch's shapes and rejects what PyTorch rejects.

Usage: pool_shapes_torch.py OUTPUT.mlir (with a python3 that has torch)
"""

import itertools
import sys

import torch
import torch.nn.functional as F


def torch_shape(op, size, kernel, stride, padding, dilation, ceil_mode):
    """PyTorch's output shape, or None when PyTorch rejects the op."""
    x = torch.zeros(1, 1, *size)
    try:
        if op == "max_pool2d":
            y = F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)
        else:
            y = F.avg_pool2d(x, kernel, stride, padding, ceil_mode)
    except RuntimeError:
        return None
    return tuple(y.shape)


def onnx_padding_shape(size, kernel, stride, padding, dilation, ceil_mode):
    """The output shape of a pool whose padding is more than PyTorch's half
    the kernel but less than the kernel, which nnid accepts as ONNX does:
    PyTorch's pooling_output_shape_pad_lr formula, or None where its result
    is not positive or the window is larger than the padded input."""
    shape = [1, 1]
    for d in range(2):
        window = dilation[d] * (kernel[d] - 1) + 1
        padded = size[d] + 2 * padding[d]
        if window > padded:
            return None
        out = (padded - window + (stride[d] - 1 if ceil_mode else 0)) \
            // stride[d] + 1
        if ceil_mode and (out - 1) * stride[d] >= size[d] + padding[d]:
            out -= 1
        if out < 1:
            return None
        shape.append(out)
    return tuple(shape)


def nnid_error(size, kernel, stride, padding, dilation, ceil_mode):
    """The verifier's message for an op nnid rejects."""
    if any(p >= k for p, k in zip(padding, kernel)):
        pads = [padding[0], padding[1], padding[0], padding[1]]
        return (f"'padding' [{', '.join(map(str, pads))}] must be smaller "
                f"than 'kernel_size' [{kernel[0]}, {kernel[1]}]")
    for d, name in enumerate(("height", "width")):
        window = dilation[d] * (kernel[d] - 1) + 1
        padded = size[d] + 2 * padding[d]
        if window > padded:
            return (f"window {name} ({window}) is larger than the padded "
                    f"input {name} ({padded})")
    return "must be positive"


def arr(values):
    return "array<i64: " + ", ".join(map(str, values)) + ">"


def main():
    accepted, rejected = [], []
    past_padding = 0
    for op, n, k, s, d, ceil_mode, axis in itertools.product(
            ("max_pool2d", "avg_pool2d"), range(1, 7), range(1, 5),
            range(1, 4), range(1, 3), (False, True), range(2)):
        if op == "avg_pool2d" and d != 1:
            continue
        # Paddings up to the kernel size: PyTorch allows half the kernel,
        # nnid (as ONNX) up to one less than the kernel.
        for p in range(k + 1):
            # The grid's sizes along one axis; the other axis is a 1x1
            # window over 3 elements.
            def pair(v, other):
                return (v, other) if axis == 0 else (other, v)
            size, kernel, stride = pair(n, 3), pair(k, 1), pair(s, 1)
            padding, dilation = pair(p, 0), pair(d, 1)
            shape = torch_shape(op, size, kernel, stride, padding, dilation,
                                ceil_mode)
            if shape is None and k // 2 < p < k:
                shape = onnx_padding_shape(size, kernel, stride, padding,
                                           dilation, ceil_mode)
            attrs = [f"kernel_size = {arr(kernel)}", f"stride = {arr(stride)}",
                     f"padding = {arr(padding + padding)}"]
            if op == "max_pool2d":
                attrs.append(f"dilation = {arr(dilation)}")
            attrs.append(f"ceil_mode = {'true' if ceil_mode else 'false'}")
            in_type = f"tensor<1x1x{size[0]}x{size[1]}xf32>"
            name = f"{op}_n{n}_k{k}_s{s}_p{p}_d{d}_c{int(ceil_mode)}_a{axis}"
            lines = [f"func.func @{name}(%x: {in_type}) {{"]
            if shape is None:
                error = nnid_error(size, kernel, stride, padding, dilation,
                                   ceil_mode)
                lines.append(f"  // expected-error@+1 {{{{{error}}}}}")
                # The result type is irrelevant: the op is invalid.
                out_type = in_type
            else:
                past_padding += d * (k - 1) + 1 > n + 2 * p
                out_type = "tensor<" + "x".join(map(str, shape)) + "xf32>"
            lines.append(f"  %0 = nnid.{op} %x {{{', '.join(attrs)}}} : "
                         f"{in_type} -> {out_type}")
            lines.append("  return")
            lines.append("}")
            (rejected if shape is None else accepted).append("\n".join(lines))
    # The ops PyTorch accepts in one module; each rejected one on its own,
    # since verification stops at the first error.
    with open(sys.argv[1], "w") as f:
        f.write(f"// PyTorch {torch.__version__}: {len(accepted)} ops accepted "
                f"({past_padding} with ceil_mode windows past the padding), "
                f"{len(rejected)} rejected\n")
        f.write("\n".join(accepted) + "\n\n// -----\n")
        f.write("\n// -----\n".join(rejected) + "\n")
    # Both kinds must be there, and ceil_mode windows past the padding too.
    assert len(accepted) > 500 and len(rejected) > 500 and past_padding > 10, (
        len(accepted), len(rejected), past_padding)
    print(f"accepted {len(accepted)} ({past_padding} with ceil_mode windows "
          f"past the padding), rejected {len(rejected)}")


if __name__ == "__main__":
    main()
