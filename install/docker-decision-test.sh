#!/usr/bin/env bash
# Tests what the container stages do about Docker (container-lib.sh's docker_decision and ensure_docker) without Docker: every case of the decision, then ensure_docker against fake docker, dockerd and apt-get.
#
# The fakes live in a temp dir whose bin/ is all of PATH (with links to the few system tools the
# library needs), so a real docker, dockerd or apt-get on this machine is never seen or called.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "flowbook: $*" >&2; }
# shellcheck source=container-lib.sh
source "$here/container-lib.sh"

failures=0
check() {  # check WHAT EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then echo "  ok   $1: $3"
  else echo "  FAIL $1: expected $2, got $3"; failures=$((failures + 1)); fi
}

echo "flowbook: docker_decision, every case (daemon answers, dockerd present, apt-get present, root)"
for answers in yes no; do for dockerd in yes no; do for apt in yes no; do for root in yes no; do
  if [[ $answers == yes ]]; then expected=use-running
  elif [[ $dockerd == yes ]]; then expected=$([[ $root == yes ]] && echo start-dockerd || echo needs-root)
  elif [[ $apt == yes ]]; then expected=$([[ $root == yes ]] && echo install-docker.io || echo needs-root)
  else expected=cannot-install
  fi
  check "daemon=$answers dockerd=$dockerd apt-get=$apt root=$root" "$expected" \
    "$(docker_decision "$answers" "$dockerd" "$apt" "$root")"
done; done; done; done

# --- ensure_docker against fakes -------------------------------------------------------------
fake=$(mktemp -d -t flowbook-docker-decision-XXXXXX)
trap 'container_cleanup; rm -rf "$fake"' EXIT
for tool in bash cat chmod dirname env grep mkdir rm seq setsid sleep tail sed timeout touch tr; do
  mkdir -p "$fake/sys" && ln -sf "$(command -v "$tool")" "$fake/sys/$tool"
done

# A client whose `info` answers only once the fake daemon is up; `version` names the daemon.
write_client() {
  mkdir -p "$(dirname "$1")"
  cat > "$1" <<EOF
#!$fake/sys/bash
echo "\$0 \$*" >> "$fake/calls"
[[ -e "$fake/daemon-up" ]] || exit 1
[[ \$1 == version ]] && echo 99.0-fake
exit 0
EOF
  chmod +x "$1"
}
# The daemon: marks itself up and stays until stopped.
write_daemon() {
  cat > "$fake/bin/dockerd" <<EOF
#!$fake/sys/bash
echo "dockerd \$*" >> "$fake/calls"
touch "$fake/daemon-up"
exec sleep 300
EOF
  chmod +x "$fake/bin/dockerd"
}

# scenario NAME SETUP...: a fresh fake machine; SETUP is any of client, daemon-running, dockerd, apt-get
scenario() {
  rm -rf "$fake/bin" "$fake/debian" "$fake/calls" "$fake/daemon-up"
  mkdir -p "$fake/bin" && touch "$fake/calls"
  cat > "$fake/bin/id" <<EOF
#!$fake/sys/bash
echo 0
EOF
  chmod +x "$fake/bin/id"
  local part
  for part in "$@"; do
    case $part in
      client) write_client "$fake/bin/docker" ;;
      daemon-running) touch "$fake/daemon-up" ;;
      dockerd) write_daemon ;;
      apt-get)  # installing docker.io brings Debian's client and the daemon
        cat > "$fake/bin/apt-get" <<EOF
#!$fake/sys/bash
echo "apt-get \$*" >> "$fake/calls"
if [[ " \$* " == *" install "* && " \$* " == *" docker.io "* ]]; then
  source "$fake/writers.sh"; write_client "$fake/debian/docker"; write_daemon
fi
EOF
        chmod +x "$fake/bin/apt-get" ;;
    esac
  done
  { declare -f write_client write_daemon; echo "fake=$fake"; } > "$fake/writers.sh"
}

# run_ensure: ensure_docker on the fake machine, in this shell (its state is what is checked)
run_ensure() {
  local saved_path=$PATH status=0
  debian_docker_client=$fake/debian/docker
  docker=docker docker_started_pid=""
  PATH=$fake/bin:$fake/sys
  ensure_docker 2> "$fake/said" || status=$?
  [[ $status -eq 0 ]] || sed "s/^/    said: /" "$fake/said"
  PATH=$saved_path
  return "$status"
}
calls_of() { grep -c "^$1" "$fake/calls" || true; }

echo "flowbook: ensure_docker, a daemon answering: used as it is, nothing installed or started"
scenario client daemon-running apt-get
status=0; run_ensure || status=$?
check "status" 0 "$status"
check "apt-get calls" 0 "$(calls_of apt-get)"
check "dockerd started" "" "$docker_started_pid"

echo "flowbook: ensure_docker, a client and dockerd but no daemon: dockerd started, then stopped by cleanup"
scenario client dockerd apt-get
status=0; run_ensure || status=$?
check "status" 0 "$status"
check "apt-get calls" 0 "$(calls_of apt-get)"
check "dockerd started" yes "$([[ -n $docker_started_pid ]] && kill -0 "$docker_started_pid" 2>/dev/null && echo yes || echo no)"
started=$docker_started_pid
container_cleanup 2>/dev/null
check "dockerd stopped by cleanup" no "$(kill -0 "$started" 2>/dev/null && echo yes || echo no)"

echo "flowbook: ensure_docker, a client only (no dockerd, no daemon): docker.io installed, dockerd started, Debian's client used"
scenario client apt-get
status=0; run_ensure || status=$?
check "status" 0 "$status"
check "docker.io installed" 1 "$(grep -c 'install .*docker.io' "$fake/calls" || true)"
check "client used" "$fake/debian/docker" "$docker"
check "dockerd started" yes "$([[ -n $docker_started_pid ]] && echo yes || echo no)"
container_cleanup 2>/dev/null

echo "flowbook: ensure_docker, no Docker at all: docker.io installed, dockerd started"
scenario apt-get
status=0; run_ensure || status=$?
check "status" 0 "$status"
check "docker.io installed" 1 "$(grep -c 'install .*docker.io' "$fake/calls" || true)"
check "dockerd started" yes "$([[ -n $docker_started_pid ]] && echo yes || echo no)"
container_cleanup 2>/dev/null

echo "flowbook: ensure_docker, a client only and no apt-get: fails saying what to install"
scenario client
status=0; run_ensure || status=$?
check "status" 1 "$status"
check "says what to install" 1 "$(grep -c 'install Docker Engine' "$fake/said" || true)"

if [[ $failures -gt 0 ]]; then
  echo "flowbook: docker decision test: $failures FAILED"
  exit 1
fi
echo "flowbook: docker decision test passed"
