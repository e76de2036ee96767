#!/usr/bin/env python3
"""Writes ONNX test directories of torch.onnx's exports of F.interpolate
(nn.Upsample): model.onnx and test_data_set_0 with PyTorch's output.

    make_resize.py OUT_DIR
"""

import os
import sys

import torch
import torch.nn.functional as F
from onnx import numpy_helper


class Interpolate(torch.nn.Module):
    def __init__(self, **kwargs):
        super().__init__()
        self.kwargs = kwargs

    def forward(self, x):
        return F.interpolate(x, **self.kwargs)


# name: (interpolate's arguments, input shape, opset, dynamic batch); those
# in UNFOLDED are exported without constant folding, their scales a Concat
# of Constants and their sizes Concat(Slice(Shape(x)), Cast(Constant)).
CASES = {
    "nearest_scale2": (dict(scale_factor=2, mode="nearest"), (1, 3, 5, 6),
                       13, False),
    "nearest_size": (dict(size=(7, 11), mode="nearest"), (1, 2, 4, 5),
                     13, False),
    "bilinear": (dict(scale_factor=2, mode="bilinear", align_corners=False),
                 (1, 3, 5, 6), 13, False),
    "bilinear_align_corners": (dict(size=(9, 13), mode="bilinear",
                                    align_corners=True),
                               (1, 2, 4, 5), 13, False),
    "bilinear_down": (dict(scale_factor=0.5, mode="bilinear",
                           align_corners=False),
                      (1, 3, 8, 10), 13, False),
    "nearest_down_size": (dict(size=(3, 4), mode="nearest"), (1, 2, 7, 9),
                          13, False),
    "bilinear_height": (dict(size=(6, 5), mode="bilinear",
                             align_corners=False),
                        (1, 2, 3, 5), 13, False),
    "nearest_dynamic": (dict(scale_factor=2, mode="nearest"), (2, 3, 4, 5),
                        13, True),
    "bilinear_dynamic": (dict(size=(7, 8), mode="bilinear",
                              align_corners=True),
                         (2, 3, 4, 5), 13, True),
    "nearest_opset11": (dict(scale_factor=3, mode="nearest"), (1, 2, 3, 4),
                        11, False),
    # Resize-10 and Upsample-9 have no half-pixel coordinates: only nearest
    # upsampling by whole factors is PyTorch's.
    "nearest_opset10": (dict(scale_factor=2, mode="nearest"), (1, 2, 3, 4),
                        10, False),
    "upsample_opset9": (dict(scale_factor=2, mode="nearest"), (1, 2, 3, 4),
                        9, False),
    "bilinear_unfolded": (dict(scale_factor=2, mode="bilinear",
                               align_corners=False),
                          (1, 2, 3, 4), 13, False),
    "nearest_size_unfolded": (dict(size=(5, 7), mode="nearest"),
                              (2, 2, 3, 4), 13, True),
}
UNFOLDED = {"bilinear_unfolded", "nearest_size_unfolded"}


def export(name, kwargs, shape, opset, dynamic, out_dir):
    path = os.path.join(out_dir, name)
    os.makedirs(os.path.join(path, "test_data_set_0"), exist_ok=True)
    model = Interpolate(**kwargs).eval()
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(0))
    axes = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None
    torch.onnx.export(model, x, os.path.join(path, "model.onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"], dynamic_axes=axes,
                      do_constant_folding=name not in UNFOLDED)
    with torch.no_grad():
        y = model(x)
    for file, tensor, tensor_name in [("input_0", x, "input"),
                                      ("output_0", y, "output")]:
        proto = numpy_helper.from_array(tensor.numpy(), tensor_name)
        with open(os.path.join(path, "test_data_set_0", file + ".pb"),
                  "wb") as f:
            f.write(proto.SerializeToString())


def main():
    import warnings
    warnings.filterwarnings("ignore")
    for name, (kwargs, shape, opset, dynamic) in CASES.items():
        export(name, kwargs, shape, opset, dynamic, sys.argv[1])


if __name__ == "__main__":
    main()
