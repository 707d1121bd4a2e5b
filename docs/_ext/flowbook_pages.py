# Sphinx extension of the documentation site: error outputs marked as errors, and the recorded output times of each notebook page handed to the replay script.
"""What nbsphinx does not do by itself, kept small:

* an ``error`` output (an exception that reached the cell) gets the class ``flowbook-error``;
  nbsphinx marks ``stderr`` streams but renders errors like any text;
* each notebook page carries the output times that install/notebooks.py recorded in the cells'
  metadata (``metadata.flowbook.output_times``) as a JSON script element, keyed by execution
  count, which is the prompt the page shows; ``_static/flowbook-replay.js`` reads it.

The notebook itself is not changed: what the page offers for download is the executed notebook.
"""

import json
import re
import shutil
from pathlib import Path

import nbsphinx

_STDERR_CLASS = "{%- if output.name == 'stderr' %}\n    :class: stderr\n{%- endif %}"
_ERROR_CLASS = "\n{%- if output.output_type == 'error' %}\n    :class: flowbook-error\n{%- endif %}"
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def mark_error_outputs():
    if _ERROR_CLASS in nbsphinx.RST_TEMPLATE:
        return
    if _STDERR_CLASS not in nbsphinx.RST_TEMPLATE:
        raise RuntimeError(
            "flowbook_pages: this nbsphinx's template has no stderr class option to extend;"
            " error outputs cannot be marked (update docs/_ext/flowbook_pages.py for it)"
        )
    nbsphinx.RST_TEMPLATE = nbsphinx.RST_TEMPLATE.replace(_STDERR_CLASS, _STDERR_CLASS + _ERROR_CLASS)


def visible_length(text):
    """Characters of stream text as the page shows them: ANSI colour codes are not text."""
    return len(_ANSI_ESCAPE.sub("", text))


def replay_data(notebook):
    """{execution count: [one entry per output block of the page: [[seconds, characters], ...]]}.

    The page shows consecutive stream outputs of the same name as one block, as nbconvert's
    coalesce_streams makes them: their arrivals are joined, the characters counted from the start
    of the joined text. ``characters`` is null for an output shown whole when it arrives.
    """
    cells = {}
    for cell in notebook.get("cells", []):
        count = cell.get("execution_count")
        times = cell.get("metadata", {}).get("flowbook", {}).get("output_times")
        outputs = cell.get("outputs", [])
        if cell.get("cell_type") != "code" or not count or not times or len(times) != len(outputs):
            continue  # not recorded, or edited since: the page shows it without replay
        blocks = []  # [stream name or None, text so far, arrivals]
        for output, arrivals in zip(outputs, times):
            if output.get("output_type") != "stream":
                blocks.append([None, "", [[seconds, None] for seconds, _ in arrivals]])
                continue
            text = output.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            if not blocks or blocks[-1][0] != output.get("name"):
                blocks.append([output.get("name"), "", []])
            block = blocks[-1]
            for seconds, characters in arrivals:
                block[2].append([seconds, visible_length(block[1] + text[:characters])])
            block[1] += text
        blocks = [block for block in blocks if block[0] is None or block[1]]  # as coalesce_streams
        cells[str(count)] = [arrivals for _, _, arrivals in blocks]
    return cells


def add_replay_data(app, pagename, templatename, context, doctree):
    notebooks = getattr(app.env, "nbsphinx_notebooks", {})
    if pagename not in notebooks or "body" not in context:
        return
    with open(app.env.doc2path(pagename), encoding="utf-8") as source:
        data = replay_data(json.load(source))
    if not data:
        return
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    context["body"] = (
        f'<script type="application/json" id="flowbook-output-times">{payload}</script>\n'
        + context["body"]
    )


# Debian's furo.css imports normalize.css from /javascript/, the path where Debian's web server
# publishes /usr/share/javascript: that breaks on any other server and from disk. The built site
# gets its own copy beside the stylesheet instead.
_ABSOLUTE_IMPORT = re.compile(r"""@import url\((['"]?)/javascript/([^)'"]+)\1\);""")


def localise_css_imports(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for stylesheet in static.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        if not _ABSOLUTE_IMPORT.search(css):
            continue

        def local_copy(match):
            source = Path("/usr/share/javascript") / match.group(2)
            if not source.is_file():
                raise RuntimeError(
                    f"{stylesheet.name} imports /javascript/{match.group(2)}, which is not at {source}:"
                    " install the Debian package that provides it (furo needs node-normalize.css)"
                )
            target = stylesheet.parent / source.name
            shutil.copyfile(source, target)  # follows Debian's symlinks: the file itself
            return f"@import url({source.name});"

        stylesheet.write_text(_ABSOLUTE_IMPORT.sub(local_copy, css), encoding="utf-8")


# Debian's furo ships furo.js as the ES module it is written as (upstream ships a bundle), but the
# theme loads it as a classic script: the browser refuses its import line, and the theme toggle and
# the table of contents' scroll tracking do nothing. The one import is a UMD script that defines
# window.Gumshoe when loaded classically: put it in front, drop the import, and furo.js runs.
_FURO_IMPORT = 'import Gumshoe from "./gumshoe-patched.js";\n'


def bundle_furo_script(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    scripts = Path(app.outdir) / "_static" / "scripts"
    furo, gumshoe = scripts / "furo.js", scripts / "gumshoe-patched.js"
    if not furo.is_file() or not furo.read_text(encoding="utf-8").startswith(_FURO_IMPORT):
        return  # upstream's bundle, or another theme
    script = furo.read_text(encoding="utf-8")[len(_FURO_IMPORT):]
    furo.write_text(gumshoe.read_text(encoding="utf-8") + "\n" + script, encoding="utf-8")


def setup(app):
    mark_error_outputs()
    app.connect("html-page-context", add_replay_data)
    app.connect("build-finished", localise_css_imports)
    app.connect("build-finished", bundle_furo_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
