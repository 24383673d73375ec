#!/usr/bin/env bash
# tests/bench/run.sh - nascost benchmarks (issue 6, DESIGN.md "Performance"); run by `make bench`.
#
#   bash tests/bench/run.sh /path/to/nascost /path/to/source [/path/to/nascost_floor]
#
# Measures, prints as a table and writes as CSV to ${BENCH_OUT:-<source>/build/bench.csv}
# (columns benchmark,threads,value,unit; '#' lines before them record the machine):
#   1. throughput (simulated trials/s), median of BENCH_RUNS runs at 1 and 2 threads, of
#      scenarios/lisa-rnd.yaml as shipped (60-GPU cluster), tests/bench/lisa-plain.yaml (the
#      same without cluster or calendar), tests/bench/lisa-hourly.yaml (with an hourly grid)
#      and tests/bench/million-trials.yaml (10^6 trials per replication); -n is calibrated so
#      a 1-thread lisa-rnd run takes ~BENCH_TARGET_S (1.8) seconds;
#   2. the floor: tests/bench/floor.c draws only the random numbers of lisa-rnd's trials (same
#      generator, distributions and counts) and sums them; engine time / floor time is the
#      efficiency ratio;
#   3. the NumPy reference (tests/bench/lisa_numpy.py, BENCH_NUMPY_N replications, 10,000):
#      its time against nascost's on 2 threads for the same replications, and the cross-check
#      of their means and P5/P50/P95 (tests/bench/crosscheck.py; a disagreement fails the
#      bench);
#   4. scaling: thread scaling 1 -> 2; time against replications (10^3, 10^4, 10^5; 10^6 is
#      timed with the memory) and against trials per stage (10 .. 10^6 at 100 replications):
#      both should be linear;
#   5. peak memory (max RSS) at 10^5 and 10^6 replications of lisa-rnd. The result array is
#      [replication][row][metric], independent of the trials per stage, so a run that would
#      take more than BENCH_MAX_RUN_S seconds as shipped is measured with one trial per
#      replication instead (same memory);
#   6. the targets of issue 6, each with its measured value and whether it is met.
# With each throughput: cores_used (nascost's CPU time / wall time) and other_load (cores kept
# busy by other processes meanwhile, from /proc/stat). On a shared machine a 2-thread number
# with other_load near 1 measures the neighbour, not nascost.
# Exits 1 when nascost or the reference fails or the cross-check disagrees; slow numbers are
# reported as missed targets, never as a failure.
#
# Knobs (environment): BENCH_OUT, BENCH_RUNS (5), BENCH_TARGET_S (1.8), BENCH_MAX_RUN_S (150),
# BENCH_NUMPY_N (10000).
set -u -o pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 NASCOST SOURCE_DIR [NASCOST_FLOOR]" >&2
    exit 2
fi
NC=$1
SRC=$2
FLOOR=${3:-$(dirname "$NC")/nascost_floor}
RUNS=${BENCH_RUNS:-5}
TARGET_S=${BENCH_TARGET_S:-1.8}
MAX_RUN_S=${BENCH_MAX_RUN_S:-150}
NUMPY_N=${BENCH_NUMPY_N:-10000}
LISA="$SRC/scenarios/lisa-rnd.yaml"
PLAIN="$SRC/tests/bench/lisa-plain.yaml"
HOURLY="$SRC/tests/bench/lisa-hourly.yaml"
MILLION="$SRC/tests/bench/million-trials.yaml"
LISA_STAGE=grid-searches
OUT=${BENCH_OUT:-$SRC/build/bench.csv}

command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 1; }
[ -x "$NC" ] || { echo "bench: $NC is not an executable" >&2; exit 1; }
[ -x "$FLOOR" ] || { echo "bench: $FLOOR (the floor benchmark) is not an executable" >&2; exit 1; }
# The NumPy reference needs a Python with NumPy: Debian's python3-numpy is for /usr/bin/python3,
# which may not be the python3 first on PATH.
NUMPY_PY=""
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import numpy' 2>/dev/null; then NUMPY_PY=$py; break; fi
done
[ -n "$NUMPY_PY" ] || { echo "bench: NumPy is required (apt-get install python3-numpy)" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nascost-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Python starts slowly on some machines (0.4 s here), so it only reads nascost's JSON, once
# per batch of runs; the arithmetic is awk's (expressions in parentheses: in awk's printf
# a bare ">" is a redirection).
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.17g\n\", ($1) }"; }
fmt() { awk "BEGIN { printf \"%.4g\n\", ($1) }"; }
is_true() { awk "BEGIN { exit !($1) }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

BENCH_T0=$(now)
ROWS=()   # "benchmark,threads,value,unit"
row() { ROWS+=("$1,$2,$3,$4"); printf '  %-44s %2s %14s  %s\n' "$1" "$2" "$3" "$4"; }

fail_nc() {
    echo "bench: nascost run $2 failed (exit $1):" >&2
    cat "$TMP/err.txt" >&2
    exit "$1"
}

# Busy CPU-seconds of the whole machine so far: the 'cpu' line of /proc/stat without idle,
# iowait and the guest columns (already counted in user). Empty where there is no /proc/stat.
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_s() {
    awk -v hz="$HZ" '/^cpu / { b = 0; for (i = 2; i <= 9; i++) if (i != 5 && i != 6) b += $i
        printf "%.17g\n", b / hz; exit }' /proc/stat 2>/dev/null
}

# median_run K ARGS... : K runs of `nascost run ARGS -f json`. Sets, as medians over the runs,
# MED_TPS (trials/s), MED_ELAPSED (the engine's seconds), MED_WALL (the process's seconds) and
# MED_CORES (nascost's CPU time / wall time: ~T when its T threads each had a core); and
# OTHER_LOAD, the cores kept busy by everything else on the machine during the runs, on
# average (a shared machine makes thread scaling meaningless; this says when). Exits the bench
# with nascost's status when a run fails.
TIMEFORMAT='%3R %3U %3S'
median_run() {
    local k=$1 i rc w u sy b0 b1 walls=() cores=() cpu_tot=0 wall_tot=0 vals
    shift
    b0=$(busy_s)
    for ((i = 0; i < k; i++)); do
        { time "$NC" run "$@" -f json >"$TMP/out.$i.json" 2>"$TMP/err.txt"; } 2>"$TMP/time.txt"
        rc=$?
        [ $rc -eq 0 ] || fail_nc $rc "$*"
        read -r w u sy <"$TMP/time.txt"
        walls+=("$w")
        cores+=("$(calc "($u + $sy) / ($w > 0 ? $w : 1e-9)")")
        cpu_tot=$(calc "$cpu_tot + $u + $sy")
        wall_tot=$(calc "$wall_tot + $w")
    done
    b1=$(busy_s)
    vals=$(python3 -c 'import json,statistics,sys
k = int(sys.argv[1])
runs = [json.load(open("%s/out.%d.json" % (sys.argv[2], i)))["nascost"] for i in range(k)]
print(statistics.median(r["trials_per_s"] for r in runs),
      statistics.median(r["elapsed_s"] for r in runs))' "$k" "$TMP") || {
        echo "bench: cannot read nascost's JSON (nascost run $*)" >&2
        exit 1
    }
    read -r MED_TPS MED_ELAPSED <<<"$vals"
    ELAPSED=$MED_ELAPSED
    MED_WALL=$(median "${walls[@]}")
    MED_CORES=$(median "${cores[@]}")
    if [ -n "$b0" ] && [ -n "$b1" ]; then
        OTHER_LOAD=$(calc "(($b1 - $b0) - $cpu_tot) / ($wall_tot > 0 ? $wall_tot : 1e-9)")
        OTHER_LOAD=$(calc "$OTHER_LOAD < 0 ? 0 : $OTHER_LOAD")
    else
        OTHER_LOAD=NA
    fi
}

# max_load : LOAD_MAX becomes the larger of itself and the last OTHER_LOAD (NA sticks).
max_load() {
    if [ "$OTHER_LOAD" = NA ] || [ "$LOAD_MAX" = NA ]; then LOAD_MAX=NA
    else LOAD_MAX=$(fmt "$OTHER_LOAD > $LOAD_MAX ? $OTHER_LOAD : $LOAD_MAX"); fi
}

# max_rss LIMIT ARGS... : peak RSS in KiB of `nascost run ARGS -f json`; sets RSS_KB and WALL.
# With LIMIT > 0 (and timeout(1) present) the run is stopped after LIMIT seconds and max_rss
# returns 1 (too slow is not a failure); any other failure of nascost ends the bench.
if /usr/bin/time -v true >/dev/null 2>&1; then RSS_TOOL="/usr/bin/time -v"; else RSS_TOOL="python3 getrusage"; fi
max_rss() {
    local limit=$1 t0 t1 rc pre=()
    shift
    if is_true "$limit > 0" && command -v timeout >/dev/null; then
        pre=(timeout -k 5 "$limit")   # TERM: nascost stops cleanly (exit 130), timeout says 124
    fi
    t0=$(now)
    if [ "$RSS_TOOL" = "/usr/bin/time -v" ]; then
        # time(1) outside timeout(1): wait4 reports the largest RSS of the child's descendants.
        /usr/bin/time -v -o "$TMP/time.txt" "${pre[@]}" "$NC" run "$@" -f json \
            >"$TMP/out.json" 2>"$TMP/err.txt"
        rc=$?
        RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$TMP/time.txt")
    else
        python3 -c 'import resource,subprocess,sys
rc = subprocess.call(sys.argv[2:], stdout=open(sys.argv[1], "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(rc)' "$TMP/out.json" "${pre[@]}" "$NC" run "$@" -f json 2>"$TMP/err.txt"
        rc=$?
        RSS_KB=$(tail -n 1 "$TMP/err.txt")
    fi
    t1=$(now)
    WALL=$(calc "$t1 - $t0")
    if [ $rc -eq 124 ] && [ ${#pre[@]} -gt 0 ]; then
        echo "  (nascost run $* stopped after ${limit} s)"
        return 1
    fi
    [ $rc -eq 0 ] || fail_nc $rc "$*"
    return 0
}

# ---- the machine ------------------------------------------------------------------------------
NPROC=$(nproc 2>/dev/null || echo "?")
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)
CPU=${CPU:-unknown}
VERSION=$("$NC" --version 2>/dev/null) || { echo "bench: $NC --version failed" >&2; exit 1; }
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)

echo "nascost benchmarks: $VERSION"
echo "machine: $NPROC CPUs, $CPU; load average at start: $LOAD0"
echo "runs per median: $RUNS; peak memory via $RSS_TOOL"
echo
printf '  %-44s %2s %14s  %s\n' benchmark T value unit
printf '  %-44s %2s %14s  %s\n' "--------------------------------------------" -- -------------- ----

# ---- 1. throughput ------------------------------------------------------------------------------
median_run 1 "$LISA" -n 300 -t 1
N=$(awk "BEGIN { n = int($TARGET_S * 300 / $ELAPSED / 100 + 0.5) * 100
    print (n < 100) ? 100 : (n > 100000) ? 100000 : n }")
row lisa-rnd.replications_per_run 1 "$N" replications

# throughput NAME SCENARIO N : median trials/s at 1 and 2 threads into ${NAME}_T1, ${NAME}_T2
# (and elapsed seconds into ${NAME}_E1, ${NAME}_E2), with their rows. The 1- and 2-thread runs
# alternate, and the thread scaling is the median of each pair's ratio: on a virtual machine
# whose speed drifts over minutes (seen here: the same run 35% slower ten minutes later, with
# no other load), figures measured side by side stay comparable.
throughput() {
    local name=$1 scenario=$2 n=$3 i t v=${1//-/_} tps1=() tps2=() el1=() el2=() co1=() co2=()
    local lo1=() lo2=() ratios=()
    for ((i = 0; i < RUNS; i++)); do
        for t in 1 2; do
            median_run 1 "$scenario" -n "$n" -t "$t"
            eval "tps$t+=(\"\$MED_TPS\"); el$t+=(\"\$MED_ELAPSED\"); co$t+=(\"\$MED_CORES\")"
            eval "lo$t+=(\"\$OTHER_LOAD\")"
        done
        ratios+=("$(calc "${tps2[i]} / ${tps1[i]}")")
    done
    for t in 1 2; do
        local -n tps=tps$t el=el$t co=co$t lo=lo$t
        printf -v "${v}_T$t" '%s' "$(median "${tps[@]}")"
        printf -v "${v}_E$t" '%s' "$(median "${el[@]}")"
        local tt="${v}_T$t" et="${v}_E$t"
        row "$name.trials_per_s" "$t" "$(fmt "${!tt}")" trials/s
        row "$name.elapsed" "$t" "$(fmt "${!et}")" s
        row "$name.cores_used" "$t" "$(fmt "$(median "${co[@]}")")" cores
        if [[ " ${lo[*]} " == *" NA "* ]]; then row "$name.other_load" "$t" NA cores
        else row "$name.other_load" "$t" "$(fmt "$(median "${lo[@]}")")" cores; fi
        unset -n tps el co lo
    done
    printf -v "${v}_SCALING" '%s' "$(median "${ratios[@]}")"
    local st="${v}_SCALING"
    row "$name.thread_scaling" 2 "$(fmt "${!st}")" "x (median of paired runs)"
}
throughput lisa-rnd "$LISA" "$N"
throughput lisa-rnd-plain "$PLAIN" "$N"
throughput lisa-rnd-hourly "$HOURLY" "$N"
# The engine hands out replications one at a time (schedule(dynamic, 1)): 4 replications of
# 10^6 trials keep both threads busy.
throughput million-trials "$MILLION" 4

# ---- 2. the floor: lisa-rnd's random numbers alone -------------------------------------------
# floor_once T : one run of the floor on T threads; its trials/s into FLOOR_TPS.
floor_once() {
    "$FLOOR" "$LISA" "$N" "$1" >"$TMP/floor.json" 2>"$TMP/err.txt" || {
        echo "bench: $FLOOR failed:" >&2
        cat "$TMP/err.txt" >&2
        exit 1
    }
    FLOOR_TPS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["trials_per_s"])' "$TMP/floor.json")
}
# The efficiency ratio is engine time / floor time for the same replications, each floor run
# next to an engine run of lisa-rnd and one of lisa-rnd-plain; the median of the pairs' ratios.
for t in 1 2; do
    floors=() eff=() eff_plain=()
    for ((i = 0; i < RUNS; i++)); do
        floor_once "$t"
        floors+=("$FLOOR_TPS")
        median_run 1 "$LISA" -n "$N" -t "$t"
        eff+=("$(calc "$FLOOR_TPS / $MED_TPS")")
        median_run 1 "$PLAIN" -n "$N" -t "$t"
        eff_plain+=("$(calc "$FLOOR_TPS / $MED_TPS")")
    done
    printf -v "FLOOR_T$t" '%s' "$(median "${floors[@]}")"
    printf -v "EFF_T$t" '%s' "$(median "${eff[@]}")"
    ft="FLOOR_T$t" et="EFF_T$t"
    row lisa-rnd.floor.trials_per_s "$t" "$(fmt "${!ft}")" trials/s
    row lisa-rnd.efficiency_ratio "$t" "$(fmt "${!et}")" "x floor (median of paired runs)"
    row lisa-rnd-plain.efficiency_ratio "$t" "$(fmt "$(median "${eff_plain[@]}")")" "x floor (median of paired runs)"
done
row lisa-rnd.floor.philox "-" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["philox"])' "$TMP/floor.json")" ""

# ---- 3. the NumPy reference ----------------------------------------------------------------------
"$NUMPY_PY" "$SRC/tests/bench/lisa_numpy.py" "$NUMPY_N" --chunk 500 >"$TMP/numpy.json" \
    2>"$TMP/err.txt" || {
    echo "bench: the NumPy reference failed:" >&2
    cat "$TMP/err.txt" >&2
    exit 1
}
NP_S=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$TMP/numpy.json")
row numpy.replications 1 "$NUMPY_N" replications
row numpy.elapsed 1 "$(fmt "$NP_S")" s
row numpy.trials_per_s 1 "$(fmt "$NUMPY_N * 4789 / $NP_S")" trials/s
median_run "$RUNS" "$LISA" -n "$NUMPY_N" -t 2
NC_NP_S=$MED_ELAPSED
row lisa-rnd.elapsed@numpy_n 2 "$(fmt "$NC_NP_S")" s
row lisa-rnd.speedup_over_numpy 2 "$(fmt "$NP_S / $NC_NP_S")" x
echo
echo "  the NumPy reference against nascost ($NUMPY_N replications each, independent draws):"
if ! python3 "$SRC/tests/bench/crosscheck.py" "$TMP/numpy.json" "$TMP/out.0.json" | sed 's/^/  /'; then
    echo "bench: nascost and the NumPy reference disagree beyond Monte Carlo error" >&2
    exit 1
fi
echo

# ---- 4. scaling in replications (2 threads; median of 3 runs, one of 10^5) and trials per stage --
declare -A REP_EL REP_WA
LOAD_MAX=0
for reps in 1000 10000 100000; do
    median_run $((reps < 100000 ? 3 : 1)) "$LISA" -n "$reps" -t 2
    max_load
    REP_EL[$reps]=$MED_ELAPSED
    REP_WA[$reps]=$MED_WALL
    row "lisa-rnd.reps_scaling.time@$reps" 2 "$(fmt "$MED_ELAPSED")" s
done
row lisa-rnd.reps_scaling.ratio_1e4_over_1e3 2 "$(fmt "${REP_EL[10000]} / ${REP_EL[1000]}")" x
row lisa-rnd.reps_scaling.ratio_1e5_over_1e4 2 "$(fmt "${REP_EL[100000]} / ${REP_EL[10000]}")" x
row lisa-rnd.reps_scaling.other_load_max 2 "$LOAD_MAX" cores
declare -A TR_EL
LOAD_MAX=0
for trials in 10 100 1000 10000 100000 1000000; do
    median_run 3 "$LISA" -n 100 -t 1 --set "stages.$LISA_STAGE.trials=$trials"
    max_load
    TR_EL[$trials]=$MED_ELAPSED
    row "lisa-rnd.trials_scaling.time@$trials" 1 "$(fmt "$MED_ELAPSED")" s
done
row lisa-rnd.trials_scaling.ratio_1e5_over_1e4 1 "$(fmt "${TR_EL[100000]} / ${TR_EL[10000]}")" x
row lisa-rnd.trials_scaling.ratio_1e6_over_1e5 1 "$(fmt "${TR_EL[1000000]} / ${TR_EL[100000]}")" x
row lisa-rnd.trials_scaling.other_load_max 1 "$LOAD_MAX" cores

# ---- 5. peak memory -----------------------------------------------------------------------------
REPS_PER_S_T2=$(calc "$N / $lisa_rnd_E2")
EST_1E5=$(calc "1e5 / $REPS_PER_S_T2")
EST_1E6=$(calc "1e6 / $REPS_PER_S_T2")
row lisa-rnd.est_time_1e5_reps 2 "$(fmt "$EST_1E5")" s
row lisa-rnd.est_time_1e6_reps 2 "$(fmt "$EST_1E6")" s
ONE="stages.$LISA_STAGE.trials=1"
max_rss 0 "$LISA" -n 1000 -t 2 --set "$ONE"
RSS_1E3=$RSS_KB
# 10^5 replications as shipped when the estimate allows, stopped at BENCH_MAX_RUN_S (the machine
# may be shared); otherwise with one trial per replication: the same result array, the same RSS.
if is_true "$EST_1E5 <= $MAX_RUN_S" && max_rss "$MAX_RUN_S" "$LISA" -n 100000 -t 2; then
    row lisa-rnd.max_rss@1e5_reps 2 "$(fmt "$RSS_KB / 1024")" MiB
    row lisa-rnd.time@1e5_reps 2 "$(fmt "$WALL")" s
else
    max_rss 0 "$LISA" -n 100000 -t 2 --set "$ONE"
    row lisa-rnd.max_rss@1e5_reps_trials1 2 "$(fmt "$RSS_KB / 1024")" MiB
fi
RSS_1E5=$RSS_KB
PER_REP=$(calc "($RSS_1E5 - $RSS_1E3) * 1024 / (1e5 - 1e3)")
row lisa-rnd.bytes_per_replication 2 "$(fmt "$PER_REP")" B
row lisa-rnd.max_rss@1e6_reps_extrapolated 2 "$(fmt "($RSS_1E3 * 1024 + $PER_REP * (1e6 - 1e3)) / 1048576")" MiB
if is_true "$EST_1E6 <= $MAX_RUN_S" && max_rss "$MAX_RUN_S" "$LISA" -n 1000000 -t 2; then
    row lisa-rnd.max_rss@1e6_reps 2 "$(fmt "$RSS_KB / 1024")" MiB
    row lisa-rnd.time@1e6_reps 2 "$(fmt "$WALL")" s
    row lisa-rnd.reps_scaling.wall_ratio_1e6_over_1e5 2 "$(fmt "$WALL / ${REP_WA[100000]}")" x
    RSS_1E6=$RSS_KB
else
    max_rss 0 "$LISA" -n 1000000 -t 2 --set "$ONE"
    row lisa-rnd.max_rss@1e6_reps_trials1 2 "$(fmt "$RSS_KB / 1024")" MiB
    row lisa-rnd.time@1e6_reps_trials1 2 "$(fmt "$WALL")" s
    RSS_1E6=$RSS_KB
fi

# ---- 6. the targets of issue 6 -------------------------------------------------------------------
MISSED=0
target() { # target NAME VALUE OP LIMIT UNIT
    local ok=met
    is_true "$2 $3 $4" || { ok=MISSED; MISSED=$((MISSED + 1)); }
    printf '  %-52s %10s %-2s %-8s %s\n' "$1" "$(fmt "$2")" "$3" "$4 $5" "$ok"
    ROWS+=("target.$1,-,$(fmt "$2"),$ok")
}
echo
echo "  targets (issue 6):"
target "lisa-rnd, 2 threads, speed-up over NumPy" "$NP_S / $NC_NP_S" ">=" 5 x
target "efficiency ratio, lisa-rnd (engine / floor, 1 thread)" "$EFF_T1" "<=" 2 x
target "efficiency ratio, lisa-rnd (engine / floor, 2 threads)" "$EFF_T2" "<=" 2 x
target "lisa-rnd without cluster or hourly grid, 2 threads" "$lisa_rnd_plain_T2 / 1e6" ">=" 50 M/s
target "lisa-rnd with its cluster, 2 threads" "$lisa_rnd_T2 / 1e6" ">=" 25 M/s
target "lisa-rnd with its cluster and an hourly grid, 2 threads" "$lisa_rnd_hourly_T2 / 1e6" ">=" 25 M/s
target "thread scaling 1 -> 2, lisa-rnd" "$lisa_rnd_SCALING" ">=" 1.8 x
target "peak memory, 10^6 replications of lisa-rnd" "$RSS_1E6 / 1024" "<" 400 MiB
echo "  $MISSED target(s) missed"

# ---- the CSV ------------------------------------------------------------------------------------
TOTAL=$(calc "$(now) - $BENCH_T0")
row bench.total_wall_time - "$(fmt "$TOTAL")" s
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
mkdir -p "$(dirname "$OUT")" || { echo "bench: cannot create $(dirname "$OUT")" >&2; exit 1; }
{
    echo "# nascost benchmarks (tests/bench/run.sh)"
    echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# version: $VERSION"
    echo "# nproc: $NPROC"
    echo "# cpu: $CPU"
    echo "# load average at start: $LOAD0; at end: $LOAD1"
    echo "# runs per median: $RUNS; peak memory via $RSS_TOOL"
    echo "benchmark,threads,value,unit"
    printf '%s\n' "${ROWS[@]}"
} >"$OUT" || { echo "bench: cannot write $OUT" >&2; exit 1; }
echo
echo "load average at end: $LOAD1"
echo "wrote $OUT"
exit 0
