#!/usr/bin/env bash
# cli_trust_gnuplot.sh - no text of a user's reaches gnuplot as code (issue 11, "Shell commands
# through gnuplot"), and gnuplot's temporary outputs follow no planted link ("Predictable
# temporary names").
#
# Each payload (a backquoted command, gnuplot's `system` breaking out of either quote, the
# system() function, @macros, backslash escapes, a line break, single quotes, enhanced-text
# markup with XML's specials) goes into every text field that reaches a figure: the scenario's
# name, its title, a site's and the stages' names, an equivalent's label (a catalog override),
# a --set value (the title) and the file names `compare` labels runs with; then through every
# command that draws: run --plots, plot of the run's results, report, plot of compare, sweep
# and sensitivity results. No command may run (no PWNED file appears anywhere), and each text
# is drawn as it was typed (found in the SVG, up to line breaks and runs of blanks).
# Usage: bash tests/cli_trust_gnuplot.sh /path/to/nascost /path/to/source
. "$(dirname "$0")/lib_cli.sh"

if ! command -v gnuplot >/dev/null 2>&1 && [ -z "${NASCOST_GNUPLOT:-}" ]; then
  echo "SKIPPED: gnuplot is not installed (apt-get install gnuplot-nox)" >&2
  exit 0
fi

# The payloads: none holds '.', ',', '=' or '/' (a --vary path and a file name carry them),
# and "ti " + each fits the caption's 66 characters of title. A command goes up one directory
# first (cd $(dirname $PWD)): gnuplot runs in the output directory, the report's in a temporary
# directory it removes after (TMPDIR is set to the payload's directory).
cat >"$TMP/payloads.py" <<'PY'
PAYLOADS = {
    "backquote": "x`cd $(dirname $PWD); touch PWNED-bq`y",
    "squote-system": "'; system 'cd $(dirname $PWD); touch PWNED-s1'; print '",
    "dquote-system": '"; system "cd $(dirname $PWD); touch PWNED-s2"; print "',
    "system-call": 'system("cd $(dirname $PWD); touch PWNED-sf")',
    "macro": "@caption @title_text @GPVAL_PWD",
    "backslashes": r"a\nb \" \\ \t \U+0041 \101 end\\",
    "newline": "line one\nline two",
    "single-quote": "it's ''twice'' '",
    "enhanced": "x_1^2 {a} ~b{p} &amp; <i>&#39; @",
}
PY

# make_inputs KEY DIR: DIR/s.yaml carries the payload in every field, DIR/cmp1 P.yaml and
# DIR/cmp2 P.yaml (plain scenarios) in their file names; DIR/needles.json the texts to find.
cat >"$TMP/make.py" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
from payloads import PAYLOADS
key, out = sys.argv[1], sys.argv[2]
p = PAYLOADS[key]
q = json.dumps  # a JSON string is a YAML double-quoted scalar

def scenario(name, title, site, st1, st2, label):
    return f"""scenario: {q(name)}
title: {q(title)}
replications: 30
seed: 11
catalog:
  equivalents:
    car-lifetime:
      name: "Average car, one lifetime including fuel"
      label: {q(label)}
      co2e: 126000 lb
      per: lifetime
sites:
  {q(site)}:
    pue: "1.2 to 1.8"
    carbon_intensity: "380 to 480 g/kWh"
    cluster: {{gpus: 4}}
stages:
  - name: {q(st1)}
    site: {q(site)}
    trials: {{dist: uniform, low: 8, high: 16}}
    gpus: 1
    hardware: v100
    duration: "10 to 20 h"
  - name: {q(st2)}
    site: {q(site)}
    trials: 6
    gpus: 1
    hardware: v100
    duration: "5 to 30 h"
"""

open(f"{out}/s.yaml", "w").write(scenario("sc " + p, "ti " + p, "si " + p, "st1 " + p,
                                          "st2 " + p, "eq " + p))
plain = scenario("plain", "plain title", "lab", "one", "two", "cars")
for i in (1, 2):
    open(f"{out}/cmp{i} {p}.yaml", "w").write(plain)
json.dump({k: v + " " + p for k, v in
           dict(sc="sc", ti="ti", si="si", st1="st1", st2="st2", eq="eq", se="se",
                cmp1="cmp1", cmp2="cmp2").items()}, open(f"{out}/needles.json", "w"))
PY

# drawn DESCRIPTION NEEDLES_JSON KEYS FILE...: each text KEYS names is drawn in the SVG FILEs
# (or the <svg> elements of an HTML page), compared with blanks and line breaks collapsed.
cat >"$TMP/drawn.py" <<'PY'
import html, json, re, sys
needles, keys, files = json.load(open(sys.argv[1])), sys.argv[2].split(), sys.argv[3:]
texts = []
for name in files:
    doc = open(name, encoding="utf-8").read()
    parts = re.findall(r"<svg.*?</svg>", doc, re.S) if name.endswith(".html") else [doc]
    for part in parts:
        for t in re.findall(r"<text[^>]*>(.*?)</text>", part, re.S):
            texts.append(html.unescape(re.sub(r"<[^>]*>", "", t)))
flat = lambda s: " ".join(s.split())
drawn = flat(" ".join(texts))
missing = [k for k in keys if flat(needles[k]) not in drawn]
for k in missing:
    print(f"  not drawn: {needles[k]!r} in {' '.join(files)}", file=sys.stderr)
sys.exit(1 if missing else 0)
PY
drawn() {
  local what=$1 keys=$2
  shift 2
  if python3 "$TMP/drawn.py" "$D/needles.json" "$keys" "$@"; then ok; else bad "$what: text not drawn as typed"; fi
}

# no_command WHAT: nothing a payload asks gnuplot to run has run
no_command() {
  local found
  found=$(find "$TMP" -name 'PWNED*' 2>/dev/null)
  if [ -z "$found" ]; then ok; else bad "$1: a command ran: $found"; rm -f $found; fi
}

# ran STATUS WHAT: the command ended well, or (for a payload with a control character) the
# loader refused it with exit 2; returns 0 when figures were drawn and are to be checked
ran() {
  local got=$1 what=$2
  if [ "$got" -eq 0 ]; then ok; return 0; fi
  if [ "$got" -eq 2 ] && [ "$key" = newline ]; then ok; return 1; fi
  bad "$what ($key): exit $got"; cat "$TMP/err" >&2; return 1
}

# every terminal draws text as it is (noenhanced), and no script turns enhanced text on
if [ "$(grep -c "noenhanced" "$SRC/plots/common.gp")" -ge 3 ] &&
  ! grep -n -E "(^|[^o])enhanced" "$SRC"/plots/*.gp | grep -v "^[^:]*:[0-9]*:#"; then ok
else bad "a terminal or a script with enhanced text"; fi

keys=$(python3 -c "import sys; sys.path.insert(0, sys.argv[1]); from payloads import PAYLOADS; print(' '.join(PAYLOADS))" "$TMP")
for key in ${NC_TRUST_PAYLOADS:-$keys}; do # NC_TRUST_PAYLOADS=backquote: one, to debug
  D="$TMP/$key"
  mkdir -p "$D"
  python3 "$TMP/make.py" "$key" "$D" "$TMP"
  S="$D/s.yaml"

  "$NC" run "$S" -t 2 -q -o "$D/run" --plots "$D/fig" >"$TMP/out" 2>"$TMP/err"
  if ran $? "run --plots"; then
    drawn "run --plots ($key)" "sc ti eq" "$D/fig/distribution.svg"
    drawn "run --plots ($key)" "sc st1 st2" "$D/fig/stages.svg"
    drawn "run --plots ($key)" "sc" "$D/fig/timeline.svg" "$D/fig/benchmarks.svg"
    "$NC" plot "$D/run" -o "$D/replot" -q >"$TMP/out" 2>"$TMP/err"
    if ran $? "plot of the run"; then
      drawn "plot of the run ($key)" "sc ti eq" "$D/replot/distribution.svg"
      drawn "plot of the run ($key)" "sc st1 st2" "$D/replot/stages.svg"
      drawn "plot of the run ($key)" "sc" "$D/replot/timeline.svg" "$D/replot/benchmarks.svg"
    fi
  fi
  no_command "run --plots, plot ($key)"

  P=$(python3 -c "import sys; sys.path.insert(0, sys.argv[1]); from payloads import PAYLOADS; print(PAYLOADS[sys.argv[2]], end='')" "$TMP" "$key")
  TMPDIR="$D" "$NC" report "$S" -t 2 -q --set "title=se $P" -o "$D/report.html" \
    >"$TMP/out" 2>"$TMP/err"
  if ran $? "report"; then
    drawn "report ($key)" "sc se eq st1 st2" "$D/report.html"
  fi
  no_command "report ($key)"

  "$NC" compare "$D/cmp1 $P.yaml" "$D/cmp2 $P.yaml" -n 20 -t 2 -q -o "$D/cmp" >"$TMP/out" 2>"$TMP/err"
  if ran $? "compare"; then
    "$NC" plot "$D/cmp/compare.json" -q >"$TMP/out" 2>"$TMP/err"
    if ran $? "plot of compare"; then
      drawn "plot of compare ($key)" "cmp1 cmp2" "$D/cmp/forest.svg"
    fi
  fi
  no_command "compare ($key)"

  "$NC" sweep "$S" --vary "sites.si $P.pue=1.3,1.6" -n 20 -t 2 -q -o "$D/sweep" \
    >"$TMP/out" 2>"$TMP/err"
  if ran $? "sweep"; then
    "$NC" plot "$D/sweep" -q >"$TMP/out" 2>"$TMP/err"
    if ran $? "plot of sweep"; then
      drawn "plot of sweep ($key)" "si" "$D/sweep/forest.svg"
      drawn "plot of sweep ($key)" "si" "$D/sweep/sweep-line.svg"
    fi
  fi
  no_command "sweep ($key)"

  "$NC" sensitivity "$S" -n 20 --sobol 0 -t 2 -q -o "$D/sens" >"$TMP/out" 2>"$TMP/err"
  if ran $? "sensitivity"; then
    "$NC" plot "$D/sens" -q >"$TMP/out" 2>"$TMP/err"
    if ran $? "plot of sensitivity"; then
      drawn "plot of sensitivity ($key)" "sc si st1" "$D/sens/tornado.svg"
    fi
  fi
  no_command "sensitivity ($key)"
done

# ---- gnuplot's temporary files follow no planted link -----------------------------------------
# Someone who can write to a shared output directory plants symbolic links, pointing at a file
# of ours, at every name the figures are written through: the old NAME.partial-PID.EXT (the PID
# is the one `exec` keeps), and the figures' own names NAME.EXT, NAME.csv, NAME.gp. (The names
# nascost now writes through, NAME.partial-XXXXXX from mkdtemp and NAME.EXT.XXXXXX from
# mkstemp, are made anew or not at all: a link there makes mkdtemp or mkstemp pick another.)
SHARED="$TMP/shared"
mkdir -p "$SHARED"
printf 'precious\n' >"$TMP/victim"
chmod 640 "$TMP/victim"
cp -p "$TMP/victim" "$TMP/victim.orig"
plant_and_run() {
  bash -c 'victim=$1 dir=$2
    shift 2
    for n in distribution stages timeline benchmarks; do
      for e in png svg pdf csv gp; do
        ln -s "$victim" "$dir/$n.partial-$$.$e"
        ln -sf "$victim" "$dir/$n.$e"
      done
    done
    ln -sf "$victim" "$dir/report.html"
    exec "$@"' _ "$TMP/victim" "$SHARED" "$@" >"$TMP/out" 2>"$TMP/err"
}
untouched() {
  if cmp -s "$TMP/victim" "$TMP/victim.orig" &&
    [ "$(stat -c %a "$TMP/victim")" = 640 ]; then ok; else bad "$1: the victim was written"; fi
}
plant_and_run "$NC" run "$LISA" -n 30 -t 2 -q --plots "$SHARED"
if [ $? -eq 0 ]; then ok; else bad "run --plots among planted links: exit $?"; cat "$TMP/err" >&2; fi
untouched "run --plots"
if python3 - "$SHARED" <<'PY'; then ok; else bad "figures among planted links: not right"; fi
import os, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
for name in ("distribution", "stages", "timeline", "benchmarks"):
    for ext in ("png", "svg", "pdf", "csv", "gp"):
        path = f"{d}/{name}.{ext}"
        assert not os.path.islink(path) and os.path.isfile(path), path
    assert open(f"{d}/{name}.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n", name
    assert ET.parse(f"{d}/{name}.svg").getroot().tag.endswith("svg"), name
    assert open(f"{d}/{name}.pdf", "rb").read(5) == b"%PDF-", name
assert not [f for f in os.listdir(d) if os.path.isdir(f"{d}/{f}")], "a private directory left"
PY
rm -rf "$SHARED" && mkdir -p "$SHARED"
plant_and_run env TMPDIR="$SHARED" "$NC" report "$LISA" -n 30 -t 2 -q -o "$SHARED/report.html"
if [ $? -eq 0 ]; then ok; else bad "report among planted links: exit $?"; cat "$TMP/err" >&2; fi
untouched "report"
if [ ! -L "$SHARED/report.html" ] && grep -q "<svg" "$SHARED/report.html"; then ok; else bad "report among planted links: no page with figures"; fi

# A sweep of one value: one run, no difference to draw (gnuplot 5.4.4 crashed on the empty panel)
expect 0 "sweep of one value" -- "$NC" sweep "$LISA" --vary sites.lab.pue=1.5 -n 10 -t 2 -q \
  -o "$TMP/sweep1"
expect 0 "plot of a sweep of one value" -- "$NC" plot "$TMP/sweep1" -q
if [ -s "$TMP/sweep1/forest.svg" ]; then ok; else bad "no forest of a one-value sweep"; fi

# a gnuplot that crashes is named as one, with its signal, not as "exit status -1"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$TMP/crashing-gnuplot"
chmod +x "$TMP/crashing-gnuplot"
expect 1 "a crashing gnuplot" -- env NASCOST_GNUPLOT="$TMP/crashing-gnuplot" "$NC" plot \
  "$TMP/sweep1" -q
contains "$TMP/err" "gnuplot crashed on .*forest.gp (signal 11" "a crash says so"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
