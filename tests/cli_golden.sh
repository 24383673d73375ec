#!/usr/bin/env bash
# cli_golden.sh - golden tests of bad input: every message of the loader, byte for byte.
#
#   bash tests/cli_golden.sh /path/to/nascost /path/to/source
#   UPDATE=1 bash tests/cli_golden.sh ...     rewrite the .err files (then read every diff!)
#
# Each case is tests/golden/NAME.yaml with its expected standard error NAME.err and, when it
# needs --set, NAME.args (one argument per line). A .yaml without a .err is not a case (a file
# that cases extend). The runner works in tests/golden so that messages carry relative paths
# ("bad-unit.yaml:7:15: error: ..."), and checks for each case that `nascost check` exits with
# status 2 (bad input: not 0, not 1, and never a crash, > 128), and prints exactly the .err.
# The whole suite must take seconds: a case that hangs (an alias bomb) is a failure.
set -u

nascost=${1:?usage: cli_golden.sh NASCOST SOURCE_DIR}
src=${2:?usage: cli_golden.sh NASCOST SOURCE_DIR}
case $nascost in /*) ;; *) nascost=$PWD/$nascost ;; esac
src=$(cd "$src" && pwd) || exit 1
golden=$src/tests/golden
# One case takes a fraction of a second (the alias bomb included); the suite ~3 s, ~15 s
# under ASan. The limits catch hangs and blow-ups, not small slowdowns.
per_case_s=5
suite_s=30

# The catalog read is the source tree's, whatever the build's install prefix.
export NASCOST_DATA=$src
export OMP_NUM_THREADS=1
cd "$golden" || { echo "cli_golden: no directory $golden"; exit 1; }
if [[ ! -x $nascost ]]; then
    echo "cli_golden: $nascost is not an executable"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0 failed=0 start=$SECONDS
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for err_file in *.err; do
    name=${err_file%.err}
    if [[ ! -f $name.yaml ]]; then
        echo "FAIL $name: $err_file has no $name.yaml"
        failed=$((failed + 1))
        continue
    fi
    args=()
    [[ -f $name.args ]] && mapfile -t args < "$name.args"
    timeout "$per_case_s" "$nascost" check "$name.yaml" "${args[@]}" \
        > "$tmp/stdout" 2> "$tmp/stderr"
    status=$?
    if [[ ${UPDATE:-0} == 1 && $status -eq 2 ]]; then
        cp "$tmp/stderr" "$err_file"
    fi
    problem=
    if [[ $status -eq 124 ]]; then
        problem="timed out after ${per_case_s}s"
    elif [[ $status -gt 128 ]]; then
        problem="crashed (exit status $status, signal $((status - 128)))"
    elif [[ $status -ne 2 ]]; then
        problem="exit status $status, expected 2"
    elif ! cmp -s "$err_file" "$tmp/stderr"; then
        problem="standard error differs from $err_file"
    fi
    if [[ -n $problem ]]; then
        echo "FAIL $name: $problem"
        diff -u "$err_file" "$tmp/stderr" | sed 's/^/    /'
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done

elapsed=$((SECONDS - start))
if [[ $elapsed -gt $suite_s ]]; then
    echo "FAIL the suite took ${elapsed}s, more than ${suite_s}s"
    failed=$((failed + 1))
fi
if [[ $((passed + failed)) -eq 0 ]]; then
    echo "FAIL no cases found in $golden"
    failed=1
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
