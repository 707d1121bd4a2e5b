#!/usr/bin/env bash
# Installs Jupyter (client, console, nbconvert, nbclient, kernel test suite, ipykernel) when missing, says what it did, prints the Python to use.
# Debian packages through apt-get where it exists (pip cannot reach an index on the build machines); pip --user elsewhere
# (install/setup-packages.sh does the installing).
# Messages go to stderr; stdout carries only the Python's path: `python=$(install/setup-jupyter.sh)`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

modules="jupyter_client jupyter_core jupyter_console nbformat nbclient nbconvert notebook jupyter_kernel_test ipykernel"
debian_packages="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test jupyter-console python3-ipykernel"
pip_packages="jupyter_client jupyter_core jupyter_console nbformat nbclient nbconvert notebook jupyter_kernel_test ipykernel"

exec "$here/setup-packages.sh" --what Jupyter --modules "$modules" --debian "$debian_packages" --pip "$pip_packages"
