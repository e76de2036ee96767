#!/usr/bin/env python3
"""nnid on an NVIDIA GPU next to PyTorch (cuDNN) on the same GPU.

For each case (default: seed_model and resnet18_features, both 1x3x224x224):

  1. bench/cases.py writes the PyTorch module's weights, a random input and
     PyTorch's output (on the CPU) to <data>/<case>.safetensors;
  2. nnid-gpu-bench compiles the same network with those weights for the GPU
     (compileForCUDA), checks it against PyTorch's output, and times
     CudaKernel::runOnDevice: median of --runs runs after --warmup;
  3. PyTorch runs the module on the GPU (eval, no_grad, cudnn.benchmark) in
     float32 (TF32 off, what nnid computes) and with PyTorch's default TF32
     convolutions, timed the same way: each run is the call plus
     torch.cuda.synchronize(), median of --runs runs after --warmup;

then prints a table with the medians and the ratio nnid / PyTorch (above 1:
nnid is slower), and writes it as CSV. Run with a python3 that has PyTorch
with CUDA (and torchvision for resnet18), from the repository root:

  cmake --build build --target nnid-gpu-bench
  python3 bench/gpu/run.py [--build build] [--runs 200] [--warmup 10]
"""

import argparse
import csv
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_CASES = ["seed_model", "resnet18_features"]


def load_cases():
    path = os.path.join(ROOT, "bench", "cases.py")
    spec = importlib.util.spec_from_file_location("nnid_bench_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_nnid(bench, data, names, args):
    command = [bench, "--data", data, "--cases", ",".join(names),
               "--runs", str(args.runs), "--warmup", str(args.warmup)]
    if args.format:
        command += ["--format", args.format]
    print("+ " + " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    rows = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[row["case"]] = row
    if result.returncode != 0:
        print("nnid-gpu-bench failed (exit %d)" % result.returncode,
              file=sys.stderr)
    return rows


def time_torch(torch, module, x, expected, tf32, args):
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cuda.matmul.allow_tf32 = tf32
    with torch.no_grad():
        y = module(x)
        torch.cuda.synchronize()
        error = (y.float().cpu() - expected).abs().max().item()
        for _ in range(args.warmup):
            module(x)
        torch.cuda.synchronize()
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            module(x)
            torch.cuda.synchronize()
            times.append((time.perf_counter() - start) * 1e3)
    return {"median_ms": statistics.median(times), "min_ms": min(times),
            "max_abs_error": error}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"),
                        help="nnid's build directory (default: build)")
    parser.add_argument("--bench", help="the nnid-gpu-bench binary "
                        "(default: <build>/bin/nnid-gpu-bench)")
    parser.add_argument("--cases", default=",".join(DEFAULT_CASES))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--format", default="",
                        help="nnid's GPU code format: isa, bin or fatbin")
    parser.add_argument("--data", help="where the cases' files go "
                        "(default: a temporary directory)")
    parser.add_argument("--csv", default=os.path.join(HERE, "results.csv"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import torch
    if not torch.cuda.is_available():
        sys.exit("run.py: PyTorch sees no CUDA device")
    cases = load_cases()
    names = [n for n in args.cases.split(",") if n]
    bench = args.bench or os.path.join(args.build, "bin", "nnid-gpu-bench")
    if not os.path.exists(bench):
        sys.exit(f"run.py: no {bench}; build it with "
                 "cmake --build build --target nnid-gpu-bench")

    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or scratch
        os.makedirs(data, exist_ok=True)
        exporter = cases.load_exporter()
        for name in names:
            cases.write_case(name, data, args.seed, exporter)
        nnid = run_nnid(bench, data, names, args)

    device = torch.cuda.get_device_name(0)
    rows = []
    for name in names:
        module, x = cases.instantiate(name, args.seed)
        with torch.no_grad():
            expected = module(x)
        module, x = module.cuda(), x.cuda()
        fp32 = time_torch(torch, module, x, expected, False, args)
        tf32 = time_torch(torch, module, x, expected, True, args)
        ours = nnid.get(name, {})
        row = {
            "case": name, "device": device,
            "nnid_ms": ours.get("median_ms"),
            "nnid_min_ms": ours.get("min_ms"),
            "nnid_format": ours.get("format"),
            "nnid_max_abs_error": ours.get("max_abs_error"),
            "torch_fp32_ms": fp32["median_ms"],
            "torch_fp32_max_abs_error": fp32["max_abs_error"],
            "torch_tf32_ms": tf32["median_ms"],
            "torch_tf32_max_abs_error": tf32["max_abs_error"],
        }
        for mode in ("fp32", "tf32"):
            torch_ms = row[f"torch_{mode}_ms"]
            row[f"ratio_{mode}"] = (row["nnid_ms"] / torch_ms
                                    if row["nnid_ms"] else None)
        rows.append(row)

    def fmt(value, spec):
        return format(value, spec) if value is not None else "-"

    print(f"\n{device}, PyTorch {torch.__version__}, cuDNN "
          f"{torch.backends.cudnn.version()}; medians of {args.runs} runs\n")
    print(f"{'case':<20} {'nnid ms':>9} {'torch fp32 ms':>14} "
          f"{'nnid/torch':>10} {'torch tf32 ms':>14} {'nnid/torch':>10}")
    for row in rows:
        print(f"{row['case']:<20} {fmt(row['nnid_ms'], '9.3f')} "
              f"{fmt(row['torch_fp32_ms'], '14.3f')} "
              f"{fmt(row['ratio_fp32'], '10.2f')} "
              f"{fmt(row['torch_tf32_ms'], '14.3f')} "
              f"{fmt(row['ratio_tf32'], '10.2f')}")
    with open(args.csv, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nwritten to {args.csv}")
    return 0 if all(row["nnid_ms"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
