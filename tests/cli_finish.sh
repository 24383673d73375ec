#!/usr/bin/env bash
# cli_finish.sh - the finish a user notices: the man page renders cleanly and lists every
# command, an installed nascost runs from anywhere (and after its prefix is moved), and the
# progress bar shows on a terminal, is erased at the end, fits the terminal's width, and is
# absent with -q or when standard error is not a terminal.
# Usage: bash tests/cli_finish.sh /path/to/nascost /path/to/source
set -u
NC=$1
SRC=$2
LISA="$SRC/scenarios/lisa-rnd.yaml"
MAN="$SRC/doc/nascost.1"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
check() { # check DESCRIPTION -- COMMAND...: passes when the command succeeds
  local what=$1
  shift 2
  if "$@"; then ok; else bad "$what"; fi
}

# ---- the man page ----------------------------------------------------------------------------

if command -v groff >/dev/null 2>&1; then
  groff -man -Tutf8 -ww "$MAN" >/dev/null 2>"$TMP/groff.err"
  check "groff renders nascost.1" -- test $? -eq 0
  if [ -s "$TMP/groff.err" ]; then bad "groff warnings:"; cat "$TMP/groff.err" >&2; else ok; fi
  groff -man -Tascii -P-cbou "$MAN" 2>/dev/null >"$TMP/man.txt"
  for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "SCENARIO FORMAT" FILES \
                 "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    check "man page has section $section" -- grep -q "^$section\$" "$TMP/man.txt"
  done
  # Every command `nascost --help` lists, and every long option of its --help, is in the page.
  "$NC" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' >"$TMP/commands"
  check "nascost --help lists commands" -- test -s "$TMP/commands"
  while read -r cmd; do
    check "man page describes '$cmd'" -- grep -Eq "^ +$cmd( |\$)" "$TMP/man.txt"
    "$NC" "$cmd" --help | grep -Eo -- '--[a-z][a-z-]*' | sort -u >"$TMP/options"
    while read -r opt; do
      check "man page has $cmd's option $opt" -- grep -q -- "$opt" "$TMP/man.txt"
    done <"$TMP/options"
  done <"$TMP/commands"
else
  skip "groff is not installed: the man page was not checked (apt-get install groff-base)"
fi

# ---- install into a prefix, run from elsewhere, move the prefix --------------------------------

BUILD=$(dirname "$NC")
# run_installed PREFIX: the installed binary, from another directory, without NASCOST_DATA,
# finds the catalog under PREFIX (not the source tree it was built from).
run_installed() {
  local prefix=$1
  mkdir -p "$TMP/elsewhere"
  (cd "$TMP/elsewhere" && env -u NASCOST_DATA "$prefix/bin/nascost" run \
     "$prefix/share/nascost/scenarios/lisa-rnd.yaml" -n 50 >"$TMP/out" 2>"$TMP/err")
  check "installed nascost runs from $prefix" -- grep -q "stage grid-searches" "$TMP/out"
  (cd "$TMP/elsewhere" && env -u NASCOST_DATA "$prefix/bin/nascost" catalog a100 >"$TMP/out")
  check "installed nascost reads the catalog under $prefix" -- \
    grep -q "($prefix/.*share/nascost/models/hardware.yaml:" "$TMP/out"
}
if [ -f "$BUILD/cmake_install.cmake" ] && command -v cmake >/dev/null 2>&1; then
  if cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1; then
    ok
    for f in bin/nascost share/nascost/models/hardware.yaml share/nascost/scenarios/lisa-rnd.yaml \
             share/man/man1/nascost.1; do
      check "install puts $f in place" -- test -e "$TMP/prefix/$f"
    done
    run_installed "$TMP/prefix"
    mkdir -p "$TMP/moved"
    mv "$TMP/prefix" "$TMP/moved/nascost-0"
    run_installed "$TMP/moved/nascost-0"
  else
    bad "cmake --install $BUILD failed"
    cat "$TMP/install.log" >&2
  fi
else
  skip "no cmake build directory beside $NC: install not checked"
fi

# ---- the progress bar ------------------------------------------------------------------------

# A run of a few seconds, standard error a file: nothing at all is written there.
"$NC" run "$LISA" -n 3000 -t 1 >/dev/null 2>"$TMP/err"
check "run with standard error not a terminal succeeds" -- test $? -eq 0
if [ -s "$TMP/err" ]; then bad "standard error not a terminal, yet written:"; head -c 300 "$TMP/err" >&2; else ok; fi

# erased FILE: the terminal output in FILE ends with the row blanked: "\r", spaces, "\r".
erased() {
  local ts after rest blank
  ts=$(cat "$1")
  after=${ts##*$'\r'} # what is written after the last carriage return
  rest=${ts%$'\r'*}
  blank=${rest##*$'\r'} # the last thing written over the row
  [[ -z $after && $blank =~ ^\ +$ ]]
}

# on_tty COLUMNS COMMAND: run COMMAND on a pseudo-terminal COLUMNS wide, its output in $TMP/tty.
on_tty() {
  local cols=$1
  shift
  script -qfec "stty cols $cols rows 24; $*" /dev/null >"$TMP/tty" 2>&1 </dev/null
}
if command -v script >/dev/null 2>&1 && script -qfec true /dev/null >/dev/null 2>&1 </dev/null; then
  RUN="'$NC' run '$LISA' -n 10000 -t 1 >/dev/null"
  on_tty 100 "$RUN"
  check "run on a terminal succeeds" -- test $? -eq 0
  check "a progress line with % on a terminal" -- grep -aq '%' "$TMP/tty"
  check "the progress line shows the ETA" -- grep -aq 'ETA' "$TMP/tty"
  check "the progress line shows replications and a rate" -- \
    grep -aEq '[0-9,]+/10,000 replications  [0-9.,]+/s' "$TMP/tty"
  check "the progress line is erased at the end" -- erased "$TMP/tty"

  on_tty 100 "$RUN -q"
  check "run -q on a terminal succeeds" -- test $? -eq 0
  if [ -s "$TMP/tty" ]; then bad "-q still draws:"; head -c 300 "$TMP/tty" | cat -A >&2; else ok; fi

  on_tty 50 "'$NC' run '$LISA' -n 10000 -t 1 >/dev/null"
  check "a progress line on a 50-column terminal" -- grep -aq 'ETA' "$TMP/tty"
  longest=$(tr '\r' '\n' <"$TMP/tty" | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')
  check "the progress line fits 50 columns (longest: $longest)" -- test "$longest" -lt 50
else
  skip "script (bsdutils) is missing: the progress bar on a terminal was not checked"
fi

[ "$skipped" -gt 0 ] && echo "($skipped checks skipped, see SKIP above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
