#!/usr/bin/env bash
# cli_trust_units.sh - silent misreads (issue 11), through `nascost check --set`: each
# dimensioned field out of its plausible range, bare and with a unit, refused with exit 2
# and its golden message (naming the unit it was likely meant in); distributions checked by
# their parameters and spread; composed units and thousands separators read; suggestions that
# stay in the field's dimension. Every message is compared byte for byte.
#
#   bash tests/cli_trust_units.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"
case $NC in /*) ;; *) NC=$PWD/$NC ;; esac
SRC=$(cd "$SRC" && pwd) || exit 1
export NASCOST_DATA=$SRC
cd "$TMP" || exit 1
cat > s.yaml <<'YAML'
scenario: t
sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}
stages:
  - {name: s, trials: 10, hardware: v100, duration: 5 h}
YAML

# refused 'PATH=VALUE' 'MESSAGE': exit 2 and exactly "nascost: --set PATH: error: MESSAGE"
refused() {
  local path=${1%%=*}
  expect 2 "--set $1" -- "$NC" check s.yaml --set "$1"
  local want="nascost: --set $path: error: $2"
  if [ "$(cat "$TMP/err")" = "$want" ]; then ok; else
    bad "--set $1: message differs"; printf '  got:  %s\n  want: %s\n' "$(cat "$TMP/err")" "$want" >&2
  fi
}
# reads 'PATH=VALUE' 'INPUT LINE': exit 0 and the `check` listing holds the canonical value
reads() {
  expect 0 "--set $1" -- "$NC" check s.yaml --set "$1"
  if grep -qE -- "^  $2\$" "$TMP/out"; then ok; else
    bad "--set $1: no line '$2' in"; cat "$TMP/out" >&2
  fi
}

ci="grid's carbon intensity (at most 1.5 kg/kWh)"
# --- sites ---------------------------------------------------------------------------------
refused 'sites.lab.pue=4' "4 is above any data centre's PUE (at most 3)"
refused 'sites.lab.pue=350%' "350% is above any data centre's PUE (at most 3)"
refused 'sites.lab.pue=150' "150 is above any data centre's PUE (at most 3): did you mean 150%?"
refused 'sites.lab.carbon_intensity=431' \
  "'431', read as 431 kg/kWh, is above any $ci: did you mean 431 g/kWh?"
refused 'sites.lab.carbon_intensity=431 kg/kWh' "431 kg/kWh is above any $ci: did you mean 431 g/kWh?"
refused 'sites.lab.carbon_intensity=951 lb/kWh' "951 lb/kWh is above any $ci: did you mean 951 lb/MWh?"
refused 'sites.lab.carbon_intensity=431 tCO2e/kWh' "431 tCO2e/kWh is above any $ci: did you mean 431 g/kWh?"
refused 'sites.lab.carbon_intensity={profile: gb-2021, scale: 110}' \
  "sites.lab.carbon_intensity.scale: 110 is above any scale of an hourly grid (at most 50): did you mean 110%? (it is a factor: 1 keeps the profile, 110% is 1.1)"
refused 'sites.lab.carbon_intensity={profile: gb-2021, scale: 6000%}' \
  "sites.lab.carbon_intensity.scale: 6000% is above any scale of an hourly grid (at most 50); it is a factor: 1 keeps the profile, 110% is 1.1"
refused 'sites.lab.electricity_price=120' \
  "'120', read as 120 USD/kWh, is above any electricity price (at most 1 USD/kWh): did you mean 120 USD/MWh? (12 cents a kWh is 0.12 USD/kWh)"
refused 'sites.lab.electricity_price=12 $/kWh' \
  "12 \$/kWh is above any electricity price (at most 1 USD/kWh): did you mean 12 USD/MWh? (12 cents a kWh is 0.12 USD/kWh)"
refused 'sites.lab.cluster={gpus: 8, idle_w: 4000}' \
  "sites.lab.cluster.idle_w: '4000', read as 4000 W, is above any accelerator's idle power (at most 1 kW)"
refused 'sites.lab.cluster={gpus: 8, idle_w: 40 kW}' \
  "sites.lab.cluster.idle_w: 40 kW is above any accelerator's idle power (at most 1 kW): did you mean 40 W?"

# --- pricing -------------------------------------------------------------------------------
per_gpu="a price is per accelerator: divide a machine's hourly price by its GPUs"
refused 'stages.s.pricing={gpu_hour: 98.32}' \
  "stages.s.pricing.gpu_hour: '98.32', read as 98.32 USD/h, is above any GPU-hour's price (at most 50 USD/h); $per_gpu"
refused 'stages.s.pricing={gpu_hour: 250 $/h}' \
  "stages.s.pricing.gpu_hour: 250 \$/h is above any GPU-hour's price (at most 50 USD/h); $per_gpu"
refused 'stages.s.pricing={owned: {price_per_gpu: 30, amortise_over: 4 y}}' \
  "stages.s.pricing.owned.price_per_gpu: '30', read as 30 USD, is below any accelerator's purchase price (at least 100 USD): did you mean 30 kUSD?"
refused 'stages.s.pricing={owned: {price_per_gpu: 3 MUSD, amortise_over: 4 y}}' \
  "stages.s.pricing.owned.price_per_gpu: 3 MUSD is above any accelerator's purchase price (at most 200 kUSD): did you mean 3 kUSD?"
refused 'stages.s.pricing={owned: {price_per_gpu: 9000 USD, amortise_over: 4}}' \
  "stages.s.pricing.owned.amortise_over: '4', read as 4 h, is below any hardware's service life (at least 1 month): did you mean 4 y?"
refused 'stages.s.pricing={owned: {price_per_gpu: 9000 USD, amortise_over: 4 h}}' \
  "stages.s.pricing.owned.amortise_over: 4 h is below any hardware's service life (at least 1 month)"
refused 'stages.s.pricing={owned: {price_per_gpu: 9000 USD, amortise_over: 4 y, utilisation: 60}}' \
  "stages.s.pricing.owned.utilisation must be between 0 and 1, got '60': did you mean 60%?"

# --- stages --------------------------------------------------------------------------------
refused 'stages.s.duration=0.5 s' "0.5 s is below any trial's duration (at least 1 s)"
refused 'stages.s.duration=600000' \
  "'600000', read as 600000 h, is above any trial's duration (at most 50 y): did you mean 600000 s?"
refused 'stages.s.duration=5 GPU-h' \
  "'GPU-h' is GPUs times time, not a time: give the wall-clock time one trial takes (GPU-hours divided by its GPUs), e.g. '5 h'"
refused 'stages.s.gpu_w=0.3' \
  "'0.3', read as 0.3 W, is below any accelerator's power (at least 1 W): did you mean 0.3 kW? (gpu_w and tdp are per accelerator)"
refused 'stages.s.gpu_w=300 kW' \
  "300 kW is above any accelerator's power (at most 3 kW): did you mean 300 W? (gpu_w and tdp are per accelerator)"
refused 'stages.s.config_w=1.5' \
  "'1.5', read as 1.5 W, is below any trial's configuration power (at least 5 W): did you mean 1.5 kW?"
refused 'stages.s.config_w=300 GW' "unknown unit 'GW' (did you mean 'W'?)"
refused 'stages.s.config_w=300000 MW' \
  "300000 MW is above any trial's configuration power (at most 200 MW): did you mean 300000 W?"
refused 'stages.s.host_w_per_gpu=0.1' \
  "'0.1', read as 0.1 W, is below any host's power per GPU (at least 1 W, or 0 for none): did you mean 0.1 kW?"
refused 'stages.s.host_w_per_gpu=5 kW' "5 kW is above any host's power per GPU (at most 2 kW): did you mean 5 W?"
refused 'stages.s.cpu_w=0.5' \
  "'0.5', read as 0.5 W, is below any trial's CPU or DRAM power (at least 1 W, or 0 for none): did you mean 0.5 kW?"
refused 'stages.s.dram_w=200 kW' "200 kW is above any trial's CPU or DRAM power (at most 100 kW): did you mean 200 W?"
refused 'stages.s.power_fraction=75' \
  "the value must be between 0 and 1, got '75': did you mean 75%?"
refused 'stages.s.power_fraction=1%' \
  "1% is below any accelerator's power fraction (at least 0.05, or 0 for none); it is a fraction of TDP: 75% is 0.75"
refused 'stages.s.failures={probability: 5}' \
  "stages.s.failures.probability must be between 0 and 1, got '5': did you mean 5%?"
refused 'stages.s.preemption={per_hour: 2}' \
  "stages.s.preemption.per_hour: 2 is above any pre-emption hazard per hour (at most 1): did you mean 2%? (it is pre-emptions per hour: 2% per hour is 0.02)"
refused 'stages.s.preemption={per_hour: 0.02, checkpoint: 20000}' \
  "stages.s.preemption.checkpoint: '20000', read as 20000 h, is above any checkpoint interval (at most 1 y): did you mean 20000 s?"
refused 'stages.s.preemption={per_hour: 0.02, restart: 500}' \
  "stages.s.preemption.restart: '500', read as 500 h, is above any restart overhead (at most 1 wk): did you mean 500 s?"
refused 'stages.s.preemption={per_hour: 0.02, restart: 0.5 s}' \
  "stages.s.preemption.restart: 0.5 s is below any restart overhead (at least 1 s, or 0 for none)"

# --- calendar times, read by the realism loader ----------------------------------------------
refused 'deadline=0.5' \
  "'0.5', read as 0.5 h, is below any deadline or submission window (at least 1 h): did you mean 0.5 y?"
refused 'deadline=200 y' "200 y is above any deadline or submission window (at most 100 y)"
refused 'stages.s.submit={over: 0.2}' \
  "stages.s.submit.over: '0.2', read as 0.2 h, is below any deadline or submission window (at least 1 h): did you mean 0.2 y?"
refused 'stages.s.early_stopping={policy: asha, eval_overhead: 5000}' \
  "stages.s.early_stopping.eval_overhead: '5000', read as 5000 h, is above any evaluation overhead (at most 1 d): did you mean 5000 s?"
refused 'stages.s.carbon_aware={max_delay: 0.1 s}' \
  "stages.s.carbon_aware.max_delay: 0.1 s is below any carbon-aware delay (at least 1 min)"

# --- the catalog, overridden by a scenario ------------------------------------------------
refused 'catalog.hardware.v100-sxm2.lifetime=6' \
  "hardware.v100-sxm2.lifetime: '6', read as 6 h, is below any hardware's service life (at least 1 month): did you mean 6 y?"
refused 'catalog.hardware.v100-sxm2.tdp=0.3' \
  "hardware.v100-sxm2.tdp: '0.3', read as 0.3 W, is below any accelerator's power (at least 1 W): did you mean 0.3 kW? (gpu_w and tdp are per accelerator)"
refused 'catalog.hardware.v100-sxm2.idle=40 kW' \
  "hardware.v100-sxm2.idle: 40 kW is above any accelerator's idle power (at most 1 kW): did you mean 40 W?"
refused 'catalog.hardware.v100-sxm2.embodied=0.5' \
  "hardware.v100-sxm2.embodied: '0.5', read as 0.5 kg, is below any accelerator's embodied CO2e (at least 1 kg, or 0 for none): did you mean 0.5 t?"
refused 'catalog.hardware.v100-sxm2.embodied=15 t' \
  "hardware.v100-sxm2.embodied: 15 t is above any accelerator's embodied CO2e (at most 10 t): did you mean 15 kg?"
refused 'catalog.hardware.v100-sxm2.speed=125' \
  "hardware.v100-sxm2.speed: 125 is above any accelerator's relative speed (at most 100): did you mean 125%? (it is relative to a V100 SXM2, whose speed is 1)"
refused 'catalog.hardware.v100-sxm2.price_spot=250' \
  "hardware.v100-sxm2.price_spot: '250', read as 250 USD/h, is above any GPU-hour's price (at most 50 USD/h); $per_gpu"
refused 'catalog.hardware.v100-sxm2.utilisation=70' \
  "hardware.v100-sxm2.utilisation must be between 0 and 1, got '70': did you mean 70%?"
refused 'catalog.equivalents.tree-year.co2e=11 Mt' \
  "equivalents.tree-year.co2e: 11 Mt is above any equivalent's CO2e (at most 1000 t): did you mean 11 t?"
refused 'catalog.grids.fr.carbon_intensity=431' \
  "grids.fr: '431', read as 431 kg/kWh, is above any $ci: did you mean 431 g/kWh?"
refused 'catalog.pue.academic.pue=150' "pue.academic: 150 is above any data centre's PUE (at most 3): did you mean 150%?"
refused 'catalog.electricity_price.us-2018-average.price=120' \
  "electricity_price.us-2018-average: '120', read as 120 USD/kWh, is above any electricity price (at most 1 USD/kWh): did you mean 120 USD/MWh? (12 cents a kWh is 0.12 USD/kWh)"

# --- distributions: parameters (at their position) and the spread (at the mapping) ---------
refused 'sites.lab.carbon_intensity={dist: uniform, low: 300, high: 500}' \
  "sites.lab.carbon_intensity.low: '300', read as 300 kg/kWh, is above any $ci: did you mean 300 g/kWh?"
refused 'sites.lab.carbon_intensity={dist: pert, min: 0.3, mode: 0.4, max: 480}' \
  "sites.lab.carbon_intensity.max: '480', read as 480 kg/kWh, is above any $ci: did you mean 480 g/kWh?"
refused 'sites.lab.carbon_intensity=300 to 500' \
  "'300 to 500', read as 300 to 500 kg/kWh, is above any $ci: did you mean 300 to 500 g/kWh?"
refused 'sites.lab.carbon_intensity={dist: normal, mean: 0.4, sd: 5}' \
  "this distribution reaches 16.77 kg/kWh at its 99.9th percentile, above any $ci: narrow it, or bound it with 'max: 1.5 kg/kWh'"
refused 'stages.s.duration={dist: lognormal, median: {dist: uniform, low: 2, high: 500000}, gsd: 2}' \
  "stages.s.duration.median.high: '500000', read as 500000 h, is above any trial's duration (at most 50 y): did you mean 500000 s?"
refused 'stages.s.duration={dist: choice, values: [1 h, 2 h, 1e6 h]}' \
  "stages.s.duration.values: 1e6 h is above any trial's duration (at most 50 y)"

# a flow list splits "1,000" into two items: refused (in a file, where YAML gives positions)
printf '%s\n' 'scenario: t' 'sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}' 'stages:' \
  '  - {name: s, trials: {dist: choice, values: [1,000, 2,500]}, hardware: v100, duration: 5 h}' \
  > flow.yaml
expect 2 "flow list with 1,000" -- "$NC" check flow.yaml
contains "$TMP/err" "flow.yaml:4:47: error: stages.s.trials.values: '1,000' in a flow list is two items to YAML, 1 and 000: quote it (\"1,000\") or write it without the comma" "flow list"

# --- what is read ----------------------------------------------------------------------------
reads 'sites.lab.carbon_intensity=1 tCO2e/MWh' 'sites.lab.carbon_intensity +1 kg/kWh'
reads 'sites.lab.carbon_intensity=431 kgCO2e/MWh' 'sites.lab.carbon_intensity +0.431 kg/kWh'
reads 'sites.lab.carbon_intensity=950 lb/MWh' 'sites.lab.carbon_intensity +0.430913 kg/kWh'
reads 'sites.lab.carbon_intensity=431 gCO2/kWh' 'sites.lab.carbon_intensity +0.431 kg/kWh'
reads 'stages.s.trials=4,789' 'stages.s.trials +4789'
reads 'stages.s.duration=1,082,990 s' 'stages.s.duration +300.831 h'
reads 'stages.s.pricing={gpu_hour: "$1,200/month"}' 'stages.s.pricing.gpu_hour +1.64384 USD/h'

# --- thousands separators that are not ------------------------------------------------------
refused 'stages.s.trials=4,78' \
  "'4,78': a comma in a number separates thousands, so the digits after each comma come in threes (4,789 or 1,082,990); the decimal mark is '.'"
refused 'stages.s.duration=1,5 h' \
  "'1,5 h': a comma in a number separates thousands, so the digits after each comma come in threes (4,789 or 1,082,990); the decimal mark is '.'"
refused 'stages.s.trials=4 789' "'4 789': a space does not group digits; write 4789 or group thousands with commas"
refused 'stages.s.trials=4_789' "'4_789': an underscore does not group digits; write 4789 or group thousands with commas"

# --- suggestions within the dimension, near the magnitude ------------------------------------
refused 'sites.lab.carbon_intensity=0.4 tCO2e/MW' "unknown unit 'tCO2e/MW' (did you mean 'tCO2e/MWh'?)"
refused 'sites.lab.carbon_intensity=0.4 kgco2e/kwh' "unknown unit 'kgco2e/kwh' (did you mean 'kgCO2e/kWh'?)"
refused 'stages.s.config_w=2 mw' "unknown unit 'mw' (did you mean 'MW'?)"
refused 'stages.s.gpu_w=300 kx' "unknown unit 'kx' (did you mean 'kW'?)"
refused 'stages.s.pricing={gpu_hour: 2 GPU-h}' "stages.s.pricing.gpu_hour: unknown unit 'GPU-h' (did you mean '\$/GPU-h'?)"

echo "cli_trust_units: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
