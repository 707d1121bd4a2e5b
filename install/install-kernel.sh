#!/usr/bin/env bash
# Registers the Flowbook kernelspecs "flowbook" (Java (Flowbook)) and "flowbook-debugger" (Java (Flowbook, debugger)) with Jupyter: copies the kernel jar in, points kernel.json at a JDK >= 21.
#
# Usage: install/install-kernel.sh [--user | --sys-prefix | --prefix DIR] [--jar PATH] [--no-cds] [--no-debugger] [--env NAME=VALUE]...
#   --user        (default) the user's Jupyter data dir, e.g. ~/.local/share/jupyter/kernels/flowbook
#   --sys-prefix  the share/jupyter/kernels of the Python that runs Jupyter (/usr for Debian's)
#   --prefix DIR  DIR/share/jupyter/kernels (Jupyter sees it when DIR/share/jupyter is on JUPYTER_PATH)
#   --jar PATH    the assembled kernel jar (default kernel/target/flowbook-kernel.jar); this script builds nothing
#   --no-cds      skip the class-data archive (AOT cache on JDK 25+, CDS archive before) that speeds up the start
#   --no-debugger only "flowbook": no "flowbook-debugger", whose JVM carries the JDWP agent (kernel/README.md, Debugger)
#   --env N=V     put N=V into kernel.json's env, e.g. --env FLOWBOOK_RESULT_CACHE=500 (kernel/README.md lists the settings)
#
# JVM options: FLOWBOOK_JAVA_OPTS is read now, at install time, and written into kernel.json's argv,
# so the spec is self-contained and every front end starts the kernel the same way. To change them,
# install again. For a one-off at start time, the java launcher itself reads JDK_JAVA_OPTIONS.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "flowbook: $*" >&2; }

location=(--user)
jar="$here/../kernel/target/flowbook-kernel.jar"
cds=yes
debugger=yes
spec_env=()  # NAME=VALUE entries for kernel.json's env
while [[ $# -gt 0 ]]; do
  case $1 in
    --user) location=(--user); shift ;;
    --sys-prefix) location=(--sys-prefix); shift ;;
    --prefix) [[ $# -ge 2 ]] || { say "--prefix needs a directory"; exit 2; }; location=(--prefix "$2"); shift 2 ;;
    --jar) [[ $# -ge 2 ]] || { say "--jar needs a path"; exit 2; }; jar=$2; shift 2 ;;
    --no-cds) cds=no; shift ;;
    --no-debugger) debugger=no; shift ;;
    --env)
      [[ $# -ge 2 && $2 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] \
        || { say "--env needs NAME=VALUE, e.g. --env FLOWBOOK_RESULT_CACHE=500"; exit 2; }
      spec_env+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument: $1 (see --help)"; exit 2 ;;
  esac
done

if [[ ! -f "$jar" ]]; then
  say "no kernel jar at $jar; build it first: install/mvn.sh -pl kernel -am package -DskipTests"
  exit 1
fi
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

java_home=$("$here/find-java.sh")
java="$java_home/bin/java"
python=$("$here/find-python.sh")
say "kernel jar: $jar"
say "Java: $java ($("$java" -version 2>&1 | head -n1))"
say "Python driving Jupyter: $python"

# kernelspec.py stages a spec (jar, logos), lets jupyter_client put it where the location flag
# says, and writes kernel.json with the absolute paths of its final home.
env_args=()
for setting in ${spec_env[@]+"${spec_env[@]}"}; do env_args+=(--env "$setting"); done
install_spec() {  # install_spec NAME [--debugger]
  local name=$1 spec_dir archive_option
  shift
  say "installing kernelspec $name (${location[*]})"
  spec_dir=$("$python" "$here/kernelspec.py" install "${location[@]}" --jar "$jar" --java "$java" \
    ${env_args[@]+"${env_args[@]}"} "$@")
  say "kernelspec directory: $spec_dir"
  if [[ $cds == yes ]]; then
    if archive_option=$("$here/make-cds-archive.sh" "$spec_dir" "$python"); then
      "$python" "$here/kernelspec.py" add-jvm-option "$spec_dir" -- "$archive_option"
    else
      say "no class-data archive (the kernel works without it, it only starts slower)"
    fi
  fi
  say "$name kernel.json:"
  sed 's/^/  /' "$spec_dir/kernel.json" >&2
}
install_spec flowbook
if [[ $debugger == yes ]]; then
  install_spec flowbook-debugger --debugger
fi
say "installed; try: jupyter console --kernel flowbook (JupyterLab's debugger: the kernel Java (Flowbook, debugger))"
