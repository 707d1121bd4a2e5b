"""Output reaches the client while a cell runs: printed lines and a generator's items arrive spread over time, not batched at the end."""

import unittest

from e2e import support


def setUpModule():
    support.start()


PAUSE_SECONDS = 0.3
LINES = 5


def first_arrival(execution, text):
    """When the first output containing text arrived (stream text, or any text/plain of a display or result)."""
    for received in execution.outputs:
        content = received.content
        if received.msg_type == "stream":
            shown = content["text"]
        elif "data" in content:
            shown = content["data"].get("text/plain", "")
        else:
            continue
        if text in shown:
            return received.at
    raise AssertionError(f"{text!r} never shown\n{execution.describe()}")


class LiveOutputTest(support.KernelTestCase):
    kernel_label = "liveness"

    def assertSpread(self, execution, first, last, nominal_seconds):
        """first arrived well before last: at least half the time the cell spends between writing them."""
        spread = first_arrival(execution, last) - first_arrival(execution, first)
        self.assertGreaterEqual(
            spread, nominal_seconds / 2,
            f"{first!r} and {last!r} arrived {spread:.3f} s apart, written {nominal_seconds:.1f} s apart: "
            f"batched, not live\n{execution.describe()}")
        self.assertLess(first_arrival(execution, first), execution.replied_at)

    def test_printed_lines_arrive_while_the_cell_runs(self):
        execution = self.kernel.execute(
            f'for (int i = 0; i < {LINES}; i++) {{ System.out.println("line " + i); '
            f'Thread.sleep({int(PAUSE_SECONDS * 1000)}); }}')
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertEqual(execution.stream_text(), "".join(f"line {i}\n" for i in range(LINES)))
        self.assertSpread(execution, "line 0", f"line {LINES - 1}", (LINES - 1) * PAUSE_SECONDS)

    def test_output_of_a_generator_thread_arrives_while_the_cell_runs(self):
        execution = self.kernel.execute(
            "AsyncGenerator.of(out -> { for (int i = 0; i < 4; i++) { "
            f"await(sleep(Duration.ofMillis({int(PAUSE_SECONDS * 1000)}))); out.yield(i); }} }})"
            '.forEach(v -> System.out.println("Received: " + v));')
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertEqual(execution.stream_text(), "".join(f"Received: {i}\n" for i in range(4)))
        self.assertSpread(execution, "Received: 0", "Received: 3", 3 * PAUSE_SECONDS)

    def test_a_generator_as_the_cell_value_streams_its_items_live(self):
        execution = self.kernel.execute(
            "AsyncGenerator.of(out -> { for (int i = 0; i < 4; i++) { "
            f"await(sleep(Duration.ofMillis({int(PAUSE_SECONDS * 1000)}))); out.yield(\"item \" + i); }} }})")
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertSpread(execution, "item 0", "item 3", 3 * PAUSE_SECONDS)

    def test_an_error_in_a_generator_value_is_shown_as_an_error(self):
        execution = self.kernel.execute(
            'AsyncGenerator.of(out -> { out.yield("before"); '
            'throw new IllegalStateException("stream broke"); })')
        self.assertEqual(execution.status, "error", execution.describe())
        errors = execution.of_type("error")
        self.assertEqual(len(errors), 1, execution.describe())
        self.assertIn("stream broke", errors[0].content["evalue"])
        first_arrival(execution, "before")

    def test_output_written_after_the_reply_goes_to_the_cell_that_started_it(self):
        execution = self.kernel.execute(
            "Thread.ofVirtual().start(() -> { try { Thread.sleep(800); } catch (InterruptedException e) { } "
            'System.out.println("late line"); }); "started"')
        self.assertEqual(execution.status, "ok", execution.describe())
        cell_id = execution.reply["parent_header"]["msg_id"]
        late = [r for r in self.kernel.drain_iopub(quiet_for=3.0)
                if r.msg_type == "stream" and "late line" in r.content["text"]]
        self.assertEqual(len(late), 1, "the line written after the reply never reached the client")
        self.assertEqual(late[0].msg["parent_header"].get("msg_id"), cell_id,
                         "the late line is not attributed to the cell that started its thread")


if __name__ == "__main__":
    unittest.main()
