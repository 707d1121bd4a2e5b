"""A cell printing as fast as it can for 3 s: how many stream messages and bytes reach the client, per kernel; prints a Markdown table.

Usage: flood.py LABEL=KERNEL_JSON...   (run.sh --flood installs the kernel and passes it with ipykernel)
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_bench import Run, kernels_to_run  # noqa: E402

FLOOD = {
    "java": ('long end = System.nanoTime() + 3_000_000_000L; long i = 0; '
             'while (System.nanoTime() < end) { System.out.println("line " + i++); }'),
    "python": 'import time\nend = time.time() + 3\ni = 0\nwhile time.time() < end:\n    print("line", i)\n    i += 1',
}


def main():
    rows = []
    with tempfile.TemporaryDirectory(prefix="flowbook-flood-") as workdir:
        for label, argv, language, env in kernels_to_run(sys.argv[1:], "flood"):
            run = Run(argv, env, workdir)
            try:
                run.reply(run.shell, run.send(run.shell, "kernel_info_request", {}))
                run.execute("1 + 1")
                sent, replied, outputs = run.execute(FLOOD[language])
                streams = [m for _, m in outputs if m["msg_type"] == "stream"]
                size = sum(len(m["content"]["text"].encode()) for m in streams)
                rows.append((label, len(streams), size / 1e6, len(streams) / (replied - sent)))
            finally:
                run.stop()
    print("| kernel | stream messages | text received | messages per second |")
    print("|---|---:|---:|---:|")
    for label, count, megabytes, rate in rows:
        print(f"| {label} | {count:,} | {megabytes:.1f} MB | {rate:.0f} |")


if __name__ == "__main__":
    main()
