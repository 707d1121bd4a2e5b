#!/usr/bin/env bash
# Builds the benchmarks (-Pbench), runs JMH throughput, latency, footprint and the Python reference, and prints one table.
# Usage: bench/run.sh [extra JMH arguments]. Takes about seven minutes on 2 cores: one fork and 5 x 1 s iterations per benchmark.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target/results"
JAVA_HOME=$("$root/install/find-java.sh")
java="$JAVA_HOME/bin/java"
python=$(command -v python3 || true)
if [[ -z "$python" ]]; then
  echo "bench: python3 is needed for the Python reference and the table; install python3" >&2
  exit 1
fi

echo "bench: building the benchmark jar (mvn -Pbench package)"
"$root/install/mvn.sh" -q -Pbench -pl bench -am package -DskipTests
mkdir -p "$out"
jar="$here/target/benchmarks.jar"

echo "bench: JMH throughput, 1 fork, 5 x 1 s warm-up, 5 x 1 s measured per benchmark"
"$java" -jar "$jar" -rf json -rff "$out/jmh.json" "$@" 'flowbook.bench.Throughput' | tee "$out/jmh.log" \
  | grep -E '^(# Benchmark:|Throughput\.|Benchmark )' || true

echo "bench: yield-to-onNext latency"
"$java" -Xms1g -Xmx1g -cp "$jar" flowbook.bench.Latency | tee "$out/latency.txt"

echo "bench: 1,000,000 suspended generators"
"$java" -Xms6g -Xmx6g -cp "$jar" flowbook.bench.Suspended 1000000 | tee "$out/suspended.txt"

echo "bench: Python async for ($python)"
"$python" "$here/async_for.py" | tee "$out/python.txt"

{
  echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "java: $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  echo "date: $(date -u +%Y-%m-%d)"
} > "$out/machine.txt"

echo
"$python" "$here/table.py" "$out"
