"""torch.onnx's exports of nn.ConvTranspose2d, each with PyTorch's output as
an ONNX test directory (model.onnx, test_data_set_0/), written into a
directory:

  stride2_outpad/   stride 2, output_padding 1, padding 1, bias
  padding/          stride 1, padding (2, 1), no bias
  dilation/         dilation 2, stride (2, 3), padding 1
  groups/           groups 2, stride 2, output_padding (1, 0), bias
  asym/             kernel (3, 2), stride (3, 1), padding (0, 1),
                    output_padding (2, 0), dilation (1, 2)
  crop/             padding larger than dilation * (kernel - 1): kernel 2,
                    padding (2, 3), stride 3
  dynamic/          groups 2, stride 2, padding (2, 1), output_padding
                    (0, 1), exported with a dynamic batch (batch 3)

and ConvTranspose nodes built with onnx.helper (opset 11), their output
computed here by ONNX's definition (each input element scatters the kernel
into the output, which is then cut by the padding, or extended with zeros
where a padding is negative):

  runtime_weight/   the weight and bias graph inputs, group 2, strides
                    (2, 1), pads (1, 0, 0, 1), output_padding (1, 0),
                    dilations (1, 2)
  same_lower/       auto_pad SAME_LOWER, strides (2, 3), kernel (2, 4)
  same_upper_shape/ auto_pad SAME_UPPER with output_shape (9, 6): a negative
                    total padding along H
  output_shape/     output_shape (6, 9) and pads (1, 1, 0, 0): NOTSET crops
                    (or extends) at the end
  constant_flip/    a constant weight [2, 3, 1, 2] holding 0 to 11, which
                    the importer flips and transposes
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import helper, numpy_helper, TensorProto


def export(model, x, out_dir, dynamic, opset=13):
    os.makedirs(os.path.join(out_dir, "test_data_set_0"), exist_ok=True)
    model.eval()
    axes = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None
    torch.onnx.export(model, x, os.path.join(out_dir, "model.onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"], dynamic_axes=axes,
                      training=torch.onnx.TrainingMode.EVAL,
                      do_constant_folding=False)
    with torch.no_grad():
        y = model(x)
    for name, value in [("input_0", x), ("output_0", y)]:
        tensor = numpy_helper.from_array(value.numpy(), name.split("_")[0])
        with open(os.path.join(out_dir, "test_data_set_0", name + ".pb"),
                  "wb") as f:
            f.write(tensor.SerializeToString())


MODELS = {
    "stride2_outpad": (dict(in_channels=3, out_channels=4, kernel_size=3,
                            stride=2, padding=1, output_padding=1),
                       (1, 3, 5, 6), False),
    "padding": (dict(in_channels=2, out_channels=3, kernel_size=3,
                     padding=(2, 1), bias=False),
                (1, 2, 6, 5), False),
    "dilation": (dict(in_channels=3, out_channels=2, kernel_size=3,
                      stride=(2, 3), padding=1, dilation=2),
                 (2, 3, 4, 5), False),
    "groups": (dict(in_channels=4, out_channels=6, kernel_size=3, stride=2,
                    output_padding=(1, 0), groups=2),
               (1, 4, 5, 4), False),
    "asym": (dict(in_channels=2, out_channels=2, kernel_size=(3, 2),
                  stride=(3, 1), padding=(0, 1), output_padding=(2, 0),
                  dilation=(1, 2)),
             (1, 2, 4, 5), False),
    "crop": (dict(in_channels=2, out_channels=3, kernel_size=2,
                  stride=3, padding=(2, 3)),
             (1, 2, 5, 6), False),
    "dynamic": (dict(in_channels=4, out_channels=4, kernel_size=3, stride=2,
                     padding=(2, 1), output_padding=(0, 1), groups=2),
                (3, 4, 5, 5), True),
}


def reference(x, w, b, strides, pads, dilations, group, output_padding,
              auto_pad, output_shape):
    """ONNX's ConvTranspose: [N, C, H, W] x [C, M / group, kh, kw]."""
    n, c, h, wd = x.shape
    _, mg, kh, kw = w.shape
    cg = c // group
    full = [strides[i] * ((h, wd)[i] - 1) + output_padding[i] +
            (w.shape[2 + i] - 1) * dilations[i] + 1 for i in range(2)]
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        out = output_shape or [(h, wd)[i] * strides[i] for i in range(2)]
        total = [full[i] - out[i] for i in range(2)]
        if auto_pad == "SAME_UPPER":
            begin = [t // 2 for t in total]
        else:
            begin = [t - t // 2 for t in total]
    else:
        begin = pads[:2]
        out = output_shape or [full[i] - pads[i] - pads[i + 2]
                               for i in range(2)]
    y = np.zeros((n, mg * group, full[0], full[1]), np.float64)
    for g in range(group):
        for ci in range(cg):
            for i in range(h):
                for j in range(wd):
                    for ky in range(kh):
                        for kx in range(kw):
                            y[:, g * mg:(g + 1) * mg,
                              i * strides[0] + ky * dilations[0],
                              j * strides[1] + kx * dilations[1]] += (
                                  x[:, g * cg + ci, i, j, None] *
                                  w[g * cg + ci, :, ky, kx])
    result = np.zeros((n, mg * group, out[0], out[1]), np.float64)
    for oy in range(out[0]):
        for ox in range(out[1]):
            fy, fx = oy + begin[0], ox + begin[1]
            if 0 <= fy < full[0] and 0 <= fx < full[1]:
                result[:, :, oy, ox] = y[:, :, fy, fx]
    if b is not None:
        result += b[None, :, None, None]
    return result.astype(np.float32)


NODES = {
    "runtime_weight": (dict(strides=[2, 1], pads=[1, 0, 0, 1],
                            output_padding=[1, 0], dilations=[1, 2],
                            group=2),
                       (1, 4, 5, 4), (4, 3, 3, 2), True, True),
    "same_lower": (dict(auto_pad="SAME_LOWER", strides=[2, 3]),
                   (1, 2, 4, 3), (2, 2, 2, 4), False, False),
    "same_upper_shape": (dict(auto_pad="SAME_UPPER", output_shape=[9, 6],
                              strides=[2, 2]),
                         (1, 1, 3, 3), (1, 2, 3, 3), True, False),
    "output_shape": (dict(output_shape=[6, 9], pads=[1, 1, 0, 0],
                          strides=[2, 3]),
                     (1, 2, 3, 3), (2, 1, 3, 2), True, False),
    "constant_flip": (dict(strides=[2, 2]), (1, 2, 3, 3), (2, 3, 1, 2), False,
                      False),
}


def export_node(name, attrs, x_shape, w_shape, bias, runtime, out_dir):
    rng = np.random.default_rng(len(name))
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal(w_shape).astype(np.float32)
    if name == "constant_flip":
        w = np.arange(w.size, dtype=np.float32).reshape(w_shape)
    group = attrs.get("group", 1)
    b = (rng.standard_normal(w_shape[1] * group).astype(np.float32)
         if bias else None)
    y = reference(x, w, b, attrs.get("strides", [1, 1]),
                  attrs.get("pads", [0, 0, 0, 0]),
                  attrs.get("dilations", [1, 1]), group,
                  attrs.get("output_padding", [0, 0]),
                  attrs.get("auto_pad", "NOTSET"),
                  attrs.get("output_shape"))
    names = ["X", "W"] + (["B"] if bias else [])
    values = [x, w] + ([b] if bias else [])
    inputs, initializers, data = [], [], []
    for i, (input_name, value) in enumerate(zip(names, values)):
        if i == 0 or runtime:
            inputs.append(helper.make_tensor_value_info(
                input_name, TensorProto.FLOAT, value.shape))
            data.append(numpy_helper.from_array(value, input_name))
        else:
            initializers.append(numpy_helper.from_array(value, input_name))
    node = helper.make_node("ConvTranspose", names, ["Y"], **attrs)
    graph = helper.make_graph(
        [node], name, inputs,
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, y.shape)],
        initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 11)])
    os.makedirs(os.path.join(out_dir, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    data.append(numpy_helper.from_array(y, "Y"))
    for i, tensor in enumerate(data):
        kind = "output_0" if i == len(data) - 1 else "input_%d" % i
        with open(os.path.join(out_dir, "test_data_set_0", kind + ".pb"),
                  "wb") as f:
            f.write(tensor.SerializeToString())


def main():
    out = sys.argv[1]
    torch.manual_seed(0)
    for name, (args, shape, dynamic) in MODELS.items():
        model = nn.ConvTranspose2d(**args)
        export(model, torch.randn(*shape), os.path.join(out, name), dynamic)
    for name, args in NODES.items():
        export_node(name, *args, os.path.join(out, name))


if __name__ == "__main__":
    main()
