"""Runs the installed kernel once with -XX:ArchiveClassesAtExit so the JVM dumps the classes a session loads into flowbook.jsa."""
import json
import os
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
TIMEOUT = 60


def main(spec_dir):
    with open(os.path.join(spec_dir, "kernel.json")) as f:
        spec = json.load(f)
    argv = spec["argv"]
    archive = os.path.join(spec_dir, "flowbook.jsa")
    argv = [argv[0], "-XX:ArchiveClassesAtExit=" + archive,
            *[a for a in argv[1:] if not a.startswith("-XX:SharedArchiveFile=")]]
    with tempfile.TemporaryDirectory() as kernels:
        os.makedirs(os.path.join(kernels, "flowbook-training"))
        with open(os.path.join(kernels, "flowbook-training", "kernel.json"), "w") as f:
            json.dump({**spec, "argv": argv}, f)
        ksm = KernelSpecManager(kernel_dirs=[kernels])
        km = KernelManager(kernel_name="flowbook-training", kernel_spec_manager=ksm)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            for cell in TRAINING_CELLS:
                kc.execute_interactive(cell, timeout=TIMEOUT, output_hook=lambda msg: None)
            kc.complete("System.out.pri")
            kc.get_shell_msg(timeout=TIMEOUT)
            kc.shutdown()
            deadline = time.monotonic() + TIMEOUT  # dumping the archive takes a few seconds
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)  # kills a kernel that did not exit, removes the connection file
    print("flowbook: training session done", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
