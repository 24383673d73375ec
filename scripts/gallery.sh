#!/usr/bin/env bash
# gallery.sh - regenerate the README's figures in plots/gallery/ from the shipped scenarios.
# Usage: bash scripts/gallery.sh path/to/nascost     (or: make gallery)
set -euo pipefail
NC=$1
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=plots/gallery
mkdir -p "$out"

# the headline: distribution, stages, calendar, benchmarks
"$NC" run scenarios/lisa-rnd.yaml -q --plots "$tmp/lisa"
for f in distribution stages timeline benchmarks; do cp "$tmp/lisa/$f.png" "$out/lisa-rnd-$f.png"; done

# a what-if: full grid vs ASHA, paired
"$NC" compare scenarios/whatif/grid-search.yaml scenarios/whatif/asha.yaml -n 2000 -q -o "$tmp/cmp"
"$NC" plot "$tmp/cmp/compare.json" -o "$tmp/cmp-fig" -q
cp "$tmp/cmp-fig/forest.png" "$out/grid-vs-asha-forest.png"

# a sweep of PUE
"$NC" sweep scenarios/lisa-rnd.yaml --vary sites.lab.pue=1.1:2.0:4 -n 2000 -q -o "$tmp/sweep"
"$NC" plot "$tmp/sweep/sweep.json" -o "$tmp/sweep-fig" -q
cp "$tmp/sweep-fig/sweep-line.png" "$out/lisa-rnd-pue-sweep.png"

# what drives the uncertainty
"$NC" sensitivity scenarios/lisa-rnd.yaml --sobol 0 -q -o "$tmp/sens"
"$NC" plot "$tmp/sens/sensitivity.json" -o "$tmp/sens-fig" -q
cp "$tmp/sens-fig/tornado.png" "$out/lisa-rnd-tornado.png"

ls -1 "$out"
