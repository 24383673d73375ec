#!/usr/bin/env bash
# lib_symbols.sh - the shared library exports the public interface and nothing else (issue 12,
# "only the header's names are exported"): every defined symbol in libnascost.so's dynamic
# symbol table is an nc_ name declared with NC_API in include/nascost.h, and every NC_API
# function of the header that the library defines (libnascost.a: the same objects) is exported.
# Usage: bash tests/lib_symbols.sh /path/to/libnascost.so /path/to/libnascost.a /path/to/source
SO=$1 AR=$2
. "$(dirname "$0")/lib_cli.sh" "" "$3" # TMP, ok, bad; SRC
HEADER="$SRC/include/nascost.h"

# the header's NC_API names, comments taken out (a declaration may span lines)
python3 - "$HEADER" >"$TMP/declared" <<'PY' || bad "cannot read the NC_API declarations of $HEADER"
import re, sys
text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", open(sys.argv[1], encoding="utf-8").read(), flags=re.S)
text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # the NC_API macro's own definition
names = set()
for decl in re.findall(r"\bNC_API\b([^;{]*)", text):
    m = re.search(r"\b(\w+)\s*\(", decl) or re.search(r"\b(\w+)\s*(?:\[[^\]]*\]\s*)*$", decl)
    if m:
        names.add(m.group(1))
print("\n".join(sorted(names)))
PY
sort -u -o "$TMP/declared" "$TMP/declared"
[ -s "$TMP/declared" ] && ok || bad "no NC_API declaration found in $HEADER"
# nm -D: the dynamic symbol table; --defined-only: what the library itself provides
if nm -D --defined-only "$SO" >"$TMP/nm.so"; then ok; else bad "nm -D $SO"; fi
awk 'NF >= 3 {sub(/@.*/, "", $3); print $3}' "$TMP/nm.so" | sort -u >"$TMP/exported"
[ -s "$TMP/exported" ] && ok || bad "$SO exports nothing"
# the library's global definitions, as the static archive (the same objects) has them
nm --defined-only --extern-only "$AR" 2>/dev/null |
  awk 'NF >= 3 && $2 ~ /^[TDBRVW]$/ {print $3}' | sort -u >"$TMP/defined"

not_nc=$(grep -v '^nc_' "$TMP/exported")
[ -z "$not_nc" ] && ok || bad "exported without the nc_ prefix:" $not_nc
not_api=$(comm -23 "$TMP/exported" "$TMP/declared")
[ -z "$not_api" ] && ok || bad "exported but not NC_API in nascost.h:" $not_api
hidden=$(comm -12 "$TMP/declared" "$TMP/defined" | comm -23 - "$TMP/exported")
[ -z "$hidden" ] && ok || bad "NC_API in nascost.h and defined, but not exported (does its .c include nascost.h?):" $hidden
missing=$(comm -23 "$TMP/declared" "$TMP/defined")
[ -z "$missing" ] || echo "lib_symbols: declared in nascost.h, not (yet) defined:" $missing
echo "lib_symbols: $(wc -l <"$TMP/exported") exported of $(wc -l <"$TMP/declared") declared;" \
     "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
