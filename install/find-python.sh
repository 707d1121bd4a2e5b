#!/usr/bin/env bash
# Prints the path of a Python that can drive Jupyter (has jupyter_client), or fails with a hint to run setup-jupyter.sh.
# FLOWBOOK_PYTHON wins when set; then Debian's /usr/bin/python3 (a pyenv python3 first on PATH usually lacks Jupyter); then python3 on PATH.
set -euo pipefail

# Modules the kernel install, the end-to-end tests and nbconvert runs need.
required_modules=${FLOWBOOK_PYTHON_MODULES:-jupyter_client jupyter_core}

has_modules() {
  local python=$1 module
  [[ -x "$python" ]] || return 1
  for module in $required_modules; do
    "$python" -c "import $module" >/dev/null 2>&1 || return 1
  done
}

candidates=()
[[ -n "${FLOWBOOK_PYTHON:-}" ]] && candidates+=("$FLOWBOOK_PYTHON")
candidates+=(/usr/bin/python3)
for name in python3 python; do
  if command -v "$name" >/dev/null 2>&1; then candidates+=("$(command -v "$name")"); fi
done

for python in "${candidates[@]}"; do
  if has_modules "$python"; then
    echo "$python"
    exit 0
  fi
done

echo "flowbook: no Python with the modules ($required_modules) found; run install/setup-jupyter.sh first" >&2
exit 1
