"""Compares a TensorProto file nnid-run wrote with an expected one:
compare_pb.py GOT.pb WANT.pb prints 'match' when every element is within
1e-4 * |want| + 1e-4 and the shapes are equal, 'differ ...' otherwise."""
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def load(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return tensor.name, numpy_helper.to_array(tensor)


got_name, got = load(sys.argv[1])
_, want = load(sys.argv[2])
if got.shape != want.shape:
    print(f"differ: shape {got.shape} vs {want.shape}")
elif not np.allclose(got, want, rtol=1e-4, atol=1e-4):
    print(f"differ: max error {np.abs(got - want).max()}")
else:
    print(f"match {got_name} {list(got.shape)}")
