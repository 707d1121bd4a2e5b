#!/usr/bin/env bash
# Makes a class-data archive for an installed kernelspec by running one short training session, and prints the JVM option that uses it.
# Usage: install/make-cds-archive.sh SPEC_DIR [PYTHON]
# JDK 25+: an AOT cache (JEP 483/515: classes loaded and linked, plus method profiles), flowbook.aot.
# JDK 21-24: a dynamic CDS archive (classes loaded), flowbook.jsa.
# Either matches this JDK and this jar only; a JVM that finds a mismatch warns and starts without it, only slower.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
spec_dir=${1:?usage: make-cds-archive.sh SPEC_DIR [PYTHON]}
python=${2:-$("$here/find-python.sh")}
java=$("$python" "$here/kernelspec.py" java "$spec_dir")
version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1)

linking=()
if [[ ${version:-0} -ge 25 ]]; then
  archive=$spec_dir/flowbook.aot dump="-XX:AOTCacheOutput=$spec_dir/flowbook.aot" use="-XX:AOTCache=$spec_dir/flowbook.aot"
  kind="an AOT cache (JDK $version)"
  # JDK 25 refuses a cache of aot-linked classes when a JVMTI agent is loaded: the debugger's JDWP
  # agent (kernelspec.py, debugger_jvm_options) gets a cache of loaded classes, not linked ones.
  if grep -q -- '-agentlib:jdwp' "$spec_dir/kernel.json"; then
    linking=(-XX:-AOTClassLinking)
    kind="$kind without aot-linked classes (the debugger's JDWP agent refuses those)"
  fi
else
  archive=$spec_dir/flowbook.jsa dump="-XX:ArchiveClassesAtExit=$spec_dir/flowbook.jsa" use="-XX:SharedArchiveFile=$spec_dir/flowbook.jsa"
  kind="a dynamic CDS archive (JDK $version)"
fi
echo "flowbook: making $kind for faster starts: one training session of the kernel" >&2
rm -f "$spec_dir/flowbook.aot" "$spec_dir/flowbook.jsa"
# cds_training.py bounds every wait itself and stops its kernel on SIGTERM; no `timeout` here, whose
# own process group would keep it out of reach of a caller that ends this script's group.
"$python" "$here/cds_training.py" "$spec_dir" "$dump" ${linking[@]+"${linking[@]}"} >&2
if [[ ! -s "$archive" ]]; then
  echo "flowbook: the training session left no archive" >&2
  exit 1
fi
echo "flowbook: $archive ($(du -h "$archive" | cut -f1))" >&2
echo "$use"
