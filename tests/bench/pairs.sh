#!/usr/bin/env bash
# tests/bench/pairs.sh - is B as fast as A? Runs two builds of nascost in alternation (A B A B
# ...) on the same scenarios, so that a neighbour's load or the CPU's clock hits both alike,
# and prints each scenario's median wall time for A and B and their ratio B/A with the
# spread of the per-pair ratios (P10-P90). Used to check that a refactor changed no speed
# (issue 12: "speed within noise of before").
#
#   bash tests/bench/pairs.sh A/nascost B/nascost SOURCE_DIR [PAIRS (9)] [THREADS (2)]
set -euo pipefail
A=$1
B=$2
SRC=$3
PAIRS=${4:-9}
THREADS=${5:-2}
cd "$SRC"
# scenario and replications: each run takes about a second on 2 threads of the reference
# machine (2 cores, gcc 12)
CASES=("scenarios/lisa-rnd.yaml 4000" "tests/bench/lisa-plain.yaml 4000"
       "tests/bench/lisa-hourly.yaml 1500" "tests/bench/million-trials.yaml 20"
       "scenarios/grant-phd.yaml 20000")
now() { date +%s.%N; }
printf '%-34s %10s %10s %8s %17s\n' scenario "A (s)" "B (s)" "B/A" "pair ratio P10-P90"
for c in "${CASES[@]}"; do
  set -- $c
  sc=$1 n=$2
  ta=() tb=()
  "$A" run "$sc" -n "$n" -t "$THREADS" -q -f json >/dev/null  # warm the caches once
  for ((i = 0; i < PAIRS; i++)); do
    for w in A B; do
      bin=$A; [ $w = B ] && bin=$B
      t0=$(now)
      "$bin" run "$sc" -n "$n" --seed $((i + 1)) -t "$THREADS" -f json >/dev/null
      t1=$(now)
      if [ $w = A ]; then ta+=("$(echo "$t1 - $t0" | bc -l)"); else tb+=("$(echo "$t1 - $t0" | bc -l)"); fi
    done
  done
  python3 - "$sc" "${ta[*]}" "${tb[*]}" <<'PY'
import statistics, sys
name, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
r = sorted(y / x for x, y in zip(a, b))
q = lambda p: r[min(len(r) - 1, int(p * (len(r) - 1) + 0.5))]
print("%-34s %10.3f %10.3f %8.3f %8.3f-%.3f" % (name, statistics.median(a), statistics.median(b),
      statistics.median(b) / statistics.median(a), q(0.1), q(0.9)))
PY
done
