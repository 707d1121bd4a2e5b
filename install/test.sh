#!/usr/bin/env bash
# Runs every test: the Java tests, then the kernel installed into a throw-away Jupyter: end-to-end tests through Jupyter's clients, the tutorial notebooks re-executed and checked, live output in a real browser, JupyterHub, and the container image (JDK 21 and 25, JupyterLab 4).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."

echo "flowbook: checking what the container stages do about Docker (fakes only, no Docker needed)"
"$here/docker-decision-test.sh"

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
export PYDEVD_DISABLE_FILE_VALIDATION=1  # quiets ipykernel's debugger warning
echo "flowbook: installing the kernel into a throw-away Jupyter under $scratch"
FLOWBOOK_PYTHON=$python "$here/install-kernel.sh" --prefix "$scratch/prefix"
"$python" -m jupyter kernelspec list

# shellcheck source=test-logs.sh
source "$here/test-logs.sh"
# Each suite's output is also kept in target/test-logs/SUITE.log; a failed run ends saying what
# each failed suite's log said about it.
test_logs=$PWD/target/test-logs
rm -rf "$test_logs" && mkdir -p "$test_logs"

site_suite() {
  local docs_python
  docs_python=$(FLOWBOOK_PYTHON=$python "$here/setup-docs.sh") \
    && "$here/mvn.sh" -q javadoc:aggregate \
    && "$docs_python" "$here/notebooks.py" export --out "$scratch/site" --api target/reports/apidocs notebooks/*.ipynb \
    && "$docs_python" "$here/check-site.py" "$scratch/site" notebooks/*.ipynb \
    && FLOWBOOK_SITE=$scratch/site FLOWBOOK_BROWSER_OUTPUT=$PWD/browser/target/site-test-output \
      "$here/site-browser-test.sh"
}

# Every suite runs even when one fails, so one run reports everything.
failed=()
echo "flowbook: running the end-to-end tests through Jupyter"
# The harness has its own watchdog (FLOWBOOK_E2E_DEADLINE); timeout is the backstop.
FLOWBOOK_E2E_READY=1 logged e2e timeout --kill-after=30 1800 "$python" -m e2e || failed+=(e2e)

echo "flowbook: re-executing the tutorial notebooks and comparing them with their committed outputs"
logged notebooks timeout --kill-after=30 1200 "$python" "$here/notebooks.py" check notebooks/*.ipynb || failed+=(notebooks)

echo "flowbook: building the documentation site from the committed notebooks and checking it"
# The site test (headless Chromium: search, replay) runs here too; its screenshots go beside the
# browser test's, in the build tree.
if logged site site_suite; then
  echo "flowbook: the documentation site passed its checks"
else
  failed+=(site)
fi

echo "flowbook: running the browser test (Jupyter Notebook in headless Chromium)"
# Screenshots and logs are the test's output: kept in the build tree (ignored by git), replaced each run.
rm -rf browser/target/test-output && mkdir -p browser/target/test-output
FLOWBOOK_JUPYTER_PATH=$JUPYTER_PATH FLOWBOOK_PYTHON=$python FLOWBOOK_BROWSER_OUTPUT=$PWD/browser/target/test-output \
  logged browser "$here/browser-test.sh" || failed+=(browser)

echo "flowbook: running the JupyterHub test (two users, a Flowbook kernel each, through the Hub)"
FLOWBOOK_E2E_READY=1 FLOWBOOK_PYTHON=$python logged hub "$here/hub-test.sh" || failed+=(hub)

echo "flowbook: running the container tests (Debian 13: JDK 21 and 25, jupyter_server 2, JupyterLab 4)"
FLOWBOOK_BROWSER_OUTPUT=$PWD/browser/target/test-output/lab FLOWBOOK_TEST_LOGS=$test_logs/containers \
  logged containers "$here/container-test.sh" || failed+=(containers)

if [[ ${#failed[@]} -gt 0 ]]; then
  what_failed "${failed[@]}"
  echo "flowbook: FAILED: ${failed[*]}"
  exit 1
fi
echo "flowbook: all tests passed"
