#!/usr/bin/env bash
# examples.sh - every examples/NAME.c compiled against an installed nascost, the ways a user
# would, and run (issue 12: "CI builds both against an installed prefix, once with pkg-config
# and once with find_package").
#
#   bash scripts/examples.sh [PREFIX]
#
# Configures a fresh Release build of this tree in a temporary folder with PREFIX (default: a
# temporary folder, removed at the end) as its install prefix, builds it, installs it, then
# builds each example four ways:
#   pc      cc NAME.c $(pkg-config --cflags --libs nascost)        (PKG_CONFIG_PATH=PREFIX's),
#           run with LD_LIBRARY_PATH=PREFIX's libdir (the shared library, no rpath)
#   static  cc -static NAME.c $(pkg-config --static --cflags --libs nascost): nothing shared
#   cmake   examples/CMakeLists.txt, find_package(nascost) (CMAKE_PREFIX_PATH=PREFIX), linked
#           with nascost::nascost; runs through the rpath CMake gives it
#   cmake-static  the same with -DNC_EXAMPLES_STATIC=ON: nascost::nascost_static
# and runs each with the arguments RUN_ARGS gives it (a new example adds its line there). All
# four must succeed and print the same; embed must print the figures of
#   nascost run lisa-rnd.yaml -n 1000 --seed 7 -f json   at .total.co2e_kg.{mean,p5,p95}
# and version the installed version. JOBS (default 2): parallel compilers.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=${1:-$work/prefix}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
jobs=${JOBS:-2}
lisa=$prefix/share/nascost/scenarios/lisa-rnd.yaml
# the arguments each example runs with; PREFIX's files, not the source's
declare -A RUN_ARGS=(
  [embed]="$lisa"
  [version]=""
)

bash "$src/scripts/setup"
echo "examples: building nascost and installing it into $prefix" >&2
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
  >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
cmake --build "$work/build" -j "$jobs" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
cmake --install "$work/build" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name nascost.pc -path '*/pkgconfig/*' | head -1)")
libdir=$(pkg-config --variable=libdir nascost)
version=$(pkg-config --modversion nascost)

failed=0
fail() { failed=$((failed + 1)); echo "examples: FAIL: $*" >&2; }

# the two CMake projects (each example is then built as its own target)
for kind in cmake cmake-static; do
  static=OFF
  [ "$kind" = cmake-static ] && static=ON
  cmake -S "$src/examples" -B "$work/$kind" -DCMAKE_PREFIX_PATH="$prefix" \
    -DNC_EXAMPLES_STATIC=$static >"$work/log" 2>&1 ||
    { fail "examples/CMakeLists.txt ($kind):"; cat "$work/log" >&2; }
done

# build KIND NAME COMMAND...: one build of example NAME, its messages shown if it fails
build() {
  local kind=$1 name=$2
  shift 2
  "$@" >"$work/log" 2>&1 || { fail "$name ($kind): $*:"; cat "$work/log" >&2; }
}

# expect_NAME OUTPUT: the check of what example NAME printed, beyond "the four agree"
expect_embed() {
  "$prefix/bin/nascost" run "$lisa" -n 1000 --seed 7 -f json >"$work/cli.json"
  local want
  want=$(python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["total"]["co2e_kg"]
print("%.17g %.17g %.17g" % (t["mean"], t["p5"], t["p95"]))' "$work/cli.json")
  [ "$1" = "$want" ] || fail "embed printed '$1'; nascost run -f json gives '$want'"
}
expect_version() {
  [ "$1" = "nascost $version (header $version)" ] || fail "version printed '$1' (installed: $version)"
}

n=0
for c in "$src"/examples/*.c; do
  name=$(basename "$c" .c)
  n=$((n + 1))
  if [ -z "${RUN_ARGS[$name]+set}" ]; then
    fail "examples/$name.c: no arguments to run it with (RUN_ARGS in scripts/examples.sh)"
    continue
  fi
  # shellcheck disable=SC2206 # the arguments are words
  args=(${RUN_ARGS[$name]})
  mkdir -p "$work/pc" "$work/static"
  build pc "$name" cc "$c" $(pkg-config --cflags --libs nascost) -o "$work/pc/$name"
  build static "$name" cc -static "$c" $(pkg-config --static --cflags --libs nascost) \
    -o "$work/static/$name"
  build cmake "$name" cmake --build "$work/cmake" --target "$name"
  build cmake-static "$name" cmake --build "$work/cmake-static" --target "$name"
  first="" first_kind=""
  for kind in pc static cmake cmake-static; do
    exe=$work/$kind/$name
    [ -x "$exe" ] || continue
    # the pkg-config build finds libnascost.so through LD_LIBRARY_PATH; the others need none
    if [ "$kind" = pc ]; then
      run=(env LD_LIBRARY_PATH="$libdir" "$exe")
    else
      run=(env -u LD_LIBRARY_PATH "$exe")
    fi
    if ! out=$("${run[@]}" "${args[@]}" 2>"$work/err"); then
      fail "$name ($kind) failed:"; cat "$work/err" >&2; continue
    fi
    if [ -z "$first_kind" ]; then
      first=$out first_kind=$kind
      if declare -F "expect_$name" >/dev/null; then "expect_$name" "$out"; fi
    elif [ "$out" != "$first" ]; then
      fail "$name ($kind) printed '$out', ($first_kind) '$first'"
    fi
  done
  echo "examples: $name: $first" >&2
done
echo "examples: $n examples, $failed failures" >&2
[ "$failed" -eq 0 ]
