"""Jupyter's own front ends drive the installed kernel: `jupyter kernelspec list`, `jupyter nbconvert --execute`, `jupyter console`."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import nbformat

from e2e import support


def setUpModule():
    support.start()


FRONTEND_TIMEOUT = 180  # a whole front-end session, kernel start included


def jupyter(*args, stdin=None):
    """Runs `python -m <jupyter app>` with this interpreter (the one that has Jupyter); returns the completed process.

    The front end gets a runtime dir of its own; a kernel it leaves behind (it was killed at the
    timeout, say) is killed by pid (support.leftovers_killed).
    """
    with tempfile.TemporaryDirectory(prefix="flowbook-frontend-") as runtime, support.leftovers_killed("a front end"):
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": runtime, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        return subprocess.run([sys.executable, "-m", *args], input=stdin, capture_output=True, text=True,
                              timeout=FRONTEND_TIMEOUT, env=env)


class FrontEndsTest(unittest.TestCase):
    def test_kernelspec_list_shows_the_self_contained_spec(self):
        listed = jupyter("jupyter", "kernelspec", "list", "--json")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        spec = json.loads(listed.stdout)["kernelspecs"][support.KERNEL_NAME]
        kernel = spec["spec"]
        self.assertEqual(kernel["display_name"], "Java (Flowbook)")
        self.assertEqual(kernel["language"], "java")
        self.assertEqual(kernel["interrupt_mode"], "message")
        java, *_, jar_option, jar, connection = kernel["argv"]
        self.assertTrue(os.path.isabs(java) and os.access(java, os.X_OK), java)
        self.assertEqual((jar_option, connection), ("-jar", "{connection_file}"))
        self.assertEqual(os.path.dirname(jar), spec["resource_dir"], "the jar lives inside the kernelspec")
        self.assertTrue(os.path.isfile(jar))
        for logo in ("logo-32x32.png", "logo-64x64.png"):
            self.assertTrue(os.path.isfile(os.path.join(spec["resource_dir"], logo)), logo)

    def test_nbconvert_executes_a_notebook(self):
        notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {
            "name": support.KERNEL_NAME, "display_name": "Java (Flowbook)", "language": "java"}})
        notebook.cells = [
            nbformat.v4.new_code_cell('int answer = 6 * 7;\nSystem.out.println("from nbconvert");'),
            nbformat.v4.new_code_cell("answer"),
        ]
        with tempfile.TemporaryDirectory() as scratch:
            source = os.path.join(scratch, "cells.ipynb")
            nbformat.write(notebook, source)
            converted = jupyter("nbconvert", "--execute", "--to", "notebook", "--output", "executed",
                                "--ExecutePreprocessor.timeout=60", source)
            self.assertEqual(converted.returncode, 0, converted.stderr)
            executed = nbformat.read(os.path.join(scratch, "executed.ipynb"), as_version=4)
        first, second = executed.cells
        self.assertEqual([o.get("text") for o in first.outputs if o.output_type == "stream"], ["from nbconvert\n"])
        results = [o for o in second.outputs if o.output_type == "execute_result"]
        self.assertEqual([r.data["text/plain"] for r in results], ["42"])

    def test_console_runs_cells(self):
        session = jupyter("jupyter_console", "--kernel", support.KERNEL_NAME, "--simple-prompt",
                          stdin='int answer = 6 * 7;\nanswer\nSystem.out.println("from the console");\n')
        self.assertEqual(session.returncode, 0, session.stderr)
        self.assertIn("Out[2]: 42", session.stdout, session.stdout + session.stderr)
        self.assertIn("from the console", session.stdout, session.stdout + session.stderr)


if __name__ == "__main__":
    unittest.main()
