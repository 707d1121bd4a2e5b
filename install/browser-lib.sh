# Sourced by browser-test.sh and site-browser-test.sh: their arguments, Chromium, Node.js and the test's npm dependencies.
# Expects `here`, `root` and `say` of the sourcing script.

# Parses the scripts' one option: sets update_docs=yes for --update-docs; --help prints the
# sourcing script's header; anything else is refused with exit status 2.
browser_test_arguments() {
  update_docs=no
  while [[ $# -gt 0 ]]; do
    case $1 in
      --update-docs) update_docs=yes; shift ;;
      -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
      *) say "unknown argument: $1 (see --help)"; exit 2 ;;
    esac
  done
}

# shellcheck source=container-lib.sh
source "$here/container-lib.sh"  # for as_root and apt_install

# Sets chromium to FLOWBOOK_CHROMIUM or /usr/bin/chromium; when that is missing and apt-get is
# there (and FLOWBOOK_CHROMIUM unset), installs the Debian packages named in $@.
find_chromium() {
  chromium=${FLOWBOOK_CHROMIUM:-/usr/bin/chromium}
  [[ -x "$chromium" ]] && return 0
  if [[ -n "${FLOWBOOK_CHROMIUM:-}" ]] || ! command -v apt-get >/dev/null 2>&1; then
    say "no Chromium at $chromium: install Chromium (Debian: apt-get install $*) or set FLOWBOOK_CHROMIUM"
    exit 1
  fi
  say "Chromium missing; installing the Debian packages $*"
  apt_install "$@"
}

# Checks for Node.js >= 20 with npm, then runs `npm ci` in browser/: always with "always", only
# when playwright-core is not installed yet with "if-missing".
browser_npm_dependencies() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "Node.js and npm not found: install Node.js >= 20 with npm and run again"
    exit 1
  fi
  if [[ $(node -p 'process.versions.node.split(".")[0]') -lt 20 ]]; then
    say "Node.js $(node --version) is too old: install Node.js >= 20 (playwright-core needs it)"
    exit 1
  fi
  if [[ $1 == always || ! -d "$root/browser/node_modules/playwright-core" ]]; then
    say "installing the test's npm dependencies (npm ci in browser/)"
    (cd "$root/browser" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}
