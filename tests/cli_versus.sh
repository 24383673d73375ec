#!/usr/bin/env bash
# cli_versus.sh - `nascost compare` and `nascost sweep` as a user meets them.
# Usage: bash tests/cli_versus.sh /path/to/nascost /path/to/source
set -u
NC=$1
SRC=$(cd "$2" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
run() { "$@" >"$TMP/out" 2>"$TMP/err"; echo $?; }
has() { grep -q -- "$2" "$1" && ok || bad "$3: '$2' not found"; }

LISA="$SRC/scenarios/lisa-rnd.yaml"
W="$SRC/scenarios/whatif"

[ "$(run "$NC" compare --help)" = 0 ] && ok || bad "compare --help"
has "$TMP/out" "usage: nascost compare" "compare --help"
[ "$(run "$NC" compare "$LISA")" = 2 ] && ok || bad "compare needs two files"
has "$TMP/err" "at least 2" "compare with one file"

# a scenario against itself: every difference is exactly 0, P(lower) 0
[ "$(run "$NC" compare "$LISA" "$LISA" -n 50 -f json)" = 0 ] && ok || bad "compare self"
python3 - "$TMP/out" <<'PY' && ok || bad "self-comparison is exactly zero"
import json, sys
d = json.load(open(sys.argv[1]))
for m, p in d["paired"][0]["metrics"].items():
    assert p["difference"]["min"] == 0 and p["difference"]["max"] == 0, m
    assert p["p_lower"] == 0, m
PY
# a variant that changes only the price: energy and CO2e differences are exactly 0
cat > "$TMP/pricier.yaml" <<YAML
extends: $LISA
pricing: {gpu_hour: 2.48 USD/h}
YAML
[ "$(run "$NC" compare "$LISA" "$TMP/pricier.yaml" -n 50 -f json)" = 0 ] && ok || bad "price variant"
python3 - "$TMP/out" <<'PY' && ok || bad "a price change leaves energy and CO2e alone"
import json, sys
d = json.load(open(sys.argv[1]))["paired"][0]["metrics"]
for m in ["gpu_hours", "it_kwh", "facility_kwh", "co2e_kg"]:
    assert d[m]["difference"]["min"] == 0 and d[m]["difference"]["max"] == 0, m
assert d["cloud_usd"]["difference"]["min"] > 0
PY
[ "$(run "$NC" compare "$W/grid-search.yaml" "$W/asha.yaml" -n 200)" = 0 ] && ok || bad "grid vs asha"
has "$TMP/out" "P(lower)" "compare table"
has "$TMP/out" "asha " "compare names the variant"

[ "$(run "$NC" sweep "$LISA")" = 2 ] && ok || bad "sweep without --vary"
has "$TMP/err" "what to vary" "sweep without --vary"
[ "$(run "$NC" sweep "$LISA" --vary stages.grid-searches.trials=500:1500:3 -n 40 -f csv)" = 0 ] &&
  ok || bad "sweep linspace"
has "$TMP/out" '^stages.grid-searches.trials=1000,' "linspace middle value"
[ "$(run "$NC" sweep "$LISA" --vary 'sites.lab.pue=1.1,{dist: uniform, low: 1.2, high: 1.4}' \
      --vary stages.grid-searches.trials=100,200 -n 20 -f json)" = 0 ] && ok || bad "sweep grid"
python3 - "$TMP/out" <<'PY' && ok || bad "a 2 x 2 grid has 4 runs"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["runs"]) == 4 and d["analysis"] == "sweep"
PY
[ "$(run "$NC" sweep "$LISA" --vary stages.grid-searches.trials=1:2:1)" = 2 ] && ok || bad "bad steps"
[ "$(run "$NC" sweep "$LISA" --vary sites.lab.pue=0.5 -n 5)" = 2 ] && ok || bad "bad value is exit 2"
has "$TMP/err" "at least 1" "bad PUE explained"
[ "$(run "$NC" sweep "$LISA" --vary 'sites.lab.pue=1.2,1.4' -n 20 -o "$TMP/sw" -q)" = 0 ] &&
  ok || bad "sweep -o"
[ -s "$TMP/sw/sweep.json" ] && [ -s "$TMP/sw/sweep.csv" ] && ok || bad "sweep -o files"

# sensitivity: the ranking is printed, and on lisa-rnd the first-order indices sum to ~1
[ "$(run "$NC" sensitivity --help)" = 0 ] && ok || bad "sensitivity --help"
[ "$(run "$NC" sensitivity "$LISA" --set stages.grid-searches.trials=300 -n 20 --sobol 256 \
      --bootstrap 100)" = 0 ] && ok || bad "sensitivity table"
has "$TMP/out" "swing" "tornado printed"
has "$TMP/out" "sum of first-order indices" "Sobol printed"
[ "$(run "$NC" sensitivity "$LISA" --set stages.grid-searches.trials=300 -n 20 --sobol 256 \
      --bootstrap 100 -f json)" = 0 ] && ok || bad "sensitivity json"
python3 - "$TMP/out" <<'PY' && ok || bad "first-order indices of lisa-rnd sum to about 1"
import json, sys
d = json.load(open(sys.argv[1]))
s = sum(i["sobol_first"] for i in d["inputs"])
assert 0.85 < s < 1.15, s
assert d["inputs"][0]["rank"] == 1 and d["inputs"][0]["swing"] >= d["inputs"][-1]["swing"]
PY
[ "$(run "$NC" sensitivity "$LISA" --metric nonsense)" = 2 ] && ok || bad "unknown metric"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
