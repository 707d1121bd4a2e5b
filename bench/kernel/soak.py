"""A long session: 5,000 cells of a realistic mix in one kernel, beside ipykernel and JShell alone; prints p50/p95 round-trip, live heap after GC and RSS per 1,000 cells as a Markdown table.

Usage: soak.py [--cells N] [--block N] [--jshell-jar JAR --java JAVA] LABEL=KERNEL_JSON...

The mix repeats ten cells: a variable re-defined, expressions on it, a new method (a new name each
round), a call of it, an async-generator pipeline, a printing loop, a method re-defined, a string
expression, a stream sum, and every round one cell that fails with a runtime error. Java kernels
get the Java version, Python kernels the Python one.

Live heap after GC: `jcmd PID GC.run` then `jcmd PID GC.heap_info` (the "used" of the heap), from
outside the kernel; for Python kernels only RSS is given. JShell alone runs JShellSoak.java: the
same Java cells through JShell.eval in one JVM (local execution, the library on the class path),
as it comes, with the latest 100 results kept, and with that and the kernel's SnippetCompactor.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_bench import TIMEOUT, Run, kernels_to_run, percentile  # noqa: E402

# (Java, Python, fails) per position in a round; {i} is the round's number.
MIX = [
    ("int base = 21;", "base = 21", False),
    ("base * 2", "base * 2", False),
    ("int f{i}(int x) { return x + {i}; }", "def f{i}(x):\n    return x + {i}", False),
    ("f{i}(base)", "f{i}(base)", False),
    ("AsyncGenerator.range(0, 5).map(x -> x * base).toList()",
     "async def numbers():\n    for x in range(5):\n        yield x * base\n[x async for x in numbers()]", False),
    ('for (int k = 0; k < 5; k++) System.out.println("line " + k);',
     'for k in range(5):\n    print("line", k)', False),
    ('String greet(String name) { return "Hello, " + name; }', 'def greet(name):\n    return "Hello, " + name', False),
    ('greet("cell {i}")', 'greet("cell {i}")', False),
    ("IntStream.range(0, 100).sum()", "sum(range(100))", False),
    ('Integer.parseInt("x{i}")', 'int("x{i}")', True),
]
JSHELL_SEPARATOR = "\n%%%% next cell %%%%\n"  # between cells in the file JShellSoak.java reads


def cell(language, n):
    java, python, fails = MIX[n % len(MIX)]
    return (java if language == "java" else python).replace("{i}", str(n // len(MIX))), fails


def execute(run, code):
    """Sends code; returns (round-trip ms, reply status)."""
    sent = time.time()
    msg_id = run.send(run.shell, "execute_request",
                      {"code": code, "silent": False, "store_history": True,
                       "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    run.iopub_until_idle(msg_id)
    replied, reply = run.reply(run.shell, msg_id)
    return (replied - sent) * 1000, reply["content"]["status"]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def live_heap_mb(java, pid):
    """The heap in use right after a full GC, asked from outside with jcmd."""
    jcmd = os.path.join(os.path.dirname(java), "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], check=True, capture_output=True, timeout=TIMEOUT)
    info = subprocess.run([jcmd, str(pid), "GC.heap_info"], check=True, capture_output=True, text=True,
                          timeout=TIMEOUT).stdout
    used = re.search(r"used (\d+)K", info)
    return int(used.group(1)) / 1024 if used else float("nan")


def soak_kernel(label, argv, language, env, workdir, cells, block):
    rows = []
    run = Run(argv, env, workdir)
    try:
        run.reply(run.shell, run.send(run.shell, "kernel_info_request", {}))
        execute(run, "1 + 1")  # iopub subscribed before timing
        trips = []
        for n in range(cells):
            code, fails = cell(language, n)
            took, status = execute(run, code)
            if (status == "error") != fails:
                raise RuntimeError(f"{label}: cell {n + 1} {code!r} ended {status}")
            trips.append(took)
            if (n + 1) % block == 0:
                heap = live_heap_mb(argv[0], run.process.pid) if language == "java" else None
                rows.append((label, n + 1 - block + 1, n + 1, percentile(trips, 50), percentile(trips, 95),
                             heap, rss_mb(run.process.pid)))
                print(f"soak: {label}: {rows[-1]}", file=sys.stderr, flush=True)
                trips = []
    finally:
        run.stop()
    return rows


def soak_jshell(java, jar, keep, variant, cells, block, workdir):
    path = os.path.join(workdir, "cells.jsh")
    with open(path, "w") as f:
        f.write(JSHELL_SEPARATOR.join(cell("java", n)[0] for n in range(cells)))
    label = "JShell alone" + (f", latest {keep} results kept" if keep else "")
    label += ", compacted as the kernel does" if variant == "compact" else ""
    harness = os.path.join(os.path.dirname(os.path.abspath(__file__)), "JShellSoak.java")
    out = subprocess.run([java, "-Xshare:auto", "-cp", jar, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                          harness, path, jar, str(keep), str(block), variant],
                         check=True, capture_output=True, text=True, timeout=3600).stdout
    rows = []
    for line in out.splitlines():
        first, last, p50, p95, heap, rss = line.split()
        rows.append((label, int(first), int(last), float(p50), float(p95), float(heap), float(rss)))
        print(f"soak: {label}: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=int, default=5000)
    parser.add_argument("--block", type=int, default=1000)
    parser.add_argument("--jshell-jar", help="the kernel jar (holds the library) for JShell alone; omit to skip it")
    parser.add_argument("--java", help="the java that runs JShell alone")
    parser.add_argument("kernels", nargs="*", metavar="LABEL=KERNEL_JSON")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="flowbook-soak-") as workdir:
        for label, argv, language, env in kernels_to_run(args.kernels, "soak"):
            rows += soak_kernel(label, argv, language, env, workdir, args.cells, args.block)
        if args.jshell_jar:
            for keep, variant in ((0, "plain"), (100, "plain"), (100, "compact")):
                rows += soak_jshell(args.java, args.jshell_jar, keep, variant, args.cells, args.block, workdir)

    print("| kernel | cells | round-trip p50 | round-trip p95 | live heap after GC | RSS |")
    print("|---|---|---:|---:|---:|---:|")
    for label, first, last, p50, p95, heap, rss in rows:
        shown_heap = "–" if heap is None else f"{heap:.0f} MB"
        print(f"| {label} | {first:,}–{last:,} | {p50:.1f} ms | {p95:.1f} ms | {shown_heap} | {rss:.0f} MB |")
    print(f"\n{args.cells:,} cells of the mix in one session each; figures per {args.block:,} cells.")


if __name__ == "__main__":
    main()
