"""The way people use the kernel: the Jupyter Notebook server lists it, starts it, and a cell's generator items reach the browser's websocket one by one."""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

from e2e import support

SERVER_START_TIMEOUT = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NotebookServerTest(unittest.TestCase):
    def setUp(self):
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        workdir = tempfile.mkdtemp(prefix="flowbook-server-")
        self.addCleanup(subprocess.run, ["rm", "-rf", workdir])
        # A runtime dir of its own: the connection files of the server's kernels name it, so a kernel
        # the server failed to stop is found and killed.
        runtime = os.path.join(workdir, "runtime")
        self.addCleanup(support.kill_processes_mentioning, runtime)
        self.log = open(os.path.join(workdir, "server.log"), "wb")
        self.addCleanup(self.log.close)
        self.server = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={self.port}", "--port-retries=0", f"--NotebookApp.token={self.token}",
             f"--notebook-dir={workdir}"],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir,
            env={**os.environ, "JUPYTER_RUNTIME_DIR": runtime, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        self.addCleanup(self.stop_server)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                self.api("GET", "/api/status")
                break
            except OSError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    self.fail("the notebook server did not start\n" + self.server_log())
                time.sleep(0.2)

    def stop_server(self):
        """SIGTERM: the server shuts its kernels down on the way out; SIGKILL if it lingers."""
        self.server.terminate()
        try:
            self.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()

    def server_log(self):
        self.log.flush()
        with open(self.log.name, errors="replace") as f:
            return "".join(f.readlines()[-30:])

    def api(self, method, path, body=None):
        request = urllib.request.Request(
            self.base + path, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=support.REPLY_TIMEOUT) as response:
            text = response.read()
        return json.loads(text) if text else None

    def test_a_generator_cell_streams_through_the_notebook_server(self):
        specs = self.api("GET", "/api/kernelspecs")["kernelspecs"]
        self.assertEqual(specs[support.KERNEL_NAME]["spec"]["display_name"], "Java (Flowbook)")
        kernel = self.api("POST", "/api/kernels", {"name": support.KERNEL_NAME})
        try:
            arrivals, reply = IOLoop.current().run_sync(
                lambda: self.execute_over_websocket(
                    kernel["id"],
                    "AsyncGenerator.of(out -> { for (int i = 0; i < 3; i++) { "
                    "await(sleep(Duration.ofMillis(400))); out.yield(i); } })"
                    '.forEach(v -> System.out.println("Received: " + v));'),
                timeout=support.STARTUP_TIMEOUT + support.REPLY_TIMEOUT)
        finally:
            self.api("DELETE", f"/api/kernels/{kernel['id']}")
        self.assertEqual(reply["content"]["status"], "ok", reply)
        lines = [(at, line) for at, text in arrivals for line in text.splitlines()]
        self.assertEqual([line for _, line in lines], ["Received: 0", "Received: 1", "Received: 2"])
        spread = lines[-1][0] - lines[0][0]
        self.assertGreaterEqual(spread, 0.4, f"lines written 0.8 s apart arrived {spread:.3f} s apart: batched")

    async def execute_over_websocket(self, kernel_id, code):
        """What the notebook page does: one websocket for all channels; returns (stdout arrivals, execute_reply)."""
        url = f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels"
        connection = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"}))
        try:
            msg_id = uuid.uuid4().hex
            connection.write_message(json.dumps({
                "channel": "shell",
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "e2e",
                           "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {},
                "content": {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
            }))
            arrivals, reply, idle = [], None, False
            while reply is None or not idle:
                raw = await connection.read_message()
                if raw is None:
                    raise AssertionError("the websocket closed before the cell finished\n" + self.server_log())
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream" and msg["content"]["name"] == "stdout":
                    arrivals.append((time.monotonic(), msg["content"]["text"]))
                elif kind == "execute_reply":
                    reply = msg
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            return arrivals, reply
        finally:
            connection.close()


if __name__ == "__main__":
    unittest.main()
