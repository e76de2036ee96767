#!/usr/bin/python3
"""Copies a case file of bench/cases.py with its first expected value moved
by 0.01, which nnid-bench must report as a mismatch.

Usage: perturb_expected.py IN.safetensors OUT.safetensors
"""

import json
import struct
import sys


def main(source, destination):
    with open(source, "rb") as f:
        data = bytearray(f.read())
    (header_size,) = struct.unpack_from("<Q", data, 0)
    header = json.loads(data[8:8 + header_size])
    begin = 8 + header_size + header["@expected"]["data_offsets"][0]
    (value,) = struct.unpack_from("<f", data, begin)
    struct.pack_into("<f", data, begin, value + 0.01)
    with open(destination, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(*sys.argv[1:])
