#!/usr/bin/env bash
# cli_trust_semantics.sh - the inputs a user is shown are the inputs the result depends on
# (issue 11, "Silent misreads"): `check`, the JSON inputs of `run`, the report's inputs and
# the tornado and Sobol' inputs of `sensitivity` list none the model does not read (the
# catalog's power fraction and TDP with gpu_w, embodied values with `embodied: false`, catalog
# prices without that pricing, the speed of a lone profile, a site no stage runs at); an
# override by alias changes the aliased entry, and a new name that shadows another is refused.
# Usage: bash tests/cli_trust_semantics.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"
export NASCOST_DATA=$SRC OMP_NUM_THREADS=1

# v100-pcie: uncertain power fraction and speed; its TDP made uncertain here
cat >"$TMP/gpu-w.yaml" <<'YAML'
scenario: gpu-w
replications: 40
catalog: {hardware: {v100-pcie: {tdp: "240 to 260 W"}}}
sites:
  lab: {pue: {dist: uniform, low: 1.2, high: 1.6}, carbon_intensity: "300 to 500 g/kWh"}
  spare: {pue: {dist: uniform, low: 1.1, high: 1.3}, carbon_intensity: 400 g/kWh}
stages:
  - name: train
    site: lab
    trials: 3
    hardware: v100-pcie
    duration: 2 h
    gpu_w: {dist: normal, mean: {dist: uniform, low: 200 W, high: 280 W}, sd: 20 W}
YAML
unread='hardware\.v100-pcie\.(tdp|power_fraction|speed|price_on_demand|price_spot|price_committed)|sites\.spare\.'

expect 0 "check of a gpu_w scenario" -- "$NC" check "$TMP/gpu-w.yaml"
if grep -Eq "$unread" "$TMP/out"; then bad "check lists inputs never read: $(grep -E "$unread" "$TMP/out")"; else ok; fi
contains "$TMP/out" "stages.train.gpu_w" "check lists gpu_w"
contains "$TMP/out" "hardware.v100-pcie.embodied" "check lists the embodied CO2e"

expect 0 "run -f json" -- "$NC" run "$TMP/gpu-w.yaml" -f json
check_json "the JSON inputs are the inputs read" "
import re
bad = [k for k in d['inputs'] if re.match(r'$unread', k)]
assert not bad, bad
assert 'stages.train.gpu_w' in d['inputs'] and 'hardware.v100-pcie.embodied' in d['inputs']"

expect 0 "sensitivity -f json (tornado and Sobol)" -- \
  "$NC" sensitivity "$TMP/gpu-w.yaml" -n 8 --sobol 16 --bootstrap 20 -f json
check_json "the tornado and Sobol' vary only inputs read" "
import re
paths = [i['path'] for i in d['inputs']]
bad = [p for p in paths if re.match(r'$unread', p)]
assert not bad, bad
assert 'stages.train.gpu_w.mean' in paths and 'sites.lab.pue' in paths, paths
assert all('sobol_first' in i for i in d['inputs'])"

expect 0 "report" -- "$NC" report "$TMP/gpu-w.yaml" -o "$TMP/report.html" -q
if grep -Eq "$unread" "$TMP/report.html"; then bad "the report's inputs table lists inputs never read"; else ok; fi
contains "$TMP/report.html" "hardware.v100-pcie.embodied" "the report lists the embodied CO2e"

# embodied: false: no embodied value anywhere
unread_emb='hardware\.v100-pcie\.(embodied|lifetime|utilisation)'
expect 0 "check with embodied: false" -- "$NC" check "$TMP/gpu-w.yaml" --set embodied=false
if grep -Eq "$unread_emb" "$TMP/out"; then bad "check lists embodied inputs with embodied: false"; else ok; fi
expect 0 "run -f json with embodied: false" -- "$NC" run "$TMP/gpu-w.yaml" -f json --set embodied=false
check_json "no embodied input in the JSON with embodied: false" "
import re
assert not [k for k in d['inputs'] if re.match(r'$unread_emb', k)], list(d['inputs'])"
expect 0 "sensitivity with embodied: false" -- "$NC" sensitivity "$TMP/gpu-w.yaml" -n 8 \
  --sobol 16 --bootstrap 20 -f json --set embodied=false
check_json "no embodied input in the tornado or Sobol' with embodied: false" "
import re
assert not [i['path'] for i in d['inputs'] if re.match(r'$unread_emb', i['path'])]"

# an override by alias changes the aliased entry (v100 is v100-sxm2)
cat >"$TMP/alias.yaml" <<'YAML'
scenario: alias
catalog: {hardware: {v100: {tdp: 290 W}}}
sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}
stages:
  - {name: train, trials: 10, hardware: v100, duration: 5 h}
YAML
expect 0 "an override by alias" -- "$NC" check "$TMP/alias.yaml"
contains "$TMP/out" "hardware.v100-sxm2.tdp *290 W" "the alias's entry takes the override"
contains "$TMP/out" "catalog overrides: hardware v100-sxm2 (as its alias 'v100')" \
  "check says which entry an override by alias changed"

# a new entry may not take a name another entry answers to (it would shadow it)
cat >"$TMP/shadow.yaml" <<'YAML'
scenario: shadow
catalog:
  pue: {mine: {name: Mine, pue: 1.3, aliases: [hyperscaler]}}
sites: {lab: {pue: hyperscaler, carbon_intensity: 400 g/kWh}}
stages:
  - {name: train, trials: 10, hardware: v100, duration: 5 h}
YAML
expect 2 "a new preset named like another" -- "$NC" check "$TMP/shadow.yaml"
contains "$TMP/err" "shadow.yaml:3:48: error: PUE preset 'mine' takes the alias 'hyperscaler', which already names PUE preset 'hyperscaler'" \
  "the shadowing alias is refused at the scenario"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
