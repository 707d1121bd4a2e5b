#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (JAVA_HOME, then java on PATH, then /usr/lib/jvm/*), or says what to install and fails.
# Meant to be sourced or run: `JAVA_HOME=$(install/find-java.sh)`.
set -euo pipefail

required=21

# Feature version of the JDK at $1 (a JDK home), or nothing when it is not a JDK.
jdk_version() {
  local home=$1
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  "$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

suitable() {
  local version
  version=$(jdk_version "$1")
  [[ -n "$version" && "$version" -ge "$required" ]]
}

candidates=()
[[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
# Newest first, so a machine with several JDKs gets the most capable one.
while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)

for home in "${candidates[@]}"; do
  if suitable "$home"; then
    echo "$home"
    exit 0
  fi
done

cat >&2 <<MSG
flowbook: no JDK $required or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*).
Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+ build,
then run again, or point JAVA_HOME at it.
MSG
exit 1
