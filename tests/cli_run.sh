#!/usr/bin/env bash
# cli_run.sh - the command line as a user meets it: help, version, exit statuses, formats,
# output files. Usage: bash tests/cli_run.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

expect 0 "--help" -- "$NC" --help
contains "$TMP/out" "nascost run scenarios/lisa-rnd.yaml" "--help shows an example"
expect 0 "--version" -- "$NC" --version
contains "$TMP/out" "^nascost [0-9]" "--version"
expect 2 "no command" -- "$NC"
expect 2 "unknown command" -- "$NC" frobnicate
contains "$TMP/err" "unknown command 'frobnicate'" "unknown command named"
for cmd in run check catalog; do
  expect 0 "$cmd --help" -- "$NC" $cmd --help
  contains "$TMP/out" "usage: nascost $cmd" "$cmd --help"
done

# run: usage errors are exit 2 and say what was wrong
expect 2 "run without scenario" -- "$NC" run
contains "$TMP/err" "which scenario" "run without scenario"
expect 2 "run -n 0" -- "$NC" run "$LISA" -n 0
contains "$TMP/err" "--replications expects a whole number" "run -n 0"
expect 2 "run --format xml" -- "$NC" run "$LISA" --format xml
expect 2 "run --bogus" -- "$NC" run "$LISA" --bogus
expect 2 "missing scenario file" -- "$NC" run "$TMP/nope.yaml"
contains "$TMP/err" "nope.yaml" "missing file names the path"
expect 2 "bad --set" -- "$NC" run "$LISA" --set nonsense
contains "$TMP/err" "PATH=VALUE" "bad --set explains the form"

# run: the table, with units and equivalents
expect 0 "run table" -- "$NC" run "$LISA" -n 200 -t 2
contains "$TMP/out" "stage grid-searches" "table names the stage"
contains "$TMP/out" "CO2e .* kg" "table has CO2e in kg"
contains "$TMP/out" "car lifetimes" "table has equivalents"
expect 0 "run --units lb" -- "$NC" run "$LISA" -n 50 --units lb
contains "$TMP/out" "CO2e .* lb" "--units lb"

# run: JSON is one valid document with the contract's keys; CSV has a header and rows
expect 0 "run json" -- "$NC" run "$LISA" -n 100 -f json
if python3 - "$TMP/out" <<'PY'; then ok; else bad "JSON shape"; fi
import json, sys
d = json.load(open(sys.argv[1]))
assert d["nascost"]["rng"] == "philox4x32-10" and d["nascost"]["seed"] == 2019
assert d["scenario"]["name"] == "lisa-rnd" and d["scenario"]["replications"] == 100
for m in ["trials", "failed_trials", "gpu_hours", "it_kwh", "facility_kwh", "co2e_kg",
          "cloud_usd", "electricity_usd"]:
    s = d["total"][m]
    assert set(s) >= {"mean", "sd", "se", "min", "max", "p5", "p50", "p95"}, m
    assert s["min"] <= s["p5"] <= s["p50"] <= s["p95"] <= s["max"], m
assert d["stages"][0]["name"] == "grid-searches"
assert "car-lifetime" in d["equivalents"]
assert "sites.lab.pue" in d["inputs"]
PY
expect 0 "run csv" -- "$NC" run "$LISA" -n 100 -f csv
contains "$TMP/out" "^stage,metric,unit,mean,sd,se,min,max,p5,p50,p95$" "CSV header"
metrics=$(grep -c '^total,' "$TMP/out")
[ "$metrics" -ge 8 ] && [ "$(wc -l <"$TMP/out")" -eq $((1 + 2 * metrics)) ] && ok ||
  bad "CSV has one row per stage x metric ($metrics metrics)"

# run -o: three files, nothing left half-written, same numbers as stdout JSON
expect 0 "run -o" -- "$NC" run "$LISA" -n 100 -o "$TMP/res" -q
[ ! -s "$TMP/out" ] && ok || bad "-q prints nothing"
for f in result.json summary.csv samples.csv; do [ -s "$TMP/res/$f" ] && ok || bad "-o wrote $f"; done
[ "$(ls "$TMP/res" | wc -l)" -eq 3 ] && ok || bad "-o leaves no temporary files"
[ "$(wc -l <"$TMP/res/samples.csv")" -eq 201 ] && ok || bad "samples.csv: 100 replications x 2 rows"
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
  expect 1 "unwritable output directory" -- "$NC" run "$LISA" -n 10 -o "$TMP/ro" -q
  contains "$TMP/err" "$TMP/ro" "unwritable directory named"
fi

# reproducible from the command line: threads do not change a byte of the samples
"$NC" run "$LISA" -n 60 -t 1 -o "$TMP/t1" -q && "$NC" run "$LISA" -n 60 -t 2 -o "$TMP/t2" -q
cmp -s "$TMP/t1/samples.csv" "$TMP/t2/samples.csv" && ok || bad "samples differ between 1 and 2 threads"
cmp -s "$TMP/t1/summary.csv" "$TMP/t2/summary.csv" && ok || bad "summary differs between 1 and 2 threads"

# --replication K replays the K-th row of a full run
"$NC" run "$LISA" --replication 7 -o "$TMP/r7" -q
diff <(grep '^7,' "$TMP/t1/samples.csv") <(grep '^7,' "$TMP/r7/samples.csv") >/dev/null && ok || bad "--replication 7 replays row 7"

# --point: one replication at nominal values
expect 0 "run --point" -- "$NC" run "$SRC/scenarios/strubell2019/nas-p100.yaml" --point --units lb
contains "$TMP/out" "626,155 lb" "NAS point estimate in lb"

# check and catalog
expect 0 "check lisa" -- "$NC" check "$LISA"
contains "$TMP/out" "ok: .* is valid" "check says valid"
expect 0 "catalog" -- "$NC" catalog
contains "$TMP/out" "titan-x-pascal" "catalog lists hardware"
expect 0 "catalog a100" -- "$NC" catalog a100
contains "$TMP/out" "sources:" "catalog entry shows sources"
expect 2 "catalog nothing" -- "$NC" catalog zzzz-nothing

# A duration whose spread is drawn per replication can make a gamma so skewed that most draws
# underflow to 0 h (shape ~1e-11; found by fuzz_dist): the run stops at that replication
# with status 2 and says so, instead of running trials of 0 hours.
cat >"$TMP/degenerate.yaml" <<'YAML'
scenario: degenerate
sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}
stages:
  - name: s
    trials: 10
    hardware: v100
    duration: {dist: gamma, mean: 2 h, sd: {dist: choice, values: [1 h, 775552 h]}}
YAML
expect 2 "a replication's degenerate gamma" -- "$NC" run "$TMP/degenerate.yaml" -n 20 -t 1
contains "$TMP/err" "stages.s.duration (replication [0-9]*): this distribution is too degenerate to sample" \
  "the degenerate replication is named"
contains "$TMP/err" "degenerate.yaml:7:15" "the degenerate input's position"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
