#!/usr/bin/python3
"""The ONNX zoo table: each model exported (test/ONNX/Zoo/export_model.py),
compiled and checked by `nnid-run --test`, then timed by
`nnid-run --benchmark` and against PyTorch eager, both on one thread.

Usage: bench/onnx_zoo.py --nnid-run build/bin/nnid-run [--models a,b]
                         [--runs N] [--work DIR]

Prints a Markdown table: model, compile seconds (import and compile, in
process), the largest error against PyTorch, the medians of nnid and
PyTorch in ms at batch 1 and one thread, and their ratio.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ZOO = os.path.join(HERE, "..", "test", "ONNX", "Zoo")
sys.path.insert(0, ZOO)
sys.dont_write_bytecode = True
import export_model  # noqa: E402

DEFAULT = ["squeezenet1_1", "resnet18", "mnasnet0_5", "regnet_x_400mf",
           "alexnet", "vgg11_bn", "resnet50", "resnext50_32x4d",
           "wide_resnet50_2", "densenet121", "googlenet", "inception_v3",
           "mnasnet1_0", "mobilenet_v2", "mobilenet_v3_small",
           "mobilenet_v3_large", "efficientnet_b0", "shufflenet_v2_x0_5",
           "regnet_y_400mf", "convnext_tiny", "efficientnet_v2_s"]


# Models compared with PyTorch's float64 result at a wider tolerance, as
# their tests do (test/ONNX/Zoo/inception_v3.test says why).
FLOAT64_TOLERANCE = {"inception_v3": 3e-4}


def torch_median_ms(name, runs):
    model, size = export_model.build(name)
    torch.set_num_threads(1)
    x = torch.randn(1, 3, size, size)
    times = []
    with torch.no_grad():
        model(x)
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nnid-run", required=True)
    parser.add_argument("--models", default=",".join(DEFAULT))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--work", default="/tmp/nnid-onnx-zoo")
    args = parser.parse_args()
    print("| model | compile s | max error | nnid ms | PyTorch ms | "
          "nnid / PyTorch |")
    print("|---|---|---|---|---|---|")
    for name in args.models.split(","):
        out = os.path.join(args.work, name)
        tolerance = FLOAT64_TOLERANCE.get(name)
        export_model.export(name, out, 1, float64=tolerance is not None)
        tolerances = (["--rtol", str(tolerance), "--atol", str(tolerance)]
                      if tolerance else [])
        test = subprocess.run([args.nnid_run, "--test", out,
                               "--num-threads", "1", *tolerances],
                              capture_output=True, text=True)
        text = test.stdout + test.stderr
        compiled = re.search(r"compiled .* in ([0-9.]+) s", text)
        error = re.search(r"max error ([0-9.e+-]+|inf)", text)
        if test.returncode or not compiled:
            print(f"| {name} | - | FAILED: {text.strip().splitlines()[-1]} "
                  f"| - | - | - |")
            continue
        bench = subprocess.run(
            [args.nnid_run, os.path.join(out, "model.onnx"), "--benchmark",
             "--runs", str(args.runs), "--num-threads", "1"],
            capture_output=True, text=True, check=True)
        nnid_ms = float(re.search(r"median ([0-9.]+) ms", bench.stdout)[1])
        torch_ms = torch_median_ms(name, args.runs)
        print(f"| {name} | {float(compiled[1]):.1f} | {error[1]} | "
              f"{nnid_ms:.2f} | {torch_ms:.2f} | {nnid_ms / torch_ms:.2f} |",
              flush=True)


if __name__ == "__main__":
    main()
