#!/usr/bin/env bash
# cli_trust_numerics.sh - issue 11, the numerics items, through the command line:
#  - a beta of mean 0.5 and sd 3e-4 (shapes 1.39e6, where GSL's inverse beta CDF never
#    returned) loads, runs and is analysed in seconds;
#  - a one-trial stage's per-trial gpu_w is a factor of `sensitivity` (per_trial in JSON);
#  - sensitivity's JSON is byte-identical for 1 and 2 threads (it carries no timing).
# Usage: bash tests/cli_trust_numerics.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

cat > "$TMP/beta.yaml" <<'YAML'
scenario: beta-narrow
seed: 1
replications: 200
sites:
  lab: {pue: 1.5, carbon_intensity: 0.4 kg/kWh}
stages:
  - name: train
    site: lab
    trials: 3
    gpus: 1
    hardware: v100-sxm2
    duration: {dist: uniform, low: 1 h, high: 2 h}
    power_fraction: {dist: beta, mean: 0.5, sd: 3e-4, min: 0.4999}
YAML
expect 0 "check of a beta with sd 3e-4" -- timeout 20 "$NC" check "$TMP/beta.yaml"
expect 0 "run of a beta with sd 3e-4" -- timeout 20 "$NC" run "$TMP/beta.yaml" -q
expect 0 "sensitivity of a beta with sd 3e-4" -- timeout 20 "$NC" sensitivity "$TMP/beta.yaml" \
  -n 20 --sobol 64 --bootstrap 20
contains "$TMP/out" "power_fraction (per trial" "the beta's per-trial draws are a factor"

cat > "$TMP/one.yaml" <<'YAML'
scenario: one-trial
embodied: false
sites:
  lab: {pue: {dist: uniform, low: 1.2, high: 1.8}, carbon_intensity: 0.4 kg/kWh}
stages:
  - {name: s, trials: 1, hardware: v100-sxm2, duration: 10 h, host_w_per_gpu: 0 W,
     gpu_w: {dist: uniform, low: 270 W, high: 330 W}}
YAML
expect 0 "sensitivity of a one-trial stage" -- "$NC" sensitivity "$TMP/one.yaml" -f json \
  --metric facility_kwh --sobol 1024 --bootstrap 50 -t 1
check_json "gpu_w is a per-trial factor with a share near 0.2" '
w = [i for i in d["inputs"] if i["path"] == "stages.s.gpu_w"][0]
assert w["per_trial"] is True and 0.1 < w["sobol_first"] < 0.3, w
assert [i for i in d["inputs"] if i["path"] == "sites.lab.pue"][0]["per_trial"] is False'

# two scenarios: the one-trial stage, and lisa-rnd cut to 50 trials
same_for_threads() {
  local what=$1
  shift
  for t in 1 2; do
    "$NC" sensitivity "$@" -n 10 --sobol 128 --bootstrap 40 -f json -t "$t" \
      >"$TMP/sens-$t.json" 2>"$TMP/err" || bad "$what with $t threads: $(cat "$TMP/err")"
  done
  if [ -s "$TMP/sens-1.json" ] && cmp -s "$TMP/sens-1.json" "$TMP/sens-2.json"; then ok
  else bad "sensitivity of $what: 1 and 2 threads differ"; fi
}
same_for_threads "one trial" "$TMP/one.yaml"
same_for_threads "lisa-rnd" "$LISA" --set stages.grid-searches.trials=50

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
