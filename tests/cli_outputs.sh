#!/usr/bin/env bash
# cli_outputs.sh - nothing changes for users: every output of the shipped scenarios and of the
# README's commands (tests/outputs/record.sh) is byte-identical to the one recorded before the
# library issue moved every file (tests/outputs/expected/, recorded at 2562126).
# Usage: bash tests/cli_outputs.sh /path/to/nascost /path/to/source
# After a change that is meant to change outputs, re-record and review the diff:
#   rm -rf tests/outputs/expected && bash tests/outputs/record.sh build/nascost . tests/outputs/expected
. "$(dirname "$0")/lib_cli.sh"

bash "$SRC/tests/outputs/record.sh" "$NC" "$SRC" "$TMP/now"
if diff -r "$SRC/tests/outputs/expected" "$TMP/now" >"$TMP/diff"; then
  ok
else
  bad "outputs differ from tests/outputs/expected ($(grep -c '^diff\|^Only' "$TMP/diff") files):"
  head -60 "$TMP/diff" >&2
fi
echo "cli_outputs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
