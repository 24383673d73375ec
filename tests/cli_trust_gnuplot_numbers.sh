#!/usr/bin/env bash
# cli_trust_gnuplot_numbers.sh - numbers that look right and are (issue 11, "Silent misreads"):
#   - one mass conversion (nc_output_scale) in every output and every unit the command line
#     accepts (kg, t, lb): tables, the report (its equivalents table was 10^6 too large in t
#     and inverted in lb), figures, budget; JSON and CSV stay canonical (kg) whatever --units;
#   - undefined is not zero: utilisation without a cluster and on_time without a deadline are
#     null in JSON, empty in CSV, absent from tables, the report and figures;
#   - counts print as whole numbers ("50 replications", "trials 1"); --point prints no band.
# Usage: bash tests/cli_trust_gnuplot_numbers.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

ELMO="$SRC/scenarios/strubell2019/elmo.yaml" # no cluster, no deadline, one trial
export NASCOST_GNUPLOT=/nonexistent/gnuplot   # figures' data and scripts only: fast
lacks() { if grep -q -- "$2" "$1"; then bad "$3: '$2' in $(basename "$1")"; else ok; fi; }

# ---- one mass conversion, every unit --------------------------------------------------------

expect 0 "run -o (kg)" -- "$NC" run "$LISA" -n 60 -t 2 -q -o "$TMP/lisa"
for unit in kg t lb; do
  # kg per unit: unit_table.c's table (lb: 0.45359237 kg exactly, NIST SP 811 B.8)
  case $unit in kg) per=1 ;; t) per=1000 ;; lb) per=0.45359237 ;; esac
  expect 0 "run --units $unit" -- "$NC" run "$LISA" -n 60 -t 2 --units $unit
  cp "$TMP/out" "$TMP/table-$unit"
  expect 0 "run -f json --units $unit" -- "$NC" run "$LISA" -n 60 -t 2 -f json --units $unit
  cp "$TMP/out" "$TMP/json-$unit"
  expect 0 "run -f csv --units $unit" -- "$NC" run "$LISA" -n 60 -t 2 -f csv --units $unit
  cp "$TMP/out" "$TMP/csv-$unit"
  expect 1 "plot --units $unit" -- "$NC" plot "$TMP/lisa" -o "$TMP/fig-$unit" --units $unit -q
  expect 1 "report --units $unit" -- env NASCOST_GNUPLOT=/nonexistent/gnuplot "$NC" report \
    "$LISA" -n 60 -t 2 -q --units $unit -o "$TMP/report-$unit.html"
  expect 0 "budget --units $unit" -- "$NC" budget "$LISA" -n 60 -t 2 --units $unit
  cp "$TMP/out" "$TMP/budget-$unit"
  if python3 - "$TMP" "$unit" "$per" <<'PY'; then ok; else bad "--units $unit: a mass is not kg / $per"; fi
import csv, html, json, re, sys
tmp, unit, per = sys.argv[1], sys.argv[2], float(sys.argv[3])
num = lambda s: float(s.replace(",", ""))
def close(a, b, rel):
    return abs(a - b) <= rel * abs(b)
kg = json.load(open(f"{tmp}/json-{unit}"))["total"]["co2e_kg"]["p50"]
# the table: "  CO2e   123 [100 - 150] t" (3 significant digits)
line = [l for l in open(f"{tmp}/table-{unit}") if re.match(r"\s+CO2e\s", l)][-1]
m = re.match(r"\s+CO2e\s+([0-9.,e+-]+) \[.*\] (\S+)$", line)
assert m and m.group(2) == unit, line
assert close(num(m.group(1)), kg / per, 0.01), line
# the figures' data: stages.csv's p50 column in the unit, equal to kg / per
rows = list(csv.DictReader(open(f"{tmp}/fig-{unit}/stages.csv")))
assert close(float(rows[-1][f"p50_{unit}"]), kg / per, 0.02), rows[-1]
bars = {r["what"]: r for r in csv.DictReader(open(f"{tmp}/fig-{unit}/benchmarks.csv"))}
car = float(bars["Car, avg incl. fuel, 1 lifetime"][f"co2e_{unit}"])
assert close(car, 126000 * 0.45359237 / per, 1e-12), car  # Strubell 2019 Table 1: 126,000 lb
# the report: the headline and the equivalents' "one of them" in the unit
page = html.unescape(open(f"{tmp}/report-{unit}.html").read())
m = re.search(r"emits a median of <strong>([0-9.,]+) (\S+) CO\u2082e", page)
assert m and m.group(2) == unit and close(num(m.group(1)), kg / per, 0.01), m and m.group(0)
m = re.search(r"Average car, one lifetime including fuel: ([0-9.,]+) ([^\s<]+)<", page)
want = {"kg": "57,153", "t": "57.2", "lb": "126,000"}[unit]
assert m and m.group(1) == want and m.group(2) == unit, (m and m.group(0), want)
# budget: the CO2e to ask for, in the unit, near the JSON's quantiles (P90 >= median)
line = [l for l in open(f"{tmp}/budget-{unit}") if re.match(r"\s+CO2e", l)][0]
m = re.match(r"\s+CO2e\s+([0-9.,]+) (\S+)", line)
assert m and m.group(2) == unit and kg / per * 0.98 <= num(m.group(1)) <= kg / per * 1.5, line
PY
done
# JSON and CSV are canonical whatever --units (keys and columns say kg)
for unit in t lb; do
  if python3 -c "import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
sys.exit(a['total'] != b['total'] or a['stages'] != b['stages'])" "$TMP/json-kg" "$TMP/json-$unit"
  then ok; else bad "--units $unit changed the JSON"; fi
  if cmp -s "$TMP/csv-kg" "$TMP/csv-$unit"; then ok; else bad "--units $unit changed the CSV"; fi
done

# ---- undefined is not zero ------------------------------------------------------------------

expect 0 "run -f json, no cluster, no deadline" -- "$NC" run "$ELMO" -n 20 -t 2 -f json
check_json "utilisation and on_time null without a cluster and a deadline" "
assert d['total']['utilisation'] is None and d['total']['on_time'] is None
assert d['stages'][0]['metrics']['utilisation'] is None
assert d['total']['co2e_kg']['p50'] > 0"
expect 0 "run -f json, with cluster and deadline" -- "$NC" run "$LISA" -n 20 -t 2 -f json
check_json "utilisation of the total and on_time defined with a cluster and a deadline" "
assert d['total']['utilisation']['p50'] > 0.5 and 0 <= d['total']['on_time']['mean'] <= 1
assert d['stages'][0]['metrics']['on_time'] is not None
assert d['stages'][0]['metrics']['utilisation'] is None  # a stage has no utilisation"
expect 0 "run -f csv, no cluster" -- "$NC" run "$ELMO" -n 20 -t 2 -f csv
contains "$TMP/out" "^total,utilisation,,,,,,,,,$" "utilisation empty in CSV"
contains "$TMP/out" "^total,on_time,,,,,,,,,$" "on_time empty in CSV"
contains "$TMP/out" "^total,co2e_kg,kg,[0-9]" "a defined metric keeps its numbers"
expect 0 "run -o, no cluster" -- "$NC" run "$ELMO" -n 20 -t 2 -q -o "$TMP/elmo"
if python3 - "$TMP/elmo/samples.csv" <<'PY'; then ok; else bad "samples.csv: undefined metrics not empty"; fi
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(r["utilisation"] == "" and r["on_time"] == "" for r in rows)
assert all(float(r["co2e_kg"]) > 0 for r in rows)
PY
expect 0 "run, no cluster" -- "$NC" run "$ELMO" -n 20 -t 2
lacks "$TMP/out" "utilisation" "no utilisation in the table without a cluster"
lacks "$TMP/out" "probability of finishing" "no deadline line without a deadline"
expect 1 "report, no cluster" -- env NASCOST_GNUPLOT=/nonexistent/gnuplot "$NC" report "$ELMO" \
  -n 20 -t 2 -q -o "$TMP/elmo.html"
lacks "$TMP/elmo.html" "GPU utilisation" "no utilisation in the report without a cluster"
lacks "$TMP/elmo.html" "Finished within" "no deadline card without a deadline"
expect 2 "plot --metric utilisation without a cluster" -- "$NC" plot "$TMP/elmo" \
  -o "$TMP/elmo-fig" --metric utilisation -q
contains "$TMP/err" "has no utilisation" "plot says the run has no utilisation"
expect 2 "plot --metric on_time without a deadline" -- "$NC" plot "$TMP/elmo" \
  -o "$TMP/elmo-fig" --metric on_time -q
expect 1 "plot --metric utilisation with a cluster (no gnuplot)" -- "$NC" plot "$TMP/lisa" \
  -o "$TMP/lisa-util" --metric utilisation -q
contains "$TMP/lisa-util/distribution.csv" "^bin_low_pct" "utilisation drawn in percent"

expect 0 "compare -f json, no cluster" -- "$NC" compare "$ELMO" "$ELMO" -n 20 -t 2 -f json
check_json "compare: utilisation and on_time null in each run and each difference" "
for run in d['runs']:
    assert run['total']['utilisation'] is None and run['total']['on_time'] is None
assert d['paired'][0]['metrics']['utilisation'] is None
assert d['paired'][0]['metrics']['co2e_kg']['difference'] is not None"
expect 0 "compare -f csv, no cluster" -- "$NC" compare "$ELMO" "$ELMO" -n 20 -t 2 -f csv
contains "$TMP/out" "^elmo,utilisation,value,,,,,,,,,$" "compare CSV: utilisation empty"
contains "$TMP/out" "^elmo,on_time,difference,,,,,,,,,$" "compare CSV: on_time's difference empty"
expect 0 "compare -o, no cluster" -- "$NC" compare "$ELMO" "$ELMO" -n 20 -t 2 -q -o "$TMP/cmp"
expect 2 "plot --metric utilisation of a compare without a cluster" -- "$NC" plot \
  "$TMP/cmp/compare.json" --metric utilisation -q
contains "$TMP/err" "no run has utilisation" "plot says no run has utilisation"

# ---- counts are whole numbers; --point prints no band ---------------------------------------

expect 0 "run, one trial" -- "$NC" run "$ELMO" -n 50 -t 2
contains "$TMP/out" "^  trials               1$" "trials 1, not 1.00"
expect 0 "run lisa" -- "$NC" run "$LISA" -n 50 -t 2
contains "$TMP/out" "^  trials               4,789$" "trials 4,789"
if grep -E "^  (trials|failed trials|pre-emptions) " "$TMP/out" | grep -q '\.'; then
  bad "a count with decimals: $(grep -E '^  (trials|failed trials) ' "$TMP/out")"
else ok; fi
expect 1 "plot of 60 replications" -- "$NC" plot "$TMP/lisa" -o "$TMP/caption" -q
contains "$TMP/caption/distribution.gp" "· 60 replications ·" "the caption: 60 replications, not 60.0"
expect 1 "plot --metric trials" -- "$NC" plot "$TMP/elmo" -o "$TMP/trials" --metric trials -q
contains "$TMP/trials/distribution.gp" "^p50_text = 'P50 1'$" "a count's median in a figure"
contains "$TMP/report-kg.html" "Across 60 simulated" "the report: 60 replications"
lacks "$TMP/report-kg.html" "Across 60.0" "the report: no 60.0"
if python3 - "$TMP/elmo.html" <<'PY'; then ok; else bad "the report's trials cell is not a whole number"; fi
import re, sys
page = open(sys.argv[1]).read()
m = re.search(r'<th scope="row">trials</th><td></td><td class="num">([^<]*)<', page)
assert m and m.group(1) == "1", m and m.group(0)
PY

# no +/- and no Monte Carlo error where there is no uncertainty
expect 0 "run, CO2e without spread" -- "$NC" run "$ELMO" -n 50 -t 2
lacks "$TMP/out" "Monte Carlo error" "no Monte Carlo error of a CO2e without spread"
expect 0 "run, every replication on time" -- "$NC" run "$LISA" -n 30 -t 2 --set deadline=400d
contains "$TMP/out" "^probability of finishing within 400 d: 1.000$" "on time in all: no +/-"
contains "$TMP/out" "^Monte Carlo error" "a CO2e with spread keeps its Monte Carlo error"

expect 0 "run --point" -- "$NC" run "$LISA" --point -t 2
lacks "$TMP/out" "\[" "--point: no band in the table"
lacks "$TMP/out" "+/-" "--point: no +/- in the table"
lacks "$TMP/out" "Monte Carlo error" "--point: no Monte Carlo error"
contains "$TMP/out" "^probability of finishing within 180 d: [01].000$" "--point: the deadline alone"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
