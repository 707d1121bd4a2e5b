"""Notebooks written for IJava and JJava run unchanged: e2e/migration/*.ipynb executed through nbclient, outputs compared.

They need Maven Central (H2, commons-lang3, parsson), cached in a local repository of the test's own."""

import os
import shutil
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

from e2e import support

CELL_TIMEOUT = 300  # the first %maven downloads a few MB on a slow machine


def setUpModule():
    support.start()


def texts(cell, output_type, mime="text/plain"):
    """The outputs of output_type of an executed cell: stream text, or data of mime."""
    found = []
    for output in cell.outputs:
        if output.output_type != output_type:
            continue
        found.append(output.text if output_type == "stream" else output.data.get(mime))
    return found


class MigrationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="flowbook-e2e-migration-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def run_notebook(self, name):
        path = os.path.join(support.REPO, "e2e", "migration", name)
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, kernel_name=support.KERNEL_NAME, timeout=CELL_TIMEOUT,
                                resources={"metadata": {"path": self.scratch}})
        env = dict(os.environ, FLOWBOOK_MAVEN_REPO_LOCAL=os.path.join(self.scratch, "repository"))
        client.execute(env=env)  # raises CellExecutionError on the first failing cell
        for cell in notebook.cells:
            if cell.cell_type == "code":
                self.assertEqual(texts(cell, "error"), [], cell.source)
        return [cell for cell in notebook.cells if cell.cell_type == "code"]

    def stdout(self, cell):
        return "".join(texts(cell, "stream"))

    def result(self, cell, mime="text/plain"):
        results = texts(cell, "execute_result", mime)
        self.assertEqual(len(results), 1, cell.source)
        return results[0]

    def test_an_ijava_style_notebook(self):
        cells = self.run_notebook("ijava-style.ipynb")
        maven, jdbc, pom, lang, display, register, greet, bash, imports = cells
        self.assertIn("h2-2.3.232.jar", self.stdout(maven))
        self.assertNotIn("SLF4J", self.stdout(maven))
        self.assertEqual(self.stdout(jdbc), "H2 says 42\n")
        self.assertIn("commons-lang3-3.17.0.jar", self.stdout(pom))
        self.assertEqual(self.result(lang), '"Flowbook"')
        self.assertEqual(texts(display, "display_data", "text/html"), ["<b>bold</b>"])
        self.assertEqual(self.result(display, "text/markdown"), "*emphasis*")
        self.assertEqual(register.outputs, [])
        self.assertEqual(self.result(greet), '"hello notebook"')
        self.assertEqual(self.stdout(bash), "from bash\n")
        self.assertEqual(self.result(imports), '"2.50"')

    def test_a_jjava_style_notebook(self):
        cells = self.run_notebook("jjava-style.ipynb")
        pom, service, thread, functions, magic, update = cells
        self.assertIn("parsson-1.1.9.jar", self.stdout(pom))
        self.assertEqual(self.result(service), '"org.eclipse.parsson.JsonProviderImpl"')
        self.assertEqual(self.result(thread), '"{\\"kernel\\":\\"flowbook\\"}"')
        self.assertEqual(self.stdout(functions), "2 + 3 = 5\n")
        self.assertEqual(self.result(functions), "5")
        self.assertEqual(self.stdout(magic), "via lineMagic\n")
        self.assertEqual(self.result(magic), "0")
        # nbclient applies update_display_data to the output it names, as a notebook does
        self.assertEqual(texts(update, "display_data", "text/html"), ["<i>second</i>"])


if __name__ == "__main__":
    unittest.main()
