#!/usr/bin/env bash
# Runs Maven with a JDK >= 21 found by find-java.sh; arguments go to Maven unchanged.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA_HOME=$("$here/find-java.sh")
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
if ! command -v mvn >/dev/null 2>&1; then
  echo "flowbook: Maven not found; installing it from the system packages" >&2
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq maven >/dev/null
  else
    echo "flowbook: install Apache Maven 3.8+ and run again" >&2
    exit 1
  fi
fi
echo "flowbook: Maven with JDK at $JAVA_HOME" >&2
cd "$here/.."
exec mvn -B "$@"
