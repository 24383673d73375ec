#!/usr/bin/env bash
# cli_report.sh - `nascost report` as a reader meets it: one self-contained HTML file (no URL,
# no reference outside it), every string from a scenario escaped, the same numbers for the same
# seed, and the page opened in headless Chromium (tests/report_check.py): it loads with no
# console error and requests nothing, every figure is there, and a screenshot is not blank.
# Chromium (Debian's `chromium`) is installed when missing and we are root; the browser checks
# are skipped, visibly, only where it cannot be. The screenshots and pages are kept beside the
# binary in cli_report/ (report.png, report-full.png, report-print.png, report.pdf) for people.
# Usage: bash tests/cli_report.sh /path/to/nascost /path/to/source
set -u
NC=$1
SRC=$(cd "$2" && pwd)
LISA="$SRC/scenarios/lisa-rnd.yaml"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SHOTS="$(cd "$(dirname "$NC")" && pwd)/cli_report"
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps stdout/stderr in $TMP/out, $TMP/err
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; cat "$TMP/err" >&2; fi
}
contains() { if grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; fi; }
lacks() { if grep -qi -- "$2" "$1"; then bad "$3: '$2' in $(basename "$1")"; else ok; fi; }

# ---- the command line ------------------------------------------------------------------------

expect 0 "report --help" -- "$NC" report --help
contains "$TMP/out" "usage: nascost report" "report --help"
expect 0 "nascost --help" -- "$NC" --help
contains "$TMP/out" "report SCENARIO.yaml" "nascost --help lists report"
expect 2 "report without -o" -- "$NC" report "$LISA" -n 10
contains "$TMP/err" "give -o REPORT.html" "report without -o says what to give"
expect 2 "report without a scenario" -- "$NC" report -o "$TMP/x.html"
expect 2 "report -f json" -- "$NC" report "$LISA" -f json -o "$TMP/x.html"
expect 2 "report of a missing scenario" -- "$NC" report "$TMP/nope.yaml" -o "$TMP/x.html"
contains "$TMP/err" "nope.yaml" "a missing scenario is named"
expect 1 "report into a missing directory" -- "$NC" report "$LISA" -n 10 -q \
  -o "$TMP/no/such/dir/x.html"
contains "$TMP/err" "no/such/dir/x.html" "an unwritable report is named"
if [ -e "$TMP/x.html" ]; then bad "a failed report left a file"; else ok; fi

# ---- the report of lisa-rnd --------------------------------------------------------------------

mkdir -p "$TMP/out.d" "$TMP/tmp"
PAGE="$TMP/out.d/report.html"
expect 0 "report lisa-rnd" -- env TMPDIR="$TMP/tmp" SOURCE_DATE_EPOCH=1700000000 "$NC" report \
  "$LISA" -n 300 -t 2 -o "$PAGE"
contains "$TMP/out" "report.html" "report names the page it wrote"
if [ "$(ls -A "$TMP/out.d")" = "report.html" ]; then ok; else bad "more than the page: $(ls -A "$TMP/out.d")"; fi
if [ -z "$(ls -A "$TMP/tmp")" ]; then ok; else bad "figures left in TMPDIR: $(ls -A "$TMP/tmp")"; fi
for want in "<html lang=\"en\">" "<meta charset=\"utf-8\">" "What the bands mean" \
  "90% of the plausible worlds" "Per replication" "Per trial" "P5–P95" \
  "Total CO₂e" "GPU-hours" "Cloud cost" "Calendar time" "Finished within 180 days" \
  "car lifetimes" "Strubell 2019 Table 1" "sites.lab.pue" "hardware.titan-x-pascal.tdp" \
  "models/hardware.yaml:1[0-9][0-9]" "scenarios/lisa-rnd.yaml:[0-9]" "<dt>Seed</dt><dd>2019" \
  "version $("$NC" --version | awk '{print $2}')" "2023-11-14" "@media print" \
  "<th scope=\"col\"" "<figcaption>"; do
  contains "$PAGE" "$want" "the page"
done
# distribution, timeline, benchmarks (a one-stage pipeline's stages figure would be one bar)
if [ "$(grep -c '<figure' "$PAGE")" -eq 3 ] && [ "$(grep -c '<svg' "$PAGE")" -eq 3 ]; then ok; else
  bad "3 figures as inline SVG: $(grep -c '<figure' "$PAGE") <figure>, $(grep -c '<svg' "$PAGE") <svg>"
fi
lacks "$PAGE" "http://" "no URL"
lacks "$PAGE" "https://" "no URL"
lacks "$PAGE" "@BODY@" "the template was filled"

# Nothing outside the page: every src/href is an in-page #anchor or a data: URI, every url() in
# CSS or SVG in-page, nothing that loads or runs (script, link, iframe, img...), no ids twice.
if python3 - "$PAGE" >"$TMP/refs" 2>&1 <<'PY'; then ok; else bad "references outside the page:"; cat "$TMP/refs" >&2; fi
import collections, html.parser, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
problems = []
LOADS = {"script", "link", "iframe", "frame", "object", "embed", "img", "image", "audio",
         "video", "source", "track", "base", "form", "input", "meta_refresh", "foreignobject"}
class Refs(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag in LOADS:
            problems.append("<%s>" % tag)
        for key, value in attrs:
            value = value or ""
            if key.startswith("on"):
                problems.append("%s on <%s>" % (key, tag))
            if key in ("src", "href", "xlink:href", "srcset", "action", "poster", "data",
                       "background", "formaction") and not value.startswith(("#", "data:")):
                problems.append('<%s %s="%s">' % (tag, key, value))
            if tag == "meta" and key == "http-equiv" and value.lower() == "refresh":
                problems.append("meta refresh")
    handle_startendtag = handle_starttag
Refs().feed(page)
for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", page):
    if not url.startswith(("#", "data:")):
        problems.append("url(%s)" % url)
if "@import" in page:
    problems.append("@import")
ids = collections.Counter(re.findall(r"\sid=[\"']([^\"']+)", page))
problems += ["id %s %d times" % (i, n) for i, n in ids.items() if n > 1]
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY

# The same seed gives the same page, whatever the threads (but for the time it took and the
# name it was written to).
expect 0 "report lisa-rnd again on 1 thread" -- env TMPDIR="$TMP/tmp" \
  SOURCE_DATE_EPOCH=1700000000 "$NC" report "$LISA" -n 300 -t 1 -q -o "$PAGE.again"
if diff <(grep -v -e "Ran in" -e "To make it again" "$PAGE") \
  <(grep -v -e "Ran in" -e "To make it again" "$PAGE.again") >/dev/null; then ok; else
  bad "the same seed gave another page on 1 thread"
fi

# ---- strings from a scenario are escaped ----------------------------------------------------

cat >"$TMP/hostile.yaml" <<EOF
extends: $LISA
scenario: "hostile<b>"
title: "<script>alert(1)</script> & \"quoted\" 'words'"
source: "<img src=x onerror=alert(2)>"
description: "</p><script>alert(3)</script><p>"
stages:
  - name: grid-searches
    trials: 200
  - name: "<i>final</i> & runs"
    trials: 4
    hardware: v100
    duration: 10 h
    after: [grid-searches]
EOF
HOSTILE="$TMP/hostile.html"
expect 0 "report of a hostile scenario" -- "$NC" report "$TMP/hostile.yaml" -n 60 -t 2 -q \
  -o "$HOSTILE"
contains "$HOSTILE" "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;words&#39;" \
  "the title escaped"
contains "$HOSTILE" "&lt;img src=x onerror=alert(2)&gt;" "the source escaped"
contains "$HOSTILE" "&lt;i&gt;final&lt;/i&gt; &amp; runs" "a stage name escaped"
lacks "$HOSTILE" "<script" "no script element"
lacks "$HOSTILE" "<img" "no img element"
lacks "$HOSTILE" "<i>final" "no markup from a stage name"
lacks "$HOSTILE" "<b>" "no markup from the scenario's name"

# ---- what gnuplot writes is checked before it goes in; without gnuplot ------------------------

# A stand-in for gnuplot that writes $FAKE_SVG as each figure's SVG (outbase='NAME.partial-PID').
cat >"$TMP/fake-gnuplot" <<'EOF'
#!/usr/bin/env bash
out=$(printf '%s\n' "$2" | sed -n "s/^outbase='\([^']*\)'.*/\1/p")
cat "$FAKE_SVG" >"$out.svg"
EOF
chmod +x "$TMP/fake-gnuplot"
# refused DESCRIPTION SVG: a figure with SVG is refused, and no page is written
refused() {
  printf '%s\n' "$2" >"$TMP/fake.svg"
  expect 1 "an SVG with $1 is refused" -- env NASCOST_GNUPLOT="$TMP/fake-gnuplot" \
    FAKE_SVG="$TMP/fake.svg" "$NC" report "$LISA" -n 20 -t 1 -q -o "$TMP/fake.html"
  contains "$TMP/err" "not put in the page" "$1: the message says why"
  if [ -e "$TMP/fake.html" ]; then bad "$1: a page was written"; rm -f "$TMP/fake.html"; else ok; fi
}
refused "a script" '<svg width="9" height="9"><script>alert(1)</script></svg>'
refused "an event handler" '<svg width="9" height="9" onload="alert(1)"><rect width="1"/></svg>'
refused "an image from the web" '<svg width="9"><image xlink:href="http://x.invalid/a.png"/></svg>'
refused "a reference to a file" '<svg width="9"><use href="other.svg#a"/></svg>'
refused "a url() out" '<svg width="9"><rect style="fill:url(https://x.invalid/p.svg#p)"/></svg>'
refused "an animation" '<svg width="9"><set attributeName="href" to="javascript:alert(1)"/></svg>'
refused "no root" '<g width="9"></g>'
printf '%s' '<?xml version="1.0"?><svg width="9" xmlns="http://www.w3.org/2000/svg"' \
  ' xmlns:xlink="http://www.w3.org/1999/xlink"><title>Gnuplot</title><!-- c -->' \
  "<defs><path id='p' d='M0,0'/></defs><use xlink:href='#p' style='fill:url(#p)'/></svg>" \
  >"$TMP/fake.svg"
expect 0 "a plain SVG is inlined" -- env NASCOST_GNUPLOT="$TMP/fake-gnuplot" \
  FAKE_SVG="$TMP/fake.svg" "$NC" report "$LISA" -n 20 -t 1 -q -o "$TMP/fake.html"
contains "$TMP/fake.html" "id='timeline-p'" "ids get the figure's name"
contains "$TMP/fake.html" "xlink:href='#timeline-p' style='fill:url(#timeline-p)'" \
  "references get the figure's name"
contains "$TMP/fake.html" '<svg role="img" aria-label="Histogram' "the root gets alt text"
lacks "$TMP/fake.html" "xmlns" "namespace declarations dropped"
lacks "$TMP/fake.html" "<title>Gnuplot" "gnuplot's title dropped"

expect 1 "report without gnuplot" -- env NASCOST_GNUPLOT=/nonexistent/gnuplot "$NC" report \
  "$LISA" -n 20 -t 1 -q -o "$TMP/nog.html"
contains "$TMP/err" "apt-get install gnuplot-nox" "without gnuplot, says how to install it"
contains "$TMP/nog.html" "The figures were not drawn" "without gnuplot, the page says so"
lacks "$TMP/nog.html" "<svg" "without gnuplot, no figure"

# ---- in a browser ---------------------------------------------------------------------------

find_chromium() {
  local c
  for c in "${NASCOST_CHROMIUM:-}" chromium chromium-browser; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
  done
  return 1
}
CHROMIUM=$(find_chromium)
why=""
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "cli_report: installing chromium (Debian's package) for the browser test" >&2
    bash "$SRC/scripts/setup" chromium fonts-liberation >"$TMP/setup.log" 2>&1 ||
      why="apt-get could not install it: $(tail -1 "$TMP/setup.log")"
    CHROMIUM=$(find_chromium)
  else
    why="not installed, and not root with apt-get to install it (apt-get install chromium)"
  fi
fi
if [ -z "$CHROMIUM" ]; then
  skip "chromium not available: ${why:-not found after installing}; the page was not opened in a browser"
elif ! command -v python3 >/dev/null 2>&1; then
  skip "chromium not available: python3, which drives it, is missing"
else
  rm -rf "$SHOTS"
  mkdir -p "$SHOTS"
  cp "$PAGE" "$SHOTS/report.html"
  cp "$HOSTILE" "$SHOTS/hostile.html"
  python3 "$SRC/tests/report_check.py" "$CHROMIUM" "$SHOTS" "$SHOTS/report.html=3" \
    "$SHOTS/hostile.html=4" >"$TMP/browser" 2>&1
  status=$?
  while read -r verdict what; do
    case $verdict in
      ok) ok ;;
      FAIL) bad "browser: $what" ;;
    esac
  done <"$TMP/browser"
  if [ "$status" -ne 0 ] && ! grep -q '^FAIL' "$TMP/browser"; then
    bad "report_check.py exited $status:"
    cat "$TMP/browser" >&2
  fi
  [ -s "$SHOTS/report.png" ] && echo "cli_report: screenshot in $SHOTS/report.png"
fi

[ "$skipped" -gt 0 ] && echo "($skipped checks skipped, see SKIP above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
