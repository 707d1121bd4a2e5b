#!/usr/bin/env bash
# Makes a class-data-sharing archive (flowbook.jsa) for an installed kernelspec by running one short training session.
# Usage: install/make-cds-archive.sh SPEC_DIR [PYTHON]. The archive matches this JDK and this jar only; a mismatch just means a slower start.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
spec_dir=${1:?usage: make-cds-archive.sh SPEC_DIR [PYTHON]}
python=${2:-$("$here/find-python.sh")}
echo "flowbook: making a CDS archive in $spec_dir (one training session of the kernel)" >&2
rm -f "$spec_dir/flowbook.jsa"
timeout 180 "$python" "$here/cds_training.py" "$spec_dir"
if [[ ! -s "$spec_dir/flowbook.jsa" ]]; then
  echo "flowbook: the training session left no archive" >&2
  exit 1
fi
echo "flowbook: CDS archive $spec_dir/flowbook.jsa ($(du -h "$spec_dir/flowbook.jsa" | cut -f1))" >&2
