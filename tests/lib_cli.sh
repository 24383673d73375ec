# lib_cli.sh - what the command-line tests share; sourced by tests/cli_*.sh, whose arguments
# it reads: /path/to/nascost /path/to/source. Gives NC, SRC, LISA, a temporary directory TMP
# (removed at exit), the counters and: ok, bad, expect, contains, check_json.
set -u
NC=$1
SRC=$2
LISA="$SRC/scenarios/lisa-rnd.yaml"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps stdout/stderr in $TMP/out, $TMP/err
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; cat "$TMP/err" >&2; fi
}
contains() { if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; fi; }

# check_json DESCRIPTION PYTHON: runs PYTHON with the JSON document of $TMP/out as `d`
check_json() {
  if python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
$2" "$TMP/out"; then ok; else bad "$1"; fi
}
