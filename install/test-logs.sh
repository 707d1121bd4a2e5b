# Sourced by install/test.sh and install/container-test.sh: each suite's output is shown as it runs
# and kept in a log of its own, and a run that fails ends by saying, suite by suite, what the logs
# said about the failures. CI often shows only the last lines of a run; a failure two thousand
# lines up must still be readable there.
#
# The caller sets test_logs (a directory) before calling logged.

# Lines that say what went wrong, without the stack frames and the build tool's boilerplate; after
# a browser test's "NAME: FAILED", its message and what it found on the page. At most $2 (60).
failure_lines() {
  awk '
    /^[[:space:]]+at |^[[:space:]]*\.\.\. [0-9]+ more|ChecksumFailure|WarnChecksumPolicy|\.\.\. ok$/ { next }
    /Failures: 0, Errors: 0|^\[ERROR\] *$|\[Help 1\]|-[eX] switch|resume the build|mvn <args>|following articles|dump files/ { next }
    /: FAILED$/ { context = 25 }
    context > 0 { print; context--; next }
    /FAIL|ERROR\]|^ERROR:|\.\.\. ERROR$|Error|[Aa]ssert|expected|[Tt]imed? ?out|Traceback|Exception|not ok|did not|instead of|^flowbook[-a-z]* \[/ { print }
  ' "$1" | tail -n "${2:-60}"
}

# logged NAME COMMAND...: runs COMMAND in this shell (so its traps and background processes stay
# this script's), its output shown and kept in $test_logs/NAME.log; returns COMMAND's status.
logged() {
  local name=$1 status=0 fd tee_pid waited
  shift
  mkdir -p "$test_logs"
  exec {fd}> >(tee "$test_logs/$name.log")
  tee_pid=$!
  "$@" >&"$fd" 2>&1 || status=$?
  exec {fd}>&-
  # tee ends once every writer closed the pipe; a process COMMAND left behind may hold it
  for waited in $(seq 1 50); do kill -0 "$tee_pid" 2>/dev/null || break; sleep 0.1; done
  return "$status"
}

# what_failed NAME...: for each suite NAME run through logged, what its log says about its failure.
# A log that holds a summary of its own (a nested run of this library) gives that summary.
what_failed() {
  local name log
  for name in "$@"; do
    log=$test_logs/$name.log
    echo "flowbook: ---- $name FAILED; its log: $log"
    if [[ ! -s "$log" ]]; then
      echo "  (no output)"
    elif grep -q '^flowbook: ---- ' "$log"; then
      sed -n '/^flowbook: ---- /,$p' "$log" | sed 's/^/  /'
    else
      failure_lines "$log" | sed 's/^/  | /'
    fi
  done
}
