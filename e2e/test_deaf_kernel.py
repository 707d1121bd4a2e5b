"""Never alive but deaf: when jeromq's I/O thread dies (a fault injected through a system property), the kernel logs why and exits non-zero, and jupyter_client's restarter brings up a new kernel that answers."""

import time
import unittest

from jupyter_client.restarter import KernelRestarter

from e2e import support


def setUpModule():
    support.start()


FAULT = "-Dflowbook.test.fault=kill-io-thread-after-cells=2"
EXIT_STATUS = 70  # TransportGuard.EXIT_STATUS


class PolledRestarter(KernelRestarter):
    """jupyter_client's restarter, polled by the test instead of a tornado timer (the notebook server polls the same method every few seconds)."""

    def start(self):
        pass

    def stop(self):
        pass


class DeafKernelTest(unittest.TestCase):
    def setUp(self):
        # One log for both kernels: the restart starts the second with the same arguments.
        self.kernel = support.Kernel.with_jvm_options("fault", FAULT).start()
        self.addCleanup(self.kernel.stop)
        self.km, self.kc, self.log_path = self.kernel.km, self.kernel.kc, self.kernel.log_path

    def execute(self, code):
        msg_id = self.kc.execute(code)
        deadline = time.monotonic() + support.REPLY_TIMEOUT
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def test_a_kernel_whose_io_thread_died_exits_and_the_restarter_starts_a_new_one(self):
        # given: a cell answered, then a second whose reply arms the fault; that reply may or may
        # not leave the machine before the I/O thread dies (the kill races its flush), so it is
        # not waited for
        self.assertEqual(self.execute("int before = 1;")["status"], "ok")
        self.kc.execute("before + 1")
        first = self.km.provisioner.process

        # when: the I/O thread dies; the kernel must end rather than stay deaf
        deadline = time.monotonic() + support.REPLY_TIMEOUT
        while first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIsNotNone(first.poll(), "the kernel still runs after its I/O thread died")
        self.assertEqual(first.returncode, EXIT_STATUS)
        with open(self.log_path, errors="replace") as f:
            log = f.read()
        self.assertIn("the kernel can no longer talk to Jupyter: iothread-", log)
        self.assertIn("injected by flowbook.test.fault", log)

        # then: jupyter_client's restarter sees it dead and starts a new kernel on the same ports
        restarter = PolledRestarter(kernel_manager=self.km, random_ports_until_alive=False)
        restarts = []
        restarter.add_callback(lambda: restarts.append(time.monotonic()), "restart")
        restarter.poll()
        self.assertEqual(len(restarts), 1, "the restarter did not see the kernel die")
        self.kc.wait_for_ready(timeout=support.STARTUP_TIMEOUT)
        second = self.km.provisioner.process
        self.assertNotEqual(first.pid, second.pid)
        answer = self.execute("1 + 1")
        self.assertEqual(answer["status"], "ok", answer)
        self.assertEqual(answer["execution_count"], 1, "not a new session")


if __name__ == "__main__":
    unittest.main()
