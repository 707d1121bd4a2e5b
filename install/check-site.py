# Checks the built documentation site: tutorials linked in order with prev/next, search terms from code and outputs, nothing from another host or an absolute path, the API pages, replay data, faithful downloads, Markdown pages.
"""Usage: check-site.py SITE NOTEBOOK...

SITE is what `notebooks.py export --out SITE` built from the NOTEBOOKs (in their order). Prints
each check as it passes; exits 1 with every problem found.
"""

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

# Terms the search index must hold, stemmed as Sphinx's English search stems them: one that
# appears only in code cells, one that appears in outputs.
SEARCH_TERMS = {"mapasync": "code", "disconnect": "an output"}
API_PAGES = ["api/index.html", "api/flowbook/asyncgen/AsyncGenerator.html", "api/flowbook/kernel/display/Display.html"]
# The javadoc tool writes one link to its own specification into the help of its search page.
# A link to read, not something loaded; every other reference to another host is a problem.
ALLOWED_EXTERNAL_LINKS = re.compile(r"^https://docs\.oracle\.com/en/java/javase/\d+/docs/specs/javadoc/")
NOT_LOCAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/)")  # a scheme, another host, an absolute path
HARMLESS_SCHEMES = re.compile(r"^(?:data|mailto|javascript):", re.IGNORECASE)
CSS_REFERENCE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class Page(HTMLParser):
    """The references of one HTML page: (tag, attribute, value) and its links by class."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references = []
        self.links = []  # (classes, href)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("src", "href", "data", "poster", "action"):
            if attributes.get(name):
                self.references.append((tag, name, attributes[name]))
        if tag == "a" and attributes.get("href"):
            self.links.append((set((attributes.get("class") or "").split()), attributes["href"]))


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


class Checker:
    def __init__(self, site, notebooks):
        self.site = site
        self.notebooks = notebooks
        self.problems = []

    def check(self, condition, passed, problem):
        if condition:
            print(f"check-site: {passed}", flush=True)
        else:
            self.problems.append(problem)
        return condition

    def tutorials(self):
        index_path = self.site / "index.html"
        if not self.check(index_path.is_file(), "the index page exists", f"no {index_path}"):
            return
        index = parse(index_path)
        hrefs = [href for _, href in index.links]
        stems = [notebook.stem for notebook in self.notebooks]
        positions = [hrefs.index(f"{stem}.html") if f"{stem}.html" in hrefs else -1 for stem in stems]
        self.check(
            -1 not in positions and positions == sorted(positions),
            f"the index links the {len(stems)} tutorials in order",
            f"index.html should link {', '.join(s + '.html' for s in stems)} in this order; it links {hrefs}",
        )
        for stem in stems:
            page_path = self.site / f"{stem}.html"
            if not self.check(page_path.is_file(), f"{stem}.html exists", f"no page {page_path}"):
                continue
            page = parse(page_path)
            classes = set().union(*(c for c, _ in page.links)) if page.links else set()
            self.check(
                {"prev-page", "next-page"} <= classes,
                f"{stem}.html has previous and next links",
                f"{stem}.html lacks a previous or next link (classes prev-page, next-page)",
            )
            self.check(
                "api.html" in [href for _, href in page.links],
                f"{stem}.html links the API reference from its sidebar",
                f"{stem}.html has no link to api.html in its sidebar",
            )

    def search(self):
        path = self.site / "searchindex.js"
        if not self.check(path.is_file(), "the search index exists", f"no {path}"):
            return
        text = path.read_text(encoding="utf-8")
        match = re.fullmatch(r"\s*Search\.setIndex\((.*)\)\s*;?\s*", text, re.DOTALL)
        if not self.check(match is not None, "the search index loads as a script (works from file://)",
                          "searchindex.js is not a Search.setIndex(...) script"):
            return
        terms = json.loads(match.group(1)).get("terms", {})
        for term, where in SEARCH_TERMS.items():
            self.check(term in terms, f"the search index has '{term}' (from {where})",
                       f"the search index lacks '{term}', a term from {where}")

    def local_references(self):
        offending = []
        for path in sorted(self.site.rglob("*.html")):
            for tag, attribute, value in parse(path).references:
                if not NOT_LOCAL.match(value) or HARMLESS_SCHEMES.match(value):
                    continue
                if tag == "a" and attribute == "href" and ALLOWED_EXTERNAL_LINKS.match(value):
                    continue
                offending.append(f"{path.relative_to(self.site)}: <{tag} {attribute}=\"{value}\">")
        for path in sorted(self.site.rglob("*.css")):
            for match in CSS_REFERENCE.finditer(path.read_text(encoding="utf-8", errors="replace")):
                value = match.group(2) or match.group(4)
                if NOT_LOCAL.match(value) and not HARMLESS_SCHEMES.match(value):
                    offending.append(f"{path.relative_to(self.site)}: {match.group(0)}")
        self.check(
            not offending,
            "no page or stylesheet references another host or an absolute path",
            "references to another host or an absolute path:\n  " + "\n  ".join(offending),
        )

    def api(self):
        for page in API_PAGES:
            self.check((self.site / page).is_file(), f"{page} exists", f"no API page {page}")
        api_page = self.site / "api.html"
        if self.check(api_page.is_file(), "api.html exists", "no api.html"):
            hrefs = [href for _, href in parse(api_page).links]
            self.check("api/flowbook/asyncgen/AsyncGenerator.html" in hrefs,
                       "api.html links the Javadoc of AsyncGenerator",
                       "api.html does not link api/flowbook/asyncgen/AsyncGenerator.html")

    def notebook_pages(self):
        for notebook_path in self.notebooks:
            notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
            stem = notebook_path.stem
            page_path = self.site / f"{stem}.html"
            if not page_path.is_file():
                continue  # reported by tutorials()
            html_text = page_path.read_text(encoding="utf-8")
            code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
            errors = sum(o["output_type"] == "error" for c in code_cells for o in c.get("outputs", []))
            self.check(
                html_text.count("flowbook-error") >= errors,
                f"{stem}.html styles its {errors} error output(s) as errors",
                f"{stem}.html marks fewer than {errors} outputs with the class flowbook-error",
            )
            self.check("highlight-java" in html_text, f"{stem}.html highlights its code as Java",
                       f"{stem}.html has no Java-highlighted code (highlight-java)")
            self.check("copybutton.js" in html_text, f"{stem}.html loads the copy buttons",
                       f"{stem}.html does not load copybutton.js")
            timed = [c for c in code_cells if c.get("metadata", {}).get("flowbook", {}).get("output_times")]
            if timed:
                self.check(
                    'id="flowbook-output-times"' in html_text and "flowbook-replay.js" in html_text,
                    f"{stem}.html carries the output times of {len(timed)} cell(s) and the replay script",
                    f"{stem}.html lacks the output times (flowbook-output-times) or flowbook-replay.js",
                )
            views = sum(
                "application/vnd.jupyter.widget-view+json" in o.get("data", {})
                for c in code_cells for o in c.get("outputs", [])
            )
            if views:
                self.check(
                    html_text.count('class="flowbook-widgets"') >= views,
                    f"{stem}.html shows its {views} widget output(s) as pictures of their last state",
                    f"{stem}.html shows fewer than {views} widget outputs (class flowbook-widgets)",
                )
            markdown = self.site / f"{stem}.md"
            self.check(markdown.is_file() and markdown.stat().st_size > 0, f"{stem}.md, its Markdown page, exists",
                       f"no Markdown page {markdown}")
            if markdown.is_file():
                unresolved = re.findall(r"\(attachment:[^)]*\)", markdown.read_text(encoding="utf-8"))
                self.check(not unresolved, f"{stem}.md shows the cells' attached pictures from files",
                           f"{stem}.md links attachments it does not carry: {unresolved}")
            download = self.site / f"{stem}.ipynb"
            self.check(
                download.is_file() and json.loads(download.read_text(encoding="utf-8")) == notebook,
                f"{stem}.ipynb, the download, is the executed notebook as it was",
                f"{download} is missing or differs from {notebook_path}",
            )
        basic = next((n for n in self.notebooks if n.stem.startswith("01-")), None)
        if basic is not None:
            notebook = json.loads(basic.read_text(encoding="utf-8"))
            recorded = [
                c for c in notebook["cells"]
                if c["cell_type"] == "code" and "Received" in "".join(
                    "".join(o.get("text", "")) for o in c.get("outputs", []))
                and c.get("metadata", {}).get("flowbook", {}).get("output_times")
            ]
            self.check(recorded, f"{basic.name} has recorded output times for its 'Received' cell",
                       f"{basic.name} has no output times for its 'Received' cell: execute it with"
                       " install/notebooks.py execute")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[1])
    checker = Checker(site, [Path(p) for p in argv[2:]])
    checker.tutorials()
    checker.search()
    checker.local_references()
    checker.api()
    checker.notebook_pages()
    if checker.problems:
        print("\n".join(f"check-site: PROBLEM: {p}" for p in checker.problems), file=sys.stderr)
        print(f"check-site: FAILED: {len(checker.problems)} problem(s) in {site}", file=sys.stderr)
        return 1
    print(f"check-site: the site at {site} passed every check")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
