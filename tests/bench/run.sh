#!/usr/bin/env bash
# tests/bench/run.sh - nascost benchmarks (DESIGN.md, "Performance"); run by `make bench`.
#
#   bash tests/bench/run.sh /path/to/nascost /path/to/source
#
# Measures, and prints as a table and writes as CSV to ${BENCH_OUT:-<source>/build/bench.csv}
# (columns benchmark,threads,value,unit; '#' lines before them record the machine):
#   1. throughput (simulated trials/s) of scenarios/lisa-rnd.yaml at 1 and 2 threads, with -n
#      calibrated so a 1-thread run takes ~BENCH_TARGET_S (1.8) seconds, median of BENCH_RUNS runs;
#      and of tests/bench/million-trials.yaml (10^6 trials per replication);
#   2. thread scaling (2-thread / 1-thread throughput); scaling in replications (time at n,
#      2n, 4n: ratios ~2) and in trials per stage (10^3..10^6 trials at constant total work:
#      trials/s should be flat);
#   3. peak memory (max RSS) at 10^5 replications of lisa-rnd, and at 10^6 replications.
#      The result array is [replication][row][metric], independent of the trials per stage,
#      so a run that would take (by the 2-thread throughput) or takes (timeout) more than
#      BENCH_MAX_RUN_S seconds as shipped is measured with --set stages.grid-searches.trials=1
#      instead (same memory); the per-replication bytes are the slope from 10^3 to 10^5.
# With each throughput: cores_used (nascost's CPU time / wall time) and other_load (cores kept
# busy by other processes meanwhile, from /proc/stat). On a shared machine a 2-thread number
# with other_load near 1 measures the neighbour, not nascost.
# Exits non-zero only when nascost fails; slow numbers are reported, never judged.
#
# Knobs (environment): BENCH_OUT, BENCH_RUNS (5), BENCH_TARGET_S (1.8), BENCH_MAX_RUN_S (60).
set -u -o pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 NASCOST SOURCE_DIR" >&2
    exit 2
fi
NC=$1
SRC=$2
RUNS=${BENCH_RUNS:-5}
TARGET_S=${BENCH_TARGET_S:-1.8}
MAX_RUN_S=${BENCH_MAX_RUN_S:-60}
LISA="$SRC/scenarios/lisa-rnd.yaml"
MILLION="$SRC/tests/bench/million-trials.yaml"
LISA_STAGE=grid-searches
OUT=${BENCH_OUT:-$SRC/build/bench.csv}

command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 1; }
[ -x "$NC" ] || { echo "bench: $NC is not an executable" >&2; exit 1; }

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

# load_rows NAME T : the rows that say whether NAME's last median_run had the machine to itself.
load_rows() {
    row "$1.cores_used" "$2" "$(fmt "$MED_CORES")" cores
    if [ "$OTHER_LOAD" = NA ]; then row "$1.other_load" "$2" NA cores
    else row "$1.other_load" "$2" "$(fmt "$OTHER_LOAD")" cores; fi
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

# ---- 1. throughput: lisa-rnd --------------------------------------------------------------------
median_run 1 "$LISA" -n 300 -t 1
N=$(awk "BEGIN { n = int($TARGET_S * 300 / $ELAPSED / 100 + 0.5) * 100
    print (n < 100) ? 100 : (n > 100000) ? 100000 : n }")
row lisa-rnd.replications_per_run 1 "$N" replications
median_run "$RUNS" "$LISA" -n "$N" -t 1
LISA_T1=$MED_TPS
LISA_T1_ELAPSED=$MED_ELAPSED
row lisa-rnd.trials_per_s 1 "$(fmt "$LISA_T1")" trials/s
row lisa-rnd.elapsed 1 "$(fmt "$MED_ELAPSED")" s
load_rows lisa-rnd 1
median_run "$RUNS" "$LISA" -n "$N" -t 2
LISA_T2=$MED_TPS
LISA_T2_ELAPSED=$MED_ELAPSED
row lisa-rnd.trials_per_s 2 "$(fmt "$LISA_T2")" trials/s
row lisa-rnd.elapsed 2 "$(fmt "$MED_ELAPSED")" s
load_rows lisa-rnd 2
row lisa-rnd.thread_scaling 2 "$(fmt "$LISA_T2 / $LISA_T1")" x

# ---- 1. throughput: lisa-rnd with its cluster and an hourly grid (issue 3's bar) ---------------
HOURLY="$SRC/tests/bench/lisa-hourly.yaml"
median_run "$RUNS" "$HOURLY" -n "$N" -t 1
row lisa-rnd-hourly.trials_per_s 1 "$(fmt "$MED_TPS")" trials/s
load_rows lisa-rnd-hourly 1
HOURLY_T1=$MED_TPS
median_run "$RUNS" "$HOURLY" -n "$N" -t 2
row lisa-rnd-hourly.trials_per_s 2 "$(fmt "$MED_TPS")" trials/s
load_rows lisa-rnd-hourly 2
row lisa-rnd-hourly.thread_scaling 2 "$(fmt "$MED_TPS / $HOURLY_T1")" x

# ---- 1. throughput: a million trials per replication ---------------------------------------------
# The engine hands out replications one at a time (schedule(dynamic, 1)); the 32-replication
# run is kept to compare with earlier figures, when chunks of 16 left one thread idle.
median_run "$RUNS" "$MILLION" -n 4 -t 1
M_T1=$MED_TPS
row million-trials.n4.trials_per_s 1 "$(fmt "$M_T1")" trials/s
load_rows million-trials.n4 1
median_run "$RUNS" "$MILLION" -n 4 -t 2
M_T2=$MED_TPS
row million-trials.n4.trials_per_s 2 "$(fmt "$M_T2")" trials/s
load_rows million-trials.n4 2
row million-trials.n4.thread_scaling 2 "$(fmt "$M_T2 / $M_T1")" x
median_run 3 "$MILLION" -n 32 -t 2
M32_T2=$MED_TPS
row million-trials.n32.trials_per_s 2 "$(fmt "$M32_T2")" trials/s
load_rows million-trials.n32 2
row million-trials.n32.thread_scaling_vs_n4_t1 2 "$(fmt "$M32_T2 / $M_T1")" x

# ---- 2. scaling in replications (1 thread, median of 3) ------------------------------------------
N0=$(awk "BEGIN { n = int($N / 4); print (n < 100) ? 100 : n }")
declare -A REP_EL REP_WA
LOAD_MAX=0
for m in 1 2 4; do
    median_run 3 "$LISA" -n $((N0 * m)) -t 1
    max_load
    REP_EL[$m]=$MED_ELAPSED
    REP_WA[$m]=$MED_WALL
    row "lisa-rnd.reps_scaling.time_n$m(n=$N0)" 1 "$(fmt "$MED_ELAPSED")" s
done
row lisa-rnd.reps_scaling.ratio_2n_over_n 1 "$(fmt "${REP_EL[2]} / ${REP_EL[1]}")" x
row lisa-rnd.reps_scaling.ratio_4n_over_2n 1 "$(fmt "${REP_EL[4]} / ${REP_EL[2]}")" x
row lisa-rnd.reps_scaling.wall_ratio_4n_over_n 1 "$(fmt "${REP_WA[4]} / ${REP_WA[1]}")" x
row lisa-rnd.reps_scaling.other_load_max 1 "$LOAD_MAX" cores

# ---- 2. scaling in trials per stage at constant work (1 thread, median of 3) -------------------
WORK=10000000
TR_MIN=""
TR_MAX=""
LOAD_MAX=0
for trials in 1000 10000 100000 1000000; do
    median_run 3 "$LISA" -n $((WORK / trials)) -t 1 --set "stages.$LISA_STAGE.trials=$trials"
    max_load
    row "lisa-rnd.trials_scaling.trials_per_s@$trials" 1 "$(fmt "$MED_TPS")" trials/s
    TR_MIN=$(calc "${TR_MIN:-$MED_TPS} < $MED_TPS ? ${TR_MIN:-$MED_TPS} : $MED_TPS")
    TR_MAX=$(calc "${TR_MAX:-$MED_TPS} > $MED_TPS ? ${TR_MAX:-$MED_TPS} : $MED_TPS")
done
row lisa-rnd.trials_scaling.min_over_max 1 "$(fmt "$TR_MIN / $TR_MAX")" x
row lisa-rnd.trials_scaling.other_load_max 1 "$LOAD_MAX" cores

# ---- 3. peak memory -----------------------------------------------------------------------------
REPS_PER_S_T2=$(calc "$N / $LISA_T2_ELAPSED")
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
else
    max_rss 0 "$LISA" -n 1000000 -t 2 --set "$ONE"
    row lisa-rnd.max_rss@1e6_reps_trials1 2 "$(fmt "$RSS_KB / 1024")" MiB
    row lisa-rnd.time@1e6_reps_trials1 2 "$(fmt "$WALL")" s
fi

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
