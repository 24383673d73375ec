#!/usr/bin/env bash
# run.sh - run the libFuzzer harnesses built by build.sh, one after the other.
#
#   bash tests/fuzz/run.sh BUILD_DIR [LIBFUZZER_OPTION...] [-- HARNESS...]
#
#   bash tests/fuzz/run.sh build-fuzz -max_total_time=60        `make fuzz`: 60 s each
#   bash tests/fuzz/run.sh build-fuzz -runs=20000               CI: a fixed number of runs
#   bash tests/fuzz/run.sh build-fuzz -max_total_time=600 -- scenario profile
#
# Each harness starts from its seed corpus tests/fuzz/corpus/NAME (read only) and a working
# corpus BUILD_DIR/corpus/NAME (where new inputs go), with the dictionary tests/fuzz/yaml.dict.
# A finding (crash, leak, sanitizer report, a violated property, a hang over 10 s) is saved
# as BUILD_DIR/artifacts/NAME/crash-... (or leak-, timeout-, oom-) and makes the script exit
# non-zero after the other harnesses have run. Each harness's log is BUILD_DIR/NAME.log; the
# last lines say how many inputs it executed.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: run.sh BUILD_DIR [LIBFUZZER_OPTION...] [-- HARNESS...]}
shift
options=() harnesses=()
while [[ $# -gt 0 && $1 != -- ]]; do options+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario units dist profile results quantile)

# UBSan reports must stop the run (the harnesses are built with -fno-sanitize-recover too).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

failed=()
for name in "${harnesses[@]}"; do
    bin=$build/fuzz_$name
    if [[ ! -x $bin ]]; then
        echo "fuzz: $bin is missing: bash tests/fuzz/build.sh $build" >&2
        failed+=("$name")
        continue
    fi
    mkdir -p "$build/corpus/$name" "$build/artifacts/$name"
    echo "fuzz: $name ${options[*]}"
    "$bin" -dict="$src/tests/fuzz/yaml.dict" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$name/" "${options[@]}" \
        "$build/corpus/$name" "$src/tests/fuzz/corpus/$name" > "$build/$name.log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log" | tail -1)
    if [[ $status -ne 0 ]]; then
        echo "fuzz: $name FAILED (exit status $status) after ${runs:-?} executions; log:" >&2
        grep -E "ERROR|SUMMARY|fuzz: |runtime error|Test unit written" "$build/$name.log" >&2
        failed+=("$name")
    else
        echo "fuzz: $name ok, ${runs:-?} executions without a finding"
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: findings or failures in: ${failed[*]}" >&2
    exit 1
fi
