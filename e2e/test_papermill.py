"""Papermill runs Flowbook notebooks with parameters: the Java translator's declarations (install/flowbook_papermill.py), and a tutorial run with a parameter.

Skipped where the Python that drives Jupyter has no papermill (Debian 12), unless
FLOWBOOK_E2E_REQUIRE names `papermill`: then a missing one is a failure. The container stages run
it in Debian 13 with `python3-papermill`, where the kernel's install put the translator in place.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

import nbformat

from e2e import servers, support

HAS_PAPERMILL = importlib.util.find_spec("papermill") is not None
PAPERMILL_TIMEOUT = 300  # a notebook run, kernel start included


def setUpModule():
    support.start()


class NeedsPapermill(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        servers.require("papermill", HAS_PAPERMILL, "papermill is not installed for this Python")


def translator():
    # papermill first, as its command does: importing it loads its engines' entry points, the
    # installed flowbook_papermill among them, so where the kernel's install put the translator in
    # place, that installed copy is the one tested. (The other order: ImportOrderTest.)
    import papermill  # noqa: F401
    sys.path.insert(0, os.path.join(support.REPO, "install"))
    try:
        import flowbook_papermill
    finally:
        sys.path.pop(0)
    return flowbook_papermill.JavaTranslator


class JavaTranslatorTest(NeedsPapermill):
    """The declarations, as text: what papermill puts in the injected cell."""

    def test_scalars_become_typed_declarations(self):
        code = translator().codify({"n": 5, "big": 2**40, "huge": 10**30, "ratio": 0.25, "on": True,
                                    "nothing": None, "name": "Ada"})
        self.assertEqual(code, "// Parameters\n"
                               "int n = 5;\n"
                               "long big = 1099511627776L;\n"
                               'java.math.BigInteger huge = new java.math.BigInteger("1000000000000000000000000000000");\n'
                               "double ratio = 0.25;\n"
                               "boolean on = true;\n"
                               "Object nothing = null;\n"
                               'String name = "Ada";\n')

    def test_strings_are_escaped_for_a_java_literal(self):
        text = translator().declaration("s", 'say "hi"\\n\n\t\x01 é')
        self.assertEqual(text, 'String s = "say \\"hi\\"\\\\n\\n\\t\\1 é";')

    def test_non_finite_doubles_are_the_constants(self):
        t = translator()
        self.assertEqual([t.declaration("x", v) for v in (float("nan"), float("inf"), float("-inf"))],
                         ["double x = Double.NaN;", "double x = Double.POSITIVE_INFINITY;",
                          "double x = Double.NEGATIVE_INFINITY;"])

    def test_lists_take_the_narrowest_common_element_type(self):
        t = translator()
        self.assertEqual(t.declaration("xs", [1, 2, 3]), "List<Integer> xs = List.<Integer>of(1, 2, 3);")
        self.assertEqual(t.declaration("xs", [1, 2.5]), "List<Double> xs = List.<Double>of(1.0, 2.5);")
        self.assertEqual(t.declaration("xs", ["a", None]), 'List<String> xs = Arrays.<String>asList("a", null);')
        self.assertEqual(t.declaration("xs", [1, "a"]), 'List<Object> xs = List.<Object>of(1, "a");')
        self.assertEqual(t.declaration("xs", []), "List<Object> xs = List.<Object>of();")

    def test_maps_keep_their_order_and_allow_null_values(self):
        self.assertEqual(
            translator().declaration("m", {"b": 1, "a": None}),
            'Map<String, Integer> m = Stream.of(new Object[][] {{"b", 1}, {"a", null}})'
            ".collect(LinkedHashMap<String, Integer>::new, (map$, entry$) -> map$.put((String) entry$[0], (Integer) entry$[1]), Map::putAll);")

    def test_a_name_that_is_no_java_identifier_is_refused(self):
        with self.assertRaisesRegex(ValueError, "not a Java identifier"):
            translator().declaration("my-name", 1)

    def test_inspect_reads_the_parameters_cell(self):
        cell = nbformat.v4.new_code_cell('int count = 3;  // how many numbers\nString name = "x";\n// int not = 1;')
        found = translator().inspect(cell)
        self.assertEqual([(p.name, p.inferred_type_name, p.default, p.help) for p in found],
                         [("count", "int", "3", "how many numbers"), ("name", "String", '"x"', "")])


class ImportOrderTest(NeedsPapermill):
    def test_the_module_imported_before_papermill_still_gives_the_engine_and_the_translator(self):
        # A fresh Python, this module first: where the kernel's install registered its entry point,
        # papermill's import loads that entry point from the half-imported module.
        probe = ("import flowbook_papermill, papermill.engines, papermill.translators as t; "
                 "print(t.papermill_translators.find_translator('flowbook', 'java').__name__, "
                 "papermill.engines.papermill_engines.get_engine('flowbook').__name__)")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [os.path.join(support.REPO, "install"), os.environ.get("PYTHONPATH")]))}
        completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(completed.returncode, 0, completed.stderr)
        translator_name, engine_name = completed.stdout.split()
        self.assertEqual(translator_name, "JavaTranslator")
        self.assertIn(engine_name, ("FlowbookEngine", "NBClientEngine"))


def papermill(source, target, *args):
    with tempfile.TemporaryDirectory(prefix="flowbook-papermill-") as runtime, support.leftovers_killed("papermill"):
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": runtime}
        return subprocess.run([sys.executable, "-m", "papermill", source, target, "-k", support.KERNEL_NAME, *args],
                              capture_output=True, text=True, timeout=PAPERMILL_TIMEOUT, env=env)


def stdout_of(notebook):
    return ["".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
            for cell in notebook.cells if cell.cell_type == "code"]


class PapermillRunTest(NeedsPapermill):
    """`papermill ... -k flowbook -p NAME VALUE` through the installed translator and kernel."""

    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="flowbook-papermill-nb-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.scratch])

    def run_notebook(self, notebook, *args):
        source = os.path.join(self.scratch, "in.ipynb")
        target = os.path.join(self.scratch, "out.ipynb")
        nbformat.write(notebook, source)
        completed = papermill(source, target, *args)
        self.assertEqual(completed.returncode, 0, completed.stdout + completed.stderr)
        return nbformat.read(target, as_version=4)

    def test_every_parameter_type_reaches_java_with_its_value(self):
        notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {
            "name": support.KERNEL_NAME, "display_name": "Java (Flowbook)", "language": "java"}})
        parameters = nbformat.v4.new_code_cell('int n = 1;\nString s = "default";')
        parameters.metadata["tags"] = ["parameters"]
        notebook.cells = [parameters, nbformat.v4.new_code_cell(
            'System.out.println(n + 1);\nSystem.out.println(s + "|" + s.length());\n'
            'System.out.println(r * 2);\nSystem.out.println(!b);\nSystem.out.println(xs.get(1) + 1);\n'
            'System.out.println(m);\nSystem.out.println(nothing == null);')]
        yaml = json.dumps({"s": 'quote " backslash \\ tab\t', "r": 1.25, "b": True, "xs": [1, 2, 3],
                           "m": {"z": [1.5], "a": None}, "nothing": None})
        done = self.run_notebook(notebook, "-p", "n", "41", "-y", yaml)
        injected = [c for c in done.cells if "injected-parameters" in c.metadata.get("tags", [])]
        self.assertEqual(len(injected), 1, "papermill put one cell with the parameters")
        self.assertEqual(done.cells.index(injected[0]), 1, "right after the cell tagged parameters")
        self.assertEqual(stdout_of(done)[-1].splitlines(),
                         ["42", 'quote " backslash \\ tab\t|24', "2.5", "false", "3", "{z=[1.5], a=null}", "true"])

    def test_a_tutorial_run_with_a_parameter_changes_its_output(self):
        # The basic example's generator counts to a literal 3; made a parameter `count` here, the
        # tutorial's first cells are run as they are and with -p count 5.
        tutorial = nbformat.read(os.path.join(support.REPO, "notebooks", "01-basic-example.ipynb"), as_version=4)
        code_cells = [c for c in tutorial.cells if c.cell_type == "code"]
        generator, first_use = code_cells[0], code_cells[1]
        self.assertIn("i < 3", generator.source, "the tutorial's generator no longer counts to a literal 3")
        generator.source = generator.source.replace("i < 3", "i < count")
        parameters = nbformat.v4.new_code_cell("int count = 3;")
        parameters.metadata["tags"] = ["parameters"]
        tutorial.cells = [parameters, generator, first_use]

        as_written = stdout_of(self.run_notebook(tutorial))
        with_five = stdout_of(self.run_notebook(tutorial, "-p", "count", "5"))
        self.assertIn("first run:  [0, 1, 2]\n", as_written[-1])
        self.assertIn("first run:  [0, 1, 2, 3, 4]\n", with_five[-1])
