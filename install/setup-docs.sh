#!/usr/bin/env bash
# Installs what builds the documentation site (Sphinx, nbsphinx, pandoc, the furo theme, copy buttons) when missing, says what it did, prints the Python to use.
# Messages go to stderr; stdout carries only the Python's path: `python=$(install/setup-docs.sh)`.
# FLOWBOOK_PYTHON: the Python with Jupyter (install/setup-jupyter.sh prints it), preferred when set.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# nbconvert, nbformat and nbclient come with Jupyter; install/notebooks.py needs them in the same Python.
exec "$here/setup-packages.sh" --what "the documentation tools (Sphinx, nbsphinx)" \
  --modules "sphinx nbsphinx furo sphinx_copybutton nbconvert nbformat nbclient" \
  --debian "python3-sphinx python3-nbsphinx pandoc furo python3-sphinx-copybutton" \
  --pip "sphinx nbsphinx furo sphinx-copybutton" \
  --commands "pandoc"
