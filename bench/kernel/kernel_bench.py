"""Measures Jupyter kernels over raw ZMQ and prints a Markdown table: start to kernel_info_reply, start to the first `1 + 1`, execute round-trip, print-to-client latency.

Usage: kernel_bench.py [--starts N] [--round-trips N] [--lines N] LABEL=KERNEL_JSON[,add=OPTION][,drop=PREFIX]... ...
  KERNEL_JSON is a kernelspec's kernel.json; add=OPTION puts an option right after the executable,
  drop=PREFIX removes the arguments that start with PREFIX (drop=-XX:SharedArchiveFile runs without CDS).

The client is a bare DEALER/SUB pair with a 10 ms reconnect interval, so the numbers are the kernel's,
not jupyter_client's. Times are wall-clock on one machine; the kernel's and the client's clocks are the same.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

PRINT_CODE = {
    "java": ('for (int i = 0; i < {n}; i++) {{ var t = java.time.Instant.now(); '
             'System.out.println("t=" + (t.getEpochSecond() * 1_000_000L + t.getNano() / 1000)); '
             'Thread.sleep(50); }}'),
    "python": ('import time\nfor i in range({n}):\n    print("t=%d" % (time.time_ns() // 1000), flush=True)\n'
               '    time.sleep(0.05)'),
}
# asyncgen's throughput inside a cell (Java kernels only): a generator pipeline run 7 times in one
# cell, the median rate printed; with the debugger's agent attached this is what a body pays.
THROUGHPUT_CODE = (
    "long[] rates = new long[7];\n"
    "for (int r = 0; r < rates.length; r++) {\n"
    "    long[] seen = {0};\n"
    "    long t0 = System.nanoTime();\n"
    "    AsyncGenerator.range(0, 1_000_000).map(i -> i + 1).filter(i -> (i & 1) == 0).forEach(i -> seen[0]++);\n"
    "    rates[r] = seen[0] * 1_000_000_000L / (System.nanoTime() - t0);\n"
    "}\n"
    "java.util.Arrays.sort(rates);\n"
    'System.out.println("rate=" + rates[rates.length / 2]);'
)
TIMEOUT = 120


class Run:
    """One kernel process and a bare client talking to it."""

    def __init__(self, argv, env, workdir):
        self.connection_file = os.path.join(workdir, f"kernel-{time.monotonic_ns()}.json")
        _, info = write_connection_file(self.connection_file, ip="127.0.0.1")
        self.session = Session(key=info["key"] if isinstance(info["key"], bytes) else info["key"].encode(), signature_scheme=info["signature_scheme"])
        self.context = zmq.Context.instance()
        self.shell = self._socket(zmq.DEALER, info["shell_port"])
        self.control = self._socket(zmq.DEALER, info["control_port"])
        self.iopub = self._socket(zmq.SUB, info["iopub_port"])
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.stdin = self._socket(zmq.DEALER, info["stdin_port"])
        argv = [a.replace("{connection_file}", self.connection_file) for a in argv]
        self.log = open(os.path.join(workdir, "kernel.log"), "ab")
        self.started = time.time()
        self.process = subprocess.Popen(argv, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def _socket(self, kind, port):
        socket = self.context.socket(kind)
        socket.linger = 0
        socket.setsockopt(zmq.RECONNECT_IVL, 10)
        socket.connect(f"tcp://127.0.0.1:{port}")
        return socket

    def send(self, socket, msg_type, content):
        return self.session.send(socket, msg_type, content)["header"]["msg_id"]

    def receive(self, socket, deadline):
        if not socket.poll(max(0, int((deadline - time.time()) * 1000))):
            raise TimeoutError("no message from the kernel in time")
        frames = socket.recv_multipart()
        arrived = time.time()
        _, frames = self.session.feed_identities(frames)
        return arrived, self.session.deserialize(frames)

    def reply(self, socket, msg_id):
        deadline = time.time() + TIMEOUT
        while True:
            arrived, msg = self.receive(socket, deadline)
            if msg["parent_header"].get("msg_id") == msg_id:
                return arrived, msg

    def iopub_until_idle(self, msg_id):
        """(arrival time, message) for every iopub message of msg_id up to its idle status."""
        deadline = time.time() + TIMEOUT
        seen = []
        while True:
            arrived, msg = self.receive(self.iopub, deadline)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append((arrived, msg))
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return seen

    def execute(self, code):
        """Sends code; returns (sent, replied, iopub messages)."""
        sent = time.time()
        msg_id = self.send(self.shell, "execute_request",
                           {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        outputs = self.iopub_until_idle(msg_id)
        replied, reply = self.reply(self.shell, msg_id)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{code!r} failed: {reply['content']}")
        return sent, replied, outputs

    def stop(self):
        try:
            msg_id = self.send(self.control, "shutdown_request", {"restart": False})
            self.reply(self.control, msg_id)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()
        for socket in (self.shell, self.control, self.iopub, self.stdin):
            socket.close()
        self.log.close()
        os.remove(self.connection_file)


def measure_start(argv, env, workdir):
    """Milliseconds from process start to kernel_info_reply and to the first `1 + 1` result."""
    run = Run(argv, env, workdir)
    try:
        msg_id = run.send(run.shell, "kernel_info_request", {})
        info_at, reply = run.reply(run.shell, msg_id)
        assert reply["content"].get("status", "ok") == "ok", reply["content"]
        msg_id = run.send(run.shell, "execute_request",
                          {"code": "1 + 1", "silent": False, "store_history": True,
                           "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        result_at = None
        for arrived, msg in run.iopub_until_idle(msg_id):
            if msg["msg_type"] == "execute_result" and result_at is None:
                result_at = arrived
        if result_at is None:  # iopub subscription not yet live when the result went out
            result_at, _ = run.reply(run.shell, msg_id)
        return (info_at - run.started) * 1000, (result_at - run.started) * 1000
    finally:
        run.stop()


def measure_steady(argv, env, workdir, language, round_trips, lines):
    """Round-trip milliseconds of a trivial execute and of kernel_info, and print-to-client milliseconds per line."""
    run = Run(argv, env, workdir)
    try:
        msg_id = run.send(run.shell, "kernel_info_request", {})
        run.reply(run.shell, msg_id)
        for _ in range(10):  # warm up the compiler paths and make sure iopub is subscribed
            run.execute("1 + 1")
        trips = []
        for _ in range(round_trips):
            sent, replied, _ = run.execute("1 + 1")
            trips.append((replied - sent) * 1000)
        info_trips = []  # the protocol alone, no evaluation: what the transport costs
        for _ in range(round_trips):
            sent = time.time()
            replied, _ = run.reply(run.shell, run.send(run.shell, "kernel_info_request", {}))
            info_trips.append((replied - sent) * 1000)
        run.execute(PRINT_CODE[language].format(n=5))  # warm-up of the printing path
        _, _, outputs = run.execute(PRINT_CODE[language].format(n=lines))
        rate = None
        if language == "java":
            for _, msg in run.execute(THROUGHPUT_CODE)[2]:
                if msg["msg_type"] == "stream" and "rate=" in msg["content"]["text"]:
                    rate = int(msg["content"]["text"].split("rate=")[1].split()[0])
        latencies = []
        for arrived, msg in outputs:
            if msg["msg_type"] == "stream":
                for line in msg["content"]["text"].splitlines():
                    if line.startswith("t="):
                        latencies.append(arrived * 1000 - int(line[2:]) / 1000)
        return trips, info_trips, latencies, rate
    finally:
        run.stop()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def parse_kernel(text):
    label, _, spec = text.partition("=")
    path, *changes = spec.split(",")
    adds = [c[len("add="):] for c in changes if c.startswith("add=")]
    drops = [c[len("drop="):] for c in changes if c.startswith("drop=")]
    with open(path) as f:
        kernelspec = json.load(f)
    argv = [kernelspec["argv"][0], *adds,
            *[a for a in kernelspec["argv"][1:] if not any(a.startswith(d) for d in drops)]]
    return label, argv, kernelspec.get("language", "").lower(), kernelspec.get("env", {})


def kernels_to_run(texts, tool):
    """Each LABEL=KERNEL_JSON of `texts` as (label, argv, language, env), logged as `tool` reaches it;
    env is ours with the kernelspec's env over it."""
    for text in texts:
        label, argv, language, extra_env = parse_kernel(text)
        print(f"{tool}: {label}: {' '.join(argv)}", file=sys.stderr, flush=True)
        yield label, argv, language, {**os.environ, **extra_env, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=5, help="cold starts per kernel (median reported)")
    parser.add_argument("--round-trips", type=int, default=100)
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("kernels", nargs="+", metavar="LABEL=KERNEL_JSON")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="flowbook-bench-") as workdir:
        for label, argv, language, env in kernels_to_run(args.kernels, "bench"):
            starts = [measure_start(argv, env, workdir) for _ in range(args.starts)]
            trips, info_trips, latencies, rate = measure_steady(
                argv, env, workdir, language, args.round_trips, args.lines)
            rows.append((label,
                         statistics.median(s[0] for s in starts), statistics.median(s[1] for s in starts),
                         percentile(trips, 50), percentile(trips, 95), percentile(info_trips, 50),
                         percentile(latencies, 50), percentile(latencies, 95), rate))

    print("| kernel | start → kernel_info_reply | start → first `1 + 1` result | `1 + 1` round-trip p50 "
          "| `1 + 1` round-trip p95 | kernel_info round-trip p50 | print → client p50 | print → client p95 "
          "| asyncgen in a cell |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, info, first, p50, p95, i50, l50, l95, rate in rows:
        throughput = f"{rate / 1e6:.2f} M items/s" if rate else "–"
        print(f"| {label} | {info:.0f} ms | {first:.0f} ms | {p50:.1f} ms | {p95:.1f} ms | {i50:.1f} ms "
              f"| {l50:.1f} ms | {l95:.1f} ms | {throughput} |")
    print(f"\nmedian of {args.starts} cold starts; {args.round_trips} round-trips each of `1 + 1` (after 10 warm-up cells) and of kernel_info; "
          f"{args.lines} printed lines 50 ms apart; asyncgen in a cell: the median of 7 runs of a 1,000,000-item "
          "range/map/filter/forEach pipeline in one cell.")


if __name__ == "__main__":
    main()
