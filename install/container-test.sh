#!/usr/bin/env bash
# Tests Flowbook where people run Jupyter today, in Debian 13 containers built from the Dockerfile: the e2e suite on JDK 21 and 25 (jupyter_server 2, jupyter_kernel_test 0.7.0), the tutorials through nbclient 0.8, the Java tests on JDK 21, JupyterLab 4 in headless Chromium, JupyterHub 5.
#
# Usage: install/container-test.sh [STAGE...]     (default: every stage, in this order)
#   e2e-21        python3 -m e2e in the JDK 21 image (FLOWBOOK_E2E_REQUIRE="jupyter_server papermill": no skip)
#   lab           JupyterLab 4 in the JDK 21 image, driven by the host's Chromium: live output, widgets, the debugger
#                 (browser/lab-*.test.js); the debugger test again in the JDK 25 image.
#                 FLOWBOOK_UPDATE_DOCS=yes copies its widget and debugger pictures to docs/
#   notebooks-21  the tutorials re-executed through Debian 13's nbclient and compared with their outputs
#   e2e-25        python3 -m e2e in the JDK 25 image
#   java-21       mvn test of asyncgen and kernel on the image's JDK 21 (Maven from Debian 13)
#   java-25       the same on the JDK 25 image
#   hub-5         e2e/test_hub.py with Debian 13's JupyterHub 5.2 in the JDK 21 image built with HUB=yes: two
#                 users' live kernels, ten kernels of two users, a restart while a cell is busy and
#                 jupyter_server's idle culling (no JVM left behind)
#
# Needs Docker (docker.io is installed when missing; a dockerd is started for the run and stopped
# after when none runs) and, for `lab`, Chromium and Node.js >= 20 (install/browser-test.sh, which
# install/test.sh runs first, installs them). A machine that cannot run containers fails here with
# what is missing; nothing is skipped silently.
#
# The repository is mounted read-only into each container at /src; the image's own kernelspec
# (installed system-wide, as users get it) is the one tested. Caches (FLOWBOOK_CACHE, default
# /var/cache/flowbook): the Debian 13 root, the images (by a hash of their inputs), and a Docker
# volume flowbook-m2 with the Maven repository (seeded once from ~/.m2/repository).
# Every container is removed on exit, whatever happened. FLOWBOOK_BROWSER_OUTPUT: where the Lab
# screenshots go (default: a temp dir, printed). FLOWBOOK_TEST_LOGS: where each stage's log is kept
# (default: a temp dir, removed); a failed run ends with each failed stage's failure lines.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }
# shellcheck source=container-lib.sh
source "$here/container-lib.sh"
# shellcheck source=test-logs.sh
source "$here/test-logs.sh"

all_stages=(e2e-21 lab notebooks-21 e2e-25 java-21 java-25 hub-5)
stages=("$@")
[[ ${#stages[@]} -gt 0 ]] || stages=("${all_stages[@]}")
for stage in "${stages[@]}"; do
  [[ " ${all_stages[*]} " == *" $stage "* ]] || { say "unknown stage: $stage (one of: ${all_stages[*]})"; exit 2; }
done
wants() { [[ " ${stages[*]} " == *" $1 "* ]]; }

scratch=$(mktemp -d -t flowbook-containers-XXXXXX)
browser_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$browser_pid" ]] && kill -0 "$browser_pid" 2>/dev/null; then kill -TERM "$browser_pid" 2>/dev/null || true; wait "$browser_pid" 2>/dev/null || true; fi
  container_cleanup
  rm -rf "$scratch"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

timed() {  # timed LABEL COMMAND...: runs it, says how long it took; its status is the command's
  local label=$1 start status=0
  shift
  start=$(date +%s)
  "$@" || status=$?
  say "$label: $([[ $status -eq 0 ]] && echo passed || echo "FAILED (exit $status)") in $(( $(date +%s) - start )) s"
  return "$status"
}

# Runs a fresh container (arguments as for docker run, after -d --network host), shows its output,
# waits for it and removes it (also when this script is stopped); returns its exit status.
run_container() {
  local id status logs_pid
  id=$(start_container "$@") || return 1
  "$docker" logs -f "$id" &
  logs_pid=$!
  status=$("$docker" wait "$id") || status=1
  wait "$logs_pid" 2>/dev/null || true
  "$docker" rm -f "$id" >/dev/null 2>&1 || true
  return "$status"
}

# The host's Java trust store, mounted read-only over the image's: where HTTPS leaves the machine
# through a proxy that re-signs it (its CA added to the host's store, as on our build machines),
# %maven in a container must trust what the host's Maven trusts, or Maven Central's certificate
# "has no valid certification path". Debian's JDKs read this file.
host_java_trust=()
if [[ -s $host_java_trust_store ]]; then
  host_java_trust=(-v "$host_java_trust_store:/etc/ssl/certs/java/cacerts:ro")
fi

# A command in image $1 with the repository at /src (read-only) as the working directory.
in_container() {
  local image=$1
  shift
  run_container -v "$root:/src:ro" "${host_java_trust[@]}" -w /src -e PYTHONDONTWRITEBYTECODE=1 "$image" "$@"
}

e2e_in() {  # the whole e2e suite against the image's system-wide kernelspec
  in_container "$1" env FLOWBOOK_E2E_READY=1 "FLOWBOOK_E2E_REQUIRE=jupyter_server papermill" \
    timeout --kill-after=30 1500 python3 -m e2e
}

notebooks_in() {  # check writes nothing into /src: it runs copies
  in_container "$1" timeout --kill-after=30 1200 python3 install/notebooks.py check notebooks/*.ipynb
}

java_tests_in() {
  local image=$1 test_image
  # Maven from Debian 13 on top of the image (built once, cached by Docker).
  test_image=$image-maven
  if ! "$docker" image inspect "$test_image" >/dev/null 2>&1; then
    say "adding Maven to $image for the Java tests (once)"
    printf 'FROM %s\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends maven && rm -rf /var/lib/apt/lists/*\n' "$image" \
      | "$docker" build --network host -t "$test_image" - > "$scratch/maven-image.log" 2>&1 \
      || { tail -n 30 "$scratch/maven-image.log" >&2; say "could not add Maven to the image"; return 1; }
  fi
  if ! "$docker" volume inspect flowbook-m2 >/dev/null 2>&1; then
    "$docker" volume create flowbook-m2 >/dev/null
    if [[ -d "$HOME/.m2/repository" ]]; then
      say "seeding the Docker volume flowbook-m2 from ~/.m2/repository (once)"
      run_container -v "$HOME/.m2/repository:/m2-host:ro" -v flowbook-m2:/m2 "$test_image" cp -a /m2-host/. /m2/ || true
    fi
  fi
  # The sources are copied to a writable place; the Maven repository is the cached volume.
  run_container -v "$root:/src:ro" -v flowbook-m2:/m2 "$test_image" bash -c '
      set -e
      mkdir -p /tmp/build && cd /src && tar --exclude=./.git --exclude="*/target" -cf - . | tar -C /tmp/build -xf -
      cd /tmp/build && java -version 2>&1 | head -n1
      timeout 1500 mvn -B -q -Dmaven.repo.local=/m2 -pl asyncgen,kernel -am test'
}

# Starts JupyterLab in image $1 on 127.0.0.1 as the image's user, in its notebooks directory (what
# `docker run flowbook` gives a user), with the app visible to the tests and every cell kept in the
# page. Sets lab_id, lab_port and lab_token; returns once /api/status answers (at most 60 s).
lab_server() {
  local image=$1 waited
  lab_port=$(free_port)
  lab_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  say "starting JupyterLab in $image on 127.0.0.1:$lab_port"
  lab_id=$(start_container "$image" bash -c '
      settings=/tmp/lab-settings
      mkdir -p $settings/@jupyterlab/notebook-extension $settings/@jupyterlab/apputils-extension
      echo "{\"windowingMode\": \"none\"}" > $settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings
      echo "{\"fetchNews\": \"false\", \"checkForUpdates\": false}" > $settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings
      JUPYTERLAB_SETTINGS_DIR=$settings exec jupyter lab --no-browser --ip=127.0.0.1 --port='"$lab_port"' --port-retries=0 \
        --IdentityProvider.token='"$lab_token"' --LabApp.expose_app_in_browser=True') || return 1
  for waited in $(seq 1 120); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$lab_port/api/status?token=$lab_token" >/dev/null 2>&1; then return 0; fi
    [[ $("$docker" inspect -f '{{.State.Running}}' "$lab_id" 2>/dev/null) == true ]] || break
    sleep 0.5
  done
  "$docker" logs "$lab_id" 2>&1 | tail -n 30 | sed 's/^/  | /' >&2
  say "JupyterLab did not come up"
  return 1
}

# Runs browser test $1 (a file in browser/) against the JupyterLab that lab_server started, on
# notebook $2, with a fresh Chromium profile, within 300 s; its screenshots and logs go to $3.
lab_browser_test() {
  local test=$1 notebook=$2 output=$3 status=0
  rm -rf "$scratch/profile" && mkdir -p "$scratch/profile"
  say "browser test $test"
  FLOWBOOK_BASE_URL="http://127.0.0.1:$lab_port" FLOWBOOK_TOKEN=$lab_token FLOWBOOK_NOTEBOOK=$notebook \
    FLOWBOOK_CHROMIUM=$chromium FLOWBOOK_BROWSER_PROFILE=$scratch/profile FLOWBOOK_BROWSER_OUTPUT=$output \
    FLOWBOOK_BROWSER_TIMEOUT=300 timeout --kill-after=15 330 node "$root/browser/$test" &
  browser_pid=$!
  wait "$browser_pid" || status=$?
  browser_pid=""
  return "$status"
}

# JupyterLab 4 in the JDK 21 image: live output, widgets and the debugger, each its own browser test
# against one JupyterLab; then the debugger test again in the JDK 25 image. FLOWBOOK_UPDATE_DOCS=yes
# copies the widget and debugger pictures to docs/ (the README's).
lab_in() {
  local image=$1 jdk25_image=${image25:-} failed=() output lab_id lab_port lab_token
  local chromium=${FLOWBOOK_CHROMIUM:-/usr/bin/chromium}
  [[ -x "$chromium" ]] || { say "no Chromium at $chromium: install it (Debian: apt-get install chromium) or run install/browser-test.sh once"; return 1; }
  command -v node >/dev/null 2>&1 || { say "Node.js not found: install Node.js >= 20"; return 1; }
  if [[ ! -d "$root/browser/node_modules/playwright-core" ]]; then
    (cd "$root/browser" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >&2) || return 1
  fi
  output=${FLOWBOOK_BROWSER_OUTPUT:-$scratch/lab-output}
  mkdir -p "$output/jdk25"
  rm -f "$output"/lab-*.png "$output"/failure*.png "$output"/jdk25/*.png
  lab_server "$image" || return 1
  lab_browser_test lab-live-output.test.js 01-basic-example.ipynb "$output" || failed+=(live-output)
  lab_browser_test lab-widgets.test.js flowbook-widgets-test.ipynb "$output" || failed+=(widgets)
  lab_browser_test lab-debugger.test.js flowbook-debugger-test.ipynb "$output" || failed+=(debugger)
  "$docker" logs "$lab_id" > "$output/jupyterlab.log" 2>&1 || true
  "$docker" rm -f "$lab_id" >/dev/null 2>&1 || true
  if [[ -z "$jdk25_image" ]]; then
    jdk25_image=$(flowbook_image 25 "$root") || { say "no JDK 25 image"; failed+=(jdk25-image); }
  fi
  if [[ -n "$jdk25_image" ]]; then
    if lab_server "$jdk25_image"; then
      lab_browser_test lab-debugger.test.js flowbook-debugger-test.ipynb "$output/jdk25" || failed+=(debugger-jdk25)
      "$docker" logs "$lab_id" > "$output/jdk25/jupyterlab.log" 2>&1 || true
    else
      failed+=(jdk25-lab)
    fi
    "$docker" rm -f "$lab_id" >/dev/null 2>&1 || true
  fi
  say "JupyterLab screenshots and logs: $output"
  if [[ ${#failed[@]} -gt 0 ]]; then say "JupyterLab browser tests FAILED: ${failed[*]}"; return 1; fi
  if [[ ${FLOWBOOK_UPDATE_DOCS:-no} == yes ]]; then
    cp "$output/lab-widgets-1-rate-changed.png" "$root/docs/lab-widgets.png"
    cp "$output/lab-debugger-3-stepped.png" "$root/docs/lab-debugger.png"
    say "updated docs/lab-widgets.png and docs/lab-debugger.png"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# --- images --------------------------------------------------------------------------------------

ensure_docker
image21="" image25="" image21hub=""
if wants e2e-21 || wants lab || wants notebooks-21 || wants java-21; then
  image21=$(timed "image (JDK 21)" flowbook_image 21 "$root") || { say "FAILED: no JDK 21 image"; exit 1; }
fi
if wants e2e-25 || wants java-25; then
  image25=$(timed "image (JDK 25)" flowbook_image 25 "$root") || { say "FAILED: no JDK 25 image"; exit 1; }
fi

if wants hub-5; then
  image21hub=$(timed "image (JDK 21, JupyterHub)" flowbook_image 21 "$root" hub) || { say "FAILED: no JupyterHub image"; exit 1; }
fi

# --- stages: all run, so one run reports everything -----------------------------------------------

# Each stage's output is also kept in $test_logs/STAGE.log, and what failed is said at the end.
test_logs=${FLOWBOOK_TEST_LOGS:-$scratch/logs}
failed=()
for stage in "${stages[@]}"; do
  say "container stage $stage"
  case $stage in
    e2e-21) logged "$stage" timed "e2e on JDK 21" e2e_in "$image21" || failed+=("$stage") ;;
    lab) logged "$stage" timed "JupyterLab 4 browser test" lab_in "$image21" || failed+=("$stage") ;;
    notebooks-21) logged "$stage" timed "tutorials through nbclient 0.8 on JDK 21" notebooks_in "$image21" || failed+=("$stage") ;;
    e2e-25) logged "$stage" timed "e2e on JDK 25" e2e_in "$image25" || failed+=("$stage") ;;
    java-21) logged "$stage" timed "Java tests on JDK 21" java_tests_in "$image21" || failed+=("$stage") ;;
    java-25) logged "$stage" timed "Java tests on JDK 25" java_tests_in "$image25" || failed+=("$stage") ;;
    hub-5) logged "$stage" timed "JupyterHub 5 test on JDK 21" in_container "$image21hub" env FLOWBOOK_E2E_READY=1 \
        FLOWBOOK_E2E_REQUIRE=jupyterhub timeout --kill-after=30 600 python3 -m e2e -k e2e.test_hub. \
        || failed+=("$stage") ;;
  esac
done
if [[ ${#failed[@]} -gt 0 ]]; then
  what_failed "${failed[@]}" >&2
  say "container tests FAILED: ${failed[*]}"
  exit 1
fi
say "container tests passed: ${stages[*]}"
