"""Long sessions: a cell printing as fast as it can does not flood the front end, one cell's output is capped with one line saying so, and interrupt still stops such a cell."""

import re
import time
import unittest

from e2e import support


def setUpModule():
    support.start()


# The kernel sends stream text at most once per this interval per stream (StreamBuffer.MIN_INTERVAL_MILLIS).
MIN_INTERVAL = 0.040
DROPPED_LINE = re.compile(
    r"\[output limit\] (?P<dropped>[\d.]+ (?:bytes|KB|MB|GB)) of output dropped: this cell reached the limit of "
    r"(?P<limit>[\d.]+ (?:bytes|KB|MB|GB)); raise it with %outputLimit SIZE \(e\.g\. %outputLimit 50MB\) "
    r"or FLOWBOOK_OUTPUT_LIMIT in the kernelspec's env\n")

# About 21 MB of stdout, as fast as the cell can print it, then a value: the cell must run on past the cap.
FLOOD = ('long printed = 0; for (int i = 0; i < 500_000; i++) { String line = "line " + i + " " + "x".repeat(30); '
         'System.out.println(line); printed += line.length() + 1; } printed')


class FloodTest(support.KernelTestCase):
    kernel_label = "flood"

    def streams(self, execution):
        return execution.of_type("stream")

    def assertFewMessages(self, execution):
        """At most one stream message per interval per stream while the cell ran, plus the final flushes."""
        ran_for = execution.replied_at - execution.sent_at
        bound = 2 * (int(ran_for / MIN_INTERVAL) + 1) + 4
        self.assertLessEqual(len(self.streams(execution)), bound,
                             f"{len(self.streams(execution))} stream messages in {ran_for:.2f} s")

    def test_a_printing_cell_is_coalesced_and_capped_and_runs_to_its_end(self):
        execution = self.kernel.execute(FLOOD, timeout=120)

        self.assertEqual(execution.status, "ok", execution.reply["content"])
        printed = int(execution.result_text())
        self.assertGreater(printed, 20_000_000)
        self.assertFewMessages(execution)
        stdout = execution.stream_text("stdout")
        self.assertLessEqual(len(stdout.encode()), 5_000_000)
        self.assertTrue(stdout.startswith("line 0 xxx"), stdout[:100])
        stderr = execution.stream_text("stderr")
        dropped = DROPPED_LINE.fullmatch(stderr)
        self.assertIsNotNone(dropped, repr(stderr[-500:]))
        self.assertEqual(dropped["limit"], "5 MB")
        self.assertEqual(len(re.findall(r"\[output limit\]", stderr)), 1, stderr[-500:])

    def test_the_limit_is_set_by_a_magic_for_the_cells_after_it(self):
        set_limit = self.kernel.execute("%outputLimit 100KB")
        self.assertEqual(set_limit.status, "ok", set_limit.describe())
        self.assertIn("100 KB", set_limit.stream_text())
        try:
            execution = self.kernel.execute(
                'for (int i = 0; i < 20_000; i++) { System.out.println("row " + i); } "done"', timeout=60)
            self.assertEqual(execution.status, "ok", execution.reply["content"])
            self.assertEqual(execution.result_text(), '"done"')
            self.assertLessEqual(len(execution.stream_text("stdout").encode()), 100_000)
            dropped = DROPPED_LINE.fullmatch(execution.stream_text("stderr"))
            self.assertIsNotNone(dropped, execution.stream_text("stderr"))
            self.assertEqual(dropped["limit"], "100 KB")
        finally:
            self.kernel.execute("%outputLimit 5MB")

    def test_ordinary_printing_is_not_cut(self):
        execution = self.kernel.execute('for (int i = 0; i < 100; i++) { System.out.println("n=" + i); }')
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertEqual(execution.stream_text(), "".join(f"n={i}\n" for i in range(100)))
        self.assertEqual(execution.stream_text("stderr"), "")


class InterruptFloodTest(unittest.TestCase):
    def test_interrupt_stops_a_cell_printing_past_its_cap(self):
        with support.Kernel(label="flood-interrupt") as kernel:
            self.assertEqual(kernel.execute("%outputLimit 10KB").status, "ok")
            received = []
            interrupted = []

            def on_output(output):
                if output.msg_type == "stream" and output.content["name"] == "stdout":
                    received.append(output.content["text"])
                # All the cap lets through has arrived: the cell now prints into nothing.
                if not interrupted and len("".join(received).encode()) >= 10_000:
                    interrupted.append(time.monotonic())
                    kernel.km.interrupt_kernel()

            execution = kernel.execute('while (true) { System.out.println("flood ".repeat(20)); }',
                                       timeout=support.REPLY_TIMEOUT, on_output=on_output)
            self.assertTrue(interrupted, execution.describe())
            self.assertEqual(execution.status, "error")
            self.assertEqual(execution.reply["content"]["ename"], "Interrupted")
            dropped = DROPPED_LINE.fullmatch(execution.stream_text("stderr"))
            self.assertIsNotNone(dropped, execution.stream_text("stderr"))
            self.assertEqual(dropped["limit"], "10 KB")
            after = kernel.execute("1 + 1")
            self.assertEqual(after.result_text(), "2", after.describe())


if __name__ == "__main__":
    unittest.main()
