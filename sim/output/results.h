/*
 * results.h - results read back from the files nascost wrote: a run's folder (`run -o`:
 * result.json, samples.csv, cumulative_co2e.csv) and the JSON of `compare`, `sweep` and
 * `sensitivity`. Nothing read is trusted: every count is checked against what the file
 * holds (with checked.h's overflow-checked sizes) before it sizes anything, every field's
 * type and range is checked, and a run's folder must hold the files of one run: result.json,
 * written last, lists the size and FNV-1a digest (hash.h) of each other file of its run, and
 * a file that differs, or one that the list leaves out, is refused. Errors are NC_EINPUT
 * naming the file (and line, in a CSV) and what is wrong; NC_EIO when a file cannot be read;
 * NC_ENOMEM. Nothing here prints.
 */
#ifndef NC_RESULTS_H
#define NC_RESULTS_H

#include <stdint.h>

#include "base/error.h"
#include "output/figure_run.h"

struct json_t;

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
int nc_results_load_json(struct json_t **doc, const char *path, nc_error *err);

/* What a results document holds: "analysis" of compare, sweep or sensitivity, else a run. */
typedef enum nc_results_kind {
    NC_RESULTS_RUN = 0,
    NC_RESULTS_COMPARE,
    NC_RESULTS_SWEEP,
    NC_RESULTS_SENSITIVITY
} nc_results_kind;
nc_results_kind nc_results_kind_of(const struct json_t *doc);

/*
 * A run read back into a new source ('*out', free with nc_plot_source_free): 'doc' is its
 * result.json (read from 'json_path'), 'dir' the folder of its samples.csv and, when the run
 * kept one, cumulative_co2e.csv. result.json's scenario, replications, stages and equivalents
 * are checked; each listed file must have the size and digest listed (else it is another
 * run's: the error names both files), an unlisted cumulative_co2e.csv is refused likewise;
 * samples.csv must have a column per metric and one row per replication x stage in order
 * (replication numbers from first_replication, stage names as listed, then "total"), an empty
 * value read as undefined (NaN); cumulative_co2e.csv one row per day from 1, at most
 * NC_MAX_TIMELINE_DAYS.
 */
int nc_results_read_run(nc_plot_source **out, struct json_t *doc, const char *json_path,
                        const char *dir, nc_error *err);

/*
 * Check a `compare` or `sweep` document ('doc', read from 'path') before a figure reads it:
 * "replications" a whole number >= 1, "nascost"."seed" a whole number, "runs" at least one
 * object with a "label" and "scenario" text and a "total" whose metric 'metric' has numbers
 * (or null) p5, p50, p95; "paired" one entry per run after the first, each with "metrics"
 * where 'metric' has such a "difference" and a number "p_lower".
 */
int nc_results_check_versus(struct json_t *doc, const char *path, int metric, nc_error *err);

/*
 * Check a `sensitivity` document: a known "metric", "scenario" text, "baseline" a number,
 * "tornado_replications" a whole number >= 1, "inputs" objects with "path" and "unit" text
 * and numbers value_p5, value_p95, metric_at_p5, metric_at_p95.
 */
int nc_results_check_sensitivity(struct json_t *doc, const char *path, nc_error *err);

#endif
