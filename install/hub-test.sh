#!/usr/bin/env bash
# Runs the JupyterHub end-to-end test (e2e/test_hub.py): a hub on 127.0.0.1, two users, each with a Flowbook kernel started through the Hub whose lines arrive live over its websocket.
#
# Usage: install/hub-test.sh
#   Installs Debian's jupyterhub (and its configurable-http-proxy) when missing, without letting
#   the package start its system service. The kernelspec: with FLOWBOOK_E2E_READY=1 the one on
#   JUPYTER_PATH (install/test.sh passes its throw-away install); otherwise the e2e harness installs
#   kernel/target/flowbook-kernel.jar into a temp prefix. The test stops the hub, the proxy, both
#   single-user servers and their kernels by pid, also when it fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }
# shellcheck source=container-lib.sh
source "$here/container-lib.sh"  # for as_root and apt_install

python=${FLOWBOOK_PYTHON:-$("$here/setup-jupyter.sh")}
if ! "$python" -c 'import jupyterhub' >/dev/null 2>&1 || ! command -v configurable-http-proxy >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "JupyterHub missing and no apt-get: install jupyterhub and configurable-http-proxy for $python, then run again"
    exit 1
  fi
  say "JupyterHub missing; installing the Debian package jupyterhub (its service is not started)"
  # The package would start a hub on port 8000 as a system service; policy-rc.d forbids that
  # during the install (and only then).
  policy=/usr/sbin/policy-rc.d
  own_policy=no
  if [[ ! -e $policy ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    own_policy=yes
  fi
  status=0
  apt_install jupyterhub || status=$?
  [[ $own_policy == yes ]] && as_root rm -f "$policy"
  [[ $status -eq 0 ]] || { say "could not install jupyterhub"; exit 1; }
fi
say "JupyterHub $("$python" -c 'import jupyterhub; print(jupyterhub.__version__)') from $python"

cd "$root"
FLOWBOOK_E2E_REQUIRE="jupyterhub ${FLOWBOOK_E2E_REQUIRE:-}" \
  timeout --kill-after=30 600 "$python" -m e2e -k two_users_each_get_their_own
