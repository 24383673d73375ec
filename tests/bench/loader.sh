#!/usr/bin/env bash
# loader.sh - how long `nascost check` takes on large hostile scenarios, and its peak memory.
# Not part of the test suite (timings depend on the machine): run it by hand.
#
#   bash tests/bench/loader.sh /path/to/nascost [SCALE] [TIMEOUT_S]
#
# The inputs come from tests/bench/gen_hostile.py (SCALE shrinks them, default 1). Each line
# prints the case, nascost's exit status, the wall and CPU (user + system) times, the peak
# resident memory (from /usr/bin/time -v) and the first line of the message.
set -u
nascost=${1:?usage: loader.sh NASCOST [SCALE] [TIMEOUT_S]}
scale=${2:-1}
limit=${3:-300}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export NASCOST_DATA=$src OMP_NUM_THREADS=1
python3 "$src/tests/bench/gen_hostile.py" "$tmp" "$scale" || exit 1
printf '%-10s %6s %8s %8s %8s  %s\n' case status wall_s cpu_s peak_MiB message
for name in keys chain-0 flow stages anchors sites; do
    /usr/bin/time -v -o "$tmp/time" timeout "$limit" "$nascost" check "$tmp/$name.yaml" \
        > /dev/null 2> "$tmp/err"
    status=$?
    secs=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tmp/time")
    user=$(sed -n 's/.*User time (seconds): //p' "$tmp/time")
    sys=$(sed -n 's/.*System time (seconds): //p' "$tmp/time")
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
    msg=$(head -c 150 "$tmp/err" | head -1 | sed "s#$tmp/##g")
    cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
    printf '%-10s %6s %8s %8s %8s  %s\n' "$name" "$status" "$secs" "$cpu" "$((kib / 1024))" "$msg"
done
