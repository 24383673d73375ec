#!/usr/bin/env bash
# record.sh - every output a user sees from the shipped scenarios, written into one folder so
# that two builds can be compared byte for byte (the library issue's "nothing changes for
# users"). Usage: bash tests/outputs/record.sh /path/to/nascost /path/to/source OUTDIR
# Timing fields (elapsed_s, trials_per_s, "N s" in the budget's footer) are replaced by T;
# everything else is kept as written. The figures' gnuplot output is not recorded (gnuplot's
# own bytes), the numbers behind it are (`plot`'s data files).
set -euo pipefail
NC=$1
SRC=$2
OUT=$3
mkdir -p "$OUT"
cd "$SRC"
SRC_ABS=$(pwd -P) # `check` names the catalog's folder: the clone's path is not an output

untime() {
  sed -E -e 's/"(elapsed_s|trials_per_s)": [0-9.eE+-]+/"\1": T/' \
         -e 's/[0-9][0-9.]* s\)/T s)/g' -e 's/[0-9][0-9.]* s in all/T s in all/' \
         -e 's/[0-9][0-9.]* s on /T s on /g' -e 's/\([0-9][0-9.,]* [a-z]* *simulated trials per second/(T simulated trials per second/g' \
         -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(Z| UTC)/DATE/g' -e "s|$TMPD|TMP|g" -e "s|$SRC_ABS|SRC|g" "$@"
}
# one: NAME COMMAND... : stdout and stderr and the exit status of one command
one() {
  local name=$1
  shift
  local rc=0
  "$@" >"$OUT/$name.out.raw" 2>"$OUT/$name.err.raw" || rc=$?
  untime "$OUT/$name.out.raw" >"$OUT/$name.out"
  untime "$OUT/$name.err.raw" >"$OUT/$name.err"
  rm -f "$OUT/$name.out.raw" "$OUT/$name.err.raw"
  echo "$rc" >"$OUT/$name.rc"
}
# dir: NAME DIR : every file a command wrote into DIR (but the figures' images: gnuplot's bytes)
dir() {
  local name=$1 d=$2 f
  for f in $(cd "$d" && find . -type f ! -name '*.png' ! -name '*.svg' ! -name '*.pdf' | sort); do
    mkdir -p "$OUT/$name/$(dirname "$f")"
    untime "$d/$f" >"$OUT/$name/$f"
  done
  rm -rf "$d"
}

RUN=(-n 100 --seed 7 -t 2)
DIRRUN=(-n 20 --seed 7 -t 2)
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT
for sc in $(find scenarios -name '*.yaml' | sort); do
  base=$(echo "${sc#scenarios/}" | sed 's|/|-|g; s|\.yaml$||')
  one "run-$base-json" "$NC" run "$sc" "${RUN[@]}" -f json
  one "run-$base-table" "$NC" run "$sc" "${RUN[@]}"
  one "run-$base-dir" "$NC" run "$sc" "${DIRRUN[@]}" -o "$TMPD/$base" -q
  [ -d "$TMPD/$base" ] && dir "run-$base-files" "$TMPD/$base"
  one "check-$base" "$NC" check "$sc"
done
L=scenarios/lisa-rnd.yaml
one run-lisa-csv "$NC" run "$L" "${RUN[@]}" -f csv
one run-lisa-point "$NC" run "$L" --point -f json
one run-lisa-precision "$NC" run "$L" --precision 5% --seed 7 -t 2 -f json
one run-lisa-units "$NC" run "$L" "${RUN[@]}" --units t

# The README's commands (section "The command line" and after)
G=scenarios/whatif/grid-search.yaml
A=scenarios/whatif/asha.yaml
one compare-table "$NC" compare "$G" "$A" -n 2000 --seed 7 -t 2
one compare-json "$NC" compare "$G" "$A" -n 500 --seed 7 -t 2 -f json
one compare-csv "$NC" compare "$G" "$A" -n 500 --seed 7 -t 2 -f csv
one compare-dir "$NC" compare "$G" "$A" -n 500 --seed 7 -t 2 -o "$TMPD/cmp" -q
dir compare-files "$TMPD/cmp"
one sweep-table "$NC" sweep "$L" --vary sites.lab.pue=1.1,1.58,2.0 -n 1000 --seed 7 -t 2
one sweep-json "$NC" sweep "$L" --vary sites.lab.pue=1.1,1.58,2.0 -n 300 --seed 7 -t 2 -f json
one budget-table "$NC" budget "$L" --confidence 0.9 --cap 40t --stage grid-searches -n 2000 --seed 7 -t 2
one budget-json "$NC" budget "$L" --confidence 0.9 --cap 40t --stage grid-searches -n 500 --seed 7 -t 2 -f json
one budget-plain "$NC" budget "$L" -n 500 --seed 7 -t 2 -f json
one sensitivity-table "$NC" sensitivity "$L" --seed 7 -t 2
one sensitivity-json "$NC" sensitivity "$L" --sobol 500 --seed 7 -t 2 -f json
one catalog "$NC" catalog
one catalog-a100 "$NC" catalog a100
one catalog-missing "$NC" catalog no-such-thing
# plot's numbers from saved results (the data files beside the figures, not gnuplot's bytes)
"$NC" run "$L" "${RUN[@]}" -o "$TMPD/saved" -q
one plot-run "$NC" plot "$TMPD/saved" -o "$TMPD/figs"
[ -d "$TMPD/figs" ] && dir plot-run-files "$TMPD/figs"
"$NC" compare "$G" "$A" -n 300 --seed 7 -t 2 -o "$TMPD/cmp2" -q
one plot-compare "$NC" plot "$TMPD/cmp2/compare.json" -o "$TMPD/figs2"
[ -d "$TMPD/figs2" ] && dir plot-compare-files "$TMPD/figs2"
one run-plots "$NC" run "$L" "${RUN[@]}" --plots "$TMPD/figs3" -q
[ -d "$TMPD/figs3" ] && dir run-plots-files "$TMPD/figs3"
one report "$NC" report "$L" -o "$TMPD/report.html" -n 200 --seed 7 -t 2
[ -f "$TMPD/report.html" ] && untime "$TMPD/report.html" >"$OUT/report.html"
exit 0
