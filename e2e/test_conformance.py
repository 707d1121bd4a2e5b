"""The official jupyter_kernel_test suite against the installed flowbook kernel, every standard sample filled in for Java."""

import unittest

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

from e2e import support


def setUpModule():
    support.start()


class FlowbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = support.KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'

    # Completion with an exact answer (JShell's own suggestions, one entry per name),
    # and one whose matches depend on the class library, checked for a valid reply only.
    completion_samples = [
        {"text": "Syste", "matches": {"System"}},
        {"text": "Thread.sle", "matches": {"sleep("}},
        {"text": "java.util.concurrent.CompletableFuture.supply"},
    ]

    # is_complete, checked against what JShell's SourceCodeAnalysis says about each sample.
    complete_code_samples = [
        "1 + 1",
        "int x = 3;",
        "int y = 4",  # JShell adds the semicolon
        'System.out.println("hi");',
        "void f() { }",
    ]
    incomplete_code_samples = [
        "void g() {",
        "for (int i = 0; i < 3; i++) {",
        "1 +",
        'String s = "abc" +',
    ]
    invalid_code_samples = ["}", "int z = ;", ")"]

    code_page_something = "?String"

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "6 * 7", "result": "42"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": '"ab".repeat(2)'},
    ]
    code_history_pattern = "Math.max*"  # glob, as IPython's history search takes it
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("*emphasis*"));', "mime": "text/markdown"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    code_inspect_sample = "String"

    code_clear_output = 'System.out.println("soon gone"); clearOutput();'

    @classmethod
    def setUpClass(cls):
        cls.kernel = support.Kernel(label="conformance").start()
        cls.km, cls.kc = cls.kernel.km, cls.kernel.kc

    @classmethod
    def tearDownClass(cls):
        cls.kernel.stop()

    # Debian's jupyter_kernel_test 0.4.5 waits for the completion, is_complete and history
    # replies with timeout=None, forever when a reply never comes: bound that wait.
    def get_non_kernel_info_reply(self, timeout=None):
        return super().get_non_kernel_info_reply(timeout=timeout or support.REPLY_TIMEOUT)

    # -- what the standard suite leaves out --

    def test_kernel_info_status_ok(self):
        self.flush_channels()
        reply = self.kernel.request(lambda kc: kc.kernel_info())
        validate_message(reply, "kernel_info_reply", reply["parent_header"]["msg_id"])
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["language_info"]["name"], "java")

    def test_completion_cursor_range_covers_the_typed_name(self):
        self.flush_channels()
        code = "System.out.printl"
        reply = self.kernel.request(lambda kc: kc.complete(code, len(code)))
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual((content["cursor_start"], content["cursor_end"]),
                         (len("System.out."), len(code)))
        self.assertTrue(content["matches"])
        self.assertTrue(all(m.startswith("println") for m in content["matches"]), content["matches"])

    def test_is_complete_incomplete_gives_an_indent(self):
        self.flush_channels()
        reply = self.kernel.request(lambda kc: kc.is_complete("void h() {"))
        self.assertEqual(reply["content"]["status"], "incomplete")
        self.assertIn("indent", reply["content"])

    def test_update_display_data_replaces_a_display_in_place(self):
        self.flush_channels()
        execution = self.kernel.execute('String shown = display("first"); updateDisplay(shown, "second");')
        self.assertEqual(execution.status, "ok", execution.describe())
        displays = execution.of_type("display_data")
        updates = execution.of_type("update_display_data")
        self.assertEqual(len(displays), 1, execution.describe())
        self.assertEqual(len(updates), 1, execution.describe())
        display_id = displays[0].content["transient"]["display_id"]
        self.assertEqual(updates[0].content["transient"]["display_id"], display_id)
        self.assertIn("second", updates[0].content["data"]["text/plain"])
        for received in displays + updates:
            validate_message(received.msg, received.msg_type, execution.reply["parent_header"]["msg_id"])

    def test_pager_also_answers_the_suffix_form(self):
        self.flush_channels()
        reply, _ = self.execute_helper("String?")
        self.assertEqual(reply["content"]["status"], "ok")
        payloads = reply["content"]["payload"]
        self.assertEqual([p["source"] for p in payloads], ["page"])
        self.assertIn("text/plain", payloads[0]["data"])


if __name__ == "__main__":
    unittest.main()
