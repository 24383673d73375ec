/*
 * results_file.h - results read back from the files nascost wrote: a run's folder (`run -o`:
 * result.json, samples.csv, cumulative_co2e.csv: results_run.h) and the JSON of `compare`,
 * `sweep` and `sensitivity` (results_analysis.h); this file opens them and loads the JSON.
 * They are read only by `nascost plot`, to rebuild the objects the figures take (figure_run.h,
 * figure_analysis.h). Nothing read is trusted: every count is checked against what the file
 * holds (with checked.h's overflow-checked sizes) before it sizes anything, every field's
 * type and range is checked, and a run's folder must hold the files of one run: result.json,
 * written last, lists the size and FNV-1a digest (hash.h) of each other file of its run, and
 * a file that differs, or one that the list leaves out, is refused. Errors are NC_EINPUT
 * naming the file (and line, in a CSV) and what is wrong; NC_EIO when a file cannot be read;
 * NC_ENOMEM. Nothing here prints.
 */
#ifndef NC_RESULTS_FILE_H
#define NC_RESULTS_FILE_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "base/error.h"

/* The most bytes of a results JSON document read back, so that a device or a runaway file is
 * refused before jansson builds it in memory: a run's result.json is about 20 KB (measured on
 * scenarios/lisa-rnd.yaml) and a sweep takes about 20 KB per point (measured: 184 KB for 10
 * points of a two-stage scenario), so 128 MiB holds a sweep of some 6,500 points (an 80 x 80
 * grid of --vary values). */
#define NC_RESULTS_JSON_MAX (128u << 20)

/* The files of a run's folder besides result.json. */
#define NC_RESULTS_SAMPLES    "samples.csv"
#define NC_RESULTS_SUMMARY    "summary.csv"
#define NC_RESULTS_CUMULATIVE "cumulative_co2e.csv"

/* A file of a run's folder as result.json lists it ("files": {NAME: {"bytes", "fnv1a64"}}). */
typedef struct nc_results_file {
    const char *name; /* its name in the folder, e.g. NC_RESULTS_SAMPLES */
    uint64_t bytes;
    uint64_t fnv1a64; /* FNV-1a 64 of its bytes */
} nc_results_file;

/*
 * The size and digest of the whole of open file 'fd' (read with pread from offset 0 to its
 * end; the file offset is not moved) into 'out' ('out->name' is left alone). NC_EIO on a read
 * error (the message says why; the caller adds the file).
 */
int nc_results_digest(nc_results_file *out, int fd, nc_error *err);

/*
 * Load the results JSON document at 'path' into '*doc' (a new reference): a regular file of
 * at most NC_RESULTS_JSON_MAX bytes (a FIFO or a device is refused, not read), whose top level
 * is an object. NC_EINPUT with jansson's line and column when it is not JSON; NC_EIO.
 */
int nc_results_load_json(json_t **doc, const char *path, nc_error *err);

/* What a results document holds: "analysis" of compare, sweep or sensitivity, else a run. */
typedef enum nc_results_kind {
    NC_RESULTS_RUN = 0,
    NC_RESULTS_COMPARE,
    NC_RESULTS_SWEEP,
    NC_RESULTS_SENSITIVITY
} nc_results_kind;
nc_results_kind nc_results_kind_of(const json_t *doc);

/* ---- what the readers share (results_run.c, results_analysis.c) ---------------------------- */

/* Record NC_EINPUT at 'path':'line' (0: none) with a printf-style message; returns NC_EINPUT. */
int nc_results_bad_file(nc_error *err, const char *path, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Record NC_EIO at 'path': "cannot VERB: strerror(errno)"; returns NC_EIO. */
int nc_results_io_error(nc_error *err, const char *path, const char *verb);

/* Open 'path' for reading when it is a regular file (never blocking on a FIFO); its size into
 * '*size'. NULL with 'err' set (NC_EIO naming the file, NC_EINPUT for a FIFO or device). */
FILE *nc_results_open_regular(const char *path, uint64_t *size, nc_error *err);

/* A whole number in [lo, hi] at 'obj'.'key' into '*out'; 0, or -1. */
int nc_results_get_count(json_t *obj, const char *key, json_int_t lo, json_int_t hi,
                         json_int_t *out);

/* A finite number at 'obj'.'key' into '*out'; 0, or -1. */
int nc_results_get_number(json_t *obj, const char *key, double *out);

/* A copy of the text at 'obj'.'key' into '*out' (NULL when absent or null and 'optional');
 * 0, or -1 (also when out of memory: then '*out' stays NULL and '*oom' is set). */
int nc_results_get_text(json_t *obj, const char *key, int optional, char **out, int *oom);

#endif
