"""The way people use the kernel: the Jupyter Notebook server lists it, starts it, and a cell's generator items reach the browser's websocket one by one."""

import sys
import unittest

from e2e import servers, support


def setUpModule():
    support.start()


def notebook_6():
    try:
        import notebook.notebookapp  # noqa: F401  (Notebook 7 has no notebookapp)
    except ImportError:
        return False
    return True


class NotebookServerTest(servers.ServerTestCase):
    def requirement(self):
        return "notebook", notebook_6(), "the classic Jupyter Notebook (6.x) is not installed"

    def server_argv(self, workdir):
        return [sys.executable, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                f"--port={self.port}", "--port-retries=0", f"--NotebookApp.token={self.token}",
                f"--notebook-dir={workdir}"]

    def test_a_generator_cell_streams_through_the_notebook_server(self):
        specs = self.api("GET", "/api/kernelspecs")["kernelspecs"]
        self.assertEqual(specs[support.KERNEL_NAME]["spec"]["display_name"], "Java (Flowbook)")
        self.check_three_lines_stream(self.start_kernel())


if __name__ == "__main__":
    unittest.main()
