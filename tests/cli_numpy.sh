#!/usr/bin/env bash
# cli_numpy.sh - nascost and an independent implementation of lisa-rnd in NumPy
# (tests/bench/lisa_numpy.py, issue 6) agree within Monte Carlo error: means and P5/P50/P95 of
# every metric over 2,000 replications each, by tests/bench/crosscheck.py (|z| <= 4.5). Both
# draw from their own generators, so this checks the model, not the random numbers: the
# samplers, truncation, the mix's speed scaling, failures, embodied carbon, prices and the
# 60-GPU first-come first-served calendar.
#   bash tests/cli_numpy.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

PY=""
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null && "$py" -c 'import numpy' 2>/dev/null; then PY=$py; break; fi
done
if [ -z "$PY" ]; then
  echo "FAIL: NumPy is missing (scripts/setup installs python3-numpy)" >&2
  exit 1
fi

expect 0 "the NumPy reference runs" -- "$PY" "$SRC/tests/bench/lisa_numpy.py" 2000 --seed 7
check_json "the reference counts its replications and trials" \
  "assert d['replications'] == 2000 and d['trials'] == 2000 * 4789"
cp "$TMP/out" "$TMP/numpy.json"
expect 0 "nascost runs lisa-rnd" -- "$NC" run "$LISA" -n 2000 -f json
cp "$TMP/out" "$TMP/nascost.json"
expect 0 "the two agree within Monte Carlo error" -- \
  python3 "$SRC/tests/bench/crosscheck.py" "$TMP/numpy.json" "$TMP/nascost.json"
contains "$TMP/out" "38 comparisons" "every metric and statistic compared"
[ "$failed" -eq 0 ] || cat "$TMP/out" >&2

# The cross-check can fail: a model that forgot the crashes' lost work (wall = work for
# every trial) is caught.
"$PY" - "$TMP/numpy.json" "$TMP/wrong.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("gpu_hours", "it_kwh", "facility_kwh", "co2e_operational_kg", "co2e_kg", "cloud_usd",
          "electricity_usd", "co2e_embodied_kg"):
    for s in ("mean", "p5", "p50", "p95"):
        d["metrics"][k][s] *= 1.015   # 3% of jobs lose half their hours on average: +1.5%
json.dump(d, open(sys.argv[2], "w"))
PYEOF
expect 1 "a 1.5% bias in the energy and hours is caught" -- \
  python3 "$SRC/tests/bench/crosscheck.py" "$TMP/wrong.json" "$TMP/nascost.json"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
