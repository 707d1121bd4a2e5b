"""Magics, stdin and comms through Jupyter's own client: %maven from a file:// repository the test builds, input_request answered by the client, comm messages answered like ipykernel."""

import os
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid
import zipfile

from e2e import support
from e2e.test_frontends import jupyter


def setUpModule():
    support.start()


GREETER = """package test.greet;
public class Greeter {
    public static String hello(String name) { return "hello " + name; }
}
"""

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>test.flowbook</groupId><artifactId>greeter</artifactId><version>1.0</version>
</project>
"""


def find_javac():
    home = subprocess.run([os.path.join(support.REPO, "install", "find-java.sh")], check=True,
                          capture_output=True, text=True, timeout=60).stdout.strip()
    return os.path.join(home, "bin", "javac")


def build_repository(root, work):
    """A Maven repository (default layout) at root holding test.flowbook:greeter:1.0, compiled with javac."""
    sources = os.path.join(work, "src", "test", "greet")
    classes = os.path.join(work, "classes")
    os.makedirs(sources)
    with open(os.path.join(sources, "Greeter.java"), "w") as f:
        f.write(GREETER)
    subprocess.run([find_javac(), "--release", "21", "-d", classes, os.path.join(sources, "Greeter.java")],
                   check=True, timeout=120)
    folder = os.path.join(root, "test", "flowbook", "greeter", "1.0")
    os.makedirs(folder)
    with open(os.path.join(folder, "greeter-1.0.pom"), "w") as f:
        f.write(POM)
    with zipfile.ZipFile(os.path.join(folder, "greeter-1.0.jar"), "w") as jar:
        jar.write(os.path.join(classes, "test", "greet", "Greeter.class"), "test/greet/Greeter.class")


class MagicsTest(support.KernelTestCase):
    kernel_label = "magics"

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="flowbook-e2e-maven-")
        cls.remote = os.path.join(cls.scratch, "remote")
        cls.local = os.path.join(cls.scratch, "local-repository")
        try:
            build_repository(cls.remote, os.path.join(cls.scratch, "build"))
            super().setUpClass()
        except Exception:
            shutil.rmtree(cls.scratch, ignore_errors=True)
            raise

    @classmethod
    def kernel_env(cls):
        # The kernel caches into this local repository instead of ~/.m2 (the variable reaches the JVM).
        return {"FLOWBOOK_MAVEN_REPO_LOCAL": cls.local}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def ok(self, code, **options):
        execution = self.kernel.execute(code, **options)
        self.assertEqual(execution.status, "ok", execution.describe())
        return execution

    def test_maven_then_a_cell_using_the_class(self):
        url = "file://" + self.remote
        self.ok(f"%mavenRepo --remove central\n%mavenRepo e2e {url}")
        added = self.ok("%maven test.flowbook:greeter:1.0").stream_text()
        self.assertIn("added to the class path: ", added)
        self.assertIn(os.path.join(self.local, "test", "flowbook", "greeter", "1.0", "greeter-1.0.jar"), added)
        used = self.ok('import test.greet.Greeter;\nGreeter.hello("Jupyter")')
        self.assertEqual(used.result_text(), '"hello Jupyter"', used.describe())
        # the user's own local repository was left alone
        self.assertFalse(os.path.exists(os.path.expanduser("~/.m2/repository/test/flowbook/greeter")))

    def test_lsmagic_and_an_unknown_magic(self):
        listing = self.ok("%lsmagic").stream_text()
        for magic in ["%maven", "%mavenRepo", "%classpath", "%load", "%time", "%env", "%%timeit", "%%html"]:
            self.assertIn(magic + " ", listing)
        unknown = self.kernel.execute("%Nope")
        self.assertEqual(unknown.status, "error", unknown.describe())
        self.assertEqual(unknown.reply["content"]["ename"], "UsageError")
        self.assertIn("%lsmagic", unknown.reply["content"]["evalue"])

    def test_html_cell_is_display_data(self):
        shown = self.ok("%%html\n<i>hi</i>").of_type("display_data")
        self.assertEqual(len(shown), 1)
        self.assertEqual(shown[0].content["data"]["text/html"], "<i>hi</i>\n")

    def test_time_prints_cpu_and_wall_time(self):
        text = self.ok("%time Thread.sleep(20)").stream_text()
        self.assertRegex(text, r"^CPU times: user .+, sys .+, total .+\nWall time: .+\n$")


class StdinTest(support.KernelTestCase):
    kernel_label = "stdin"

    def test_reading_system_in_sends_an_input_request_the_client_answers(self):
        code = 'System.out.print("Your name: ");\nvar scanner = new Scanner(System.in);\n"hello " + scanner.nextLine()'
        execution, msg_id = self.kernel.send_execute(code, allow_stdin=True)
        request = self.kernel.kc.get_stdin_msg(timeout=support.REPLY_TIMEOUT)
        self.assertEqual(request["header"]["msg_type"], "input_request")
        self.assertEqual(request["parent_header"]["msg_id"], msg_id)
        self.assertFalse(request["content"]["password"])
        self.kernel.kc.input("Ada")
        self.kernel.collect(execution, msg_id)
        self.assertEqual(execution.status, "ok", execution.describe())
        self.assertEqual(execution.stream_text(), "Your name: ")
        self.assertEqual(execution.result_text(), '"hello Ada"', execution.describe())

    def test_a_buffered_reader_reads_two_lines(self):
        code = ("var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));\n"
                "in.readLine() + \"+\" + in.readLine()")
        execution, msg_id = self.kernel.send_execute(code, allow_stdin=True)
        for answer in ["one", "two"]:
            request = self.kernel.kc.get_stdin_msg(timeout=support.REPLY_TIMEOUT)
            self.assertEqual(request["header"]["msg_type"], "input_request")
            self.kernel.kc.input(answer)
        self.kernel.collect(execution, msg_id)
        self.assertEqual(execution.result_text(), '"one+two"', execution.describe())

    def test_without_stdin_reading_is_a_clear_error(self):
        execution = self.kernel.execute("new Scanner(System.in).nextLine()", allow_stdin=False)
        self.assertEqual(execution.status, "error", execution.describe())
        content = execution.reply["content"]
        self.assertEqual(content["ename"], "java.lang.IllegalStateException")
        self.assertIn("stdin is not available from this front end", content["evalue"])

    def test_interrupt_while_waiting_for_input(self):
        execution, msg_id = self.kernel.send_execute("new Scanner(System.in).nextLine()", allow_stdin=True)
        self.kernel.kc.get_stdin_msg(timeout=support.REPLY_TIMEOUT)
        started = time.monotonic()
        self.kernel.km.interrupt_kernel()
        self.kernel.collect(execution, msg_id, timeout=10)
        self.assertLess(execution.replied_at - started, 2.0, execution.describe())
        self.assertEqual(execution.status, "error", execution.describe())
        self.assertEqual(execution.reply["content"]["ename"], "Interrupted")
        after = self.kernel.execute("1 + 1")
        self.assertEqual(after.result_text(), "2", after.describe())

    def test_input_from_jupyter_console(self):
        session = jupyter("jupyter_console", "--kernel", support.KERNEL_NAME, "--simple-prompt",
                          stdin='String name = new Scanner(System.in).nextLine();\nAda\n"hi " + name\n')
        self.assertEqual(session.returncode, 0, session.stderr)
        self.assertIn('Out[2]: "hi Ada"', session.stdout, session.stdout + session.stderr)


class CommsTest(support.KernelTestCase):
    kernel_label = "comms"

    def test_comm_info_lists_no_comms(self):
        reply = self.kernel.request(lambda kc: kc.comm_info())
        self.assertEqual(reply["header"]["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})
        targeted = self.kernel.request(lambda kc: kc.comm_info(target_name="jupyter.widget"))
        self.assertEqual(targeted["content"]["comms"], {})

    def test_comm_open_for_an_unknown_target_is_closed(self):
        kc = self.kernel.kc
        self.kernel.drain_iopub()
        comm_id = uuid.uuid4().hex
        message = kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget",
                                               "data": {}})
        kc.shell_channel.send(message)
        deadline = time.monotonic() + support.REPLY_TIMEOUT
        closed = None
        while closed is None and time.monotonic() < deadline:
            received = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if (received["header"]["msg_type"] == "comm_close"
                    and received["parent_header"].get("msg_id") == message["header"]["msg_id"]):
                closed = received
        self.assertIsNotNone(closed, "no comm_close for the comm_open")
        self.assertEqual(closed["content"]["comm_id"], comm_id)
        # comm_msg and comm_close for unknown comms are accepted; the kernel keeps answering
        kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"x": 1}}))
        kc.shell_channel.send(kc.session.msg("comm_close", {"comm_id": comm_id, "data": {}}))
        after = self.kernel.execute("1 + 1")
        self.assertEqual(after.result_text(), "2", after.describe())


if __name__ == "__main__":
    unittest.main()
