"""Live views through the real protocol: a long stream as a cell value, progress bars and charts are each one display updated in place, and a huge stream does not flood the client."""

import unittest

from e2e import support


def setUpModule():
    support.start()


def display_ids(execution):
    return {r.content.get("transient", {}).get("display_id")
            for r in execution.outputs if r.msg_type in ("display_data", "update_display_data")}


class StreamViewsTest(support.KernelTestCase):
    kernel_label = "stream-views"

    def last_drawn(self, execution):
        draws = [r for r in execution.outputs if r.msg_type in ("display_data", "update_display_data")]
        self.assertTrue(draws, execution.describe())
        return draws[-1].content["data"]

    def test_ten_million_items_as_a_cell_value_send_a_few_hundred_messages(self):
        execution = self.kernel.execute("AsyncGenerator.range(0, 10_000_000)", timeout=600)
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertLess(len(execution.outputs), 1000, f"{len(execution.outputs)} iopub messages")
        self.assertEqual(len(execution.of_type("display_data")), 1, execution.describe())
        self.assertEqual(len(display_ids(execution)), 1, execution.describe())
        final = self.last_drawn(execution)
        self.assertIn("done: 10,000,000 items in ", final["text/plain"])
        self.assertIn("done: 10,000,000 items", final["text/html"])

    def test_a_progress_bar_is_one_display_that_ends_at_its_total(self):
        execution = self.kernel.execute("progress(AsyncGenerator.range(0, 500), 500).toList().size()")
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertEqual(execution.result_text(), "500")
        self.assertEqual(len(display_ids(execution)), 1, execution.describe())
        self.assertTrue(self.last_drawn(execution)["text/plain"].startswith("100%|"), execution.describe())

    def test_a_chart_is_a_png_with_a_summary(self):
        execution = self.kernel.execute("chart(\"ramp\", AsyncGenerator.range(0, 30));")
        self.assertEqual(execution.status, "ok", execution.describe())
        final = self.last_drawn(execution)
        self.assertEqual(final["text/plain"], 'chart "ramp": 30 values, last 29.00, min 0.000, max 29.00')
        self.assertIn("image/png", final)


if __name__ == "__main__":
    unittest.main()
