#!/usr/bin/python3
"""Runs nnid's benchmark against PyTorch and prints a table.

For each case (bench/cases.py) and thread count, in turn: nnid-bench
compiles the case with nnid, checks its output against PyTorch's and times
it; then PyTorch runs the same module, with the same weights and input, on
the same number of threads (torch.set_num_threads, eval mode, no_grad), in
each of the configurations a deploying user would pick from: eager NCHW,
eager channels_last (module and input), and TorchScript (traced, then
torch.jit.freeze and torch.jit.optimize_for_inference). nnid and every
PyTorch configuration are measured one right after the other for every
case, so that all see the same machine state; each reports the median of
its timed runs, after the same warm-up. The ratio's denominator is the
best PyTorch configuration, named in the table.

Before the cases, nnid-bench's fma_peak measures this core's f32 FMA peak;
the table gives nnid's GFLOP/s as a percentage of it.

Usage (from the repository root, after building nnid-bench):
  /usr/bin/python3 bench/run.py [--build build] [--threads 1,2] [--cases ...]
"""

import argparse
import copy
import csv
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, HERE)

import cases  # noqa: E402  (bench/cases.py)

COLUMNS = ["case", "threads", "nnid ms", "PyTorch ms", "PyTorch config",
           "nnid/PyTorch", "eager NCHW ms", "nnid GFLOP/s", "% of peak",
           "PyTorch GFLOP/s"]
CSV_FIELDS = ["case", "reparameterized", "threads", "nnid_ms", "torch_ms",
              "ratio", "nnid_gflops", "pct_peak", "torch_gflops", "flops",
              "nnid_runs", "torch_runs", "compile_s", "peak_gflops", "error",
              "torch_config", "torch_eager_ms", "torch_channels_last_ms",
              "torch_script_ms"]

# PyTorch's configurations: name -> CSV field of its time.
TORCH_CONFIGS = {"eager": "torch_eager_ms",
                 "channels_last": "torch_channels_last_ms",
                 "torchscript": "torch_script_ms"}


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown"


def run_nnid_bench(binary, args):
    """Runs nnid-bench with JSON output; returns its benchmark entries (a
    case's error is in its entry; nnid-bench then exits with 1)."""
    command = [binary, "--benchmark_format=json"] + args
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if not result.stdout.strip():
        raise RuntimeError(f"{' '.join(command)} exited with "
                           f"{result.returncode} and wrote no results")
    return json.loads(result.stdout)["benchmarks"]


def summarize(entries):
    """The median run time over the repetitions of one nnid-bench
    benchmark, with its counters, or its error."""
    runs = [e for e in entries if e.get("run_type", "iteration") ==
            "iteration"]
    for e in runs:
        if e.get("error_occurred"):
            return {"error": e.get("error_message", "error")}
    if not runs:
        return {"error": "nnid-bench ran nothing"}
    return {
        "ms": statistics.median(e["median_ms"] for e in runs),
        "runs": sum(e["iterations"] for e in runs),
        "gflops_counter": statistics.median(e["GFLOP/s"] for e in runs),
        "compile_s": runs[0].get("compile_s", float("nan")),
        "label": runs[0].get("label", ""),
    }


def measure_peak(binary, min_time):
    """One core's f32 FMA peak in GFLOP/s: the best of ten short
    repetitions (other load on the machine can only lower it)."""
    entries = run_nnid_bench(binary, [
        "--benchmark_filter=^fma_peak/",
        f"--benchmark_min_time={min(min_time, 0.1)}",
        "--benchmark_repetitions=10"])
    runs = [e for e in entries if e.get("run_type") == "iteration"]
    return max(e["GFLOP/s"] for e in runs), runs[0].get("label", "")


def time_nnid(binary, data_dir, name, threads, reparameterize, args):
    """nnid-bench's median for one case, or {"error": why}."""
    try:
        entries = run_nnid_bench(binary, [
            f"--data={data_dir}", f"--cases={name}",
            f"--num-threads={threads}",
            f"--reparameterize={'on' if reparameterize else 'off'}",
            f"--warmup={args.warmup}", f"--benchmark_filter=^{name}/",
            f"--benchmark_min_time={args.min_time}",
            f"--benchmark_repetitions={args.repetitions}"])
    except (OSError, RuntimeError, ValueError) as error:
        return {"error": str(error)}
    return summarize(entries)


def time_torch(module, x, threads, args):
    """Median seconds of module(x), timed the way nnid-bench times nnid:
    untimed runs (nnid-bench's correctness check and warm-up), then
    `repetitions` stretches of at least `min_time` seconds each."""
    torch.set_num_threads(threads)
    samples = []
    with torch.no_grad():
        for _ in range(1 + args.warmup):
            module(x)
        for _ in range(args.repetitions):
            begin = time.perf_counter()
            while True:
                start = time.perf_counter()
                module(x)
                stop = time.perf_counter()
                samples.append(stop - start)
                if stop - begin >= args.min_time:
                    break
    return statistics.median(samples), len(samples)


def torch_configs(module, x):
    """PyTorch's configurations of `module` on `x`: name -> (module,
    input). channels_last needs a 4-D input; TorchScript is left out when
    tracing or freezing fails (the reason is printed)."""
    configs = {"eager": (module, x)}
    if x.dim() == 4:
        last = torch.channels_last
        configs["channels_last"] = (
            copy.deepcopy(module).to(memory_format=last),
            x.contiguous(memory_format=last))
    try:
        with torch.no_grad():
            traced = torch.jit.trace(copy.deepcopy(module), x)
            frozen = torch.jit.optimize_for_inference(
                torch.jit.freeze(traced.eval()))
        configs["torchscript"] = (frozen, x)
    except Exception as error:  # noqa: BLE001 (any failure: leave it out)
        print(f"  TorchScript unavailable: {error}", file=sys.stderr)
    return configs


def fmt(value, digits=2):
    """`digits` decimals, or 3 significant digits for small values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if 0 < abs(value) < 0.1:
        return f"{value:.3g}"
    return f"{value:.{digits}f}"


def print_table(rows, out=sys.stdout):
    cells = [[r["display"], str(r["threads"]),
              "error" if r["error"] else fmt(r["nnid_ms"]),
              fmt(r["torch_ms"]), r["torch_config"], fmt(r["ratio"]),
              fmt(r["torch_eager_ms"]), fmt(r["nnid_gflops"]),
              fmt(r["pct_peak"], 1), fmt(r["torch_gflops"])]
             for r in rows]
    widths = [max(len(c) for c in column)
              for column in zip(COLUMNS, *cells)]
    line = "| " + " | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths))
    print(line + " |", file=out)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=out)
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) +
              " |", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"),
                        help="nnid's build directory")
    parser.add_argument("--bench", help="the nnid-bench binary (default: "
                        "BUILD/bin/nnid-bench)")
    parser.add_argument("--cases", default=",".join(cases.DEFAULT_CASES),
                        help="comma-separated case names")
    parser.add_argument("--threads", default="1,2",
                        help="comma-separated thread counts")
    parser.add_argument("--reparameterize", default="auto",
                        choices=["auto", "off", "on", "both"],
                        help="run --nnid-reparameterize before compiling; "
                        "auto: both ways for the training-form cases, off "
                        "for the others")
    parser.add_argument("--min-time", type=float, default=0.5,
                        help="seconds of timed runs per repetition (at "
                        "least one run)")
    parser.add_argument("--repetitions", type=int, default=3,
                        help="repetitions per case and side; the median is "
                        "taken over all of them")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed runs before timing, besides the "
                        "correctness check")
    parser.add_argument("--data", help="directory for the cases' "
                        "safetensors files (default: a temporary one)")
    parser.add_argument("--csv", default=os.path.join(HERE, "results.csv"),
                        help="where to write the results as CSV")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the weights and inputs")
    args = parser.parse_args(argv)

    names = [n for n in args.cases.split(",") if n]
    unknown = [n for n in names if n not in cases.CASES_BY_NAME]
    if unknown:
        parser.error("unknown case(s): " + ", ".join(unknown))
    threads = [int(t) for t in args.threads.split(",") if t]
    binary = args.bench or os.path.join(args.build, "bin", "nnid-bench")
    if not os.access(binary, os.X_OK):
        parser.error(f"no nnid-bench at {binary}: build it (ninja -C "
                     f"{args.build} nnid-bench) or give --bench")

    temporary = None
    data_dir = args.data
    if not data_dir:
        temporary = tempfile.TemporaryDirectory(prefix="nnid-bench-")
        data_dir = temporary.name
    os.makedirs(data_dir, exist_ok=True)

    started = datetime.datetime.now().astimezone()
    print(f"nnid-bench against PyTorch {torch.__version__}, "
          f"{started:%Y-%m-%d %H:%M %Z}, {cpu_model()}, "
          f"{os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    try:
        peak, kind = measure_peak(binary, args.min_time)
    except (OSError, RuntimeError, ValueError) as error:
        parser.exit(1, f"run.py: cannot measure the peak: {error}\n")
    print(f"measured single-core f32 FMA peak ({kind}): {peak:.1f} GFLOP/s",
          flush=True)

    exporter = cases.load_exporter()
    rows = []
    for name in names:
        _, flops = cases.write_case(name, data_dir, args.seed, exporter)
        module, x = cases.instantiate(name, args.seed)
        configs = torch_configs(module, x)
        if args.reparameterize == "auto":
            variants = ([False, True] if name in cases.TRAINING_FORM_CASES
                        else [False])
        else:
            variants = {"off": [False], "on": [True],
                        "both": [False, True]}[args.reparameterize]
        for reparameterize in variants:
            for count in threads:
                nnid = time_nnid(binary, data_dir, name, count,
                                 reparameterize, args)
                torch_times = {}
                for config, (m, mx) in configs.items():
                    seconds, runs = time_torch(m, mx, count, args)
                    torch_times[config] = (seconds * 1e3, runs)
                best = min(torch_times, key=lambda c: torch_times[c][0])
                torch_ms, torch_runs = torch_times[best]
                error = nnid.get("error")
                nnid_ms = None if error else nnid["ms"]
                gflops = None if error else flops / nnid_ms * 1e-6
                row = {
                    "case": name,
                    "display": name + (" (reparameterized)"
                                       if reparameterize else ""),
                    "reparameterized": int(reparameterize),
                    "threads": count,
                    "nnid_ms": nnid_ms,
                    "torch_ms": torch_ms,
                    "ratio": None if error else nnid_ms / torch_ms,
                    "nnid_gflops": gflops,
                    "pct_peak": None if error else 100.0 * gflops / peak,
                    "torch_gflops": flops / torch_ms * 1e-6,
                    "flops": flops,
                    "nnid_runs": None if error else nnid["runs"],
                    "torch_runs": torch_runs,
                    "compile_s": None if error else nnid["compile_s"],
                    "peak_gflops": peak,
                    "error": error or "",
                    "torch_config": best,
                }
                for config, field in TORCH_CONFIGS.items():
                    row[field] = torch_times.get(config, (None, 0))[0]
                rows.append(row)
                status = (f"error: {error}" if error else
                          f"nnid {nnid_ms:.2f} ms ({nnid['runs']} runs, "
                          f"compiled in {nnid['compile_s']:.1f} s; "
                          f"{nnid['label']})")
                others = ", ".join(f"{c} {t:.2f} ms ({r} runs)"
                                   for c, (t, r) in torch_times.items())
                print(f"  {row['display']}, {count} thread(s): {status}; "
                      f"PyTorch {others}", file=sys.stderr, flush=True)

    print()
    print_table(rows)
    print(f"\nPyTorch ms: the best of PyTorch's configurations (eager NCHW, "
          f"eager channels_last, TorchScript frozen and optimized for "
          f"inference), named in PyTorch config; nnid/PyTorch is against "
          f"it.")
    print(f"FLOPs: 2 per multiply-accumulate of every conv and linear "
          f"layer, 1 per window element of every pooling layer, for the "
          f"network as written in PyTorch (also after re-parameterization). "
          f"% of peak: nnid GFLOP/s / {peak:.1f} (one core, measured). "
          f"Load average at the end: {os.getloadavg()[0]:.2f}.")
    errors = [r for r in rows if r["error"]]
    for r in errors:
        print(f"error: {r['display']}, {r['threads']} thread(s): "
              f"{r['error']}")

    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_FIELDS,
                                    extrasaction="ignore")
            writer.writeheader()
            for r in rows:
                writer.writerow({k: ("" if v is None else
                                     (f"{v:.6g}" if isinstance(v, float)
                                      else v)) for k, v in r.items()})
        print(f"wrote {args.csv}")
    if temporary:
        temporary.cleanup()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
