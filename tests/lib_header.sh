#!/usr/bin/env bash
# lib_header.sh - include/nascost.h stands alone (issue 12, "A header test"): it compiles on its
# own, included twice, in strict C11 and in strict C++11, and a C++ program calling the library
# links against it (the extern "C" guards: without them the C++ name would be mangled).
# Usage: bash tests/lib_header.sh c   CC  /path/to/source
#        bash tests/lib_header.sh c++ CXX /path/to/source /path/to/libnascost.so
LANG_=$1 COMPILER=$2 SO=${4:-}
. "$(dirname "$0")/lib_cli.sh" "" "$3" # TMP, ok, bad; SRC

if ! command -v "$COMPILER" >/dev/null 2>&1; then
  bad "no $COMPILER (scripts/setup installs it: g++ is among its packages)"
  echo "lib_header $LANG_: $passed passed, $failed failed"
  exit 1
fi
inc=(-I"$SRC/include")
strict_c=(-std=c11 -Wall -Wextra -pedantic -Werror -Wstrict-prototypes -Wundef)
strict_cxx=(-std=c++11 -Wall -Wextra -pedantic -Werror -Wundef)

# compile FLAGS... -- FILE: the header (or a file) alone, no output
compile() {
  if "$COMPILER" "$@" >"$TMP/log" 2>&1; then ok; else bad "$COMPILER $*:"; cat "$TMP/log" >&2; fi
}

if [ "$LANG_" = c ]; then
  compile "${strict_c[@]}" "${inc[@]}" -fsyntax-only -x c "$SRC/include/nascost.h"
  # twice (the include guard), and the option structs' _INIT macros used as documented
  {
    echo '#include <nascost.h>'
    echo '#include <nascost.h>'
    for m in $(grep -o '^#define NC_[A-Z_]*_INIT\b' "$SRC/include/nascost.h" | awk '{print $2}'); do
      t=$(echo "$m" | sed 's/^NC_\(.*\)_INIT$/nc_\1/' | tr 'A-Z' 'a-z')
      echo "$t v_$m = $m;"
    done
    echo 'int main(void) { return nc_version() == NULL; }'
  } >"$TMP/twice.c"
  compile "${strict_c[@]}" "${inc[@]}" -fsyntax-only "$TMP/twice.c"
elif [ "$LANG_" = c++ ]; then
  compile "${strict_cxx[@]}" "${inc[@]}" -fsyntax-only -x c++ "$SRC/include/nascost.h"
  printf '#include <nascost.h>\n#include <nascost.h>\n#include <cstdio>\n%s\n' \
    'int main() { std::printf("%s\n", nc_version()); return 0; }' >"$TMP/cxx.cc"
  # NC_HEADER_LDFLAGS: what a sanitized build's library needs the program linked with
  compile "${strict_cxx[@]}" "${inc[@]}" "$TMP/cxx.cc" "$SO" ${NC_HEADER_LDFLAGS:-} -o "$TMP/cxx"
  if [ -x "$TMP/cxx" ]; then
    got=$(LD_LIBRARY_PATH=$(dirname "$SO") "$TMP/cxx") || bad "the C++ program failed"
    want=$(sed -n 's/^#define NC_VERSION_\(MAJOR\|MINOR\|PATCH\) *\([0-9]*\).*/\2/p' \
             "$SRC/include/nascost.h" | paste -sd.)
    [ "$got" = "$want" ] && ok || bad "the C++ program printed '$got', not the header's $want"
  fi
else
  bad "language '$LANG_': c or c++"
fi
echo "lib_header $LANG_: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
