/*
 * version.c - nc_version(): the version the library was built as. NC_VERSION is CMake's
 * project version (CMakeLists.txt, project()), which the build checks against the header's
 * NC_VERSION_MAJOR/MINOR/PATCH: a program compares nc_version() with those to tell whether
 * the libnascost.so it loaded is the one it was compiled against.
 */
#include "api/version.h"

const char *nc_version(void)
{
    return NC_VERSION;
}
