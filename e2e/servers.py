"""What the server tests share: a Jupyter server process of their own, JSON over HTTP with a token, and a cell run over a kernel's websocket the way the browser page runs it."""

import asyncio
import json
import os
import secrets
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClosedError, websocket_connect

from e2e import support

SERVER_START_TIMEOUT = 60

# A cell whose three lines are written 400 ms apart: live output shows them spread over time.
THREE_LINES = ("AsyncGenerator.of(out -> { for (int i = 0; i < 3; i++) { "
               "await(sleep(Duration.ofMillis(400))); out.yield(i); } })"
               '.forEach(v -> System.out.println("Received: " + v));')
THREE_LINES_OUTPUT = ["Received: 0", "Received: 1", "Received: 2"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(base, token, method, path, body=None, timeout=support.REPLY_TIMEOUT):
    """One JSON request with `Authorization: token`; returns the decoded body (None when empty)."""
    request = urllib.request.Request(
        base + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read()
    return json.loads(text) if text else None


def execute(ws_url, token, code, describe=lambda: "", on_output=None):
    """Runs `code` over the kernel websocket at ws_url; returns (stdout arrivals as (monotonic time, text), execute_reply).

    on_output(arrivals) is called after each stdout message while the cell runs (e.g. to interrupt it)."""
    return _run(_execute(ws_url, token, code, describe, on_output))


def message(channel, msg_type, content):
    return {
        "channel": channel,
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "e2e",
                   "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": content,
    }


def execute_request(code):
    return message("shell", "execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})


async def connect(ws_url, token, timeout=support.STARTUP_TIMEOUT):
    """The kernel's websocket; the server may hold the upgrade until the kernel has answered kernel_info."""
    return await websocket_connect(HTTPRequest(
        ws_url, headers={"Authorization": f"token {token}"}, connect_timeout=timeout, request_timeout=timeout))


def evaluate_all(targets, code, timeout, describe=lambda: ""):
    """Runs `code` in every kernel at once (targets: (ws_url, token) pairs, one event loop, so the kernels
    start answering together); returns each kernel's result as text/plain, in the targets' order.

    Fails when a cell does not end with status ok or gives no result, adding describe() (a server's log) when
    a websocket closes; bounded by timeout seconds in all."""

    async def one(ws_url, token):
        results = []
        _, reply = await _execute(ws_url, token, code, describe, None, results, timeout)
        if reply["content"]["status"] != "ok" or not results:
            raise AssertionError(f"{code!r} at {ws_url}: {reply['content']}, results {results}")
        return results[-1]

    async def every_one():
        return await asyncio.gather(*(one(ws_url, token) for ws_url, token in targets))

    return asyncio.run(asyncio.wait_for(every_one(), timeout))


async def send_on_new_connection(ws_url, token, request, timeout=support.STARTUP_TIMEOUT, describe=lambda: ""):
    """Opens the kernel's websocket and sends `request` on it; returns the connection.

    A websocket that closes as it opens, before anything was sent (seen once through a hub's proxy with
    ten kernels starting on two cores), is opened again once, as JupyterLab reconnects: nothing was
    lost, and the request goes out once."""
    for attempt in (1, 2):
        connection = await connect(ws_url, token, timeout)
        try:
            connection.write_message(json.dumps(request))
            return connection
        except WebSocketClosedError:
            connection.close()
            support.log(f"the websocket {ws_url} closed as it opened, before the request went out"
                        + ("; connecting again. What the server said:\n" + describe() if attempt == 1 else ""))
    raise AssertionError(f"the websocket {ws_url} closed twice as it opened, before the request could go out\n"
                         + describe())


async def _execute(ws_url, token, code, describe, on_output, results=None, connect_timeout=support.STARTUP_TIMEOUT):
    request = execute_request(code)
    msg_id = request["header"]["msg_id"]
    connection = await send_on_new_connection(ws_url, token, request, connect_timeout, describe)
    try:
        arrivals, reply, idle = [], None, False
        while reply is None or not idle:
            raw = await connection.read_message()
            if raw is None:
                raise AssertionError("the websocket closed before the cell finished\n" + describe())
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                arrivals.append((time.monotonic(), msg["content"]["text"]))
                if on_output is not None:
                    on_output(arrivals)
            elif kind == "execute_result" and results is not None:
                results.append(msg["content"]["data"].get("text/plain"))
            elif kind == "execute_reply":
                reply = msg
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return arrivals, reply
    finally:
        connection.close()


def request_reply(ws_url, token, channel, msg_type, content):
    """Sends one request over the websocket and returns its reply message."""
    return _run(_request_reply(ws_url, token, channel, msg_type, content))


def _run(coroutine):
    """Runs a websocket exchange on an event loop of its own, so that any thread may call it; bounded."""
    return asyncio.run(asyncio.wait_for(coroutine, support.STARTUP_TIMEOUT + support.REPLY_TIMEOUT))


async def _request_reply(ws_url, token, channel, msg_type, content):
    request = message(channel, msg_type, content)
    connection = await send_on_new_connection(ws_url, token, request)
    try:
        while True:
            raw = await connection.read_message()
            if raw is None:
                raise AssertionError(f"the websocket closed before the {msg_type} was answered")
            msg = json.loads(raw)
            if (msg.get("parent_header", {}).get("msg_id") == request["header"]["msg_id"]
                    and msg["header"]["msg_type"].endswith("_reply")):
                return msg
    finally:
        connection.close()


def stop(process, timeout):
    """SIGTERM, then SIGKILL if the process has not ended within timeout seconds; reaps it."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def require(name, available, reason):
    """Skips when `available` is false, unless FLOWBOOK_E2E_REQUIRE names this test group: then it fails."""
    if available:
        return
    if name in os.environ.get("FLOWBOOK_E2E_REQUIRE", "").split():
        raise AssertionError(f"FLOWBOOK_E2E_REQUIRE names {name}, but {reason}")
    raise unittest.SkipTest(reason)


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout} s")
        time.sleep(0.1)


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def lines_of(arrivals):
    return [(at, line) for at, text in arrivals for line in text.splitlines()]


class ServerTestCase(unittest.TestCase):
    """Starts `server_argv(workdir)` on 127.0.0.1 with a random port and token, a runtime dir of its own, stopped after each test.

    requirement() says what the server needs, as require's (name, available, reason): without it
    the tests skip, or fail where FLOWBOOK_E2E_REQUIRE names the group."""

    def requirement(self):
        raise NotImplementedError

    def server_argv(self, workdir):
        raise NotImplementedError

    def setUp(self):
        require(*self.requirement())
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        workdir = tempfile.mkdtemp(prefix="flowbook-server-")
        self.addCleanup(subprocess.run, ["rm", "-rf", workdir])
        # A runtime dir of its own for the connection files of the server's kernels; a kernel the
        # server failed to stop is killed by pid once the server is stopped.
        self.runtime = os.path.join(workdir, "runtime")
        self.addCleanup(support.kill_descendants, "the server", support.descendants())
        self.log = open(os.path.join(workdir, "server.log"), "wb")
        self.addCleanup(self.log.close)
        self.server = subprocess.Popen(
            self.server_argv(workdir), stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir,
            env={**os.environ, "JUPYTER_RUNTIME_DIR": self.runtime, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        self.addCleanup(self.stop_server)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                self.api("GET", "/api/status")
                break
            except OSError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    self.fail("the server did not start\n" + self.server_log())
                time.sleep(0.2)

    def stop_server(self):
        """SIGTERM: the server shuts its kernels down on the way out; SIGKILL if it lingers."""
        stop(self.server, 20)

    def server_log(self):
        self.log.flush()
        with open(self.log.name, errors="replace") as f:
            return "".join(f.readlines()[-30:])

    def api(self, method, path, body=None):
        return api(self.base, self.token, method, path, body)

    def start_kernel(self):
        """Starts a flowbook kernel through the server's REST API, deleted again after the test; returns its id."""
        kernel = self.api("POST", "/api/kernels", {"name": support.KERNEL_NAME})
        self.addCleanup(self.delete_kernel, kernel["id"])
        return kernel["id"]

    def delete_kernel(self, kernel_id):
        try:
            self.api("DELETE", f"/api/kernels/{kernel_id}")
        except OSError:
            pass  # already gone

    def ws_url(self, kernel_id):
        return f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels"

    def execute(self, kernel_id, code, on_output=None):
        return execute(self.ws_url(kernel_id), self.token, code, self.server_log, on_output)

    def check_three_lines_stream(self, kernel_id):
        """The generator cell's three lines arrive one by one, not batched."""
        arrivals, reply = self.execute(kernel_id, THREE_LINES)
        self.assertEqual(reply["content"]["status"], "ok", reply)
        lines = lines_of(arrivals)
        self.assertEqual([line for _, line in lines], THREE_LINES_OUTPUT)
        spread = lines[-1][0] - lines[0][0]
        self.assertGreaterEqual(spread, 0.4, f"lines written 0.8 s apart arrived {spread:.3f} s apart: batched")
