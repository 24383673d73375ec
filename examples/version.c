/*
 * version.c - which libnascost a program runs with, against the header it was compiled with.
 *
 *   cc version.c $(pkg-config --cflags --libs nascost) -o version && ./version
 *
 * Prints "nascost LIBRARY (header HEADER)" and fails (exit 1) when the library loaded at run
 * time is not the release the header describes: while the major version is 0 any minor
 * release may change the interface, so major and minor must both agree.
 */
#include <nascost.h>
#include <stdio.h>

int main(void)
{
    const char *lib = nc_version();
    int major = -1, minor = -1;

    printf("nascost %s (header %d.%d.%d)\n", lib, NC_VERSION_MAJOR, NC_VERSION_MINOR,
           NC_VERSION_PATCH);
    if (sscanf(lib, "%d.%d", &major, &minor) != 2 || major != NC_VERSION_MAJOR ||
        (NC_VERSION_MAJOR == 0 && minor != NC_VERSION_MINOR)) {
        fprintf(stderr, "version: libnascost %s does not match nascost.h %d.%d\n", lib,
                NC_VERSION_MAJOR, NC_VERSION_MINOR);
        return 1;
    }
    return 0;
}
