#!/usr/bin/env bash
# The main job: build Flowbook, install the kernel into Jupyter, execute every tutorial notebook through Jupyter, export them as HTML and Markdown docs.
#
# Usage: install/main.sh [install-kernel.sh options, e.g. --sys-prefix or --prefix DIR]
# The executed notebooks and the exported pages go to docs/site/ (the committed notebooks are not
# modified); the last line printed is the path of the index page.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }

say "making sure Jupyter is installed"
python=$("$here/setup-jupyter.sh")

say "building the library and the kernel"
"$here/mvn.sh" -q package -DskipTests

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

say "exporting the notebooks as HTML and Markdown"
"$python" "$here/notebooks.py" export --out "$site" "$executed"/*.ipynb

say "done; open the index:"
echo "$site/index.html"
