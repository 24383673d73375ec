#!/usr/bin/env bash
# make_results_corpus.sh - (re)build the seed corpus of fuzz_results (tests/fuzz/corpus/results)
# from real outputs of a small scenario: `run -o` with and without a timeline, `compare`,
# `sweep` and `sensitivity` JSON, in the harness's layout (a flags byte, then result.json,
# samples.csv and cumulative_co2e.csv separated by NUL bytes; see fuzz_results.c).
#
#   bash tests/fuzz/make_results_corpus.sh /path/to/nascost
set -euo pipefail
NC=${1:?usage: make_results_corpus.sh /path/to/nascost}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=$src/tests/fuzz/corpus/results
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cat >"$tmp/small.yaml" <<'YAML'
scenario: small
title: "Two stages on a small cluster"
replications: 3
deadline: 2 d
sites:
  lab: {pue: 1.4, carbon_intensity: "300 to 400 g/kWh", cluster: {gpus: 4}}
stages:
  - {name: "=search", site: lab, trials: 6, gpus: 1, hardware: v100,
     duration: {dist: uniform, low: 3 h, high: 9 h}}
  - {name: final, site: lab, trials: 1, gpus: 2, hardware: v100, duration: 12 h}
YAML
# seed NAME FLAGS FILE...: FLAGS (one byte) then the files joined by NUL bytes
seed() {
  local name=$1 flags=$2
  shift 2
  {
    printf "$flags"
    local first=1
    for f in "$@"; do
      [ $first -eq 1 ] || printf '\0'
      first=0
      cat "$f"
    done
  } >"$out/seed-$name"
}
"$NC" run "$tmp/small.yaml" -o "$tmp/run" -q --plots "$tmp/fig" 2>/dev/null
"$NC" run "$tmp/small.yaml" -n 2 -o "$tmp/plain" -q
seed run-timeline '\001' "$tmp/run/result.json" "$tmp/run/samples.csv" "$tmp/run/cumulative_co2e.csv"
seed run '\001' "$tmp/plain/result.json" "$tmp/plain/samples.csv"
seed run-as-written '\000' "$tmp/plain/result.json" "$tmp/plain/samples.csv"
sed 's/trials: 6/trials: 4/' "$tmp/small.yaml" >"$tmp/fewer.yaml"
"$NC" compare "$tmp/small.yaml" "$tmp/fewer.yaml" -f json >"$tmp/compare.json"
"$NC" sweep "$tmp/small.yaml" --vary stages.final.trials=1,2 -f json >"$tmp/sweep.json"
"$NC" sensitivity "$tmp/small.yaml" -n 3 --sobol 0 -f json >"$tmp/sensitivity.json"
seed compare '\000' "$tmp/compare.json"
seed sweep '\000' "$tmp/sweep.json"
seed sensitivity '\000' "$tmp/sensitivity.json"
ls -l "$out"
