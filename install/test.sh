#!/usr/bin/env bash
# Runs every test: builds with a JDK >= 21 and runs the Java tests (JUnit + Reactive Streams TCK).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
echo "flowbook: building and running the Java tests"
"$here/mvn.sh" verify
echo "flowbook: all tests passed"
