#!/usr/bin/env bash
# cli_budget.sh - `nascost budget` as a user meets it: help, the table, JSON and CSV, the
# searches, output files and the exit statuses of bad input.
# Usage: bash tests/cli_budget.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

# help
expect 0 "budget --help" -- "$NC" budget --help
contains "$TMP/out" "usage: nascost budget" "budget --help: usage"
contains "$TMP/out" "--cap 40t --stage grid-searches" "budget --help: an example"
contains "$TMP/out" "Graham 1969" "budget --help: the anomalies"
expect 0 "--help" -- "$NC" --help
contains "$TMP/out" "budget SCENARIO.yaml" "nascost --help lists budget"

# what to ask for, and a cap
expect 0 "budget table" -- "$NC" budget "$LISA" -n 100 --cap 40t --units t
contains "$TMP/out" "to be 90% sure it is enough, ask for" "table: the question"
contains "$TMP/out" "CO2e .* t " "table: CO2e in tonnes"
contains "$TMP/out" "calendar time .* d" "table: the calendar"
contains "$TMP/out" "cap 40t on co2e_kg: P(total <= cap) = 0\.[0-9]* +/- " "table: the cap"
expect 0 "budget --confidence 95%" -- "$NC" budget "$LISA" -n 50 --confidence 95%
contains "$TMP/out" "to be 95% sure" "--confidence as a percentage"

# the most trials under a cap: P(N) >= c > P(N + 1)
expect 0 "budget --stage json" -- "$NC" budget "$LISA" -n 100 --cap 40t --stage grid-searches -f json
check_json "JSON: max trials bracket the confidence" "
t = d['max_trials']
assert d['confidence'] == 0.9 and t['stage'] == 'grid-searches' and t['met']
assert 0 < t['trials'] < 4789 and t['next']['trials'] == t['trials'] + 1
assert t['at']['probability'] >= 0.9 > t['next']['probability']
assert d['cap']['metric'] == 'co2e_kg' and d['cap']['value'] == 40000
assert set(d['quantiles']) >= {'gpu_hours', 'facility_kwh', 'co2e_kg', 'cloud_usd',
                               'electricity_usd', 'cost_usd', 'makespan_days'}
assert 'hardware_usd' not in d['quantiles']
assert d['gpus'] is None"

# the fewest GPUs by the deadline: 180 d cannot be met with 90% confidence on any cluster
expect 0 "budget --gpus json" -- "$NC" budget "$LISA" -n 100 --gpus lab -f json
check_json "JSON: no cluster meets the deadline" "
g = d['gpus']
assert g['site'] == 'lab' and not g['met'] and g['at_limit'] and g['fewer'] is None
assert g['at']['probability'] < 0.9 and g['gpus'] >= 60
assert d['scenario']['deadline_days'] == 180"
expect 0 "budget --gpus table" -- "$NC" budget "$LISA" -n 50 --gpus lab --confidence 0.5
contains "$TMP/out" "fewest GPUs at site lab to finish within 180 d with 50% confidence: [0-9]" \
  "table: fewest GPUs"
contains "$TMP/out" "GPUs: P(on time) = .* (one fewer)" "table: K - 1 shown"

# CSV: one row per quantity; the same for 1 and 2 threads
expect 0 "budget csv -t 1" -- "$NC" budget "$LISA" -n 100 --cap 250000gpu_h -f csv -t 1
cp "$TMP/out" "$TMP/t1.csv"
contains "$TMP/out" "^quantity,subject,at,unit,value,se$" "CSV header"
contains "$TMP/out" "^quantile,co2e_kg,,kg," "CSV quantile row"
contains "$TMP/out" "^p_under_cap,gpu_hours,,,0\.[0-9]*,0\.[0-9]*$" "CSV cap row"
expect 0 "budget csv -t 2" -- "$NC" budget "$LISA" -n 100 --cap 250000gpu_h -f csv -t 2
if cmp -s "$TMP/out" "$TMP/t1.csv"; then ok; else bad "CSV differs between 1 and 2 threads"; fi

# -o DIR with -q
expect 0 "budget -o -q" -- "$NC" budget "$LISA" -n 50 --cap 300000USD -o "$TMP/dir" -q
if [ ! -s "$TMP/out" ] && [ -s "$TMP/dir/budget.json" ] && [ -s "$TMP/dir/budget.csv" ]; then ok
else bad "-o DIR -q: files written, nothing printed"; fi
if python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$TMP/dir/budget.json"; then ok
else bad "-o DIR: budget.json parses"; fi

# bad input: exit 2 and a message that says what was wrong
CAPMSG="--cap expects an amount with a unit: 50000USD, 20t, 80MWh or 30000gpu_h"
expect 2 "--cap without unit" -- "$NC" budget "$LISA" --cap 20
contains "$TMP/err" "$CAPMSG; '20' has no unit" "--cap 20"
expect 2 "--cap in watts" -- "$NC" budget "$LISA" --cap 20W
contains "$TMP/err" "'20W' is a power" "--cap 20W"
expect 2 "--cap abc" -- "$NC" budget "$LISA" --cap abc
contains "$TMP/err" "$CAPMSG; got 'abc'" "--cap abc"
expect 2 "--cap typo" -- "$NC" budget "$LISA" --cap 20tonnez
contains "$TMP/err" "did you mean 'tonne'" "--cap 20tonnez"
expect 2 "--cap a time" -- "$NC" budget "$LISA" -n 10 --cap 300h
contains "$TMP/err" "is a time: write GPU-hours as '30000gpu_h'" "--cap 300h"
expect 2 "--cap and --metric of another dimension" -- "$NC" budget "$LISA" -n 10 --cap 20t \
  --metric facility_kwh
contains "$TMP/err" "cannot bound facility_kwh" "--cap 20t --metric facility_kwh"
expect 2 "--metric unknown" -- "$NC" budget "$LISA" -n 10 --cap 20t --metric co2e
contains "$TMP/err" "did you mean 'co2e_kg'" "--metric co2e"
expect 2 "--metric without --cap" -- "$NC" budget "$LISA" --metric co2e_kg
expect 2 "--stage without --cap" -- "$NC" budget "$LISA" --stage grid-searches
contains "$TMP/err" "--stage needs --cap" "--stage without --cap"
expect 2 "--stage unknown" -- "$NC" budget "$LISA" -n 10 --cap 40t --stage grid
contains "$TMP/err" "no stage named 'grid' (did you mean 'grid-searches'?)" "--stage grid"
expect 2 "--gpus unknown" -- "$NC" budget "$LISA" -n 10 --gpus lb
contains "$TMP/err" "no site named 'lb' (did you mean 'lab'?)" "--gpus lb"
cat >"$TMP/plain.yaml" <<'YAML'
scenario: plain
sites:
  lab: {pue: 1.2, carbon_intensity: 0.3}
stages:
  - name: train
    trials: 3
    hardware: v100
    duration: 10 h
YAML
expect 2 "--gpus without deadline" -- "$NC" budget "$TMP/plain.yaml" -n 10 --gpus lab
contains "$TMP/err" "--gpus needs a deadline" "--gpus without deadline"
expect 2 "--gpus without cluster" -- "$NC" budget "$TMP/plain.yaml" -n 10 --gpus lab --set deadline=30d
contains "$TMP/err" "site 'lab' has no cluster" "--gpus without cluster"
expect 0 "budget of a scenario without prices" -- "$NC" budget "$TMP/plain.yaml" -n 10 --cap 1t
contains "$TMP/out" "cap 1t on co2e_kg: P(total <= cap) = 1.000" "a cap that is always enough"
expect 2 "--confidence 1.5" -- "$NC" budget "$LISA" --confidence 1.5
contains "$TMP/err" "--confidence expects a number between 0 and 1" "--confidence 1.5"
expect 2 "budget without scenario" -- "$NC" budget
expect 2 "budget --bogus" -- "$NC" budget "$LISA" --bogus

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
