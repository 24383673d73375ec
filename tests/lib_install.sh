#!/usr/bin/env bash
# lib_install.sh - `cmake --install` of this build into a temporary prefix gives the library's
# files as a program that embeds nascost needs them (issue 12, "Built and installed as a
# library"), beside what it installed before; the prefix moved elsewhere still works: the
# command finds its data, pkg-config and the CMake package give the moved paths.
# Usage: bash tests/lib_install.sh /path/to/build /path/to/source LIBDIR VERSION
BUILD=$1 LIBDIR=$3 VERSION=$4
. "$(dirname "$0")/lib_cli.sh" "" "$2" # TMP, ok, bad; SRC
exists() { if [ -e "$P/$1" ]; then ok; else bad "$1 not installed"; fi; }

P=$TMP/prefix
if cmake --install "$BUILD" --prefix "$P" >"$TMP/log" 2>&1; then ok; else bad "cmake --install:"; cat "$TMP/log" >&2; fi
# what was installed before the library issue
for f in bin/nascost share/nascost/models/hardware.yaml share/nascost/scenarios/lisa-rnd.yaml \
         share/nascost/plots share/man/man1/nascost.1; do exists "$f"; done
# the header, as it is in the source
exists include/nascost.h
cmp -s "$SRC/include/nascost.h" "$P/include/nascost.h" && ok || bad "include/nascost.h differs from the source's"
# the shared library: libnascost.so -> libnascost.so.MAJOR -> libnascost.so.VERSION, SONAME .so.MAJOR
L=$P/$LIBDIR
major=${VERSION%%.*}
[ "$(readlink "$L/libnascost.so")" = "libnascost.so.$major" ] && ok || bad "libnascost.so -> $(readlink "$L/libnascost.so"), not libnascost.so.$major"
[ "$(readlink "$L/libnascost.so.$major")" = "libnascost.so.$VERSION" ] && ok || bad "libnascost.so.$major -> $(readlink "$L/libnascost.so.$major"), not libnascost.so.$VERSION"
[ -f "$L/libnascost.so.$VERSION" ] && [ ! -L "$L/libnascost.so.$VERSION" ] && ok || bad "libnascost.so.$VERSION is not a file"
soname=$(readelf -d "$L/libnascost.so.$VERSION" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libnascost.so.$major" ] && ok || bad "SONAME '$soname', not libnascost.so.$major"
# the static library, with the public functions in it
nm --defined-only "$L/libnascost.a" 2>/dev/null | grep -q ' T nc_version$' && ok || bad "libnascost.a does not define nc_version"

# move the prefix: nothing in it may name where it was installed
mv "$P" "$TMP/moved"
P=$TMP/moved L=$P/$LIBDIR
# the command finds its data beside itself: a catalog name changed in the moved copy shows
sed -i 's/name: "NVIDIA Tesla M40"/name: "Moved Tesla M40"/' "$P/share/nascost/models/hardware.yaml"
env -u NASCOST_DATA "$P/bin/nascost" catalog 2>&1 | grep -q "Moved Tesla M40" && ok ||
  bad "the moved nascost does not read the data beside it ($P/share/nascost)"

# nascost.pc
PC=$L/pkgconfig/nascost.pc
exists "$LIBDIR/pkgconfig/nascost.pc"
pkg-config --validate "$PC" >"$TMP/log" 2>&1 && ok || { bad "pkg-config --validate nascost.pc:"; cat "$TMP/log" >&2; }
export PKG_CONFIG_PATH=$L/pkgconfig
[ "$(pkg-config --modversion nascost)" = "$VERSION" ] && ok || bad "pkg-config --modversion: $(pkg-config --modversion nascost)"
incdir=$(pkg-config --variable=includedir nascost)
[ "$(cd "$incdir" 2>/dev/null && pwd -P)" = "$(cd "$P/include" && pwd -P)" ] && ok || bad "includedir $incdir is not the moved prefix's"
libdir=$(pkg-config --variable=libdir nascost)
[ "$(cd "$libdir" 2>/dev/null && pwd -P)" = "$(cd "$L" && pwd -P)" ] && ok || bad "libdir $libdir is not the moved prefix's"
pkg-config --libs nascost | grep -q -- '-lnascost' && ok || bad "pkg-config --libs: no -lnascost"
static=$(pkg-config --static --libs nascost)
for lib in -lnascost -lgsl -lgslcblas -lyaml -ljansson -fopenmp -lm; do
  case " $static " in *" $lib "*) ok ;; *) bad "pkg-config --static --libs has no $lib: $static" ;; esac
done

# the CMake package: find_package(nascost) in a project that compiles nothing (seconds)
for f in nascostConfig.cmake nascostConfigVersion.cmake nascostTargets.cmake nascostStaticTargets.cmake; do
  exists "$LIBDIR/cmake/nascost/$f"
done
# a project that compiles nothing (seconds): the shared library; then one in C (OpenMP is
# looked for in C) for the static one with what it links with
mkdir -p "$TMP/consumer" "$TMP/consumer_static"
cat >"$TMP/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.16)
project(consumer LANGUAGES ${LANGS})
find_package(nascost ${WANT} EXACT REQUIRED ${COMPONENTS})
foreach(t ${TARGETS})
  get_target_property(type ${t} TYPE)
  get_target_property(loc ${t} LOCATION)
  get_target_property(inc ${t} INTERFACE_INCLUDE_DIRECTORIES)
  message(STATUS "nascost-test ${t} ${type} ${loc} ${inc}")
endforeach()
CM
# consume NAME LANGUAGES COMPONENTS TARGETS: configure the consumer, its report in $TMP/NAME.log
consume() {
  if cmake -S "$TMP/consumer" -B "$TMP/$1" -DCMAKE_PREFIX_PATH="$P" -DWANT="$VERSION" \
       -DLANGS="$2" -DCOMPONENTS="$3" -DTARGETS="$4" >"$TMP/$1.log" 2>&1; then ok
  else bad "find_package(nascost $VERSION EXACT $3):"; cat "$TMP/$1.log" >&2; fi
}
consume shared NONE "" "nascost::nascost"
line=$(grep 'nascost-test nascost::nascost ' "$TMP/shared.log")
case "$line" in
  *" SHARED_LIBRARY $L/libnascost.so.$VERSION $P/include") ok ;;
  *) bad "nascost::nascost is not the moved shared library and header: $line" ;;
esac
grep -q 'nascost::nascost_static' "$TMP/shared.log" && bad "nascost::nascost_static without COMPONENTS static" || ok
consume static C "COMPONENTS;static" "nascost::nascost;nascost::nascost_static"
line=$(grep 'nascost-test nascost::nascost_static ' "$TMP/static.log")
case "$line" in
  *" STATIC_LIBRARY $L/libnascost.a $P/include") ok ;;
  *) bad "nascost::nascost_static is not the moved static library and header: $line" ;;
esac
echo "lib_install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
