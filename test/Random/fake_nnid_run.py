#!/usr/bin/python3
"""A stand-in for nnid-run, for testing check_random.py without it.

  fake_nnid_run.py CASE.mlir... [--configs=all|default|SPEC;SPEC...]
                   [--nnid-opt PATH [--run]] [--fail-if REGEX]
                   [--crash-if REGEX] [--fail-config REGEX]
  fake_nnid_run.py --list-configs

Speaks nnid-run's protocol: one line per case and configuration,
`<case> [<spec>]: ok (max error <e>)`, `... DIFFERS ...` or `... FAILED ...`,
then `N passed, N failed`; exit status 0 only if all passed. A case is:

  * with --nnid-opt, compiled by `nnid-opt --nnid-lower-to-llvm=<spec>`
    (FAILED with nnid-opt's first error when that fails); with --run also
    run by mlir-runner on the inputs of <case>.safetensors and compared with
    its expected outputs (DIFFERS when an element is off);
  * DIFFERS when its IR matches --fail-if (under the configurations that
    match --fail-config), and a crash (SIGABRT) when it matches --crash-if,
    which is how the reducer is tested;
  * ok otherwise.
"""

import argparse
import json
import os
import re
import struct
import subprocess
import sys

CONFIGS = [
    "layout=nhwc,kernels=1,reparameterize=1,parallel=0,vector-width=8,"
    "registers=16",
    "layout=nhwc,kernels=1,reparameterize=1,parallel=1,vector-width=8,"
    "registers=16",
    "layout=nhwc,kernels=1,reparameterize=1,parallel=0,vector-width=16,"
    "registers=32",
    "layout=nhwc,kernels=1,reparameterize=0,parallel=0,vector-width=8,"
    "registers=16",
    "layout=nhwc,kernels=0,reparameterize=1,parallel=0,vector-width=8,"
    "registers=16",
    "layout=nchw,kernels=0,reparameterize=1,parallel=0,vector-width=8,"
    "registers=16",
    "layout=nchw,kernels=0,reparameterize=0,parallel=1,vector-width=16,"
    "registers=32",
]

BOOLEAN_OPTIONS = ("kernels", "reparameterize", "parallel")


def pipeline_options(spec):
    """A configuration spec as --nnid-lower-to-llvm options."""
    options = []
    for item in spec.split(","):
        key, _, value = item.partition("=")
        if key in BOOLEAN_OPTIONS:
            value = {"1": "true", "0": "false"}.get(value, value)
        options.append(f"{key}={value}")
    return " ".join(options)


def read_safetensors(path):
    """(tensors by name, metadata) of a .safetensors file of F32 tensors."""
    import torch
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + length + begin:8 + length + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(
            entry["shape"]) if raw else torch.zeros(entry["shape"])
    return tensors, metadata


def dense(t):
    """A dense literal of `t`, nested as its shape requires."""
    def text(value):
        if isinstance(value, list):
            return "[" + ", ".join(text(v) for v in value) + "]"
        if value != value or value in (float("inf"), float("-inf")):
            return "0x%08X" % struct.unpack("<I", struct.pack("<f", value))
        number = "%.9g" % value
        return number if any(c in number for c in ".e") else number + ".0"
    return f"dense<{text(t.tolist())}>"


def static_type(shape):
    return "tensor<" + "x".join([str(d) for d in shape] + ["f32"]) + ">"


COMPARE = """
func.func private @errors(%a: tensor<?xf32>, %e: tensor<?xf32>)
    -> (f32, f32) {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>)
      -> tensor<f32>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>,
      affine_map<(i) -> (i)>, affine_map<(i) -> ()>, affine_map<(i) -> ()>],
      iterator_types = ["reduction"]}
      ins(%a, %e : tensor<?xf32>, tensor<?xf32>)
      outs(%acc, %acc : tensor<f32>, tensor<f32>) {
  ^bb0(%x: f32, %y: f32, %n: f32, %m: f32):
    %rtol = arith.constant RTOL : f32
    %atol = arith.constant ATOL : f32
    %one = arith.constant 1.0 : f32
    %d = arith.subf %x, %y : f32
    %ad = math.absf %d : f32
    %ay = math.absf %y : f32
    %t = arith.mulf %ay, %rtol : f32
    %tol = arith.addf %t, %atol : f32
    %bad = arith.cmpf ugt, %ad, %tol : f32
    %inc = arith.select %bad, %one, %zero : f32
    %s = arith.addf %n, %inc : f32
    %big = arith.cmpf ugt, %ad, %m : f32
    %mx = arith.select %big, %ad, %m : f32
    linalg.yield %s, %mx : f32, f32
  } -> (tensor<f32>, tensor<f32>)
  %count = tensor.extract %r#0[] : tensor<f32>
  %max = tensor.extract %r#1[] : tensor<f32>
  return %count, %max : f32, f32
}
"""

ARGUMENT = re.compile(r'(%[\w.]+): (tensor<[^>]+>) \{nnid\.name = "([^"]+)"\}')


def runner_module(text, tensors, metadata):
    """The case's IR with a @main that runs it and prints its errors."""
    header = next(line for line in text.splitlines()
                  if line.startswith("func.func @forward("))
    arguments = ARGUMENT.findall(header)
    results = header.rsplit("-> (", 1)[1].rsplit(") {", 1)[0]
    result_types = re.findall(r"tensor<[^>]+>", results)
    lines = ["func.func @main() {"]
    operands = []
    for i, (_, ty, name) in enumerate(arguments):
        t = tensors[name]
        lines.append(f"  %a{i} = arith.constant {dense(t)} : "
                     f"{static_type(t.shape)}")
        operand = f"%a{i}"
        if "?" in ty:
            lines.append(f"  %d{i} = tensor.cast %a{i} : "
                         f"{static_type(t.shape)} to {ty}")
            operand = f"%d{i}"
        operands.append(operand)
    outs = ", ".join(f"%r{i}" for i in range(len(result_types)))
    lines.append(f"  {outs} = call @forward({', '.join(operands)}) : "
                 f"({', '.join(ty for _, ty, _ in arguments)}) -> "
                 f"({', '.join(result_types)})")
    for i, ty in enumerate(result_types):
        e = tensors[f"expected.{i}"]
        rank = e.dim()
        dims = ", ".join(str(d) for d in range(rank))
        flat = "tensor<?xf32>" if "?" in ty else f"tensor<{e.numel()}xf32>"
        lines += [
            f"  %e{i} = arith.constant {dense(e.reshape(-1))} : "
            f"tensor<{e.numel()}xf32>",
            f"  %f{i} = tensor.collapse_shape %r{i} [[{dims}]] : {ty} into "
            f"{flat}",
            f"  %g{i} = tensor.cast %f{i} : {flat} to tensor<?xf32>",
            f"  %h{i} = tensor.cast %e{i} : tensor<{e.numel()}xf32> to "
            "tensor<?xf32>",
            f"  %n{i}, %m{i} = call @errors(%g{i}, %h{i}) : (tensor<?xf32>, "
            "tensor<?xf32>) -> (f32, f32)",
            "  vector.print str \"mismatches \"",
            f"  vector.print %n{i} : f32",
            "  vector.print str \"max error \"",
            f"  vector.print %m{i} : f32",
        ]
    lines += ["  return", "}"]
    compare = COMPARE.replace("RTOL", "%e" % float(metadata.get("rtol", 1e-4)))
    compare = compare.replace("ATOL", "%e" % float(metadata.get("atol", 1e-4)))
    return text + compare + "\n".join(lines) + "\n"


def first_error(output):
    for line in output.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def check(path, spec, args):
    """(status, detail) of one case under one configuration."""
    with open(path) as f:
        text = f.read()
    if re.search(args.fail_config or "", spec):
        if args.fail_if and re.search(args.fail_if, text):
            return "DIFFERS", f"(--fail-if {args.fail_if!r} matches)"
        if args.crash_if and re.search(args.crash_if, text):
            sys.stdout.flush()
            print(f"crashing on {path}", file=sys.stderr, flush=True)
            os.abort()
    if not args.nnid_opt:
        return "ok", "(max error 0)"
    stem = os.path.splitext(path)[0]
    source = text
    if args.run:
        tensors, metadata = read_safetensors(stem + ".safetensors")
        source = runner_module(text, tensors, metadata)
    compiled = subprocess.run(
        [args.nnid_opt, "-", f"--nnid-lower-to-llvm={pipeline_options(spec)}"],
        input=source, capture_output=True, text=True)
    if compiled.returncode != 0:
        return "FAILED", first_error(compiled.stderr)
    if not args.run:
        return "ok", "(max error 0)"
    libs = [os.path.join(args.llvm_lib_dir, lib) for lib in
            ("libmlir_c_runner_utils.so", "libmlir_runner_utils.so",
             "libomp.so")]
    ran = subprocess.run(
        [args.mlir_runner, "-e", "main", "--entry-point-result=void",
         "-shared-libs=" + ",".join(libs)],
        input=compiled.stdout, capture_output=True, text=True)
    if ran.returncode != 0:
        return "FAILED", "mlir-runner: " + first_error(ran.stderr)
    mismatches = [float(v) for v in
                  re.findall(r"mismatches\s+(\S+)", ran.stdout)]
    errors = [float(v) for v in re.findall(r"max error\s+(\S+)", ran.stdout)]
    worst = max(errors) if errors else 0.0
    if any(m != 0 for m in mismatches) or any(e != e for e in errors):
        return "DIFFERS", (f"({int(sum(mismatches))} elements off, max error "
                           f"{worst:g})")
    return "ok", f"(max error {worst:g})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--configs", default="default")
    parser.add_argument("--list-configs", action="store_true")
    parser.add_argument("--nnid-opt")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--mlir-runner",
                        default="/usr/lib/llvm-22/bin/mlir-runner")
    parser.add_argument("--llvm-lib-dir", default="/usr/lib/llvm-22/lib")
    parser.add_argument("--fail-if")
    parser.add_argument("--crash-if")
    parser.add_argument("--fail-config")
    args = parser.parse_args(argv)
    if args.list_configs:
        print("\n".join(CONFIGS))
        return 0
    if args.configs == "all":
        specs = CONFIGS
    elif args.configs == "default":
        specs = CONFIGS[:1]
    else:
        specs = [s for s in args.configs.split(";") if s]
    passed = failed = 0
    for path in args.cases:
        name = os.path.splitext(os.path.basename(path))[0]
        for spec in specs:
            status, detail = check(path, spec, args)
            print(f"{name} [{spec}]: {status} {detail}", flush=True)
            if status == "ok":
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
