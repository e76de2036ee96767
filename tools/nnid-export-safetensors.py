#!/usr/bin/python3
"""Writes a PyTorch state_dict as a .safetensors file for nnid.

Usage:
  nnid-export-safetensors.py [--metadata KEY=VALUE ...] IN.pt OUT.safetensors

IN.pt is what torch.save wrote: a module, a state_dict, or a checkpoint
dict with a "state_dict" entry. Needs only torch and the standard library.

The file is an 8-byte little-endian header length N, N bytes of JSON
({"__metadata__": {...}, name: {"dtype", "shape", "data_offsets"}, ...},
padded with spaces to a multiple of 8), then each tensor's bytes,
contiguous and little-endian, in state_dict order.
"""

import argparse
import collections.abc
import ctypes
import json
import struct
import sys

import torch

_DTYPES = {
    torch.float64: "F64",
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.int16: "I16",
    torch.int8: "I8",
    torch.uint8: "U8",
    torch.bool: "BOOL",
}


def _tensor_bytes(tensor):
    """The elements of `tensor` as contiguous little-endian bytes."""
    tensor = tensor.detach().to("cpu").contiguous()
    size = tensor.numel() * tensor.element_size()
    if size == 0:
        return b""
    data = ctypes.string_at(tensor.data_ptr(), size)
    width = tensor.element_size()
    if sys.byteorder == "big" and width > 1:
        swapped = bytearray(size)
        for i in range(width):
            swapped[i::width] = data[width - 1 - i :: width]
        data = bytes(swapped)
    return data


def save_state_dict(state_dict, path, metadata=None):
    """Writes `state_dict` (name -> tensor, in order) to `path`.

    `metadata` is an optional dict of strings stored as "__metadata__".
    """
    header = {}
    if metadata:
        for key, value in metadata.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise TypeError(f"metadata {key!r}: keys and values must "
                                "be str")
        header["__metadata__"] = dict(metadata)

    tensors = []
    offset = 0
    for name, tensor in state_dict.items():
        if name == "__metadata__":
            raise ValueError("a tensor may not be called __metadata__")
        if not isinstance(tensor, torch.Tensor):
            raise TypeError(f"{name}: not a tensor ({type(tensor).__name__})")
        if tensor.dtype not in _DTYPES:
            raise TypeError(f"{name}: dtype {tensor.dtype} is not supported")
        size = tensor.numel() * tensor.element_size()
        header[name] = {
            "dtype": _DTYPES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + size],
        }
        tensors.append(tensor)
        offset += size

    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False)
    text = text.encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for tensor in tensors:
            out.write(_tensor_bytes(tensor))


def load_state_dict(path):
    """The state_dict in what torch.save wrote to `path`."""
    try:
        loaded = torch.load(path, map_location="cpu")
    except OSError:
        raise
    except Exception as error:
        raise ValueError(f"{path}: cannot load it with torch.load: "
                         f"{error}") from error
    if isinstance(loaded, torch.nn.Module):
        return loaded.state_dict()
    if isinstance(loaded, collections.abc.Mapping):
        inner = loaded.get("state_dict")
        if isinstance(inner, collections.abc.Mapping):
            return inner
        return loaded
    raise TypeError(f"{path}: holds a {type(loaded).__name__}, "
                    "not a module or a state_dict")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Write a PyTorch state_dict as a .safetensors file.")
    parser.add_argument("input", help="file written by torch.save")
    parser.add_argument("output", help="the .safetensors file to write")
    parser.add_argument("--metadata", action="append", default=[],
                        metavar="KEY=VALUE",
                        help="a string stored in __metadata__ (repeatable)")
    args = parser.parse_args(argv)

    metadata = {}
    for item in args.metadata:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--metadata {item!r}: expected KEY=VALUE")
        metadata[key] = value
    try:
        save_state_dict(load_state_dict(args.input), args.output, metadata)
    except (OSError, TypeError, ValueError) as error:
        print(f"nnid-export-safetensors: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
