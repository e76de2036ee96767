"""Writes a safetensors file whose header is one of the headers below,
followed by DATA_BYTES zero bytes (written as a hole: the file takes no
disk space for them).

Usage: write_header.py KIND OUT [DATA_BYTES]
"""

import struct
import sys

HEADERS = {
    # 50,000 nested arrays.
    "deep": "[" * 50000 + "]" * 50000,
    "duplicate": '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
    '"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}',
    # 512 MiB of F32 zeros.
    "large": '{"big":{"dtype":"F32","shape":[134217728],'
    '"data_offsets":[0,536870912]}}',
}

header = HEADERS[sys.argv[1]].encode()
data_bytes = int(sys.argv[3]) if len(sys.argv) > 3 else 0
with open(sys.argv[2], "wb") as f:
    f.write(struct.pack("<Q", len(header)) + header)
    f.truncate(8 + len(header) + data_bytes)
