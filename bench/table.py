"""Turns the results bench/run.sh collected into the Markdown table of bench/README.md."""

import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])


def parse(path, prefix):
    """Lines like `<prefix> <case> key=value ...` as {case: {key: value}}."""
    rows = {}
    if not path.exists():
        return rows
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == prefix:
            rows[parts[1]] = dict(p.split("=", 1) for p in parts[2:] if "=" in p)
    return rows


jmh = {}
jmh_path = out / "jmh.json"
if jmh_path.exists():
    for result in json.loads(jmh_path.read_text()):
        name = result["benchmark"].rsplit(".", 1)[-1]
        metric = result["primaryMetric"]
        error = metric["scoreError"]  # "NaN" when there were too few iterations for one
        error = float(error) / 1e6 if error != "NaN" else float("nan")
        jmh[name] = (metric["score"] / 1e6, error)

latency = parse(out / "latency.txt", "latency")
suspended = parse(out / "suspended.txt", "suspended").get("generators")
python = parse(out / "python.txt", "python")


def cell(name):
    if name not in jmh:
        return "–"
    score, error = jmh[name]
    digits = 1 if score >= 1 else 3
    if error != error:  # NaN: too few iterations for an error estimate
        return f"{score:.{digits}f}"
    return f"{score:.{digits}f} ± {error:.{digits}f}"


rows = [
    ("asyncgen `AsyncGenerator.of`, subscriber (a)/(b)", "asyncgenRequest256", "asyncgenRequest1"),
    ("Reactor `Flux.generate`", "reactorGenerateRequest256", "reactorGenerateRequest1"),
    ("Reactor `Flux.create` (BUFFER)", "reactorCreateRequest256", "reactorCreateRequest1"),
    ("RxJava 3 `Flowable.generate`", "rxjavaGenerateRequest256", "rxjavaGenerateRequest1"),
    ("asyncgen `forEach` (c), inline", "asyncgenForEach", None),
    ("asyncgen `iterate()` across threads (d)", "asyncgenIterateAcrossThreads", None),
    ("asyncgen `buffer(256)` then `iterate()` across threads (e)", "asyncgenBuffer256Iterate", None),
    ("Reactor generate + subscribeOn + `toIterable(256)`, across threads",
     "reactorSubscribeOnToIterable256", None),
    ("`SubmissionPublisher`, across threads", "submissionPublisherRequest256", "submissionPublisherRequest1"),
    ("Reactor generate + subscribeOn + publishOn, across threads",
     "reactorAcrossThreadsRequest256", "reactorAcrossThreadsRequest1"),
]

print("| 10,000,000 Integers, M items/s | request(256) | request(1) |")
print("|---|---:|---:|")
for label, batch, single in rows:
    print(f"| {label} | {cell(batch)} | {cell(single) if single else '–'} |")
for case, label in (("async-for", "Python `async for`"),
                    ("async-for-with-sleep0", "Python `async for`, `await asyncio.sleep(0)` per item")):
    if case in python:
        rate = float(python[case]["itemsPerSecond"]) / 1e6
        print(f"| {label} | {rate:.2f} | – |")
print()
print("| yield to onNext latency, ns | p50 | p99 |")
print("|---|---:|---:|")
for case, values in latency.items():
    print(f"| {case} | {values['p50']} | {values['p99']} |")
print()
if suspended:
    values = suspended
    print("| suspended generators (subscribed, parked in yield) | value |")
    print("|---|---:|")
    print(f"| count | {values['count']} |")
    print(f"| heap per generator, bytes | {values['bytesPerGenerator']} |")
    print(f"| time to create and park all, ms | {values['createMillis']} |")
    print(f"| time to cancel all (finally ran), ms | {values['closeMillis']} |")
    if "suspended" in python:
        print(f"| Python: heap per suspended async generator, bytes | "
              f"{python['suspended']['bytesPerGenerator']} |")
print()


def verdict(label, value, target):
    if value is None or target is None:
        return f"- {label}: not measured"
    status = "met" if value >= target else "NOT met"
    return f"- {label}: {status} ({value:.3g} vs {target:.3g})"


def score(name):
    return jmh[name][0] if name in jmh else None


print("Targets:")
print(verdict("(a) request(256) >= Reactor Flux.generate request(256), M items/s",
              score("asyncgenRequest256"), score("reactorGenerateRequest256")))
print(verdict("(b) request(1) >= Reactor Flux.generate request(1), M items/s",
              score("asyncgenRequest1"), score("reactorGenerateRequest1")))
print(verdict("(c) forEach >= Reactor Flux.generate request(256), M items/s",
              score("asyncgenForEach"), score("reactorGenerateRequest256")))
print(verdict("(d) iterate() across threads >= 30 M items/s",
              score("asyncgenIterateAcrossThreads"), 30.0))
if suspended:
    per = int(suspended["bytesPerGenerator"])
    status = "met" if per <= 1024 else "NOT met"
    print(f"- suspended generator <= 1 KiB of heap: {status} ({per} B)")
for name, text in ((n, (out / f"{n}.txt")) for n in ["machine"]):
    if text.exists():
        print()
        print(text.read_text().strip())
