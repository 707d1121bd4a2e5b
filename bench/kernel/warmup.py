"""Warm from the first cell? `1 + 1` round-trip p50 in a fresh kernel (after 10 cells of the soak's mix) against the same kernel's p50 after 1,000 cells; prints a Markdown table.

Usage: warmup.py [--early 10] [--late 1000] [--trips 100] LABEL=KERNEL_JSON[,add=OPTION][,drop=PREFIX]...

One kernel per label: its first `1 + 1` result, then --early cells of the soak's mix (soak.py's
MIX), --trips round-trips of `1 + 1` (the early p50), the mix until --late cells in all, --trips
round-trips again (the late p50). The ratio early / late says how much of a session's speed the
JIT still had to find when the user started; the target is <= 1.3. Beside the wall-clock p50, the
kernel process's CPU time per round-trip (from /proc/PID/stat, compiler threads included), which a
machine shared with other work disturbs less.
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_bench import Run, kernels_to_run, percentile  # noqa: E402
from soak import cell, execute  # noqa: E402


def cpu_seconds(pid):
    """User + system CPU time of the process so far, all its threads."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def trips(run, count):
    """(p50 wall-clock ms, mean CPU ms) of count `1 + 1` round-trips."""
    cpu_before = cpu_seconds(run.process.pid)
    walls = [execute(run, "1 + 1")[0] for _ in range(count)]
    return percentile(walls, 50), (cpu_seconds(run.process.pid) - cpu_before) * 1000 / count


def measure(argv, language, env, workdir, early_cells, late_cells, count):
    run = Run(argv, env, workdir)
    try:
        run.reply(run.shell, run.send(run.shell, "kernel_info_request", {}))
        first = execute(run, "1 + 1")[0]
        for n in range(early_cells):
            execute(run, cell(language, n)[0])
        early = trips(run, count)
        for n in range(early_cells, late_cells):
            execute(run, cell(language, n)[0])
        return first, early, trips(run, count)
    finally:
        run.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--early", type=int, default=10)
    parser.add_argument("--late", type=int, default=1000)
    parser.add_argument("--trips", type=int, default=100)
    parser.add_argument("kernels", nargs="+", metavar="LABEL=KERNEL_JSON")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="flowbook-warmup-") as workdir:
        for label, argv, language, env in kernels_to_run(args.kernels, "warmup"):
            rows.append((label, *measure(argv, language, env, workdir, args.early, args.late, args.trips)))
            print(f"warmup: {rows[-1]}", file=sys.stderr, flush=True)
    print(f"| kernel | first `1 + 1` | `1 + 1` p50 after {args.early} cells | after {args.late:,} cells | ratio "
          f"| CPU per `1 + 1` after {args.early} cells | after {args.late:,} cells | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, first, (early, early_cpu), (late, late_cpu) in rows:
        print(f"| {label} | {first:.0f} ms | {early:.1f} ms | {late:.1f} ms | {early / late:.2f} "
              f"| {early_cpu:.1f} ms | {late_cpu:.1f} ms | {early_cpu / late_cpu:.2f} |")
    print(f"\n{args.trips} round-trips of `1 + 1` each time; the cells between are the soak's mix.")


if __name__ == "__main__":
    main()
