#!/usr/bin/env bash
# Proves live output in a real browser: runs the basic example, an interrupted infinite generator, a progress bar and a live chart in Jupyter Notebook under headless Chromium.
#
# Usage: install/browser-test.sh [--update-docs]
#   --update-docs   also copy the mid-run screenshots to docs/live-output.png, live-progress.png, live-chart.png (the README's pictures)
#
# Contract with the caller (install/test.sh passes the first two; alone, the script needs none):
#   FLOWBOOK_JUPYTER_PATH    a JUPYTER_PATH under which the kernelspec "flowbook" is already installed.
#                            Unset: the kernel jar (built if missing) is installed into a temp prefix.
#   FLOWBOOK_PYTHON          the Python with Jupyter Notebook; unset: install/setup-jupyter.sh finds or installs it.
#   FLOWBOOK_CHROMIUM        the Chromium to drive; unset: /usr/bin/chromium, installed with apt-get when missing.
#   FLOWBOOK_BROWSER_OUTPUT  where screenshots and logs go (kept); unset: a new temp dir, printed at the end.
#   FLOWBOOK_BROWSER_TIMEOUT seconds the browser test may take in all (default 300).
# Everything else lives in one temp dir: a copy of the notebook, Jupyter's config/data/runtime dirs,
# Chromium's profile. The server, the kernel, the browser and that dir are removed on every exit.
# Needs Node.js >= 20 with npm (the test's one dependency, playwright-core, comes from browser/package-lock.json).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }

source "$here/browser-lib.sh"
browser_test_arguments "$@"

# --- what the test needs ------------------------------------------------------------------------

find_chromium chromium chromium-driver
say "Chromium: $chromium ($("$chromium" --version 2>/dev/null | head -n1))"
browser_npm_dependencies always

python=${FLOWBOOK_PYTHON:-$("$here/setup-jupyter.sh")}
if ! "$python" -c 'import notebook.notebookapp' >/dev/null 2>&1; then
  say "$python has no classic Jupyter Notebook (notebook < 7): run install/setup-jupyter.sh"
  exit 1
fi
say "Jupyter Notebook $("$python" -c 'import notebook; print(notebook.__version__)') from $python"

# --- a throw-away world, removed on every exit ---------------------------------------------------

scratch=$(mktemp -d -t flowbook-browser-XXXXXX)
output=${FLOWBOOK_BROWSER_OUTPUT:-$(mktemp -d -t flowbook-browser-output-XXXXXX)}
mkdir -p "$output" "$scratch/notebooks" "$scratch/config" "$scratch/data" "$scratch/runtime" \
  "$scratch/tmp" "$scratch/profile"
rm -f "$output"/[0-9]-*.png "$output/failure.png"  # a reused output dir must not show an old run's pictures
server_pid=""
test_pid=""

# Processes whose command line mentions the scratch dir: the kernel (its connection file sits in
# the runtime dir) and Chromium (its profile) if they outlived their parents. Only this run's.
leftover_pids() {
  local cmdline_file pid
  for cmdline_file in /proc/[0-9]*/cmdline; do
    pid=${cmdline_file#/proc/}; pid=${pid%/cmdline}
    [[ "$pid" == "$$" ]] && continue
    if { tr '\0' ' ' < "$cmdline_file"; } 2>/dev/null | grep -qF -- "$scratch"; then echo "$pid"; fi
  done
}

cleanup() {
  local status=$? pid waited
  trap - EXIT INT TERM
  if [[ -n "$test_pid" ]] && kill -0 "$test_pid" 2>/dev/null; then
    say "stopping the browser test (pid $test_pid)"
    kill -TERM "$test_pid" 2>/dev/null || true  # timeout passes it on; the test closes Chromium
    for waited in $(seq 1 50); do kill -0 "$test_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    say "stopping Jupyter Notebook (pid $server_pid) and its kernels"
    kill -TERM "$server_pid" 2>/dev/null || true
    for waited in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true  # its process group, in case it hung
  fi
  for pid in $(leftover_pids); do
    say "ending leftover process $pid ($({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-80))"
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -f "$scratch/server.log" ]]; then cp "$scratch/server.log" "$output/jupyter-server.log"; fi
  rm -rf "$scratch"
  say "screenshots and logs: $output"
  if [[ $status -eq 0 ]]; then say "browser test passed"; else say "browser test FAILED (exit $status)"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the kernelspec ------------------------------------------------------------------------------

if [[ -n "${FLOWBOOK_JUPYTER_PATH:-}" ]]; then
  jupyter_path=$FLOWBOOK_JUPYTER_PATH
  say "using the kernelspec under FLOWBOOK_JUPYTER_PATH=$jupyter_path"
else
  jar=$root/kernel/target/flowbook-kernel.jar
  if [[ ! -f "$jar" ]]; then
    say "no kernel jar yet; building it"
    (cd "$root" && timeout 1200 "$here/mvn.sh" -q -pl kernel -am package -DskipTests >&2)
  fi
  say "installing the kernel into a temp prefix: $jar (built $(date -r "$jar" '+%F %T'); rebuild it to test newer code)"
  FLOWBOOK_PYTHON=$python "$here/install-kernel.sh" --prefix "$scratch/prefix" --jar "$jar" --no-cds
  jupyter_path=$scratch/prefix/share/jupyter
fi

# --- Jupyter Notebook on 127.0.0.1, random port and token ----------------------------------------

cp "$root/notebooks/01-basic-example.ipynb" "$scratch/notebooks/"  # the server autosaves its copy
token=$("$python" -c 'import secrets; print(secrets.token_hex(24))')
root_flag=()
[[ $(id -u) -eq 0 ]] && root_flag=(--allow-root)  # CI machines and containers run as root
export JUPYTER_PATH=$jupyter_path JUPYTER_NO_CONFIG=1 JUPYTER_CONFIG_DIR=$scratch/config
export JUPYTER_DATA_DIR=$scratch/data JUPYTER_RUNTIME_DIR=$scratch/runtime IPYTHONDIR=$scratch/ipython
export TMPDIR=$scratch/tmp

for attempt in 1 2 3; do
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  say "starting Jupyter Notebook on 127.0.0.1:$port (attempt $attempt)"
  # setsid: the server leads its own process group, so cleanup can end it whole.
  setsid "$python" -m notebook --no-browser --ip=127.0.0.1 --port="$port" --port-retries=0 \
    --notebook-dir="$scratch/notebooks" --NotebookApp.token="$token" --NotebookApp.password='' \
    --NotebookApp.open_browser=False --NotebookApp.quit_button=False \
    --MappingKernelManager.kernel_info_timeout=120 "${root_flag[@]}" \
    > "$scratch/server.log" 2>&1 < /dev/null &
  server_pid=$!
  ready=no
  for waited in $(seq 1 120); do  # 60 s
    kill -0 "$server_pid" 2>/dev/null || break
    if "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/api/status?token=$token" >/dev/null 2>&1; then
      ready=yes; break
    fi
    sleep 0.5
  done
  [[ $ready == yes ]] && break
  say "Jupyter Notebook did not come up on port $port; its log:"
  sed 's/^/  | /' "$scratch/server.log" >&2
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  server_pid=""
  grep -qiE 'already in use|errno 98' "$scratch/server.log" || break  # only a taken port is worth another try
done
if [[ $ready != yes ]]; then
  say "could not start Jupyter Notebook"
  exit 1
fi
say "Jupyter Notebook is up (pid $server_pid)"

# --- the browser test ----------------------------------------------------------------------------

deadline=${FLOWBOOK_BROWSER_TIMEOUT:-300}
say "running the browser test (at most ${deadline}s)"
FLOWBOOK_BASE_URL="http://127.0.0.1:$port" FLOWBOOK_TOKEN=$token \
  FLOWBOOK_NOTEBOOK=01-basic-example.ipynb FLOWBOOK_CHROMIUM=$chromium \
  FLOWBOOK_BROWSER_PROFILE=$scratch/profile FLOWBOOK_BROWSER_OUTPUT=$output \
  FLOWBOOK_BROWSER_TIMEOUT=$deadline \
  timeout --kill-after=15 "$((deadline + 30))" node "$root/browser/live-output.test.js" &
test_pid=$!
wait "$test_pid"  # in the background so that a signal reaches the trap at once
test_pid=""

say "running the live-views browser test (progress bar and chart, at most ${deadline}s)"
mkdir -p "$scratch/profile-views"
FLOWBOOK_BASE_URL="http://127.0.0.1:$port" FLOWBOOK_TOKEN=$token \
  FLOWBOOK_NOTEBOOK=01-basic-example.ipynb FLOWBOOK_CHROMIUM=$chromium \
  FLOWBOOK_BROWSER_PROFILE=$scratch/profile-views FLOWBOOK_BROWSER_OUTPUT=$output \
  FLOWBOOK_BROWSER_TIMEOUT=$deadline \
  timeout --kill-after=15 "$((deadline + 30))" node "$root/browser/live-views.test.js" &
test_pid=$!
wait "$test_pid"
test_pid=""

if [[ $update_docs == yes ]]; then
  mkdir -p "$root/docs"
  cp "$output/1-basic-example-mid-stream.png" "$root/docs/live-output.png"
  cp "$output/6-progress-mid-run.png" "$root/docs/live-progress.png"
  cp "$output/8-chart-mid-run.png" "$root/docs/live-chart.png"
  say "updated docs/live-output.png, docs/live-progress.png and docs/live-chart.png"
fi
