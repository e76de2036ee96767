"""Checks a .safetensors file written by nnid-export-safetensors.py against
the state_dict it came from, reading the file with the standard library
only.

Usage: check_export.py FILE.safetensors STATE_DICT.pt

Checks the header length (a multiple of 8, space padding), the JSON entries
(state_dict order, dtype, shape, contiguous data_offsets that cover the data
section) and that each tensor's bytes hold exactly its elements. Prints "OK".
"""

import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "I64": torch.int64}


def main():
    with open(sys.argv[1], "rb") as f:
        contents = f.read()
    state_dict = torch.load(sys.argv[2])

    (length,) = struct.unpack("<Q", contents[:8])
    assert length % 8 == 0, f"header length {length} not a multiple of 8"
    text = contents[8:8 + length].decode("utf-8")
    assert text.rstrip(" ").endswith("}"), "header not padded with spaces"
    header = json.loads(text)
    data = contents[8 + length:]

    names = [name for name in header if name != "__metadata__"]
    assert names == list(state_dict), f"{names} != {list(state_dict)}"
    offset = 0
    for name, tensor in state_dict.items():
        entry = header[name]
        assert DTYPES[entry["dtype"]] == tensor.dtype, name
        assert entry["shape"] == list(tensor.shape), name
        begin, end = entry["data_offsets"]
        assert begin == offset, f"{name}: begins at {begin}, not {offset}"
        offset = end
        if begin == end:
            read = torch.empty(tensor.shape, dtype=tensor.dtype)
        else:
            read = torch.frombuffer(bytearray(data[begin:end]),
                                    dtype=tensor.dtype).reshape(tensor.shape)
        assert torch.equal(read, tensor), f"{name}: the data differ"
    assert offset == len(data), f"{len(data)} bytes of data, {offset} used"
    print("OK")


if __name__ == "__main__":
    main()
