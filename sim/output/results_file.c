/* results_file.c - results files opened and JSON documents loaded, nothing trusted (see
 * results_file.h). */
#include "output/results_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"

/* ---- files ----------------------------------------------------------------------------------- */

int nc_results_bad_file(nc_error *err, const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    nc_error_set(err, NC_EINPUT, "bad file"); /* the code, cleared position; message below */
    nc_error_at(err, path, line, 0);
    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return NC_EINPUT;
}

int nc_results_io_error(nc_error *err, const char *path, const char *verb)
{
    nc_error_set(err, NC_EIO, "cannot %s: %s", verb, strerror(errno ? errno : EIO));
    nc_error_at(err, path, 0, 0);
    return NC_EIO;
}

int nc_results_digest(nc_results_file *out, int fd, nc_error *err)
{
    unsigned char chunk[1 << 16];
    uint64_t hash = NC_HASH_FNV1A_BASIS, bytes = 0;
    for (;;) {
        ssize_t n = pread(fd, chunk, sizeof chunk, (off_t)bytes);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return nc_error_set(err, NC_EIO, "cannot read back: %s", strerror(errno));
        if (n == 0)
            break;
        hash = nc_hash_fnv1a(hash, chunk, (size_t)n);
        bytes += (uint64_t)n;
    }
    out->bytes = bytes;
    out->fnv1a64 = hash;
    return 0;
}

/* Open 'path' for reading when it is a regular file (never blocking on a FIFO); its size into
 * '*size'. NULL with 'err' set (NC_EIO naming the file) otherwise. */
FILE *nc_results_open_regular(const char *path, uint64_t *size, nc_error *err)
{
    struct stat st;
    errno = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        nc_results_io_error(err, path, "read");
        return NULL;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        int saved = errno;
        close(fd);
        if (saved)
            return errno = saved, nc_results_io_error(err, path, "read"), NULL;
        nc_error_set(err, NC_EINPUT, "not a regular file");
        nc_error_at(err, path, 0, 0);
        return NULL;
    }
    FILE *f = fcntl(fd, F_SETFL, 0) == 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        close(fd);
        nc_results_io_error(err, path, "read");
        return NULL;
    }
    *size = (uint64_t)st.st_size;
    return f;
}

int nc_results_load_json(json_t **doc, const char *path, nc_error *err)
{
    json_error_t jerr;
    uint64_t size;
    FILE *f = nc_results_open_regular(path, &size, err);
    if (!f)
        return err->code;
    if (size > NC_RESULTS_JSON_MAX) {
        fclose(f);
        nc_error_set(err, NC_EINPUT,
                     "%" PRIu64 " bytes: larger than any results document "
                     "(at most %u MiB)",
                     size, NC_RESULTS_JSON_MAX >> 20);
        nc_error_at(err, path, 0, 0);
        return NC_EINPUT;
    }
    *doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (!*doc) {
        nc_error_set(err, NC_EINPUT, "not JSON: %s", jerr.text);
        nc_error_at(err, path, jerr.line, jerr.column);
        return NC_EINPUT;
    }
    if (!json_is_object(*doc)) {
        json_decref(*doc);
        *doc = NULL;
        return nc_results_bad_file(err, path, 0, "%s",
                                   "not a results document (expected a JSON object)");
    }
    return 0;
}

nc_results_kind nc_results_kind_of(const json_t *doc)
{
    const char *analysis = json_string_value(json_object_get(doc, "analysis"));
    return !analysis                          ? NC_RESULTS_RUN
           : !strcmp(analysis, "compare")     ? NC_RESULTS_COMPARE
           : !strcmp(analysis, "sweep")       ? NC_RESULTS_SWEEP
           : !strcmp(analysis, "sensitivity") ? NC_RESULTS_SENSITIVITY
                                              : NC_RESULTS_RUN;
}

/* ---- JSON fields ------------------------------------------------------------------------------
 */

/* A whole number in [lo, hi] at 'obj'.'key' into '*out'; 0, or -1. */
int nc_results_get_count(json_t *obj, const char *key, json_int_t lo, json_int_t hi,
                         json_int_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return -1;
    *out = json_integer_value(v);
    return 0;
}

/* A finite number at 'obj'.'key' into '*out'; 0, or -1. */
int nc_results_get_number(json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return -1;
    *out = json_number_value(v);
    return 0;
}

/* A copy of the text at 'obj'.'key' into '*out' (NULL when absent or null and 'optional');
 * 0, or -1 (also when out of memory: then '*out' stays NULL and 'oom' is set). */
int nc_results_get_text(json_t *obj, const char *key, int optional, char **out, int *oom)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (optional && (!v || json_is_null(v)))
        return 0;
    if (!json_is_string(v))
        return -1;
    if (!(*out = strdup(json_string_value(v))))
        return *oom = 1, -1;
    return 0;
}
