#!/usr/bin/env bash
# The main job: build Flowbook, install the kernel into Jupyter, execute every tutorial notebook through Jupyter, publish them as a documentation site with the API reference.
#
# Usage: install/main.sh [install-kernel.sh options, e.g. --sys-prefix or --prefix DIR]
# The executed notebooks go to docs/site/notebooks/ (the committed notebooks are not modified); the
# site (Sphinx with nbsphinx, the Javadoc under api/, Markdown pages beside) to docs/site/. It works
# opened from disk or copied to any web server. The last line printed is the path of its index page.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }

say "making sure Jupyter is installed"
python=$("$here/setup-jupyter.sh")
say "making sure the documentation tools are installed"
docs_python=$(FLOWBOOK_PYTHON=$python "$here/setup-docs.sh")

say "building the library and the kernel"
"$here/mvn.sh" -q package -DskipTests
say "building the API reference (Javadoc of the library and the display API)"
"$here/mvn.sh" -q javadoc:aggregate

# A kernel installed under --prefix DIR is only found through JUPYTER_PATH.
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ ${args[i]} == --prefix && $((i + 1)) -lt ${#args[@]} ]]; then
    export JUPYTER_PATH="${args[i + 1]}/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
  fi
done

say "installing the kernel into Jupyter"
FLOWBOOK_PYTHON=$python "$here/install-kernel.sh" "$@"

site=$root/docs/site
executed=$site/notebooks
rm -rf "$site"
mkdir -p "$executed"
cp "$root"/notebooks/*.ipynb "$executed"/
say "executing the tutorial notebooks through Jupyter (they take a minute: they wait on purpose)"
"$python" "$here/notebooks.py" execute "$executed"/*.ipynb

say "building the documentation site from the executed notebooks"
"$docs_python" "$here/notebooks.py" export --out "$site" --api "$root/target/reports/apidocs" "$executed"/*.ipynb
say "checking the site"
"$docs_python" "$here/check-site.py" "$site" "$executed"/*.ipynb >&2

say "done; open the index:"
echo "$site/index.html"
