/* fuzz_common.c - the scratch directory and file writing shared by the harnesses. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

static char scratch[512];

static void remove_scratch(void)
{
    DIR *d = opendir(scratch);
    struct dirent *e;
    char path[1024];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", scratch, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(scratch);
}

const char *fuzz_scratch_dir(void)
{
    if (scratch[0])
        return scratch;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/nascost-fuzz-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(scratch))
        FUZZ_FAIL("cannot create a scratch directory %s", scratch);
    atexit(remove_scratch);
    return scratch;
}

void fuzz_write_file(char *path, size_t size, const char *dir, const char *name,
                     const void *bytes, size_t len)
{
    int n = snprintf(path, size, "%s/%s", dir, name);
    FUZZ_CHECK(n > 0 && (size_t)n < size, "path too long: %s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL, "cannot write %s", path);
    FUZZ_CHECK(fwrite(bytes, 1, len, f) == len, "short write to %s", path);
    FUZZ_CHECK(fclose(f) == 0, "cannot close %s", path);
}
