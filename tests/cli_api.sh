#!/usr/bin/env bash
# cli_api.sh - the public API against the command line: the program of issue 12
# (examples/embed.c), compiled against include/nascost.h and the build tree's static library
# with nothing else of nascost, prints the figures `nascost run -f json` gives at
# .total.co2e_kg, to 17 digits, for two scenarios.
# Usage: bash tests/cli_api.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

BUILD=$(dirname "$NC")
CC=${CC:-cc}
# NC_HEADER_LDFLAGS: the sanitizers' runtime when the library was built with them (CMakeLists.txt)
# C11, pedantic, every warning an error: the header is the whole interface
if $CC -std=c11 -Wall -Wextra -pedantic -Werror -I"$SRC/include" "$SRC/examples/embed.c" \
    "$BUILD/libnascost.a" $(pkg-config --libs gsl yaml-0.1 jansson) -fopenmp -lpthread -lm ${NC_HEADER_LDFLAGS:-} \
    -o "$TMP/embed" 2>"$TMP/cc"; then ok; else bad "embed.c does not build"; cat "$TMP/cc" >&2; fi

for sc in "$LISA" "$SRC/scenarios/grant-phd.yaml"; do
  expect 0 "embed $(basename "$sc")" -- "$TMP/embed" "$sc"
  cp "$TMP/out" "$TMP/api"
  expect 0 "run -f json $(basename "$sc")" -- "$NC" run "$sc" -n 1000 --seed 7 -f json
  want=$(python3 -c "import json, sys
t = json.load(open(sys.argv[1]))['total']['co2e_kg']
print('%.17g %.17g %.17g' % (t['mean'], t['p5'], t['p95']))" "$TMP/out")
  got=$(cat "$TMP/api")
  if [ -n "$got" ] && [ "$got" = "$want" ]; then ok; else bad "$(basename "$sc"): embed printed '$got', the CLI's JSON '$want'"; fi
done

# its error path: a scenario with a YAML error gives file:line:col and status 2
printf 'scenario: broken\nstages: [\n' >"$TMP/broken.yaml"
expect 2 "embed on a broken scenario" -- "$TMP/embed" "$TMP/broken.yaml"
contains "$TMP/err" "^$TMP/broken.yaml:[0-9]*:[0-9]*: " "embed's error has file:line:col"

echo "cli_api: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
