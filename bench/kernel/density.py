"""Many kernels on one machine: N started at once through jupyter_client, first result p50/max, then memory (PSS and RSS from /proc/PID/smaps_rollup) after start, after a mix of cells in each, and after an idle pause; prints Markdown tables.

Usage: density.py [--kernels 6,20] [--cells 100] [--idle 60] [--big N] LABEL=KERNEL_JSON[,add=OPTION][,drop=PREFIX]...

Per batch (N kernels of one kind) the kernels are started together (asyncio, one AsyncKernelManager
each); "first result" is the time from the moment the batch was started to the arrival of each
kernel's `1 + 1` result. The mix is the soak's (soak.py's MIX, --cells cells per kernel, all kernels
at once) with one cell in the middle that builds a list of --big boxed numbers and drops it. PSS
(proportional set size) counts a page shared by k processes as 1/k in each, so summed PSS is what
the batch really holds; RSS counts shared pages in full in every process.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import json

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_bench import kernels_to_run, percentile  # noqa: E402
from soak import cell  # noqa: E402

from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402

TIMEOUT = 600  # 20 JVMs starting on 2 busy cores take a while; a hung kernel still ends the run
BIG_CELL = {
    "java": "java.util.stream.IntStream.range(0, {n}).boxed().collect(java.util.stream.Collectors.toList()).size()",
    "python": "len(list(range({n})))",
}
MIB = 1024


def memory(pid):
    """{'pss', 'rss', 'shared'} of a process in KiB, from /proc/PID/smaps_rollup."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                fields[parts[0][:-1]] = int(parts[1])
    return {"pss": fields["Pss"], "rss": fields["Rss"],
            "shared": fields.get("Shared_Clean", 0) + fields.get("Shared_Dirty", 0)}


def file_mapping(pid, suffix):
    """(RSS, PSS) in KiB of the mappings of files ending with suffix (e.g. the AOT cache), from /proc/PID/smaps."""
    rss = pss = 0
    inside = False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 5 and "-" in parts[0] and not parts[0].endswith(":"):
                inside = len(parts) >= 6 and parts[-1].endswith(suffix)
            elif inside and parts[0] == "Rss:":
                rss += int(parts[1])
            elif inside and parts[0] == "Pss:":
                pss += int(parts[1])
    return rss, pss


class Kernel:
    def __init__(self, manager, language):
        self.manager = manager
        self.language = language
        self.client = None
        self.first_result = None

    @property
    def pid(self):
        return self.manager.provisioner.process.pid

    async def execute(self, code, fails=False):
        reply = await self.client.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda msg: None)
        if (reply["content"]["status"] == "error") != fails:
            raise RuntimeError(f"{code!r} ended {reply['content']['status']}: {reply['content']}")


async def start(kernel, started, log):
    await kernel.manager.start_kernel(stdout=log, stderr=log)
    kernel.client = kernel.manager.client()
    kernel.client.start_channels()
    await kernel.client.wait_for_ready(timeout=TIMEOUT)
    arrived = []

    def hook(msg):
        if msg["msg_type"] == "execute_result" and not arrived:
            arrived.append(time.monotonic())

    await kernel.client.execute_interactive("1 + 1", timeout=TIMEOUT, output_hook=hook)
    kernel.first_result = (arrived[0] if arrived else time.monotonic()) - started


async def run_mix(kernel, cells, big):
    for n in range(cells):
        if n == cells // 2:
            await kernel.execute(BIG_CELL[kernel.language].format(n=big))
        code, fails = cell(kernel.language, n)
        await kernel.execute(code, fails)


def snapshot(kernels, aot_suffix):
    per = [memory(k.pid) for k in kernels]
    row = {key: [m[key] for m in per] for key in ("pss", "rss", "shared")}
    if aot_suffix:
        mapped = [file_mapping(k.pid, aot_suffix) for k in kernels]
        row["aot_rss"] = [m[0] for m in mapped]
        row["aot_pss"] = [m[1] for m in mapped]
    return row


async def batch(label, argv, language, env, count, args, workdir):
    """Starts count kernels at once, runs the mix in each, idles; returns the figures."""
    kernels_dir = os.path.join(workdir, f"kernels-{time.monotonic_ns()}")
    os.makedirs(os.path.join(kernels_dir, "bench"))
    with open(os.path.join(kernels_dir, "bench", "kernel.json"), "w") as f:
        json.dump({"argv": argv, "display_name": label, "language": language, "env": env}, f)
    specs = KernelSpecManager(kernel_dirs=[kernels_dir])
    log = open(os.path.join(workdir, "kernels.log"), "ab")
    kernels = [Kernel(AsyncKernelManager(kernel_name="bench", kernel_spec_manager=specs), language)
               for _ in range(count)]
    aot = next((a.split("=", 1)[1] for a in argv if a.startswith("-XX:AOTCache=")), None)
    try:
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        await asyncio.gather(*(start(k, started, log) for k in kernels))
        result = {"label": label, "count": count, "first": [k.first_result for k in kernels],
                  "load": load_before}
        result["after start"] = snapshot(kernels, aot)
        say(f"{label} x{count}: started, first result p50 {statistics.median(result['first']):.1f} s")
        await asyncio.gather(*(run_mix(k, args.cells, args.big) for k in kernels))
        result["after mix"] = snapshot(kernels, aot)
        say(f"{label} x{count}: mix done; idle {args.idle} s")
        await asyncio.sleep(args.idle)
        result["after idle"] = snapshot(kernels, aot)
        result["load after"] = os.getloadavg()[0]
        per_kernel = {moment: round(mib(sum(result[moment]["pss"])) / count)
                      for moment in ("after start", "after mix", "after idle")}
        say(f"{label} x{count}: PSS per kernel {per_kernel} MiB")  # in case a later batch does not finish
        return result
    finally:
        for k in kernels:
            if k.client is not None:
                k.client.stop_channels()
        await asyncio.gather(*(k.manager.shutdown_kernel(now=True) for k in kernels if k.manager.has_kernel),
                             return_exceptions=True)
        log.close()


def say(text):
    print(f"density: {text}", file=sys.stderr, flush=True)


def mib(kib):
    return kib / MIB


def print_tables(results):
    print("| kernels | first result p50 / max | PSS after start: sum (each) | after the mix | after idle "
          "| RSS after start: sum (each) | after the mix | after idle |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        n = r["count"]
        cells = [f"{statistics.median(r['first']):.1f} / {max(r['first']):.1f} s"]
        for key in ("pss", "rss"):
            for moment in ("after start", "after mix", "after idle"):
                values = r[moment][key]
                cells.append(f"{mib(sum(values)):,.0f} MiB ({mib(sum(values)) / n:.0f})")
        print(f"| {r['label']} ×{n} | " + " | ".join(cells) + " |")
    print()
    print("Per kernel after the mix and after idle (PSS): max; shared pages (RSS's Shared_Clean + Shared_Dirty) "
          "and the AOT cache's mapping, per kernel, mean:")
    print()
    print("| kernels | PSS after mix max | PSS after idle max | shared after idle | AOT cache RSS | AOT cache PSS "
          "| load average before / after |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        idle = r["after idle"]
        aot_rss = f"{mib(statistics.mean(idle['aot_rss'])):.1f} MiB" if "aot_rss" in idle else "–"
        aot_pss = f"{mib(statistics.mean(idle['aot_pss'])):.1f} MiB" if "aot_pss" in idle else "–"
        print(f"| {r['label']} ×{r['count']} | {mib(max(r['after mix']['pss'])):.0f} MiB "
              f"| {mib(max(idle['pss'])):.0f} MiB | {mib(statistics.mean(idle['shared'])):.0f} MiB "
              f"| {aot_rss} | {aot_pss} | {r['load']:.1f} / {r['load after']:.1f} |")


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernels", default="6,20", help="batch sizes, comma-separated")
    parser.add_argument("--cells", type=int, default=100, help="cells of the soak's mix per kernel")
    parser.add_argument("--idle", type=float, default=60, help="seconds of idle before the last measurement")
    parser.add_argument("--big", type=int, default=5_000_000, help="numbers in the large collection")
    parser.add_argument("kernels_specs", nargs="+", metavar="LABEL=KERNEL_JSON")
    args = parser.parse_args()
    counts = [int(c) for c in args.kernels.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="flowbook-density-") as workdir:
        for count in counts:
            for label, argv, language, env in kernels_to_run(args.kernels_specs, f"density x{count}"):
                results.append(await batch(label, argv, language, env, count, args, workdir))
    print_tables(results)
    print(f"\n{args.cells} cells of the soak's mix per kernel, all kernels at once, with one cell building a list of "
          f"{args.big:,} boxed numbers and dropping it halfway; then {args.idle:.0f} s idle. PSS and RSS from "
          "/proc/PID/smaps_rollup; MiB = 2^20 bytes.")


if __name__ == "__main__":
    asyncio.run(main())
