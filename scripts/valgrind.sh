#!/usr/bin/env bash
# valgrind.sh - the test suite's memory checks under valgrind memcheck (issue 7), on top of the
# ASan + UBSan build: no invalid reads or writes, no use of uninitialised values, no definite
# leak. libgomp's thread-pool stacks show as "possibly lost" and are not counted.
# Usage: bash scripts/valgrind.sh BUILD_DIR SOURCE_DIR      (or: make valgrind)
set -u
B=$1
SRC=$(cd "$2" && pwd)
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite)
passed=0 failed=0
check() {
  local what=$1
  shift
  if "${VG[@]}" "$@" >/dev/null 2>"$B/valgrind.log"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL (valgrind): $what" >&2
    tail -40 "$B/valgrind.log" >&2
  fi
}
# the unit tests that run in seconds under valgrind (test_precision and the statistical tests
# of dist and rng take minutes there; ASan covers them)
for t in test_units test_loader test_sched test_stopping test_preempt test_realism test_engine \
         test_sensitivity test_faults test_mcse test_sobol test_scenarios test_semantics; do
  [ -x "$B/$t" ] && check "$t" "$B/$t"
done
# the command line: a run with every output, a comparison, a failed load, a catalog lookup
tmp=$(mktemp -d)
check "run -o" "$B/nascost" run "$SRC/scenarios/lisa-rnd.yaml" -n 8 -t 2 -q -o "$tmp/out"
check "compare" "$B/nascost" compare "$SRC/scenarios/whatif/grid-search.yaml" \
  "$SRC/scenarios/whatif/asha.yaml" -n 8 -q
check "sweep" "$B/nascost" sweep "$SRC/scenarios/lisa-rnd.yaml" --vary sites.lab.pue=1.2,1.5 -n 4 -q
check "catalog a100" "$B/nascost" catalog a100
for bad in alias-bomb beta-sd-too-large cycle-a binary-garbage unknown-hardware; do
  "${VG[@]}" "$B/nascost" check "$SRC/tests/golden/$bad.yaml" >/dev/null 2>"$B/valgrind.log"
  if [ $? -eq 2 ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL (valgrind): check $bad" >&2; tail -20 "$B/valgrind.log" >&2
  fi
done
rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
