#!/usr/bin/env bash
# Builds the Flowbook container image (Debian 13, JupyterLab 4, OpenJDK 21 or 25, the kernel installed system-wide) and, with --run, runs JupyterLab in it.
#
# Usage: install/image.sh [--jdk 21|25] [--run [--port N]]
#   --jdk N     the OpenJDK in the image (default 21)
#   --run       start JupyterLab in the image on 127.0.0.1:PORT (default 8888), with the tutorials; Ctrl-C stops it
#   --port N    the host port for --run
#
# Prints the image name (flowbook:jdkN-<hash>, also tagged flowbook:jdkN) on stdout. Needs Docker
# (installed from the Debian package docker.io when missing; a dockerd is started, and stopped at
# the end, when none runs). No image registry is needed: the Debian 13 base is made with
# debootstrap and cached under FLOWBOOK_CACHE (default /var/cache/flowbook); the Dockerfile builds
# the kernel jar itself, with BuildKit, and Maven there trusts this machine's Java trust store (a
# BuildKit secret, in no layer: install/README.md says why). A second run with the same inputs
# builds nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }
# shellcheck source=container-lib.sh
source "$here/container-lib.sh"

jdk=21
run=no
port=8888
while [[ $# -gt 0 ]]; do
  case $1 in
    --jdk) [[ $# -ge 2 && $2 =~ ^(21|25)$ ]] || { say "--jdk needs 21 or 25"; exit 2; }; jdk=$2; shift 2 ;;
    --run) run=yes; shift ;;
    --port) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { say "--port needs a number"; exit 2; }; port=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument: $1 (see --help)"; exit 2 ;;
  esac
done

trap container_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_docker
image=$(flowbook_image "$jdk" "$root")
echo "$image"

if [[ $run == yes ]]; then
  say "JupyterLab in $image on http://127.0.0.1:$port (the URL with its token follows; Ctrl-C stops it)"
  id=$(start_container "$image" jupyter lab --ip=127.0.0.1 --port="$port" --no-browser)
  "$docker" logs -f "$id" &
  wait "$!" || true
fi
