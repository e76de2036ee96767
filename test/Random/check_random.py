#!/usr/bin/python3
"""Random-graph differential testing: nnid against PyTorch.

  check_random.py --seed S --count N --work DIR --nnid-run PATH
                  [--configs rotate|all|default|SPEC;SPEC...] [--jobs J]

Generates the graphs of seeds S .. S+N-1 (random_graphs.py) as DIR/rg<seed>
.mlir + .safetensors and runs nnid-run on them, many case files per
invocation, one configuration per invocation, --jobs invocations at a time.
--nnid-run is a command line (e.g. "python3 fake_nnid_run.py --fail-if=X").

Configurations. `nnid-run --list-configs` gives the M configurations of this
machine, in a fixed order.
  all      every graph under every configuration.
  rotate   (the default) graph `seed` under the --per-graph K configurations
           numbered (seed * K + j) mod M, j = 0 .. K-1, so that N consecutive
           seeds run each configuration about N * K / M times; and every
           graph whose seed is a multiple of --full-every under all M.
  default, or SPEC;SPEC...: those, for every graph.
The lit test (random-graphs.test) rotates with K = 1 and --full-every 50
over 200 seeds: on an AVX-512 machine with libomp (M = 16) that is 196 + 4 *
16 = 260 compilations, each configuration 16 or 17 times, at about 1.3 s of
CPU each (nnid-run's JIT, mostly), so about 3 minutes on 2 cores. Every
configuration for every graph would be 3200 compilations; the defaults
for runs by hand, K = 2 and --full-every 12, make 184 * 2 + 16 * 16 = 624.

A graph passes when it is `ok` under each of its configurations. For each
failing graph the driver prints the seed, the configuration and the
reproducer's path, then reduces it under that configuration: it edits the
generator's graph (drops results, cuts the graph short, bypasses ops,
shrinks the input, resets attributes to their defaults), emits each
candidate with its PyTorch result, and keeps a candidate while nnid-run
still fails on it the same way. The smallest is DIR/rg<seed>.reduced.mlir
(+ .safetensors), printed with the nnid-opt and nnid-run commands that
reproduce it. The last line is `N passed, M failed`, counting graphs; the
exit status is 1 if any failed.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

import random_graphs  # noqa: E402

RESULT = re.compile(r"^(?P<case>\S+) \[(?P<spec>[^\]]*)\]: "
                    r"(?P<status>ok|DIFFERS|FAILED)\b ?(?P<detail>.*)$")
BOOLEAN_OPTIONS = ("kernels", "reparameterize", "parallel")


# --- Running nnid-run -----------------------------------------------------


class Runner:
    """Runs nnid-run on case files under one configuration at a time."""

    def __init__(self, command, jobs, timeout):
        self.command = command
        self.jobs = jobs
        self.timeout = timeout
        self.invocations = 0

    def list_configs(self):
        out = subprocess.run(self.command + ["--list-configs"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"check_random: {shlex.join(self.command)} "
                     f"--list-configs failed:\n{out.stderr}")
        return [line.strip() for line in out.stdout.splitlines()
                if line.strip()]

    def _invoke(self, paths, spec):
        """{case name: (status, detail)} of one nnid-run invocation."""
        self.invocations += 1
        command = self.command + list(paths) + [f"--configs={spec}"]
        try:
            out = subprocess.run(command, capture_output=True, text=True,
                                 timeout=self.timeout * len(paths))
            stdout, code = out.stdout, out.returncode
            why = (f"nnid-run was killed by signal {-code}" if code < 0 else
                   f"nnid-run exited with status {code}")
            if out.stderr.strip():
                why += f"; stderr: {last_line(out.stderr)}"
        except subprocess.TimeoutExpired as error:
            stdout = error.stdout or ""
            if isinstance(stdout, bytes):
                stdout = stdout.decode(errors="replace")
            why = f"timed out after {self.timeout * len(paths)} s"
        results = {}
        for line in stdout.splitlines():
            match = RESULT.match(line.strip())
            if match:
                results[case_name(match["case"])] = (match["status"],
                                                     match["detail"])
        return results, why

    def _run_chunk(self, paths, spec):
        """{case name: (status, detail)}, one invocation (and reruns)."""
        results, why = self._invoke(paths, spec)
        # A case that stopped nnid-run (a crash, a timeout) leaves the
        # cases after it without a line: run those again one by one, so
        # that it blames only itself.
        for path in paths:
            if case_name(path) in results:
                continue
            if len(paths) > 1:
                single, why = self._invoke([path], spec)
                results.update(single)
            if case_name(path) not in results:
                results[case_name(path)] = ("FAILED", f"no result ({why})")
        return results

    def run(self, paths, spec, batch):
        """{case name: (status, detail)} for `paths` under `spec`."""
        return {name: result for (name, _), result in
                self.run_many({spec: paths}, batch).items()}

    def run_many(self, tasks, batch):
        """{(case name, spec): result} for tasks {spec: [paths]}."""
        work = [(spec, paths[i:i + batch]) for spec, paths in tasks.items()
                for i in range(0, len(paths), batch)]
        results = {}
        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            for (spec, _), found in zip(work, pool.map(
                    lambda item: self._run_chunk(item[1], item[0]), work)):
                for name, result in found.items():
                    results[(name, spec)] = result
        return results


def case_name(path):
    name = os.path.basename(path)
    return name[:-5] if name.endswith(".mlir") else name


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def pipeline_options(spec):
    """A configuration spec as --nnid-lower-to-llvm options."""
    options = []
    for item in spec.split(","):
        key, _, value = item.partition("=")
        if key in BOOLEAN_OPTIONS:
            value = {"1": "true", "0": "false"}.get(value, value)
        options.append(f"{key}={value}" if value else key)
    return " ".join(options)


def signature(status, detail):
    """What must stay the same while a failure is reduced: the status and,
    for FAILED, the message without names, numbers, types and paths."""
    if status != "FAILED":
        return status
    text = detail.split("; stderr: ", 1)[0].split("error:", 1)[-1]
    text = re.sub(r"\S*/\S*", "", text)
    text = re.sub(r"(tensor|memref|vector)<[^>]*>", "T", text)
    text = re.sub(r"[%@#^][\w.$-]*", "", text)
    text = re.sub(r"\d+", "", text)
    return status + " " + " ".join(text.split())


# --- Choosing configurations ----------------------------------------------


def assign_configs(seeds, configs, mode, per_graph, full_every):
    """{seed: [spec, ...]} under the rotation described above."""
    if mode != "rotate":
        return {seed: list(configs) for seed in seeds}
    count = len(configs)
    per_graph = min(per_graph, count)
    assignment = {}
    for seed in seeds:
        if full_every and seed % full_every == 0:
            assignment[seed] = list(configs)
        else:
            assignment[seed] = [configs[(seed * per_graph + j) % count]
                                for j in range(per_graph)]
    return assignment


# --- Reduction ------------------------------------------------------------


def _edited(graph, edit):
    """A copy of `graph` changed by `edit`, if it is valid and smaller."""
    candidate = graph.copy()
    edit(candidate)
    candidate.prune()
    if not candidate.is_valid() or _size(candidate) >= _size(graph):
        return None
    return candidate


def _ancestors(live):
    """{uid: the uids of the values it depends on} for live nodes."""
    ancestors = {0: set()}
    for node in live[1:]:
        ancestors[node.uid] = set(node.inputs).union(
            *(ancestors[u] for u in node.inputs))
    return ancestors


def _size(graph):
    """What reduction decreases: ops, their depth, results, the input's
    size, and the attributes that differ from their defaults."""
    live = graph.live_nodes()
    ancestors = _ancestors(live)
    n, c, h, w = graph.input_shape
    score = int(graph.dynamic_batch)
    for node in live[1:]:
        a = node.attrs
        score += sum(bool(a.get(key)) for key in
                     ("frozen", "bias", "zero", "ceil_mode"))
        score += sum(a.get(key) not in (None, default) for key, default in (
            ("stride", (1, 1)), ("dilation", (1, 1)),
            ("padding", (0, 0, 0, 0)), ("groups", 1),
            ("count_include_pad", True), ("eps", 1e-5), ("axis", 1)))
        kernel = a.get("kernel", (1, 1))
        score += kernel[0] * kernel[1] + a.get("out", 0)
    return (len(live), sum(len(s) for s in ancestors.values()),
            len(graph.outputs), n * c * h * w, score)


def _set_attr(uid, key, value):
    def edit(g):
        g.node(uid).attrs[key] = value
    return edit


def candidates(graph):
    """(label, edit) for smaller variants of `graph`, biggest cuts first;
    an edit changes a copy of the graph in place.

    Every edit moves towards a minimum (fewer ops or results, a smaller
    input, attributes at their defaults), so reduction terminates.
    """
    live = graph.live_nodes()
    ops = live[1:]
    # Fewer results.
    if len(graph.outputs) > 1:
        for j in range(len(graph.outputs)):
            def drop(g, j=j):
                del g.outputs[j]
            yield f"drop result {j}", drop
    # Cut the graph short: a result becomes an earlier value.
    for j, out in enumerate(graph.outputs):
        earlier = [n.uid for n in live if n.uid != out]
        step = max(1, len(earlier) // 8)
        for uid in earlier[::step]:
            def cut(g, j=j, uid=uid):
                g.outputs[j] = uid
            yield f"result {j} := value {uid}", cut
    # Bypass an op: its users use one of its operands instead.
    for node in reversed(ops):
        for operand in dict.fromkeys(node.inputs):
            def bypass(g, node=node, operand=operand):
                g.replace_uses(node.uid, operand)
            yield f"bypass {node.kind}{node.uid}", bypass
        if node.kind == "concat" and len(node.inputs) > 2:
            for i in range(len(node.inputs)):
                def drop_input(g, uid=node.uid, i=i):
                    del g.node(uid).inputs[i]
                yield f"drop operand {i} of concat{node.uid}", drop_input
    # An operand replaced by a simpler value of its shape (fewer ops
    # behind it): branches merge, and what fed only the old operand dies.
    shapes = graph.shapes()
    ancestors = _ancestors(live)
    for index, node in enumerate(ops):
        earlier = [v.uid for v in live[:index + 1]]
        for i, operand in enumerate(node.inputs):
            simpler = sorted(
                (len(ancestors[u]), u) for u in earlier
                if u != operand and shapes[u] == shapes[operand] and
                len(ancestors[u]) <= len(ancestors[operand]))
            for _, uid in simpler[:2]:
                def replace(g, node=node.uid, i=i, uid=uid):
                    g.node(node).inputs[i] = uid
                yield f"operand {i} of {node.kind}{node.uid} := {uid}", \
                    replace
    # A smaller input.
    n, c, h, w = graph.input_shape
    inputs = []
    if graph.dynamic_batch:
        inputs.append(("static batch", (n, c, h, w), False))
    for label, shape in (("batch 1", (1, c, h, w)),
                         ("half the channels", (n, c // 2, h, w)),
                         ("one channel less", (n, c - 1, h, w)),
                         ("half the height", (n, c, h // 2, w)),
                         ("half the width", (n, c, h, w // 2)),
                         ("one row less", (n, c, h - 1, w)),
                         ("one column less", (n, c, h, w - 1))):
        if min(shape) >= 1 and shape != (n, c, h, w):
            inputs.append((label, shape, graph.dynamic_batch))
    for label, shape, dynamic in inputs:
        def resize(g, shape=shape, dynamic=dynamic):
            g.input_shape, g.dynamic_batch = shape, dynamic
        yield label, resize
    # Attributes back to their defaults.
    for node in ops:
        a, uid = node.attrs, node.uid
        name = f"{node.kind}{uid}"
        defaults = [("frozen", False), ("bias", False), ("zero", False),
                    ("stride", (1, 1)), ("dilation", (1, 1)),
                    ("padding", (0, 0, 0, 0)), ("groups", 1),
                    ("ceil_mode", False), ("count_include_pad", True),
                    ("eps", 1e-5), ("axis", 1)]
        for key, value in defaults:
            if key in a and a[key] != value and a[key] is not None:
                yield f"{name}.{key} = {value}", _set_attr(uid, key, value)
        if node.kind in ("max_pool2d", "avg_pool2d") and a.get("stride"):
            yield f"{name}.stride = kernel", _set_attr(uid, "stride", None)
        if "kernel" in a and a["kernel"] != (1, 1):
            kh, kw = a["kernel"]
            for kernel in ((1, 1), (max(1, kh - 1), kw), (kh, max(1, kw - 1))):
                if kernel != a["kernel"]:
                    yield (f"{name}.kernel = {kernel}",
                           _set_attr(uid, "kernel", kernel))
        if "out" in a and a["out"] > 1:
            for out in (1, a["out"] // 2):
                yield f"{name}.out = {out}", _set_attr(uid, "out", out)


class Reducer:
    """Shrinks a failing graph while nnid-run fails on it the same way.

    The candidates of the current graph are tried in order, a batch at a
    time; after a success the next round resumes at the same position in
    the new graph's list (and wraps around once before giving up), and a
    graph already seen to pass is never tried again.
    """

    def __init__(self, runner, spec, directory, budget, batch):
        self.runner = runner
        self.spec = spec
        self.directory = directory
        self.deadline = time.monotonic() + budget
        self.batch = batch
        self.tests = 0
        self.rejected = set()

    def reduce(self, graph, wanted):
        """The smallest variant of `graph` found that fails as `wanted`."""
        steps, cursor = 0, 0
        while time.monotonic() < self.deadline:
            variants, keys = [], {_fingerprint(graph)}
            for _, edit in candidates(graph):
                candidate = _edited(graph, edit)
                if candidate is None:
                    continue
                key = _fingerprint(candidate)
                if key not in self.rejected and key not in keys:
                    keys.add(key)
                    variants.append((key, candidate))
            cursor = min(cursor, len(variants))
            found = self._first_failing(variants[cursor:], wanted)
            if found is not None:
                graph = found[1]
                cursor += found[0]
                steps += 1
            elif cursor == 0:
                break
            else:
                cursor = 0
        return graph, steps

    def _first_failing(self, variants, wanted):
        """(position, graph) of the first of `variants` that fails."""
        for begin in range(0, len(variants), self.batch):
            if time.monotonic() >= self.deadline:
                return None
            chunk = variants[begin:begin + self.batch]
            paths = []
            for _, graph in chunk:
                self.tests += 1
                paths.append(random_graphs.write_case(
                    graph, self.directory, f"c{self.tests}"))
            per_call = max(1, -(-len(paths) // self.runner.jobs))
            results = self.runner.run(paths, self.spec, per_call)
            for offset, ((key, graph), path) in enumerate(zip(chunk, paths)):
                status, detail = results[case_name(path)]
                if signature(status, detail) == wanted:
                    return begin + offset, graph
                self.rejected.add(key)
        return None


def _fingerprint(graph):
    return (graph.input_shape, graph.dynamic_batch, tuple(graph.outputs),
            tuple((n.uid, n.kind, tuple(n.inputs), repr(sorted(
                n.attrs.items()))) for n in graph.live_nodes()))


# --- Driver ---------------------------------------------------------------


def report_failure(args, runner, seed, failures, index):
    """Prints one failing graph and reduces it; returns nothing."""
    path = os.path.join(args.work, f"rg{seed}.mlir")
    for spec, (status, detail) in failures:
        print(f"FAIL rg{seed} [{spec}]: {status} {detail}")
    spec, (status, detail) = failures[0]
    print(f"  seed {seed}, config {spec}")
    print(f"  reproducer: {path} (+ .safetensors)")
    print(f"  {shlex.join(runner.command)} {path} "
          f"--configs={shlex.quote(spec)}")
    if args.no_reduce or index >= args.max_reduce:
        return
    graph = random_graphs.generate(seed)
    directory = os.path.join(args.work, f"reduce-rg{seed}")
    reducer = Reducer(runner, spec, directory, args.reduce_time,
                      args.reduce_batch)
    start = time.monotonic()
    reduced, steps = reducer.reduce(graph, signature(status, detail))
    name = f"rg{seed}.reduced"
    reduced_path = random_graphs.write_case(reduced, args.work, name)
    print(f"  reduced in {steps} steps ({reducer.tests} candidates, "
          f"{time.monotonic() - start:.0f} s): {reduced_path}: "
          f"{random_graphs.plural(reduced.op_count(), 'op')} "
          f"({reduced.summary()}), from {graph.op_count()}")
    print(f"  {args.nnid_opt} {reduced_path} "
          f"--nnid-lower-to-llvm={shlex.quote(pipeline_options(spec))}")
    print(f"  {shlex.join(runner.command)} {reduced_path} "
          f"--configs={shlex.quote(spec)}")
    with open(reduced_path) as f:
        for line in f.read().splitlines()[1:]:
            print("  | " + (line if len(line) <= 160 else line[:157] + "..."))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n")[2:]))
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--work", required=True,
                        help="directory for the cases and reductions")
    parser.add_argument("--nnid-run", required=True,
                        help="the nnid-run command (split like a shell)")
    parser.add_argument("--nnid-opt",
                        help="nnid-opt, for the printed reproducer command "
                             "(default: beside nnid-run)")
    parser.add_argument("--configs", default="rotate",
                        help="rotate (default), all, default or "
                             "SPEC;SPEC...")
    parser.add_argument("--per-graph", type=int, default=2,
                        help="configurations per graph when rotating")
    parser.add_argument("--full-every", type=int, default=12,
                        help="when rotating, seeds that are multiples of "
                             "this run under every configuration (0: none)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="nnid-run invocations at a time")
    parser.add_argument("--batch", type=int, default=20,
                        help="case files per nnid-run invocation")
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds per case file and configuration")
    parser.add_argument("--no-reduce", action="store_true")
    parser.add_argument("--max-reduce", type=int, default=3,
                        help="failing graphs to reduce (the first ones)")
    parser.add_argument("--reduce-time", type=int, default=300,
                        help="seconds of reduction per graph")
    parser.add_argument("--reduce-batch", type=int, default=8,
                        help="candidates per round of nnid-run invocations")
    args = parser.parse_args(argv)

    command = shlex.split(args.nnid_run)
    if args.nnid_opt is None:
        beside = os.path.join(os.path.dirname(command[0]), "nnid-opt")
        args.nnid_opt = beside if os.path.exists(beside) else "nnid-opt"
    runner = Runner(command, max(1, args.jobs), args.timeout)
    start = time.monotonic()

    if args.configs in ("rotate", "all"):
        configs = runner.list_configs()
        if not configs:
            sys.exit("check_random: nnid-run --list-configs listed nothing")
    else:
        configs = [s for s in args.configs.split(";") if s]
    seeds = list(range(args.seed, args.seed + args.count))
    assignment = assign_configs(seeds, configs, args.configs,
                                args.per_graph, args.full_every)

    os.makedirs(args.work, exist_ok=True)
    paths = {seed: random_graphs.write_case(random_graphs.generate(seed),
                                            args.work) for seed in seeds}
    generated = time.monotonic()
    tasks = {}
    for seed in seeds:
        for spec in assignment[seed]:
            tasks.setdefault(spec, []).append(paths[seed])
    runs = sum(len(p) for p in tasks.values())
    plural = random_graphs.plural
    print(f"{plural(len(seeds), 'graph')} (seeds {args.seed}..{seeds[-1]}), "
          f"{plural(len(configs), 'configuration')} ({args.configs}), "
          f"{plural(runs, 'run')}; generated in {generated - start:.0f} s")
    sys.stdout.flush()

    results = runner.run_many(tasks, args.batch)
    failed = []
    for seed in seeds:
        name = case_name(paths[seed])
        failures = [(spec, results[(name, spec)]) for spec in assignment[seed]
                    if results[(name, spec)][0] != "ok"]
        if failures:
            failed.append((seed, failures))
    print(f"ran in {time.monotonic() - generated:.0f} s "
          f"({plural(runner.invocations, 'nnid-run invocation')})")
    for index, (seed, failures) in enumerate(failed):
        report_failure(args, runner, seed, failures, index)
        sys.stdout.flush()
    if failed:
        print("failing seeds: " + " ".join(str(s) for s, _ in failed))
    print(f"{len(seeds) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
