"""Widgets with jupyter_client acting as the front end: comm_open with state and version, updates both ways, echo_update
with the front end's message as parent, clicks, request_state, comm_info, the control target, ordering, the status rule, and
controls acting on a running cell."""

import time
import unittest
import uuid

from e2e import support


def setUpModule():
    support.start()


# The issue asks for "within a second"; as in test_interrupt, the test allows twice that so that a loaded CI machine is not a
# failure, and every failure message prints the measured time.
CONTROL_DEADLINE = 2.0
VIEW = "application/vnd.jupyter.widget-view+json"


class WidgetsTest(support.KernelTestCase):
    kernel_label = "widgets"
    # One kernel for the class (a kernel takes seconds to start on a loaded machine): each test uses names of its own
    # and starts from a drained IOPub.

    def setUp(self):
        super().setUp()
        self.kernel.drain_iopub()
        self.log = []  # every IOPub message this test read, in order

    # -- a front end's side of the comms --

    def send(self, msg_type, content):
        msg = self.kernel.kc.session.msg(msg_type, content)
        self.kernel.kc.shell_channel.send(msg)
        return msg

    def comm_msg(self, comm_id, data):
        return self.send("comm_msg", {"comm_id": comm_id, "data": data})

    def click(self, comm_id):
        return self.comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})

    def move(self, comm_id, **state):
        return self.comm_msg(comm_id, {"method": "update", "state": state, "buffer_paths": []})

    def read_until(self, what, condition, timeout=support.REPLY_TIMEOUT):
        """Reads IOPub into self.log until a message satisfies condition; returns it."""
        for msg in self.log:
            if condition(msg):
                return msg
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                msg = self.kernel.kc.get_iopub_msg(timeout=max(0.0, left))
            except Exception:
                raise AssertionError(f"timed out waiting for {what}; read: {[m['msg_type'] for m in self.log]}") from None
            self.log.append(msg)
            if condition(msg):
                return msg

    def opened(self, model_name):
        """Waits for the comm_open of a model_name; returns the message."""
        return self.read_until(f"comm_open of {model_name}", lambda m: m["msg_type"] == "comm_open"
                               and m["content"]["data"]["state"]["_model_name"] == model_name)

    def status_of(self, msg_id):
        return [m["content"]["execution_state"] for m in self.log
                if m["msg_type"] == "status" and m["parent_header"].get("msg_id") == msg_id]

    def run_cell(self, code):
        """Runs code to the end, reading IOPub into self.log; returns (reply, the cell's outputs)."""
        msg_id = self.kernel.kc.execute(code)
        self.read_until(f"idle of {code!r}", lambda m: m["msg_type"] == "status"
                        and m["parent_header"].get("msg_id") == msg_id and m["content"]["execution_state"] == "idle")
        reply = self.kernel.shell_reply(msg_id, time.monotonic() + support.REPLY_TIMEOUT)
        outputs = [m for m in self.log if m["parent_header"].get("msg_id") == msg_id]
        self.assertEqual(reply["content"]["status"], "ok", f"{code}: {reply['content']}")
        return reply, outputs

    def result_of(self, code):
        _, outputs = self.run_cell(code)
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertTrue(results, f"{code}: no result in {[m['msg_type'] for m in outputs]}")
        return results[-1]["content"]["data"]

    def echo_of(self, request):
        return self.read_until("the echo", lambda m: m["msg_type"] == "comm_msg"
                               and m["parent_header"].get("msg_id") == request["header"]["msg_id"])

    # -- the tests --

    def test_a_widget_value_opens_its_models_in_order_and_shows_the_widget_view(self):
        data = self.result_of('var rate = new IntSlider().max(10).description("rate");\nrate')

        opens = [m for m in self.log if m["msg_type"] == "comm_open"]
        names = [m["content"]["data"]["state"]["_model_name"] for m in opens]
        self.assertEqual(names, ["LayoutModel", "SliderStyleModel", "IntSliderModel"])
        slider = opens[-1]
        self.assertEqual(slider["content"]["target_name"], "jupyter.widget")
        self.assertEqual(slider["metadata"], {"version": "2.1.0"})
        state = slider["content"]["data"]["state"]
        self.assertEqual((state["_model_module"], state["_model_module_version"]), ("@jupyter-widgets/controls", "2.0.0"))
        self.assertEqual((state["max"], state["description"]), (10, "rate"))
        self.assertEqual(state["layout"], "IPY_MODEL_" + opens[0]["content"]["comm_id"])
        self.assertEqual(data[VIEW], {"model_id": slider["content"]["comm_id"], "version_major": 2, "version_minor": 1})
        self.assertEqual(data["text/plain"], "IntSlider(description='rate', max=10)")

    def test_updates_go_both_ways_and_the_echo_has_the_front_ends_message_as_parent(self):
        self.run_cell("var level = new IntSlider();\ndisplay(level);")
        level = self.opened("IntSliderModel")["content"]["comm_id"]

        move = self.move(level, value=7)
        echo = self.echo_of(move)
        self.assertEqual(echo["content"]["data"], {"method": "echo_update", "state": {"value": 7}, "buffer_paths": []})
        self.assertEqual(self.result_of("level.value()")["text/plain"], "7")

        _, outputs = self.run_cell("level.value(3);")
        updates = [m["content"]["data"] for m in outputs if m["msg_type"] == "comm_msg"]
        self.assertEqual(updates, [{"method": "update", "state": {"value": 3}, "buffer_paths": []}])

    def test_a_click_is_counted_and_request_state_sends_the_whole_state(self):
        self.run_cell('var go = new Button("Go");\ndisplay(go);')
        go = self.opened("ButtonModel")["content"]["comm_id"]

        self.click(go)
        self.click(go)
        request = self.comm_msg(go, {"method": "request_state"})
        state = self.echo_of(request)["content"]["data"]
        self.assertEqual(state["method"], "update")
        self.assertEqual(state["state"]["description"], "Go")
        self.assertEqual(state["state"]["_model_name"], "ButtonModel")
        self.assertEqual(self.result_of("go.clickCount()")["text/plain"], "2")

    def test_comm_info_lists_open_comms_of_the_asked_target(self):
        self.run_cell('var shown = new Label("hi");\ndisplay(shown);')
        label = self.opened("LabelModel")["content"]["comm_id"]

        reply = self.kernel.request(lambda kc: kc.comm_info(target_name="jupyter.widget"))
        comms = reply["content"]["comms"]
        self.assertEqual(comms[label], {"target_name": "jupyter.widget"})
        state = self.opened("LabelModel")["content"]["data"]["state"]
        for reference in (state["layout"], state["style"]):
            self.assertIn(reference.removeprefix("IPY_MODEL_"), comms)
        self.assertEqual({c["target_name"] for c in comms.values()}, {"jupyter.widget"})
        other = self.kernel.request(lambda kc: kc.comm_info(target_name="no.such.target"))
        self.assertEqual(other["content"]["comms"], {})

    def test_the_control_target_answers_request_states_for_a_reloaded_page(self):
        self.run_cell('var kept = new Text().value("kept");\ndisplay(kept);')
        text = self.opened("TextModel")["content"]["comm_id"]

        control = str(uuid.uuid4())
        self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}})
        request = self.comm_msg(control, {"method": "request_states"})
        data = self.echo_of(request)["content"]["data"]
        self.assertEqual(data["method"], "update_states")
        entry = data["states"][text]
        self.assertEqual((entry["model_name"], entry["model_module"], entry["model_module_version"]),
                         ("TextModel", "@jupyter-widgets/controls", "2.0.0"))
        self.assertEqual(entry["state"]["value"], "kept")
        layout = self.opened("TextModel")["content"]["data"]["state"]["layout"].removeprefix("IPY_MODEL_")
        self.assertEqual(data["states"][layout]["model_name"], "LayoutModel")
        # the reloaded page then opens the model's comm itself: the kernel keeps it (no comm_close)
        reopened = self.send("comm_open", {"comm_id": text, "target_name": "jupyter.widget", "data": {}})
        self.assertEqual(self.result_of("kept.value()")["text/plain"], '"kept"')
        closes = [m for m in self.log if m["msg_type"] == "comm_close"
                  and m["parent_header"].get("msg_id") == reopened["header"]["msg_id"]]
        self.assertEqual(closes, [])

    def test_comm_messages_are_handled_in_arrival_order(self):
        self.run_cell("var order = new IntSlider().max(100);\ndisplay(order);")
        order = self.opened("IntSliderModel")["content"]["comm_id"]

        moves = [self.move(order, value=v) for v in range(1, 31)]
        echoes = [self.echo_of(move)["content"]["data"]["state"]["value"] for move in moves]
        self.assertEqual(echoes, list(range(1, 31)))
        echo_ids = [m["parent_header"]["msg_id"] for m in self.log
                    if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "echo_update"]
        self.assertEqual(echo_ids, [move["header"]["msg_id"] for move in moves])
        self.assertEqual(self.result_of("order.value()")["text/plain"], "30")

    def test_a_comm_message_during_a_cell_gets_its_own_status_then_busy_again_for_the_cell(self):
        cell = self.kernel.kc.execute('var hold = new Button("hold");\nvar seen = new IntSlider();\n'
                                      'display(new HBox(hold, seen));\nhold.clicks().first();')
        hold = self.opened("ButtonModel")["content"]["comm_id"]
        seen = self.opened("IntSliderModel")["content"]["comm_id"]

        move = self.move(seen, value=5)
        move_id = move["header"]["msg_id"]
        self.read_until("busy again for the cell", lambda m: self.status_of(cell).count("busy") >= 2)
        statuses = [(m["content"]["execution_state"], m["parent_header"].get("msg_id")) for m in self.log
                    if m["msg_type"] == "status"]
        after_move = statuses[statuses.index(("idle", move_id)) + 1]
        self.assertEqual(after_move, ("busy", cell), statuses)
        self.assertEqual(self.status_of(move_id), ["busy", "idle"])

        self.click(hold)
        reply = self.kernel.shell_reply(cell, time.monotonic() + support.REPLY_TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        self.read_until("the cell's idle", lambda m: m["msg_type"] == "status"
                        and m["parent_header"].get("msg_id") == cell and m["content"]["execution_state"] == "idle")
        self.assertEqual(self.status_of(cell)[0], "busy")
        self.assertEqual(self.status_of(cell)[-1], "idle")

    def assert_ends_cell(self, code, model_name, ready, act):
        """Runs code (a cell waiting for a control), acts on the control once the cell printed ready (so the cell's
        compilation is not counted), and checks that the cell ended soon after."""
        cell = self.kernel.kc.execute(code)
        comm_id = self.opened(model_name)["content"]["comm_id"]
        self.read_until(f"{ready!r} printed", lambda m: m["msg_type"] == "stream" and ready in m["content"]["text"])
        acted_at = time.monotonic()
        act(comm_id)
        reply = self.kernel.shell_reply(cell, time.monotonic() + support.REPLY_TIMEOUT)
        took = time.monotonic() - acted_at
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertLess(took, CONTROL_DEADLINE, f"the cell replied {took:.3f} s after the control acted")
        support.log(f"widgets: the cell replied {took * 1000:.0f} ms after the control acted")

    def test_a_slider_moved_while_a_cell_runs_ends_it(self):
        self.assert_ends_cell(
            "var limit = new IntSlider();\ndisplay(limit);\n"
            "limit.changes().takeWhile(v -> v < 5).forEach(v -> System.out.println(\"at \" + v));",
            "IntSliderModel", "at 0", lambda comm_id: self.move(comm_id, value=5))

    def test_a_stop_button_clicked_while_a_stream_runs_ends_it(self):
        self.assert_ends_cell(
            'var stop = new Button("Stop");\ndisplay(stop);\n'
            "AsyncGenerator.interval(Duration.ofMillis(20)).takeWhile(i -> !stop.clicked())"
            '.forEach(i -> { if (i == 0) System.out.println("running"); });',
            "ButtonModel", "running", self.click)


if __name__ == "__main__":
    unittest.main()
