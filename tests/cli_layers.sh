#!/usr/bin/env bash
# cli_layers.sh - the tree's rules (scripts/layers.py: layers, circles, 500 lines, one header
# per .c, the CLI on nascost.h only) can only ratchet: every problem layers.py reports must be
# listed in tests/layers_known.txt, and every problem listed there must still occur. A change
# that adds a problem fails; a change that fixes one fails until it deletes the problem's line
# from the list, so the list only shrinks.
# Usage: bash tests/cli_layers.sh /path/to/nascost /path/to/source   (only the source is used)
#        bash tests/cli_layers.sh - /path/to/source --write   rewrite the list from the tree
# A file's line count is left out of the comparison ("more than 500 lines"): a file still too
# long is the same problem whether it grew or shrank.
set -u
SRC=$2
KNOWN="$SRC/tests/layers_known.txt"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 "$SRC/scripts/layers.py" "$SRC" >"$TMP/report"
status=$?
if [ "$status" -gt 1 ]; then
  echo "FAIL: scripts/layers.py failed (exit $status)" >&2
  cat "$TMP/report" >&2
  exit 1
fi
# the problems: each "layers: " line but the summaries ("N files in ...", "N problems")
sed -n 's/^layers: //p' "$TMP/report" |
  grep -Ev '^[0-9]+ files in [0-9]+ folders|^[0-9]+ problems$' |
  sed -E 's/: [0-9]+ lines \(at most ([0-9]+)\)$/: more than \1 lines/' |
  LC_ALL=C sort -u >"$TMP/now"

if [ "${3:-}" = "--write" ]; then
  { grep '^#' "$KNOWN" 2>/dev/null; cat "$TMP/now"; } >"$TMP/new"
  mv "$TMP/new" "$KNOWN"
  echo "cli_layers: wrote $(wc -l <"$TMP/now") problems to $KNOWN"
  exit 0
fi

grep -v '^#' "$KNOWN" | grep -v '^[[:space:]]*$' | LC_ALL=C sort -u >"$TMP/known"
LC_ALL=C comm -23 "$TMP/now" "$TMP/known" >"$TMP/added"
LC_ALL=C comm -13 "$TMP/now" "$TMP/known" >"$TMP/fixed"
failed=0
if [ -s "$TMP/added" ]; then
  failed=1
  echo "FAIL: new problems of the tree's rules (scripts/layers.py), not in tests/layers_known.txt:" >&2
  sed 's/^/  /' "$TMP/added" >&2
fi
if [ -s "$TMP/fixed" ]; then
  failed=1
  echo "FAIL: problems listed in tests/layers_known.txt that no longer occur (delete their lines):" >&2
  sed 's/^/  /' "$TMP/fixed" >&2
fi
echo "cli_layers: $(wc -l <"$TMP/now") problems, $(wc -l <"$TMP/added") of them new; $(wc -l <"$TMP/fixed") listed but fixed"
[ "$failed" -eq 0 ]
