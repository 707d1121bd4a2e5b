"""jupyter_server 2 (what JupyterLab 4 runs on) manages the kernel: kernel_info says what the kernel supports, interrupt is a message, restart and shutdown leave no JVM behind.

Skipped where jupyter_server 2 is not installed (Debian 12 has none); the container stage of
install/test.sh runs it in Debian 13 with FLOWBOOK_E2E_REQUIRE=jupyter_server, where a skip
would be a failure.
"""

import sys
import time
import unittest

from e2e import servers, support


def setUpModule():
    support.start()


GONE_TIMEOUT = 15  # jupyter_server waits up to 5 s for a shutdown_reply before it kills


def jupyter_server_version():
    try:
        import jupyter_server
    except ImportError:
        return None
    return jupyter_server.__version__


class JupyterServerTest(servers.ServerTestCase):
    def requirement(self):
        version = jupyter_server_version()
        return ("jupyter_server", bool(version) and int(version.split(".")[0]) >= 2,
                f"jupyter_server 2 is not installed (found {version})")

    def server_argv(self, workdir):
        return [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                f"--port={self.port}", "--port-retries=0", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={workdir}"]

    def jvm_pids(self, kernel_id):
        """The kernel's JVM: the process whose command line names its connection file."""
        return support.pids_mentioning(f"kernel-{kernel_id}.json")

    def one_jvm(self, kernel_id):
        found = []

        def started():
            found[:] = self.jvm_pids(kernel_id)
            return found

        servers.wait_until(started, support.STARTUP_TIMEOUT, f"a JVM for kernel {kernel_id}")
        self.assertEqual(len(found), 1, f"one JVM per kernel, found {found}")
        return found[0]

    def test_kernel_info_says_protocol_5_3_and_the_debugger_as_the_kernelspec(self):
        kernel_id = self.start_kernel()
        self.execute(kernel_id, "1")  # started and answering
        reply = servers.request_reply(self.ws_url(kernel_id), self.token, "shell", "kernel_info_request", {})
        content = reply["content"]
        self.assertEqual(content["status"], "ok", content)
        self.assertEqual(content["protocol_version"], "5.3", content)
        self.assertEqual(reply["header"]["version"], "5.3", reply["header"])
        spec = self.api("GET", "/api/kernelspecs")["kernelspecs"][support.KERNEL_NAME]["spec"]
        self.assertIs(content["debugger"], spec["metadata"].get("debugger", False), content)
        self.assertEqual(content["implementation"], "flowbook", content)
        self.assertEqual(self.api("GET", "/api/kernelspecs")["kernelspecs"][support.KERNEL_NAME]["spec"]
                         ["interrupt_mode"], "message")

    def test_a_generator_cell_streams_through_jupyter_server_2(self):
        self.check_three_lines_stream(self.start_kernel())

    def test_the_servers_interrupt_is_a_message_that_stops_the_cell(self):
        kernel_id = self.start_kernel()
        self.execute(kernel_id, "int before = 41;")
        jvm = self.one_jvm(kernel_id)
        interrupted = []

        def interrupt(arrivals):  # what JupyterLab's toolbar button does: the server's REST call
            if not interrupted:
                interrupted.append(time.monotonic())
                self.api("POST", f"/api/kernels/{kernel_id}/interrupt")

        arrivals, reply = self.execute(
            kernel_id, 'for (long i = 0; ; i++) { System.out.println("tick " + i); Thread.sleep(200); }', interrupt)
        self.assertTrue(interrupted, "the cell printed nothing")
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        self.assertEqual(self.jvm_pids(kernel_id), [jvm], "a message-mode interrupt keeps the same JVM")
        _, after = self.execute(kernel_id, "before + 1")
        self.assertEqual(after["content"]["status"], "ok", after["content"])

    def test_restart_replaces_the_jvm_and_leaves_no_old_one(self):
        kernel_id = self.start_kernel()
        self.execute(kernel_id, "int kept = 41;")
        old = self.one_jvm(kernel_id)
        self.api("POST", f"/api/kernels/{kernel_id}/restart")
        servers.wait_until(lambda: not servers.alive(old), GONE_TIMEOUT, f"the old JVM {old} gone after the restart")
        new = self.one_jvm(kernel_id)
        self.assertNotEqual(new, old)
        _, reply = self.execute(kernel_id, "kept")
        self.assertEqual(reply["content"]["status"], "error", "a restarted kernel starts empty")
        _, reply = self.execute(kernel_id, "1 + 1")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])

    def test_shutdown_leaves_no_jvm(self):
        kernel_id = self.start_kernel()
        self.execute(kernel_id, "1")
        jvm = self.one_jvm(kernel_id)
        self.api("DELETE", f"/api/kernels/{kernel_id}")
        servers.wait_until(lambda: not servers.alive(jvm), GONE_TIMEOUT, f"the JVM {jvm} gone after the shutdown")
        self.assertEqual(self.jvm_pids(kernel_id), [])
        self.assertEqual([k["id"] for k in self.api("GET", "/api/kernels")], [])


if __name__ == "__main__":
    unittest.main()
