"""Reading System.in in a cell asks the front end: an input_request on the stdin channel, answered by input_reply."""

import time
import unittest
from queue import Empty

from e2e import support


def setUpModule():
    support.start()


INPUT_REQUEST_WAIT = 10.0


class StdinTest(support.KernelTestCase):
    kernel_label = "stdin"
    kernel_per_test = True

    def test_reading_system_in_sends_an_input_request(self):
        kernel = self.kernel
        execution, msg_id = kernel.send_execute(
            "String line = new java.util.Scanner(System.in).nextLine(); line.toUpperCase()", allow_stdin=True)
        try:
            request = kernel.kc.get_stdin_msg(timeout=INPUT_REQUEST_WAIT)
        except Empty:
            kernel.km.interrupt_kernel()  # do not leave the cell blocked on System.in
            self.fail(f"no input_request within {INPUT_REQUEST_WAIT:.0f} s of a cell reading System.in")
        self.assertEqual(request["header"]["msg_type"], "input_request")
        self.assertEqual(request["parent_header"].get("msg_id"), msg_id)
        kernel.kc.input("typed by the user")
        kernel.collect(execution, msg_id)
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertIn("TYPED BY THE USER", execution.result_text(), execution.describe())


if __name__ == "__main__":
    unittest.main()
