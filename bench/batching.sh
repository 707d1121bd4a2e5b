#!/usr/bin/env bash
# Builds the benchmarks (-Pbench) and runs the batching benchmark: N lookups over two levels against a local HTTP server, Batcher beside mapAsync, a time window and java-dataloader.
# Usage: bench/batching.sh [iterations per case, default 15]. Takes about three minutes on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
JAVA_HOME=$("$root/install/find-java.sh")

echo "bench: building the benchmark jar (mvn -Pbench package)"
"$root/install/mvn.sh" -q -Pbench -pl bench -am package -DskipTests
echo "bench: batching, 3 warm-up and ${1:-15} measured runs per case"
"$JAVA_HOME/bin/java" -cp "$here/target/benchmarks.jar" flowbook.bench.Batching "${1:-15}"
