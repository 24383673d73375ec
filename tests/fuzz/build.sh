#!/usr/bin/env bash
# build.sh - build the libFuzzer harnesses (issue 7, "Fuzzing").
#
#   bash tests/fuzz/build.sh [OUT_DIR]        default OUT_DIR: build-fuzz
#
# Each tests/fuzz/fuzz_NAME.c becomes OUT_DIR/fuzz_NAME, compiled with clang and
# -fsanitize=fuzzer,address,undefined (UB aborts: -fno-sanitize-recover) -g -O1 against the
# library's sources (sim/*/*.c less the command line, sim/cli/), with the project's warnings and
# floating-point flags. clang, its sanitizer/libFuzzer runtimes and its OpenMP headers are not
# among scripts/setup's packages (a user does not need them): they are checked, and installed
# when missing, here.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-build-fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)
CC=${FUZZ_CC:-clang}

bash "$src/scripts/setup" # the library's own packages
packages=(clang libclang-rt-14-dev libomp-14-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        echo "fuzz: missing packages: ${missing[*]}" >&2
        echo "run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "fuzz: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The project's warnings for the harnesses; the library's warnings are the gcc build's
# business (clang adds only noise there, such as NAN promoted from float).
warnings=(-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wdouble-promotion
          -Wconversion -Wno-sign-conversion -Wformat=2 -Wundef -Wvla)
flags=(-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -fno-omit-frame-pointer -fopenmp -ffp-contract=off -fno-fast-math
       -D_XOPEN_SOURCE=700 -DNC_VERSION='"fuzz"' -DNC_COMPILER='"clang (fuzz)"'
       -DNC_DATA_DIR_BUILD="\"$src\"" -DNC_DATA_DIR_INSTALL="\"$src\""
       -DNC_FUZZ_MODELS_DIR="\"$src/models\""
       -I"$src/sim" -I"$src/include" -I"$src/tests/fuzz"
       $(pkg-config --cflags gsl yaml-0.1 jansson))
libs=($(pkg-config --libs gsl yaml-0.1 jansson) -lm)

# The library once, as objects compiled for the fuzzer (with -fsanitize=fuzzer the library
# code is instrumented for coverage); the harnesses link only what they use from an archive.
mkdir -p "$out/obj"
objs=()
for c in $(find "$src/sim" -name '*.c' ! -path '*/sim/cli/*' | sort); do
    name=$(basename "$c" .c)
    o="$out/obj/$name.o"
    if [[ ! -f $o || $c -nt $o || -n $(find "$src/sim" -name '*.h' -newer "$o" -print -quit) ]]; then
        "$CC" "${flags[@]}" -fsanitize=fuzzer-no-link -fno-sanitize=fuzzer -w -c "$c" -o "$o" &
    fi
    objs+=("$o")
    # at most two compilers at once (the machine has 2 cores and is shared)
    while [[ $(jobs -rp | wc -l) -ge 2 ]]; do wait -n; done
done
wait
rm -f "$out/libnascost_fuzz.a"
ar rcs "$out/libnascost_fuzz.a" "${objs[@]}"

for h in "$src"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    [[ $name == fuzz_common ]] && continue
    "$CC" "${flags[@]}" "${warnings[@]}" "$h" "$src/tests/fuzz/fuzz_common.c" "$out/libnascost_fuzz.a" \
        "${libs[@]}" -o "$out/$name"
    echo "fuzz: built $out/$name"
done
