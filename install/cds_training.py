"""Runs an installed kernel through a typical session with a JVM dump option, so the JVM writes what that session loaded (and, on JDK 25+, the method profiles it gathered) into an archive.

Usage: cds_training.py SPEC_DIR DUMP_OPTION, e.g. -XX:ArchiveClassesAtExit=SPEC_DIR/flowbook.jsa (JDK 21+)
or -XX:AOTCacheOutput=SPEC_DIR/flowbook.aot (JDK 25+).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

# What a first session typically does: the info handshake, an expression, output, completion, a generator.
TRAINING_CELLS = [
    "1 + 1",
    'System.out.println("hello");',
    'String s = "abc"; s.length()',
    "AsyncGenerator.of(out -> { out.yield(1); out.yield(2); }).toList()",
    'display(html("<b>x</b>"));',
    "throw new RuntimeException(\"training\");",
    "int broken = ;",
]
# Then what users keep doing, round after round, so that javac's and JShell's code is profiled the way
# a session uses it (JDK 25's AOT cache keeps those profiles: a new kernel's JIT starts from them
# instead of from nothing). {i} is the round: new names each round, as a user's cells bring.
TRAINING_ROUND = [
    "int base{i} = {i};",
    "base{i} * 2 + 1",
    "int twice{i}(int x) {{ return 2 * x + base{i}; }}",
    "twice{i}(21)",
    "record Point{i}(int x, int y) {{ int sum() {{ return x + y; }} }}",
    "new Point{i}({i}, 2).sum()",
    "var words{i} = List.of(\"a\", \"bb\", \"ccc\");",
    "words{i}.stream().map(String::toUpperCase).collect(Collectors.joining(\",\"))",
    "IntStream.range(0, 100).filter(x -> x % 3 == 0).sum()",
    "AsyncGenerator.range(0, 5).map(x -> x * base{i}).toList()",
    'for (int k = 0; k < 3; k++) System.out.println("line " + k);',
    'String greet(String name) {{ return "Hello, " + name; }}',
    'greet("round {i}")',
    "Map<String, Integer> counts{i} = new HashMap<>(); counts{i}.put(\"x\", {i}); counts{i}",
    'Integer.parseInt("x{i}")',
    "1 + 1",
]
# FLOWBOOK_TRAINING_ROUNDS=0 trains on the first session alone (bench/kernel compares the two).
TRAINING_ROUNDS = int(os.environ.get("FLOWBOOK_TRAINING_ROUNDS", "5"))
TIMEOUT = 60


def main(spec_dir, *dump_options):
    """Runs the spec's kernel with dump_options (e.g. -XX:ArchiveClassesAtExit=FILE) in place of any archive it uses."""
    with open(os.path.join(spec_dir, "kernel.json")) as f:
        spec = json.load(f)
    argv = spec["argv"]
    argv = [argv[0], *dump_options,
            *[a for a in argv[1:] if not a.startswith(("-XX:SharedArchiveFile=", "-XX:AOTCache="))]]
    with tempfile.TemporaryDirectory() as kernels:
        os.makedirs(os.path.join(kernels, "flowbook-training"))
        with open(os.path.join(kernels, "flowbook-training", "kernel.json"), "w") as f:
            json.dump({**spec, "argv": argv}, f)
        ksm = KernelSpecManager(kernel_dirs=[kernels])
        km = KernelManager(kernel_name="flowbook-training", kernel_spec_manager=ksm)
        # The JVM lists every class it cannot archive: keep that out of the install's output.
        log = open(os.path.join(kernels, "training.log"), "wb")
        km.start_kernel(stdout=log, stderr=subprocess.STDOUT)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            for cell in TRAINING_CELLS:
                kc.execute_interactive(cell, timeout=TIMEOUT, output_hook=lambda msg: None)
            for i in range(TRAINING_ROUNDS):
                for cell in TRAINING_ROUND:
                    kc.execute_interactive(cell.format(i=i), timeout=TIMEOUT, output_hook=lambda msg: None)
                kc.complete(f"words{i}.str")
                kc.get_shell_msg(timeout=TIMEOUT)
            kc.complete("System.out.pri")
            kc.get_shell_msg(timeout=TIMEOUT)
            kc.shutdown()
            deadline = time.monotonic() + TIMEOUT  # dumping the archive takes a few seconds
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
        except BaseException:
            log.flush()
            with open(log.name, errors="replace") as f:
                print("flowbook: the training kernel's output ends with:\n" + "".join(f.readlines()[-20:]), file=sys.stderr)
            raise
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)  # kills a kernel that did not exit, removes the connection file
            log.close()
    print("flowbook: training session done", file=sys.stderr)


if __name__ == "__main__":
    # On SIGTERM (timeout, an impatient caller) unwind through main's finally, which stops the kernel.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    main(sys.argv[1], *sys.argv[2:])
