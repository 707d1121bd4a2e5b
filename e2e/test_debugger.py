"""JupyterLab's debugger through jupyter_client: the debug protocol in JupyterLab's order, breakpoints in a cell and in a
generator body, stepping, variables, control requests answered while a thread is stopped, one debugger per agent.

Every test leaves no thread stopped: each ends with disconnect (which resumes everything) in a finally."""

import re
import socket
import time
import unittest
from queue import Empty

from e2e import support


def setUpModule():
    support.start()


def murmur2(text, seed):
    """The hash JupyterLab names cells with (packages/debugger/src/hash.ts), for checking dumpCell's path."""
    m, data = 0x5BD1E995, text.encode("utf-8")
    length, h = len(data), (seed ^ len(data)) & 0xFFFFFFFF
    whole = length & ~3
    for i in range(0, whole, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> 24
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = length & 3
    if rest == 3:
        h ^= data[whole + 2] << 16
    if rest >= 2:
        h ^= data[whole + 1] << 8
    if rest >= 1:
        h = ((h ^ data[whole]) * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    return h ^ (h >> 15)


LOOP_CELL = """int total = 0;
// sum the first numbers
for (int i = 0; i < 3; i++) {
  total += i;
}
System.out.println("total " + total);"""

GENERATOR_CELL = """AsyncGenerator<Integer> squares = AsyncGenerator.of(out -> {
  for (int n = 0; n < 3; n++) {
    int squared = n * n;
    out.yield(squared);
  }
});
squares.forEach(v -> System.out.println("got " + v));"""


TWO_GENERATORS_CELL = """var held = AsyncGenerator.of(out -> {
  out.yield("held");
}).forEachAsync(v -> System.out.println("held body done"));
AsyncGenerator.range(0, 3).forEachAsync(k -> System.out.println("other " + k)).join();
held.join();"""


DEBUGGER_KERNEL = "flowbook-debugger"  # install-kernel.sh installs it beside flowbook


class DebuggerTest(support.KernelTestCase):
    kernel_label = "debugger"

    @classmethod
    def new_kernel(cls):
        return support.Kernel(kernel_name=DEBUGGER_KERNEL, label=cls.kernel_label).start()

    def setUp(self):
        super().setUp()
        self.seq = 0
        self.iopub = []  # messages read from IOPub and not yet consumed

    # -- the client side of the debug protocol --

    def debug(self, command, timeout=support.REPLY_TIMEOUT, **arguments):
        """Sends a debug_request on control; returns the DAP response (debug_reply's content)."""
        return self.debug_reply(command, timeout, **arguments)["content"]

    def debug_reply(self, command, timeout=support.REPLY_TIMEOUT, **arguments):
        """Sends a debug_request on control; returns the whole debug_reply message."""
        self.seq += 1
        kc = self.kernel.kc
        msg = kc.session.msg("debug_request", {"seq": self.seq, "type": "request", "command": command,
                                               "arguments": arguments})
        kc.control_channel.send(msg)
        return self.control_reply(msg["header"]["msg_id"], timeout)

    def control_reply(self, msg_id, timeout=support.REPLY_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            reply = support._get(self.kernel.kc.get_control_msg, deadline, f"control reply to {msg_id}")
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def ok(self, command, **arguments):
        response = self.debug(command, **arguments)
        self.assertTrue(response.get("success"), f"{command} failed: {response}")
        return response.get("body", {})

    def next_iopub(self, predicate, what, timeout=support.REPLY_TIMEOUT):
        """The first IOPub message (seen before or arriving now) that predicate accepts; it is consumed."""
        for msg in self.iopub:
            if predicate(msg):
                self.iopub.remove(msg)
                return msg
        deadline = time.monotonic() + timeout
        while True:
            msg = support._get(self.kernel.kc.get_iopub_msg, deadline, what)
            if predicate(msg):
                return msg
            self.iopub.append(msg)

    def event(self, name, timeout=support.REPLY_TIMEOUT):
        return self.next_iopub(lambda m: m["msg_type"] == "debug_event" and m["content"].get("event") == name,
                               f"the debug event {name}", timeout)["content"]

    def start_debugging(self):
        """JupyterLab's opening: debugInfo, initialize (+ initialized), attach, exception breakpoints, variables."""
        info = self.ok("debugInfo")
        self.ok("initialize", clientID="jupyterlab", clientName="JupyterLab", adapterID="java", pathFormat="path",
                linesStartAt1=True, columnsStartAt1=True, supportsVariableType=True, supportsVariablePaging=True,
                supportsRunInTerminalRequest=False, locale="en")
        self.event("initialized")
        self.ok("attach")
        self.ok("setExceptionBreakpoints", filters=[])
        self.ok("inspectVariables")
        return info

    def breakpoints(self, code, *lines):
        """Per cell, as JupyterLab does: dumpCell, debugInfo, setBreakpoints, configurationDone; returns the path."""
        path = self.ok("dumpCell", code=code)["sourcePath"]
        self.ok("debugInfo")
        body = self.ok("setBreakpoints", source={"path": path}, sourceModified=False,
                       breakpoints=[{"line": line} for line in lines], lines=list(lines))
        self.assertEqual([b["line"] for b in body["breakpoints"]], list(lines), body)
        self.ok("configurationDone")
        return path

    def globals_now(self, frame_id):
        scopes = self.ok("scopes", frameId=frame_id)["scopes"]
        globals_scope = next(s for s in scopes if s["name"] == "Globals")
        variables = self.ok("variables", variablesReference=globals_scope["variablesReference"])["variables"]
        return {v["name"]: v for v in variables}

    def stopped_frame(self):
        """After a stopped event: the top frame of thread 1 and its locals by name."""
        stopped = self.event("stopped")
        self.assertEqual(stopped["body"]["threadId"], 1, stopped)
        frames = self.ok("stackTrace", threadId=1)["stackFrames"]
        self.assertTrue(frames, "a stopped thread has frames")
        top = frames[0]
        scopes = self.ok("scopes", frameId=top["id"])["scopes"]
        locals_scope = next(s for s in scopes if s["name"] == "Locals")
        variables = self.ok("variables", variablesReference=locals_scope["variablesReference"])["variables"]
        return stopped, frames, {v["name"]: v for v in variables}

    def run_to_stop(self, code, line):
        """Sets a breakpoint on line of the cell code, runs it, and waits for the stop there; returns the cell's
        path, its execute request's id, the stack and the top frame's locals."""
        path = self.breakpoints(code, line)
        msg_id = self.kernel.kc.execute(code)
        _, frames, local = self.stopped_frame()
        self.assertEqual((frames[0]["source"]["path"], frames[0]["line"]), (path, line), frames[0])
        return path, msg_id, frames, local

    def run_to_end(self, path, msg_id):
        """Clears the cell's breakpoints and continues; the cell ends well."""
        self.ok("setBreakpoints", source={"path": path}, breakpoints=[], sourceModified=False)
        self.ok("continue", threadId=1)
        self.assertEqual(self.finish(msg_id)["status"], "ok")

    def finish(self, msg_id):
        """The cell's execute_reply, once it ran to its end."""
        reply = self.kernel.shell_reply(msg_id, time.monotonic() + support.REPLY_TIMEOUT)
        return reply["content"]

    def disconnect(self):
        with self.subTest("disconnect"):
            self.ok("disconnect", restart=False, terminateDebuggee=False)

    # -- the tests --

    def test_1_a_breakpoint_in_a_cell_stops_there_with_its_variables_steps_and_continues(self):
        info = self.start_debugging()
        self.assertEqual(info["hashMethod"], "Murmur2", info)
        try:
            path = self.breakpoints(LOOP_CELL, 4)
            self.assertEqual(path, f"{info['tmpFilePrefix']}{murmur2(LOOP_CELL, info['hashSeed'])}"
                                   f"{info['tmpFileSuffix']}")
            self.assertEqual(self.ok("debugInfo")["breakpoints"][0]["source"], path)
            msg_id = self.kernel.kc.execute(LOOP_CELL)

            stopped, frames, local = self.stopped_frame()
            self.assertEqual(stopped["body"]["reason"], "breakpoint", stopped)
            self.assertEqual((frames[0]["source"]["path"], frames[0]["line"]), (path, 4), frames[0])
            self.assertEqual(local["i"]["value"], "0", local)
            self.assertEqual(self.ok("source", source={"path": path})["content"], LOOP_CELL)
            self.assertEqual(self.globals_now(frames[0]["id"])["total"]["value"], "0")
            self.assertEqual(self.ok("debugInfo")["stoppedThreads"], [1])

            # while stopped: control requests and inspectVariables answer at once
            kernel_info = self.kernel.kc.session.msg("kernel_info_request", {})
            self.kernel.kc.control_channel.send(kernel_info)
            reply = self.control_reply(kernel_info["header"]["msg_id"], timeout=5)
            self.assertTrue(reply["content"]["debugger"], reply["content"])
            # ... and after its idle the kernel shows busy again for the stopped cell: front ends show one
            # status whatever its parent, and JupyterLab showed "Idle" beside a cell held at a breakpoint
            idle = self.next_iopub(lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                                   and m["parent_header"].get("msg_id") == kernel_info["header"]["msg_id"],
                                   "idle for the control request")
            self.next_iopub(lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "busy"
                            and m["parent_header"].get("msg_id") == msg_id
                            and m["header"]["date"] >= idle["header"]["date"],
                            "busy again for the stopped cell")
            names = [v["name"] for v in self.ok("inspectVariables")["variables"]]
            self.assertIsInstance(names, list)

            # a step goes to the next line of the cell, never to JShell's wrapper lines
            frame_ids_before = {frame["id"] for frame in frames}
            self.ok("next", threadId=1)
            stepped, frames, local = self.stopped_frame()
            self.assertEqual(stepped["body"]["reason"], "step", stepped)
            # new frame ids for the new stop: JupyterLab keys its selected frame by path and id, and with the
            # old ids it kept highlighting the old line and showing the old variables (browser/lab-debugger)
            self.assertFalse(frame_ids_before & {frame["id"] for frame in frames}, (frame_ids_before, frames))
            self.assertEqual(frames[0]["source"]["path"], path, frames[0])
            self.assertIn(frames[0]["line"], (3, 4), frames[0])

            # continue: the breakpoint again, the loop one further
            reply = self.debug_reply("continue", threadId=1)
            self.assertTrue(reply["content"].get("success"), reply["content"])
            # the stop is published after the response, in DAP's order: JupyterLab clears its call stack and
            # variables when the response to continue arrives, and a stop that overtook it lost them
            stop = self.next_iopub(lambda m: m["msg_type"] == "debug_event" and m["content"].get("event") == "stopped",
                                   "the debug event stopped")
            self.assertGreaterEqual(stop["header"]["date"], reply["header"]["date"], (stop["header"], reply["header"]))
            self.iopub.insert(0, stop)
            _, frames, local = self.stopped_frame()
            self.assertEqual((frames[0]["line"], local["i"]["value"]), (4, "1"), (frames[0], local))

            # breakpoints off, continue: the cell ends with its output
            self.ok("setBreakpoints", source={"path": path}, breakpoints=[], sourceModified=False)
            self.ok("continue", threadId=1)
            self.assertEqual(self.finish(msg_id)["status"], "ok")
            printed = self.next_iopub(lambda m: m["msg_type"] == "stream" and "total" in m["content"]["text"],
                                      "the cell's output")
            self.assertIn("total 3", printed["content"]["text"])
            # the cell's variables, now known
            names = [v["name"] for v in self.ok("inspectVariables")["variables"]]
            self.assertIn("total", names)
        finally:
            self.disconnect()
        self.assertFalse(self.ok("debugInfo")["isStarted"])

    def test_1b_a_conditional_breakpoint_stops_only_where_its_condition_holds(self):
        self.start_debugging()
        try:
            path = self.ok("dumpCell", code=LOOP_CELL)["sourcePath"]
            self.ok("setBreakpoints", source={"path": path}, sourceModified=False,
                    breakpoints=[{"line": 4, "condition": "i == 2"}])
            self.ok("configurationDone")
            msg_id = self.kernel.kc.execute(LOOP_CELL)
            _, frames, local = self.stopped_frame()
            self.assertEqual((frames[0]["line"], local["i"]["value"]), (4, "2"), (frames[0], local))
            self.ok("continue", threadId=1)
            self.assertEqual(self.finish(msg_id)["status"], "ok")
        finally:
            self.disconnect()

    def test_2_a_breakpoint_in_a_generator_body_stops_on_its_virtual_thread(self):
        self.start_debugging()
        try:
            path, msg_id, frames, local = self.run_to_stop(GENERATOR_CELL, 4)
            self.assertEqual(frames[0]["name"], "<lambda>", frames[0])
            # no frame of a lambda's hidden proxy class (it has no cell line)
            self.assertFalse([f for f in frames if "Lambda/" in f["name"]], frames)
            self.assertEqual((local["n"]["value"], local["squared"]["value"]), ("0", "0"), local)

            self.ok("next", threadId=1)
            _, frames, _ = self.stopped_frame()
            self.assertEqual(frames[0]["source"]["path"], path, frames[0])
            self.assertIn(frames[0]["line"], (2, 3, 4, 7), frames[0])
            self.run_to_end(path, msg_id)
        finally:
            self.disconnect()

    def test_2b_a_stopped_generator_body_does_not_hold_up_another_generator(self):
        self.start_debugging()
        try:
            path, msg_id, _, _ = self.run_to_stop(TWO_GENERATORS_CELL, 2)
            # the other generator runs to its end while the first body is stopped
            self.next_iopub(lambda m: m["msg_type"] == "stream" and "other 2" in m["content"]["text"],
                            "the other generator's last line while the first body is stopped")
            self.run_to_end(path, msg_id)
        finally:
            self.disconnect()

    def test_3_interrupt_resumes_a_stopped_cell_and_ends_it(self):
        self.start_debugging()
        try:
            _, msg_id, _, _ = self.run_to_stop(LOOP_CELL, 4)
            interrupt = self.kernel.kc.session.msg("interrupt_request", {})
            self.kernel.kc.control_channel.send(interrupt)
            self.assertEqual(self.control_reply(interrupt["header"]["msg_id"], timeout=5)["content"]["status"], "ok")
            self.event("continued")
            reply = self.finish(msg_id)
            # resumed, and no longer stopped by its breakpoint, the cell ends: interrupted, or done with
            # its short loop before the interrupt reached it
            self.assertIn(reply["status"], ("error", "ok"), reply)
        finally:
            self.disconnect()
        after = self.kernel.execute("6 * 7")
        self.assertEqual(after.result_text(), "42", after.describe())

    def test_4_an_unknown_command_gets_an_error_saying_so(self):
        response = self.debug("copyToGlobals", srcVariableName="x", dstVariableName="y", srcFrameId=1)
        self.assertFalse(response["success"], response)
        self.assertIn("does not support", response["message"])

    def test_6_the_plain_kernel_answers_debug_requests_with_an_error(self):
        with support.Kernel(label="no-debugger") as plain:
            kc = plain.kc
            msg = kc.session.msg("debug_request", {"seq": 1, "type": "request", "command": "debugInfo",
                                                   "arguments": {}})
            kc.control_channel.send(msg)
            deadline = time.monotonic() + support.REPLY_TIMEOUT
            while True:
                reply = support._get(kc.get_control_msg, deadline, "the debug_reply")
                if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                    break
        self.assertEqual(reply["msg_type"], "debug_reply")
        self.assertFalse(reply["content"]["success"], reply["content"])
        self.assertIn("no JDWP agent", reply["content"]["message"])

    def test_5_a_second_debugger_cannot_attach(self):
        port = None
        deadline = time.monotonic() + support.STARTUP_TIMEOUT
        while port is None and time.monotonic() < deadline:
            with open(self.kernel.log_path, errors="replace") as f:
                found = re.search(r"JDWP agent on 127\.0\.0\.1:(\d+)", f.read())
            port = int(found.group(1)) if found else None
            if port is None:
                time.sleep(0.1)
        self.assertIsNotNone(port, "the kernel logs the port it attached to")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(b"JDWP-Handshake")
                connection.settimeout(5)
                answer = connection.recv(14)
            self.assertNotEqual(answer, b"JDWP-Handshake", "a second debugger got the agent")
        except (ConnectionRefusedError, ConnectionResetError, socket.timeout):
            pass  # refused: the agent serves the kernel only


if __name__ == "__main__":
    unittest.main()
