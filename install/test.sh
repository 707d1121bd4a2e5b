#!/usr/bin/env bash
# Runs every test: builds with a JDK >= 21 and runs the Java tests, then installs the kernel into a throw-away Jupyter and runs the end-to-end tests through it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."

echo "flowbook: making sure Jupyter is installed"
python=$("$here/setup-jupyter.sh")

echo "flowbook: building and running the Java tests"
"$here/mvn.sh" verify

# A Jupyter of our own in a temp dir: nothing the user registered is seen, nothing is left behind.
scratch=$(mktemp -d -t flowbook-test-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export JUPYTER_PATH=$scratch/prefix/share/jupyter
export JUPYTER_DATA_DIR=$scratch/data JUPYTER_CONFIG_DIR=$scratch/config
export JUPYTER_RUNTIME_DIR=$scratch/runtime IPYTHONDIR=$scratch/ipython
echo "flowbook: installing the kernel into a throw-away Jupyter under $scratch"
FLOWBOOK_PYTHON=$python "$here/install-kernel.sh" --prefix "$scratch/prefix"
"$python" -m jupyter kernelspec list

echo "flowbook: running the end-to-end tests through Jupyter"
# The harness has its own watchdog (FLOWBOOK_E2E_DEADLINE); timeout is the backstop.
FLOWBOOK_E2E_READY=1 timeout --kill-after=30 1800 "$python" -m e2e

echo "flowbook: all tests passed"
