#!/usr/bin/python3
"""The PTX of the gpu.binary ops in MLIR text (a file or stdin): the
`assembly` strings of the #gpu.object attributes that `--nnid-lower-to-nvvm`
emits with format=isa, with MLIR's string escapes decoded.

  lower-to-nvvm-extract-ptx.py [FILE]
      writes every PTX module to stdout, one after the other
  lower-to-nvvm-extract-ptx.py --ptxas PTXAS --arch sm_90 [FILE]
      compiles every module with `PTXAS -arch sm_90` and prints
      "ptxas: compiled N modules for sm_90", or ptxas's errors (exit 1)

Exits with 1 when there is no PTX. Used by the lit tests of the pipeline."""

import argparse
import os
import re
import subprocess
import sys
import tempfile

ASSEMBLY = re.compile(r'assembly = "((?:[^"\\]|\\.)*)"')


def decode(text):
    """MLIR prints quotes, backslashes and non-printable bytes of a string as
    a backslash and two hex digits, and a backslash also as two
    backslashes."""
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "\\":
            if text[i + 1] == "\\":
                out.append(ord("\\"))
                i += 2
            else:
                out.append(int(text[i + 1:i + 3], 16))
                i += 3
        else:
            out += text[i].encode()
            i += 1
    return out.decode().rstrip("\0")


def compile_all(modules, ptxas, arch):
    with tempfile.TemporaryDirectory() as directory:
        for i, ptx in enumerate(modules):
            source = os.path.join(directory, f"module{i}.ptx")
            with open(source, "w") as f:
                f.write(ptx)
            result = subprocess.run(
                [ptxas, "-arch", arch, source, "-o",
                 os.path.join(directory, f"module{i}.cubin")],
                capture_output=True, text=True)
            if result.returncode != 0:
                sys.stderr.write(f"ptxas rejected module {i}:\n"
                                 f"{result.stdout}{result.stderr}")
                return 1
    print(f"ptxas: compiled {len(modules)} modules for {arch}")
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?")
    parser.add_argument("--ptxas")
    parser.add_argument("--arch", default="sm_90")
    args = parser.parse_args()
    source = open(args.file).read() if args.file else sys.stdin.read()
    modules = [decode(m) for m in ASSEMBLY.findall(source)]
    if not modules:
        sys.stderr.write("no PTX (gpu.binary of format isa) in the input\n")
        return 1
    if args.ptxas:
        return compile_all(modules, args.ptxas, args.arch)
    for ptx in modules:
        sys.stdout.write(ptx + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
