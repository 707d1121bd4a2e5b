# Executes the tutorial notebooks through Jupyter, checks them against their committed outputs, and exports them as docs.
"""Usage (with the Python that has Jupyter, e.g. /usr/bin/python3):

  notebooks.py execute [--kernel flowbook] NOTEBOOK...     run in place, keep the new outputs
  notebooks.py check   [--kernel flowbook] NOTEBOOK...     run a copy, compare with the committed outputs
  notebooks.py export  --out DIR --api JAVADOC NOTEBOOK... the documentation site (Sphinx, docs/)
                                                           with the Javadoc, plus Markdown pages

`check` fails with a per-cell diff when an output differs after normalising what legitimately
varies (timings, object hashes, ports, temporary paths), and checks that the basic example's
lines arrived spread over the cell's run rather than all at its end.
"""

import argparse
import base64
import copy
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from static_widgets import with_static_widgets

CELL_TIMEOUT_SECONDS = 300

# What legitimately differs between two runs of the same notebook.
NORMALISERS = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<port>"),
    (re.compile(r"@[0-9a-f]{4,}\b"), "@<hash>"),
    (re.compile(r"/tmp/[^\s\"']+"), "<temp-path>"),
    (re.compile(r"\b\d+(\.\d+)?\s?(ns|µs|us|ms|s|sec|seconds|min)\b"), "<duration>"),
    (re.compile(r"\bwrote [\d,]+ bytes"), "wrote <n> bytes"),
    (re.compile(r"\$\d+\b"), "$<n>"),
    (re.compile(r"(\b[\d.]+[kMG]?|-) items/s\b"), "<rate>"),
]


DOCS = Path(__file__).resolve().parent.parent / "docs"
MARKDOWN_NOTEBOOK_LINK = re.compile(r"\]\(([\w.-]+)\.ipynb\)")


def say(message):
    print(f"notebooks: {message}", flush=True)


class TimedClient(NotebookClient):
    """Records when each output of each cell arrived, relative to the cell's start.

    The times go into the cell's metadata, aligned with its outputs (stream outputs cannot carry
    metadata in nbformat 4): ``metadata.flowbook.output_times[i]`` lists ``[seconds, characters]``
    pairs for output ``i``: by ``seconds`` after the cell started, its first ``characters``
    characters had arrived. A stream output grows one pair per message (a client that merges
    consecutive stream messages into one output still yields one pair per message); other outputs
    have one pair, with ``characters`` null. The exported pages replay outputs at this pace.
    """

    def __init__(self, nb, **kwargs):
        super().__init__(nb, **kwargs)
        self.arrivals = {}  # cell index -> [(seconds since the cell started, text)], for liveness
        self.cell_started = {}
        self.output_arrivals = {}  # cell index -> {id(output): (output, [[seconds, characters]])}

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        self.cell_started[cell_index] = time.monotonic()
        self.output_arrivals[cell_index] = {}
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            self.record_output_times(cell, cell_index)

    def output(self, outs, msg, display_id, cell_index):
        elapsed = time.monotonic() - self.cell_started.get(cell_index, time.monotonic())
        text = msg["content"].get("text") or str(msg["content"].get("data", {}).get("text/plain", ""))
        self.arrivals.setdefault(cell_index, []).append((elapsed, text))
        result = super().output(outs, msg, display_id, cell_index)
        if outs:  # a new output, or (in clients that merge streams) the last one grown
            self.note_arrival(cell_index, outs[-1], round(elapsed, 2))
        return result

    def note_arrival(self, cell_index, output, seconds):
        seen = self.output_arrivals.setdefault(cell_index, {})
        characters = len(stream_text(output)) if output.get("output_type") == "stream" else None
        if id(output) not in seen:
            seen[id(output)] = (output, [[seconds, characters]])  # holding output keeps its id unique
            return
        pairs = seen[id(output)][1]
        if characters is not None and characters > pairs[-1][1]:
            pairs.append([seconds, characters])

    def record_output_times(self, cell, cell_index):
        seen = self.output_arrivals.pop(cell_index, {})
        if cell.cell_type != "code":
            return
        times = [seen[id(output)][1] if id(output) in seen else [[0, None]] for output in cell.outputs]
        flowbook = cell.metadata.get("flowbook", {})
        if times:
            flowbook["output_times"] = times
        else:
            flowbook.pop("output_times", None)
        if flowbook:
            cell.metadata["flowbook"] = flowbook
        else:
            cell.metadata.pop("flowbook", None)


def stream_text(output):
    text = output.get("text", "")
    return "".join(text) if isinstance(text, list) else text


def run(notebook_path, kernel):
    """Executes a copy of the notebook; returns (executed notebook, client)."""
    nb = nbformat.read(notebook_path, as_version=4)
    executed = copy.deepcopy(nb)
    client = TimedClient(
        executed,
        kernel_name=kernel,
        timeout=CELL_TIMEOUT_SECONDS,
        record_timing=False,  # timestamps in committed notebooks would only make noisy diffs
        resources={"metadata": {"path": str(Path(notebook_path).parent)}},
    )
    started = time.monotonic()
    client.execute()
    say(f"executed {notebook_path} in {time.monotonic() - started:.1f} s")
    return executed, client


def output_text(output):
    """A readable, comparable rendering of one output."""
    kind = output.get("output_type")
    if kind == "stream":
        return f"[{output.get('name')}] {output.get('text', '')}"
    if kind == "error":
        return f"[error] {output.get('ename')}: {output.get('evalue')}\n"
    data = output.get("data", {})
    for mime in ("text/plain", "text/markdown", "text/html"):
        if mime in data:
            value = data[mime]
            return f"[{kind} {mime}] {''.join(value) if isinstance(value, list) else value}\n"
    return f"[{kind}] {sorted(data)}\n"


def normalise(text):
    for pattern, replacement in NORMALISERS:
        text = pattern.sub(replacement, text)
    return text


def cell_outputs(cell):
    # Streams may be split differently between runs; join consecutive ones of the same name.
    joined = []
    for output in cell.get("outputs", []):
        if (
            output.get("output_type") == "stream"
            and joined
            and joined[-1].get("output_type") == "stream"
            and joined[-1].get("name") == output.get("name")
        ):
            joined[-1] = dict(joined[-1], text=joined[-1]["text"] + output["text"])
        else:
            joined.append(output)
    return normalise("".join(output_text(o) for o in joined)).splitlines(keepends=True)


def compare(committed, executed, name):
    """Per-cell differences between committed and fresh outputs, as readable text."""
    problems = []
    for index, (old, new) in enumerate(zip(committed.cells, executed.cells)):
        if old.cell_type != "code":
            continue
        old_lines, new_lines = cell_outputs(old), cell_outputs(new)
        if old_lines != new_lines:
            diff = "".join(
                difflib.unified_diff(old_lines, new_lines, "committed", "this run", lineterm="")
            )
            source = old.source.splitlines()[0] if old.source else ""
            problems.append(f"{name}, cell {index} ({source[:60]!r}):\n{diff}")
    return problems


def errors_outside_expected(executed, name):
    problems = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(
                    f"{name}, cell {index}: unexpected error {output.get('ename')}: {output.get('evalue')}"
                )
    return problems


def liveness(client, executed, name):
    """The basic example's 'Received' lines must arrive spread over the cell's run."""
    problems = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code" or "main();" not in cell.source:
            continue
        lines = [
            (when, text)
            for when, text in client.arrivals.get(index, [])
            if "Received:" in text
        ]
        if len(lines) < 3:
            problems.append(
                f"{name}, cell {index}: expected 3 'Received' lines as separate messages, got {lines}"
            )
            continue
        times = [when for when, _ in lines]
        say(f"{name}: 'Received' lines arrived at {', '.join(f'{w:.2f} s' for w in times)}")
        # The generator sleeps a second before each value. Streamed live, the lines arrive about a
        # second apart; batched, they arrive together. Half the pause separates the two cases
        # whatever the machine's speed: slowness only widens the gaps.
        gaps = [later - earlier for earlier, later in zip(times, times[1:])]
        if min(gaps) < 0.5:
            problems.append(
                f"{name}, cell {index}: 'Received' lines arrived at"
                f" {', '.join(f'{w:.2f} s' for w in times)} into the cell: some came together"
                " instead of one per second as the generator produced them"
            )
    return problems


def command_execute(args):
    for path in args.notebooks:
        executed, _ = run(path, args.kernel)
        nbformat.write(executed, path)
        say(f"wrote outputs into {path}")


def command_check(args):
    problems = []
    for path in args.notebooks:
        name = Path(path).name
        committed = nbformat.read(path, as_version=4)
        try:
            executed, client = run(path, args.kernel)
        except CellExecutionError as error:
            problems.append(f"{name}: a cell failed:\n{error}")
            continue
        problems += errors_outside_expected(executed, name)
        problems += compare(committed, executed, name)
        if name.startswith("01-"):
            problems += liveness(client, executed, name)
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        say(f"FAILED: {len(problems)} problem(s)")
        return 1
    say(f"all {len(args.notebooks)} notebooks match their committed outputs")
    return 0


def command_export(args):
    out = Path(args.out).resolve()
    api = Path(args.api).resolve()
    if not (api / "index.html").is_file():
        say(f"no Javadoc at {api}: build it first with install/mvn.sh javadoc:aggregate")
        return 1
    out.mkdir(parents=True, exist_ok=True)
    try:
        build_site(out, api, [Path(path) for path in args.notebooks])
    except subprocess.CalledProcessError:
        say("Sphinx failed to build the site; its messages above say where (warnings count as errors)")
        return 1
    export_markdown(out, args.notebooks)
    say(f"index: {out / 'index.html'}")
    return 0


def build_site(out, api, notebooks):
    """The Sphinx site of docs/ with the notebooks as pages and the Javadoc under api/."""
    # nbsphinx reads notebooks from the source directory: a staging copy of docs/*.rst and the
    # notebooks, so the committed docs/ stays as it is and no notebook is read twice.
    with tempfile.TemporaryDirectory(prefix="flowbook-docs-") as staging:
        for page in DOCS.glob("*.rst"):
            shutil.copy(page, staging)
        for notebook in notebooks:
            # Widget views become pictures of their last state (static_widgets.py says why).
            nbformat.write(with_static_widgets(nbformat.read(notebook, as_version=4)), Path(staging) / notebook.name)
        say(f"building the site with Sphinx into {out}")
        command = [
            sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
            "-c", str(DOCS), "-d", str(Path(staging) / ".doctrees"), staging, str(out),
        ]  # fmt: skip
        subprocess.run(command, check=True)
    for notebook in notebooks:
        shutil.copy(notebook, out / notebook.name)  # the download is the notebook as committed
    shutil.rmtree(out / "api", ignore_errors=True)
    shutil.copytree(api, out / "api")
    say(f"copied the API reference (Javadoc) into {out / 'api'}")


def export_markdown(out, notebooks):
    """A Markdown page per notebook and an index.md, for sites that render Markdown."""
    from nbconvert import MarkdownExporter

    entries = []
    for path in notebooks:
        nb = with_static_widgets(nbformat.read(path, as_version=4))
        stem = Path(path).stem
        heading = next(
            (c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"),
            stem,
        )
        title = re.sub(r"^\d+\.\s*", "", heading)  # the index numbers its entries itself
        markdown, resources = MarkdownExporter().from_notebook_node(
            nb, resources={"output_files_dir": f"{stem}_files"}
        )
        markdown = MARKDOWN_NOTEBOOK_LINK.sub(r"](\1.md)", markdown)
        markdown = write_attachments(nb, out, f"{stem}_files", markdown)
        (out / f"{stem}.md").write_text(markdown, encoding="utf-8")
        for file_name, data in resources.get("outputs", {}).items():
            target = out / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        entries.append((stem, title))
    (out / "index.md").write_text(
        "# Flowbook tutorials: async generators in Java\n\n"
        + "\n".join(f"{i}. [{title}]({stem}.md)" for i, (stem, title) in enumerate(entries, 1))
        + "\n",
        encoding="utf-8",
    )
    say(f"exported {len(entries)} Markdown pages and index.md")


def write_attachments(nb, out, folder, markdown):
    """Markdown cells' attachments (pictures pasted into a cell) as files under `folder`, their
    `attachment:NAME` links pointed there. Debian 12's nbconvert has no preprocessor for it."""
    for cell in nb.cells:
        for name, bundle in cell.get("attachments", {}).items():
            mime, data = next(iter(bundle.items()))
            target = out / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(data) if not mime.startswith("text/") else data.encode())
            markdown = markdown.replace(f"attachment:{name}", f"{folder}/{name}")
    return markdown


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("execute", "check"):
        command = sub.add_parser(name)
        command.add_argument("--kernel", default="flowbook")
        command.add_argument("notebooks", nargs="+")
    export = sub.add_parser("export")
    export.add_argument("--out", required=True)
    export.add_argument("--api", required=True, help="the Javadoc to publish under api/ (target/reports/apidocs)")
    export.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    handler = {"execute": command_execute, "check": command_check, "export": command_export}[args.command]
    return handler(args) or 0


if __name__ == "__main__":
    sys.exit(main())
