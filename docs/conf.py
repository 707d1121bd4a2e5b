# Sphinx configuration of the documentation site: the executed tutorial notebooks, the API reference beside them, nothing loaded from another host.
#
# install/notebooks.py export builds it: it copies the *.rst pages of this directory and the
# executed notebooks into a staging source directory and runs sphinx-build with -c pointing here.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))

project = "Flowbook"
author = "the Flowbook authors"
copyright = author
language = "en"
extensions = ["nbsphinx", "sphinx_copybutton", "flowbook_pages"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

html_theme = "furo"
html_title = "Flowbook"
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["flowbook.css"]
html_js_files = ["flowbook-replay.js"]
# The sources (_sources/*.txt) would only serve search summaries, which the search page fetches:
# from file:// a browser refuses that fetch. Without them, search works the same from disk.
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_show_sphinx = False  # its footer credits link to other hosts

# The notebooks come executed (install/notebooks.py execute); Sphinx never runs a kernel.
nbsphinx_execute = "never"
nbsphinx_codecell_lexer = "java"
# nbsphinx loads require.js (for widgets) and MathJax from CDNs unless told otherwise. The
# tutorials use neither widgets nor equations: load nothing, so the site works offline.
nbsphinx_requirejs_path = ""
nbsphinx_widgets_path = ""
nbsphinx_assume_equations = False

# The page of a notebook says where the notebook is; the download is the executed notebook as is.
nbsphinx_prolog = r"""
.. raw:: html

    <p class="flowbook-notebook-note">This page is a notebook executed with the Flowbook kernel:
    <a href="{{ env.docname.split('/')[-1] }}.ipynb" download>download {{ env.docname.split('/')[-1] }}.ipynb</a>.
    Cells whose output arrived over time have a <span class="flowbook-replay-name">replay</span>
    button that shows it again at the pace it arrived.</p>
"""

# Copy buttons on code (the cells' inputs and code blocks), not on outputs or prompts.
copybutton_selector = "div.nbinput div.highlight pre, div.highlight-java div.highlight pre"
