#!/usr/bin/env bash
# Benchmarks the Flowbook kernel against Debian's ipykernel in one run and prints a Markdown table (a measurement, not a test).
# Usage: bench/kernel/run.sh [--jar PATH] [--starts N] [--soak [--cells N]] [--density [--kernels 6,20]] [--warmup] [--debugger-cost] [EXTRA_VARIANT...]
#   --soak runs soak.py instead: a 5,000-cell session in each kernel and in JShell alone (--no-jshell: kernels only);
#   --flood runs flood.py: a cell printing as fast as it can for 3 s, in each kernel;
#   --debugger-cost also measures flowbook-debugger (the JDWP agent loaded and attached, its own AOT cache) beside flowbook, in the soak too with --soak.
#   --density runs density.py: 6, then 20 kernels started at once, memory after start, the mix and 60 s idle;
#   --warmup runs warmup.py: `1 + 1` after 10 cells against after 1,000, with the AOT cache, without it,
#     and with one trained on the first session alone (FLOWBOOK_TRAINING_ROUNDS=0).
#   EXTRA_VARIANT is LABEL=@flowbook[,add=JVM_OPTION][,drop=PREFIX], @flowbook standing for the installed kernel.json,
#   e.g. 'Flowbook C1 only=@flowbook,add=-XX:TieredStopAtLevel=1'. The jar is built when missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
say() { echo "bench: $*" >&2; }
export PYDEVD_DISABLE_FILE_VALIDATION=1  # quiets ipykernel's debugger warning

jar=$repo/kernel/target/flowbook-kernel.jar
harness_options=()
soak_options=()
soak=no
no_jshell=no
debugger_cost=no
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --jar) jar=$2; shift 2 ;;
    --starts|--round-trips|--lines) harness_options+=("$1" "$2"); shift 2 ;;
    --soak) soak=yes; shift ;;
    --no-jshell) no_jshell=yes; shift ;;
    --debugger-cost) debugger_cost=yes; shift ;;
    --flood) soak=flood; shift ;;
    --cells|--block|--kernels|--idle) soak_options+=("$1" "$2"); shift 2 ;;
    --density) soak=density; shift ;;
    --warmup) soak=warmup; shift ;;
    *) extra+=("$1"); shift ;;
  esac
done

python=$("$repo/install/setup-jupyter.sh")
if [[ ! -f "$jar" ]]; then
  say "no kernel jar at $jar; building it"
  "$repo/install/mvn.sh" -q -pl kernel -am package -DskipTests -Dspotless.check.skip=true
fi

scratch=$(mktemp -d -t flowbook-bench-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export JUPYTER_PATH=$scratch/prefix/share/jupyter JUPYTER_DATA_DIR=$scratch/data
export JUPYTER_CONFIG_DIR=$scratch/config JUPYTER_RUNTIME_DIR=$scratch/runtime IPYTHONDIR=$scratch/ipython
say "installing the kernel (with its class-data archive) into $scratch"
FLOWBOOK_PYTHON=$python "$repo/install/install-kernel.sh" --prefix "$scratch/prefix" --jar "$jar"
flowbook_spec=$scratch/prefix/share/jupyter/kernels/flowbook/kernel.json
ipykernel_spec=$("$python" -c 'from jupyter_client.kernelspec import KernelSpecManager as M; print(M().get_kernel_spec("python3").resource_dir)')/kernel.json

variants=()
if grep -q -- '-XX:AOTCache=' "$flowbook_spec"; then
  variants+=("Flowbook (AOT cache)=$flowbook_spec" "Flowbook (no AOT cache)=$flowbook_spec,drop=-XX:AOTCache")
elif grep -q -- '-XX:SharedArchiveFile=' "$flowbook_spec"; then
  variants+=("Flowbook (CDS archive)=$flowbook_spec" "Flowbook (no CDS archive)=$flowbook_spec,drop=-XX:SharedArchiveFile")
else
  variants+=("Flowbook=$flowbook_spec")
fi
debugger_variant="Flowbook, debugger (AOT cache)=$scratch/prefix/share/jupyter/kernels/flowbook-debugger/kernel.json"
[[ $debugger_cost == no ]] || variants+=("$debugger_variant")
for variant in "${extra[@]}"; do variants+=("${variant//@flowbook/$flowbook_spec}"); done
variants+=("ipykernel $("$python" -c 'import ipykernel; print(ipykernel.__version__)') (Debian)=$ipykernel_spec")

java=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["argv"][0])' "$flowbook_spec")
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Java: $("$java" -version 2>&1 | head -n1); Python: $("$python" --version 2>&1)"
echo "Load: $(uptime | sed 's/.*load average/load average/')"
echo
if [[ $soak == density ]]; then
  # The kernel as installed (the first variant), the extra variants, and ipykernel, in one run.
  density_variants=("${variants[0]}")
  for variant in "${extra[@]}"; do density_variants+=("${variant//@flowbook/$flowbook_spec}"); done
  "$python" "$here/density.py" "${soak_options[@]}" "${density_variants[@]}" "${variants[-1]}"
elif [[ $soak == warmup ]]; then
  say "installing a second kernel whose AOT cache was trained on the first session alone"
  FLOWBOOK_TRAINING_ROUNDS=0 FLOWBOOK_PYTHON=$python "$repo/install/install-kernel.sh" --prefix "$scratch/short" --jar "$jar"
  short_spec=$scratch/short/share/jupyter/kernels/flowbook/kernel.json
  "$python" "$here/warmup.py" "${soak_options[@]}" "${variants[@]:0:${#variants[@]}-1}" \
    "Flowbook (AOT cache, first session only)=$short_spec"
elif [[ $soak == flood ]]; then
  "$python" "$here/flood.py" "${variants[0]}" "${variants[-1]}"
elif [[ $soak == yes ]]; then
  # The first variant is the kernel as installed; the last one is ipykernel.
  [[ $no_jshell == yes ]] || soak_options+=(--jshell-jar "$jar" --java "$java")
  soaked=("${variants[0]}")
  [[ $debugger_cost == no ]] || soaked+=("$debugger_variant")
  "$python" "$here/soak.py" "${soak_options[@]}" "${soaked[@]}" "${variants[-1]}"
else
  "$python" "$here/kernel_bench.py" "${harness_options[@]}" "${variants[@]}"
fi
echo "Load after: $(uptime | sed 's/.*load average/load average/')"
