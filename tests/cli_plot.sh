#!/usr/bin/env bash
# cli_plot.sh - figures as a user meets them: `run --plots`, `plot` from `run -o`, compare
# and sweep results, and what happens without gnuplot.
# Usage: bash tests/cli_plot.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

# figures DIR NAME...: each NAME drawn in all three formats, with its data and script; the PNG
# 1200x800, the SVG well-formed XML, the PDF a PDF; no partial file left behind.
figures() {
  local dir=$1
  shift
  for name in "$@"; do
    for ext in png svg pdf csv gp; do
      if [ -s "$dir/$name.$ext" ]; then ok; else bad "$dir/$name.$ext missing or empty"; fi
    done
  done
  # one python3 for all (it can be slow to start)
  if python3 - "$dir" "$@" <<'PY'; then ok; else bad "$dir: PNG size, SVG or PDF"; fi
import struct, sys, xml.etree.ElementTree as ET
for name in sys.argv[2:]:
    base = sys.argv[1] + "/" + name
    head = open(base + ".png", "rb").read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", name + ": not a PNG"
    size = struct.unpack(">II", head[16:24])
    assert size == (1200, 800), (name, size)
    root = ET.parse(base + ".svg").getroot()
    assert root.tag.endswith("svg") and root.get("width") == "1200", (name, root.attrib)
    assert open(base + ".pdf", "rb").read(5) == b"%PDF-", name + ": not a PDF"
PY
  if ls "$dir" | grep -q 'partial'; then bad "partial files left in $dir"; else ok; fi
}

expect 0 "plot --help" -- "$NC" plot --help
contains "$TMP/out" "usage: nascost plot" "plot --help"
contains "$TMP/out" "apt-get install gnuplot-nox" "plot --help names the install command"
expect 0 "run --help" -- "$NC" run --help
contains "$TMP/out" "--plots DIR" "run --help lists --plots"

# usage errors are exit 2
expect 2 "plot without RESULTS" -- "$NC" plot
expect 2 "plot of a missing path" -- "$NC" plot "$TMP/nope"
contains "$TMP/err" "nope" "a missing path is named"
expect 2 "plot --metric bogus" -- "$NC" plot "$TMP" --metric bogus
contains "$TMP/err" "unknown metric 'bogus'" "unknown metric named"
expect 2 "plot --units furlong" -- "$NC" plot "$TMP" --units furlong
expect 2 "plot of a directory without results" -- "$NC" plot "$TMP"
contains "$TMP/err" "result.json" "says what it looked for"

if ! command -v gnuplot >/dev/null 2>&1 && [ -z "${NASCOST_GNUPLOT:-}" ]; then
  echo "SKIPPED: gnuplot is not installed (apt-get install gnuplot-nox); drawing not tested" >&2
else
  # run --plots: the four figures of a run with a calendar (into a directory whose name
  # would need quoting in a shell or a gnuplot string)
  FIG="$TMP/fig it's \"here\""
  expect 0 "run --plots" -- "$NC" run "$LISA" -n 200 -t 2 -q -o "$TMP/run" --plots "$FIG"
  figures "$FIG" distribution stages timeline benchmarks
  contains "$FIG/distribution.csv" "^bin_low_kg,bin_high_kg,bin_mid_kg,replications,share_pct$" \
    "histogram CSV header"
  contains "$FIG/benchmarks.csv" "Car, avg incl. fuel, 1 lifetime" "benchmarks name the car"
  contains "$FIG/distribution.gp" "car lifetimes" "distribution annotated with equivalents"
  contains "$FIG/distribution.gp" "Okabe & Ito" "the palette is cited"
  contains "$FIG/timeline.gp" "deadline = 180" "timeline knows the deadline"
  if [ -s "$TMP/run/cumulative_co2e.csv" ]; then ok; else bad "run -o --plots wrote no cumulative_co2e.csv"; fi
  if python3 - "$FIG/distribution.csv" <<'PY'; then ok; else bad "histogram counts"; fi
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert sum(float(r["replications"]) for r in rows) == 200
assert 10 <= len(rows) <= 80
PY

  # the scripts redraw on their own, in their directory
  if (cd "$FIG" && gnuplot -e "formats='png'" stages.gp) 2>"$TMP/err"; then ok; else bad "stages.gp redraws"; cat "$TMP/err" >&2; fi

  # plot from `run -o`, into another directory, other units and metric
  expect 0 "plot a run -o directory" -- "$NC" plot "$TMP/run" -o "$TMP/replot" --units t
  figures "$TMP/replot" distribution stages timeline benchmarks
  contains "$TMP/out" "distribution.png" "plot lists what it wrote"
  contains "$TMP/replot/benchmarks.csv" "co2e_t" "--units t in the CSV"
  cmp -s "$FIG/stages.csv" "$TMP/replot/stages.csv" && bad "--units t changed nothing" || ok
  # (the data of another metric; not drawn, to keep the test fast: exit 1 without gnuplot)
  expect 1 "plot --metric facility_kwh" -- env NASCOST_GNUPLOT=/nonexistent "$NC" plot \
    "$TMP/run/result.json" -o "$TMP/energy" --metric facility_kwh -q
  contains "$TMP/energy/stages.csv" "p50_kWh" "--metric facility_kwh in the CSV"
  if grep -q "equals" "$TMP/energy/distribution.gp"; then bad "equivalents on an energy figure"; else ok; fi

  # plot of a run -o without --plots: no timeline, and it says so
  expect 0 "run -o" -- "$NC" run "$LISA" -n 100 -t 2 -q -o "$TMP/plain"
  expect 0 "plot without a timeline" -- "$NC" plot "$TMP/plain"
  figures "$TMP/plain" distribution stages benchmarks
  if [ -e "$TMP/plain/timeline.png" ]; then bad "a timeline without data"; else ok; fi
  contains "$TMP/out" "no timeline" "says why there is no timeline"

  # compare and sweep results
  expect 0 "compare -o" -- "$NC" compare "$SRC/scenarios/whatif/grid-search.yaml" \
    "$SRC/scenarios/whatif/asha.yaml" -n 100 -t 2 -q -o "$TMP/cmp"
  expect 0 "plot compare.json" -- "$NC" plot "$TMP/cmp/compare.json" -q
  figures "$TMP/cmp" forest
  expect 0 "sweep -o" -- "$NC" sweep "$LISA" --vary sites.lab.pue=1.2,1.6,2.0 -n 50 -t 2 -q \
    -o "$TMP/sweep"
  expect 0 "plot a sweep" -- "$NC" plot "$TMP/sweep" -q
  figures "$TMP/sweep" forest sweep-line
  contains "$TMP/sweep/sweep-line.csv" "^1.6," "sweep-line has the swept values"
fi

# without gnuplot: data and scripts, a message with the install command; run still succeeds
export NASCOST_GNUPLOT=/nonexistent/gnuplot
expect 0 "run --plots without gnuplot" -- "$NC" run "$LISA" -n 50 -t 2 -q -o "$TMP/nog" \
  --plots "$TMP/nog"
contains "$TMP/err" "apt-get install gnuplot-nox" "the message names the install command"
contains "$TMP/err" "/nonexistent/gnuplot" "the message names what was looked for"
for name in distribution stages timeline benchmarks; do
  if [ -s "$TMP/nog/$name.csv" ] && [ -s "$TMP/nog/$name.gp" ] && [ ! -e "$TMP/nog/$name.png" ]; then
    ok
  else
    bad "without gnuplot: $name data and script, no image"
  fi
done
expect 1 "plot without gnuplot" -- "$NC" plot "$TMP/nog" -q
contains "$TMP/err" "apt-get install gnuplot-nox" "plot names the install command"
unset NASCOST_GNUPLOT

# gnuplot that fails, or that writes nothing: an error naming the script, no partial files
expect 1 "gnuplot failing" -- env NASCOST_GNUPLOT=/bin/false "$NC" run "$LISA" -n 20 -t 2 -q \
  --plots "$TMP/false"
contains "$TMP/err" "gnuplot failed on .*distribution.gp" "a failing gnuplot is reported"
expect 1 "gnuplot writing nothing" -- env NASCOST_GNUPLOT=/bin/true "$NC" plot "$TMP/nog" \
  -o "$TMP/true" -q
contains "$TMP/err" "gnuplot did not write distribution.png" "missing images are reported"
if ls "$TMP/false" "$TMP/true" | grep -q -e partial -e '\.png'; then bad "images or partial files left"; else ok; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
