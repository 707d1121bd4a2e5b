#!/usr/bin/env bash
# Removes the Flowbook kernelspecs "flowbook" and "flowbook-debugger" from the place install-kernel.sh put them.
# Usage: install/uninstall-kernel.sh [--user | --sys-prefix | --prefix DIR]   (default --user, like the install)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "flowbook: $*" >&2; }

location=()
case ${1:-} in
  ""|--user) location=(--user) ;;
  --sys-prefix) location=(--sys-prefix) ;;
  --prefix) location=(--prefix "${2:?--prefix needs a directory}") ;;
  -h|--help) sed -n '2,3p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;;
  *) say "unknown argument: $1 (see --help)"; exit 2 ;;
esac

python=$("$here/find-python.sh")
# kernelspec.py removes the spec from the directory jupyter_client's install_kernel_spec chooses for the flag.
"$python" "$here/kernelspec.py" uninstall "${location[@]}"
"$python" "$here/kernelspec.py" uninstall "${location[@]}" --debugger
