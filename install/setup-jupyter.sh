#!/usr/bin/env bash
# Installs Jupyter (client, console, nbconvert, nbclient, kernel test suite, ipykernel) when missing, says what it did, prints the Python to use.
# Debian packages through apt-get where it exists (pip cannot reach an index on the build machines); pip --user elsewhere.
# Messages go to stderr; stdout carries only the Python's path: `python=$(install/setup-jupyter.sh)`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

modules="jupyter_client jupyter_core jupyter_console nbformat nbclient nbconvert notebook jupyter_kernel_test ipykernel"
debian_packages="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test jupyter-console python3-ipykernel"
pip_packages="jupyter_client jupyter_core jupyter_console nbformat nbclient nbconvert notebook jupyter_kernel_test ipykernel"

say() { echo "flowbook: $*" >&2; }

complete_python() {
  FLOWBOOK_PYTHON_MODULES=$modules "$here/find-python.sh" 2>/dev/null
}

if python=$(complete_python); then
  say "Jupyter already installed for $python; nothing to do"
  echo "$python"
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { say "apt-get needs root: rerun as root or install sudo"; exit 1; }
    sudo=(sudo)
  fi
  say "installing Jupyter from Debian packages: $debian_packages"
  say "running apt-get update"
  "${sudo[@]}" apt-get update -qq
  say "running apt-get install"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $debian_packages >&2
  say "installed the Debian packages"
else
  base_python=$(command -v python3 || true)
  if [[ -z "$base_python" ]] || ! "$base_python" -m pip --version >/dev/null 2>&1; then
    say "no apt-get and no python3 with pip: install Python 3 with pip, or Jupyter, and run again"
    exit 1
  fi
  say "no apt-get; installing Jupyter with pip --user for $base_python: $pip_packages"
  if ! timeout 900 "$base_python" -m pip install --user --quiet $pip_packages >&2; then
    say "pip could not install Jupyter (no package index reachable?); install these yourself: $pip_packages"
    exit 1
  fi
  say "installed the pip packages"
  export FLOWBOOK_PYTHON=$base_python
fi

if ! python=$(complete_python); then
  say "Jupyter still incomplete after installing; missing one of: $modules"
  exit 1
fi
say "Jupyter ready; Python to use: $python"
echo "$python"
