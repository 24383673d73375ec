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
expect 0 "sensitivity -f json, non-UTF-8 file name" -- \
  "$NC" sensitivity "$BADNAME" -n 10 --sobol 0 -f json
json_names "sensitivity JSON is whole" "assert d['scenario'] == 'lisa-rnd' and d['inputs'], d"

# ---- a results folder holds one run's files, or plot refuses it ------------------------------
# `plot` reads before it draws: without gnuplot a folder it accepts exits 1 ("gnuplot not
# found"), one it refuses exits 2 with a message naming both files.
plot_of() { NASCOST_GNUPLOT=/nonexistent "$NC" plot "$1" -o "$TMP/mix-fig" -q; }
# refused DESCRIPTION DIR FILE...: plot of DIR exits 2 and its message names each FILE
refused() {
  local what=$1 dir=$2
  shift 2
  plot_of "$dir" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq 2 ]; then ok; else bad "$what: plot exit $got, expected 2"; cat "$TMP/err" >&2; fi
  for f in "$@"; do contains "$TMP/err" "$dir/$f" "$what: the message names $f"; done
}
accepted() {
  plot_of "$2" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq 1 ] && grep -q "gnuplot not found" "$TMP/err"; then ok; else
    bad "$1: plot exit $got, expected 1 (read, not drawn)"; cat "$TMP/err" >&2
  fi
}
fresh() { rm -rf "$TMP/$1" && cp -r "$TMP/mix-$2" "$TMP/$1"; }
"$NC" run "$LISA" -n 20 --seed 1 -o "$TMP/mix-a" -q || bad "run a"
"$NC" run "$LISA" -n 20 --seed 2 -o "$TMP/mix-b" -q || bad "run b"
"$NC" run "$LISA" -n 20 --seed 1 -o "$TMP/mix-t" -q --plots "$TMP/mix-t-fig" 2>/dev/null ||
  bad "run t"
accepted "one run's folder" "$TMP/mix-a"
accepted "one run's folder with a timeline" "$TMP/mix-t"
check_json_file() { cp "$1" "$TMP/out"; check_json "$2" "$3"; }
check_json_file "$TMP/mix-t/result.json" "result.json lists the run's other files" "
assert sorted(d['files']) == ['cumulative_co2e.csv', 'samples.csv', 'summary.csv'], d['files']
assert all(len(f['fnv1a64']) == 16 and f['bytes'] > 0 for f in d['files'].values())"
fresh m1 a && cp "$TMP/mix-b/samples.csv" "$TMP/m1/"
refused "samples.csv of another run" "$TMP/m1" samples.csv result.json
fresh m2 a && cp "$TMP/mix-b/result.json" "$TMP/m2/"
refused "result.json of another run" "$TMP/m2" samples.csv result.json
# a run stopped (kill -9) after it wrote samples.csv and summary.csv over an older run, before
# its result.json: the older result.json no longer vouches for them
fresh m3 a && cp "$TMP/mix-b/samples.csv" "$TMP/mix-b/summary.csv" "$TMP/m3/"
refused "a run stopped before its result.json" "$TMP/m3" samples.csv result.json
fresh m4 a && cp "$TMP/mix-t/cumulative_co2e.csv" "$TMP/m4/"
refused "a timeline its result.json does not list" "$TMP/m4" cumulative_co2e.csv result.json
fresh m5 t && rm "$TMP/m5/cumulative_co2e.csv"
refused "a listed timeline missing" "$TMP/m5" cumulative_co2e.csv result.json
fresh m6 t && sed -i '2s/^1,/2,/' "$TMP/m6/cumulative_co2e.csv"
refused "a timeline changed after the run" "$TMP/m6" cumulative_co2e.csv
# a run without --plots over one with it removes the old timeline: the folder is one run's
fresh m7 t && "$NC" run "$LISA" -n 20 --seed 2 -o "$TMP/m7" -q || bad "run over t"
[ ! -e "$TMP/m7/cumulative_co2e.csv" ] && ok || bad "an earlier run's timeline was left behind"
accepted "a run over an older one" "$TMP/m7"
# one_run_or_refused WHAT DIR: plot of DIR refuses it (exit 2, saying why), or accepts it and
# then every file result.json lists is exactly as listed (sizes and FNV-1a recomputed here)
one_run_or_refused() {
  plot_of "$2" >/dev/null 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq 2 ] && grep -q "not written by the run of\|lists it" "$TMP/err"; then ok
  elif [ "$got" -eq 1 ] && python3 - "$2" <<'PY'; then ok; else bad "$1: plot exit $got"; cat "$TMP/err" >&2; fi
import json, sys
d = sys.argv[1]
def fnv(b):
    h = 0xcbf29ce484222325
    for c in b:
        h = ((h ^ c) * 0x100000001b3) % 2**64
    return "%016x" % h
for name, f in json.load(open(d + "/result.json"))["files"].items():
    data = open(d + "/" + name, "rb").read()
    assert len(data) == f["bytes"] and fnv(data) == f["fnv1a64"], name
PY
}
# two runs into one folder at once: whatever is left is one run's, or refused
for i in 1 2 3; do
  "$NC" run "$LISA" -n 200 --seed 1 -o "$TMP/m8" -q &
  p1=$!
  "$NC" run "$LISA" -n 200 --seed 2 -o "$TMP/m8" -q --plots "$TMP/m8-fig" 2>/dev/null &
  p2=$!
  wait $p1 $p2
  one_run_or_refused "two runs at once ($i)" "$TMP/m8"
done
# a run killed (SIGKILL: no handler runs) at some point of writing over an older run
cat >"$TMP/tiny.yaml" <<'YAML'
scenario: tiny
replications: 20
sites:
  lab: {pue: 1.5, carbon_intensity: "300 to 400 g/kWh"}
stages:
  - {name: s, site: lab, trials: 1, gpus: 1, hardware: v100, duration: {dist: uniform, low: 1 h, high: 2 h}}
YAML
for delay in 0.3 0.9 1.5 2.1; do
  rm -rf "$TMP/m10" && "$NC" run "$TMP/tiny.yaml" --seed 3 -o "$TMP/m10" -q || bad "run m10"
  "$NC" run "$TMP/tiny.yaml" -n 60000 --seed 4 -t 1 -o "$TMP/m10" -q & # ~2.5 s, 20 MB
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  one_run_or_refused "a run killed after ${delay}s" "$TMP/m10"
done
# and killed the moment its samples.csv replaced the older one's (before its result.json)
rm -rf "$TMP/m10" && "$NC" run "$TMP/tiny.yaml" --seed 3 -o "$TMP/m10" -q || bad "run m10"
old_inode=$(stat -c %i "$TMP/m10/samples.csv")
"$NC" run "$TMP/tiny.yaml" -n 60000 --seed 4 -t 1 -o "$TMP/m10" -q &
pid=$!
while kill -0 "$pid" 2>/dev/null && [ "$(stat -c %i "$TMP/m10/samples.csv")" = "$old_inode" ]; do
  sleep 0.01
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
one_run_or_refused "a run killed as its samples.csv landed" "$TMP/m10"
# an old result.json without the list is refused, not trusted
fresh m9 a && python3 -c "import json, sys
d = json.load(open(sys.argv[1])); del d['files']; json.dump(d, open(sys.argv[1], 'w'))" \
  "$TMP/m9/result.json"
refused "a result.json that lists no files" "$TMP/m9" result.json

# ---- counts read back are checked against what the files hold ------------------------------
# edit_json FILE PYTHON: rewrite JSON FILE after PYTHON changed `d`
edit_json() {
  python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
$2
json.dump(d, open(sys.argv[1], 'w'))" "$1"
}
fresh c1 a && edit_json "$TMP/c1/result.json" "d['scenario']['replications'] = 2**59 + 1"
refused "replications 2^59 + 1" "$TMP/c1" result.json
contains "$TMP/err" "replications" "2^59 + 1: says which count"
fresh c2 a && edit_json "$TMP/c2/result.json" "d['scenario']['replications'] = 100000000"
refused "replications 10^8 in a file of 20" "$TMP/c2" samples.csv
contains "$TMP/err" "too small for the replications" "10^8: what is wrong"
fresh c3 a && edit_json "$TMP/c3/result.json" "d['stages'].append({'name': 'extra'})"
refused "one stage more than samples.csv" "$TMP/c3" samples.csv
fresh c4 a && edit_json "$TMP/c4/result.json" "d['scenario']['replications'] = -3"
refused "replications -3" "$TMP/c4" result.json
fresh c5 a && edit_json "$TMP/c5/result.json" "d['equivalents']['car-lifetime']['co2e_kg'] = 0"
refused "an equivalent of 0 kg" "$TMP/c5" result.json
mkdir -p "$TMP/c6" && mkfifo "$TMP/c6/result.json"
if timeout 10 env NASCOST_GNUPLOT=/nonexistent "$NC" plot "$TMP/c6" -q >/dev/null 2>"$TMP/err"; then
  bad "a FIFO result.json: accepted"
else
  [ $? -eq 124 ] && bad "a FIFO result.json: plot hangs" || ok
  contains "$TMP/err" "not a regular file" "a FIFO result.json"
fi
"$NC" compare "$LISA" "$LISA" -n 20 -o "$TMP/cmp" -q || bad "compare -o"
"$NC" sensitivity "$LISA" -n 10 --sobol 0 -o "$TMP/sens" -q || bad "sensitivity -o"
# json_refused DESCRIPTION FILE PYTHON: FILE changed by PYTHON is refused by plot, exit 2
json_refused() {
  cp "$2" "$TMP/edited.json" && edit_json "$TMP/edited.json" "$3"
  plot_of "$TMP/edited.json" >/dev/null 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq 2 ]; then ok; else bad "$1: plot exit $got, expected 2"; cat "$TMP/err" >&2; fi
  contains "$TMP/err" "edited.json" "$1: the file is named"
}
json_refused "compare: a paired entry missing" "$TMP/cmp/compare.json" "d['paired'] = []"
json_refused "compare: no runs" "$TMP/cmp/compare.json" "d['runs'] = []; d['paired'] = []"
json_refused "compare: a run without a label" "$TMP/cmp/compare.json" "del d['runs'][1]['label']"
json_refused "compare: a band that is text" "$TMP/cmp/compare.json" \
  "d['runs'][0]['total']['co2e_kg']['p50'] = 'x'"
json_refused "compare: replications 0" "$TMP/cmp/compare.json" "d['replications'] = 0"
json_refused "sensitivity: a value that is text" "$TMP/sens/sensitivity.json" \
  "d['inputs'][0]['value_p5'] = 'x'"
json_refused "sensitivity: no inputs list" "$TMP/sens/sensitivity.json" "d['inputs'] = 3"

echo "cli_trust_results: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
