#!/usr/bin/env bash
# Proves the documentation site works opened from disk: search, and the replay of the basic example's output, in headless Chromium (browser/site.test.js).
#
# Usage: install/site-browser-test.sh [--update-docs]
#   --update-docs   also copy the mid-replay screenshot to docs/site-replay.png (the README's picture)
#
# Environment:
#   FLOWBOOK_SITE            the built site (install/notebooks.py export --out DIR); unset: docs/site
#   FLOWBOOK_CHROMIUM        the Chromium to drive; unset: /usr/bin/chromium, installed with apt-get when missing
#   FLOWBOOK_BROWSER_OUTPUT  where screenshots and logs go (kept); unset: a new temp dir, printed at the end
#   FLOWBOOK_BROWSER_TIMEOUT seconds the test may take in all (default 180)
# Chromium's profile lives in a temp dir, removed with the browser on every exit.
# Needs Node.js >= 20 with npm (playwright-core comes from browser/package-lock.json).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
say() { echo "flowbook: $*" >&2; }

source "$here/browser-lib.sh"
browser_test_arguments "$@"

site=$(cd "${FLOWBOOK_SITE:-$root/docs/site}" 2>/dev/null && pwd) || {
  say "no site at ${FLOWBOOK_SITE:-$root/docs/site}: build it with install/main.sh (or set FLOWBOOK_SITE)"; exit 1; }
[[ -f "$site/01-basic-example.html" ]] || { say "$site has no 01-basic-example.html: is it the built site?"; exit 1; }

find_chromium chromium
browser_npm_dependencies if-missing

profile=$(mktemp -d -t flowbook-site-browser-XXXXXX)
output=${FLOWBOOK_BROWSER_OUTPUT:-$(mktemp -d -t flowbook-site-output-XXXXXX)}
mkdir -p "$output"
rm -f "$output"/*.png
test_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$test_pid" ]] && kill -0 "$test_pid" 2>/dev/null; then
    kill -TERM "$test_pid" 2>/dev/null || true  # the test closes Chromium on TERM
    wait "$test_pid" 2>/dev/null || true
  fi
  rm -rf "$profile"
  say "site test screenshots and logs: $output"
  if [[ $status -eq 0 ]]; then say "site browser test passed"; else say "site browser test FAILED (exit $status)"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

deadline=${FLOWBOOK_BROWSER_TIMEOUT:-180}
say "opening $site/index.html in headless Chromium ($("$chromium" --version 2>/dev/null | head -n1)), at most ${deadline}s"
FLOWBOOK_SITE=$site FLOWBOOK_CHROMIUM=$chromium FLOWBOOK_BROWSER_PROFILE=$profile \
  FLOWBOOK_BROWSER_OUTPUT=$output FLOWBOOK_BROWSER_TIMEOUT=$deadline \
  timeout --kill-after=15 "$((deadline + 30))" node "$root/browser/site.test.js" &
test_pid=$!
wait "$test_pid"  # in the background so that a signal reaches the trap at once
test_pid=""

if [[ $update_docs == yes ]]; then
  cp "$output/1-site-replay-mid.png" "$root/docs/site-replay.png"
  say "updated docs/site-replay.png"
fi
