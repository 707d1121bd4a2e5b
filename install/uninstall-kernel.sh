#!/usr/bin/env bash
# Removes the Flowbook kernelspec "flowbook" from the place install-kernel.sh put it.
# Usage: install/uninstall-kernel.sh [--user | --sys-prefix | --prefix DIR]   (default --user, like the install)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "flowbook: $*" >&2; }

location=--user
prefix=
case ${1:-} in
  ""|--user) ;;
  --sys-prefix) location=--sys-prefix ;;
  --prefix) location=--prefix; prefix=${2:?--prefix needs a directory} ;;
  -h|--help) sed -n '2,3p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;;
  *) say "unknown argument: $1 (see --help)"; exit 2 ;;
esac

python=$("$here/find-python.sh")
# The same directory jupyter_client's install_kernel_spec chooses for these flags.
spec_dir=$(FLOWBOOK_LOCATION=$location FLOWBOOK_PREFIX=$prefix "$python" - <<'PY'
import os, sys
from jupyter_core.paths import jupyter_data_dir

location = os.environ["FLOWBOOK_LOCATION"]
if location == "--user":
    base = jupyter_data_dir()
else:
    prefix = sys.prefix if location == "--sys-prefix" else os.path.abspath(os.environ["FLOWBOOK_PREFIX"])
    base = os.path.join(prefix, "share", "jupyter")
print(os.path.join(base, "kernels", "flowbook"))
PY
)
if [[ ! -f "$spec_dir/kernel.json" ]]; then
  say "no flowbook kernelspec at $spec_dir; nothing to remove"
  exit 0
fi
say "removing kernelspec $spec_dir"
rm -rf "$spec_dir"
say "removed"
