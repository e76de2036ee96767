#!/usr/bin/python3
"""perturb.py DIR MODEL INDEX: adds 1 to element INDEX of PyTorch's output
in DIR/MODEL.expected.f32 and in the "expected" tensor of
DIR/MODEL.data.safetensors (standard library only)."""

import json
import struct
import sys


def add_one(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        (value,) = struct.unpack("<f", f.read(4))
        f.seek(offset)
        f.write(struct.pack("<f", value + 1.0))


def main(directory, model, index):
    index = int(index)
    add_one(f"{directory}/{model}.expected.f32", 4 * index)
    path = f"{directory}/{model}.data.safetensors"
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    begin = header["expected"]["data_offsets"][0]
    add_one(path, 8 + length + begin + 4 * index)


if __name__ == "__main__":
    main(*sys.argv[1:])
