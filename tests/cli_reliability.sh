#!/usr/bin/env bash
# cli_reliability.sh - nothing half-written, whatever happens (issue 7): an interrupted run
# exits 130 within a second and leaves earlier outputs intact; a full disk or an unwritable
# directory gives a clear error naming the file and leaves no temporary behind.
# Usage: bash tests/cli_reliability.sh /path/to/nascost /path/to/source
set -u
NC=$1
SRC=$(cd "$2" && pwd)
LISA="$SRC/scenarios/lisa-rnd.yaml"
TMP=$(mktemp -d)
TINY=""
cleanup() {
  [ -n "$TINY" ] && umount "$TINY" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# an earlier run's outputs, to check they survive an interrupted one
"$NC" run "$LISA" -n 30 -o "$TMP/out" -q || bad "first run"
sum_before=$(cat "$TMP/out"/* | cksum)

# SIGINT mid-run: exit 130, promptly, nothing new or partial in the output directory
"$NC" run "$LISA" -n 400000 -t 2 -o "$TMP/out" -q 2>"$TMP/err" &
pid=$!
sleep 1
start=$(date +%s%N)
kill -INT "$pid"
wait "$pid"
status=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$status" -eq 130 ] && ok || bad "SIGINT: exit $status, expected 130"
[ "$elapsed_ms" -lt 1000 ] && ok || bad "SIGINT: stopped after $elapsed_ms ms (> 1 s)"
grep -q "interrupted" "$TMP/err" && ok || bad "SIGINT: no 'interrupted' message"
[ "$(cat "$TMP/out"/* | cksum)" = "$sum_before" ] && ok || bad "SIGINT: earlier outputs changed"
[ "$(ls "$TMP/out" | wc -l)" -eq 3 ] && ok || bad "SIGINT: temporaries left: $(ls "$TMP/out")"

# SIGTERM likewise
"$NC" run "$LISA" -n 400000 -t 2 -q 2>/dev/null &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
[ $? -eq 130 ] && ok || bad "SIGTERM: expected exit 130"

# an output directory that cannot be made: exit 1, the path and the reason
"$NC" run "$LISA" -n 10 -o /proc/nascost-cannot-be-here -q 2>"$TMP/err"
[ $? -eq 1 ] && ok || bad "unwritable directory: expected exit 1"
grep -q "/proc/nascost-cannot-be-here: error: cannot make the output directory: " "$TMP/err" &&
  ok || bad "unwritable directory message: $(cat "$TMP/err")"

# a full disk: a 16 KiB tmpfs (needs root and mount; skipped visibly otherwise)
TINY="$TMP/tiny"
mkdir -p "$TINY"
if mount -t tmpfs -o size=16k tmpfs "$TINY" 2>/dev/null; then
  "$NC" run "$LISA" -n 3000 -o "$TINY/out" -q 2>"$TMP/err"
  [ $? -eq 1 ] && ok || bad "full disk: expected exit 1"
  grep -q "No space left on device" "$TMP/err" && ok || bad "full disk message: $(cat "$TMP/err")"
  grep -q "$TINY/out/" "$TMP/err" && ok || bad "full disk: the message names the file"
  [ -z "$(ls -A "$TINY/out" 2>/dev/null | grep -v -e '^result.json$' -e '^summary.csv$')" ] &&
    ok || bad "full disk: temporaries or partial files left: $(ls -A "$TINY/out")"
else
  TINY=""
  echo "SKIP: full-disk test needs root and mount (tmpfs)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
