#!/usr/bin/env bash
# Installs a set of Python modules (and commands) when missing, from Debian packages or with pip --user, says what it did, prints the Python that has them.
#
# Usage: install/setup-packages.sh --what NAME --modules "m1 m2" --debian "pkg1 pkg2" --pip "pkg1 pkg2" [--commands "cmd1"]
#   install/setup-jupyter.sh and install/setup-docs.sh call it with their lists.
# Debian packages through apt-get where it exists (pip cannot reach an index on the build machines); pip --user elsewhere.
# Messages go to stderr; stdout carries only the Python's path. FLOWBOOK_PYTHON: the Python to prefer.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "flowbook: $*" >&2; }

what="" modules="" debian_packages="" pip_packages="" commands=""
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { say "$1 needs a value (see the usage in $0)"; exit 2; }
  case $1 in
    --what) what=$2 ;;
    --modules) modules=$2 ;;
    --debian) debian_packages=$2 ;;
    --pip) pip_packages=$2 ;;
    --commands) commands=$2 ;;
    *) say "unknown argument: $1 (see the usage in $0)"; exit 2 ;;
  esac
  shift 2
done

missing_commands() {
  local command missing=()
  for command in $commands; do command -v "$command" >/dev/null 2>&1 || missing+=("$command"); done
  echo "${missing[*]}"
}

complete_python() {
  [[ -z "$(missing_commands)" ]] && FLOWBOOK_PYTHON_MODULES=$modules "$here/find-python.sh" 2>/dev/null
}

if python=$(complete_python); then
  say "$what already installed for $python; nothing to do"
  echo "$python"
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { say "apt-get needs root: rerun as root or install sudo"; exit 1; }
    sudo=(sudo)
  fi
  say "installing $what from Debian packages: $debian_packages"
  say "running apt-get update"
  "${sudo[@]}" apt-get update -qq
  say "running apt-get install"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $debian_packages >&2
  say "installed the Debian packages"
else
  base_python=${FLOWBOOK_PYTHON:-$(command -v python3 || true)}
  if [[ -z "$base_python" ]] || ! "$base_python" -m pip --version >/dev/null 2>&1; then
    say "no apt-get and no python3 with pip: install Python 3 with pip, or $what, and run again"
    exit 1
  fi
  if [[ -n "$(missing_commands)" ]]; then
    say "missing commands pip cannot install: $(missing_commands); install them and run again"
    exit 1
  fi
  say "no apt-get; installing $what with pip --user for $base_python: $pip_packages"
  if ! timeout 900 "$base_python" -m pip install --user --quiet $pip_packages >&2; then
    say "pip could not install $what (no package index reachable?); install these yourself: $pip_packages"
    exit 1
  fi
  say "installed the pip packages"
  export FLOWBOOK_PYTHON=$base_python
fi

if ! python=$(complete_python); then
  say "$what still incomplete after installing; missing one of the modules ($modules) or commands ($commands)"
  exit 1
fi
say "$what ready; Python to use: $python"
echo "$python"
