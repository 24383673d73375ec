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

# ---- CSV text that a spreadsheet would run as a formula -----------------------------------
# Stage names and compare labels beginning with = + - @ or ' come out quoted with a ' in front
# (OWASP, "CSV Injection"); numbers, negative ones too, stay bare; `plot` reads them back.
mkdir -p "$TMP/csv"
cat >"$TMP/csv/base.yaml" <<'YAML'
scenario: "=cmd|' /C calc'!A0"
replications: 20
sites:
  lab: {pue: 1.5, carbon_intensity: 400 g/kWh}
stages:
  - {name: "=HYPERLINK(\"http://x\")", site: lab, trials: 3, duration: 2 h, gpus: 1, hardware: v100}
  - {name: "-2+3", site: lab, trials: 3, duration: 2 h, gpus: 1, hardware: v100}
  - {name: "+1", site: lab, trials: 3, duration: 2 h, gpus: 1, hardware: v100}
  - {name: "@SUM(A1)", site: lab, trials: 3, duration: 2 h, gpus: 1, hardware: v100}
  - {name: "'quoted", site: lab, trials: 3, duration: 2 h, gpus: 1, hardware: v100}
  - {name: "plain", site: lab, trials: 3, duration: 2 h, gpus: 1, hardware: v100}
YAML
sed 's/trials: 3/trials: 2/' "$TMP/csv/base.yaml" >"$TMP/csv/=1+2.yaml"
# csv_safe FILE COLUMN NAME...: every field of COLUMN, read as CSV, is safe (no formula lead,
# or a ' in front of one) and is one of NAME... once that ' is dropped.
csv_safe() {
  if python3 - "$@" <<'PY'; then ok; else bad "$1: column $2 not neutralised"; fi
import csv, sys
path, col, names = sys.argv[1], int(sys.argv[2]), set(sys.argv[3:])
rows = list(csv.reader(open(path, newline="")))
assert len(rows) > 1, "no rows"
for r in rows[1:]:
    v = r[col]
    assert v[:1] not in "=+-@\t\r" or v == "", (path, v)
    text = v[1:] if v[:1] == "'" and v[1:2] and v[1:2] in "=+-@\t\r'" else v
    assert text in names, (path, v, text)
PY
}
STAGES=('=HYPERLINK("http://x")' '-2+3' '+1' '@SUM(A1)' "'quoted" plain total)
expect 0 "run -f csv, formula names" -- "$NC" run "$TMP/csv/base.yaml" -f csv
csv_safe "$TMP/out" 0 "${STAGES[@]}"
contains "$TMP/out" "^\"'=HYPERLINK(\"\"http://x\"\")\",trials," "summary: '= and quoted"
contains "$TMP/out" "^\"''quoted\",trials," "summary: a leading ' gets one more"
contains "$TMP/out" "^plain,trials," "summary: a plain name stays bare"
expect 0 "run -o, formula names" -- "$NC" run "$TMP/csv/base.yaml" -o "$TMP/csv/run" -q
csv_safe "$TMP/csv/run/samples.csv" 1 "${STAGES[@]}"
if command -v gnuplot >/dev/null 2>&1; then
  expect 0 "plot reads neutralised stage names back" -- \
    "$NC" plot "$TMP/csv/run" -o "$TMP/csv/fig" -q
  csv_safe "$TMP/csv/fig/stages.csv" 4 "${STAGES[@]}"
fi
expect 0 "compare -f csv, a label =1+2" -- \
  "$NC" compare "$TMP/csv/base.yaml" "$TMP/csv/=1+2.yaml" -n 20 -f csv
csv_safe "$TMP/out" 0 base =1+2
# the paired differences are negative here (fewer trials): numbers stay bare
contains "$TMP/out" "^\"'=1+2\",gpu_hours,difference,-[0-9]" "compare: a negative number is bare"

# ---- a scenario file name that is not UTF-8 -----------------------------------------------
# JSON keeps every object and every run; the bad bytes are U+FFFD each.
mkdir -p "$TMP/utf8"
BADNAME="$TMP/utf8/run-$(printf '\377\376').yaml"
cp "$LISA" "$BADNAME"
# json_names DESCRIPTION PYTHON: as check_json, with `want` the file name as JSON shows it
json_names() {
  if python3 -c "import json, os, sys
d = json.load(open(sys.argv[1]))
want = os.fsencode(sys.argv[2]).decode('utf-8', 'replace')
assert want.count('\ufffd') == 2, want
$2" "$TMP/out" "$BADNAME"; then ok; else bad "$1"; fi
}
expect 0 "run -f json, non-UTF-8 file name" -- "$NC" run "$BADNAME" -n 20 -f json
json_names "run -f json keeps the scenario object" \
  "assert d['scenario']['file'] == want and d['scenario']['name'] == 'lisa-rnd', d.keys()"
expect 0 "run -o, non-UTF-8 file name" -- "$NC" run "$BADNAME" -n 20 -o "$TMP/utf8/out" -q
cp "$TMP/utf8/out/result.json" "$TMP/out"
json_names "run -o: result.json keeps the scenario object" "assert d['scenario']['file'] == want"
expect 0 "compare, non-UTF-8 file name" -- "$NC" compare "$BADNAME" "$LISA" -n 20 -f json
json_names "compare keeps both runs" "
assert [r['label'] for r in d['runs']] == ['run-\ufffd\ufffd', 'lisa-rnd'], d['runs']
assert d['runs'][0]['file'] == want and len(d['paired']) == 1
assert d['paired'][0]['baseline'] == 'run-\ufffd\ufffd'"
expect 0 "compare -o, non-UTF-8 file name" -- \
  "$NC" compare "$LISA" "$BADNAME" -n 20 -o "$TMP/utf8/cmp" -q
cp "$TMP/utf8/cmp/compare.json" "$TMP/out"
json_names "compare -o keeps both runs" "assert len(d['runs']) == 2 and d['runs'][1]['file'] == want"
expect 0 "sweep, non-UTF-8 file name" -- \
  "$NC" sweep "$BADNAME" -n 20 --vary stages.grid-searches.trials=10,20 -f json
json_names "sweep keeps every point" "assert [r['file'] for r in d['runs']] == [want, want]"
expect 0 "budget, non-UTF-8 file name" -- "$NC" budget "$BADNAME" -n 20 -f json
json_names "budget keeps the scenario object" "assert d['scenario']['file'] == want"

echo "cli_trust_results: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
