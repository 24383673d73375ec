/*
 * nascost.h - the public interface of libnascost: Monte Carlo estimates of the energy, money
 * and CO2e of machine-learning research pipelines (neural architecture search, sweeps and the
 * training runs around them), with uncertainty bands.
 *
 * The rules of the interface
 *
 *   - Every fallible function returns 0 (NC_OK) on success or a negative nc_err, and fills the
 *     caller-owned nc_error it was given (which may be NULL) with the code, a message and,
 *     where the fault is in a file, its position. Nothing is printed, nothing exits, nothing
 *     aborts, whatever the input: the library turns GSL's error handler off itself.
 *   - Handles (nc_scenario, nc_result, ...) are opaque. Whoever a function's "out" argument
 *     gives a handle to owns it and frees it with the matching _free function; _free(NULL) is
 *     a no-op. Strings and arrays a handle returns live as long as the handle.
 *   - Option structs carry a version as their first field; start from their _INIT macro (which
 *     sets it) so that a program compiled against this header keeps working when fields are
 *     added. A NULL options pointer means the defaults.
 *   - Every function checks its arguments: a NULL handle or out-pointer, an index out of range
 *     or an option struct of an unknown version gives NC_EMISUSE (accessors that cannot fail
 *     return 0, NULL or NaN instead, as each says), never a crash.
 *   - Names are those of the scenario format and of `nascost run -f json`: metrics by their
 *     JSON names ("co2e_kg"), stages by their `name`, inputs by their dotted path
 *     ("sites.lab.pue"). Values are in canonical units (h, d, W, kWh, kg, kg/kWh, USD).
 *   - Threads: see "Threads" below.
 */
#ifndef NASCOST_H
#define NASCOST_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(_WIN32) && defined(NC_BUILDING_SHARED)
#define NC_API __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define NC_API __attribute__((visibility("default")))
#else
#define NC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ---------------------------------------------------------------------------- */

#define NC_VERSION_MAJOR 0
#define NC_VERSION_MINOR 1
#define NC_VERSION_PATCH 0

/* The library's version, "MAJOR.MINOR.PATCH", as built (may differ from the header's). */
NC_API const char *nc_version(void);

/* ---- Errors ----------------------------------------------------------------------------- */

typedef enum nc_err {
    NC_OK = 0,
    NC_EINPUT = -1,    /* bad input: a scenario, an option or a value (the CLI's exit status 2) */
    NC_ENOMEM = -2,    /* an allocation failed */
    NC_EIO = -3,       /* a file could not be read or written */
    NC_EINTERNAL = -4, /* a broken invariant: a bug in nascost, please report it */
    NC_EINTR = -5,     /* cancelled through a cancel flag */
    NC_EMISUSE = -6    /* the interface was misused: a NULL handle, an unknown option version */
} nc_err;

#define NC_ERROR_FILE_MAX 512
#define NC_ERROR_MSG_MAX 1024

/* What went wrong and where. Caller-owned; zero-initialise it ({0}) or never read it before a
 * call returned non-zero. Text in it is escaped: it never carries a control character. */
typedef struct nc_error {
    int code;                      /* an nc_err; NC_OK when nothing is recorded */
    char file[NC_ERROR_FILE_MAX];  /* "" when the error has no file */
    int line, col;                 /* 1-based; 0 when unknown */
    char message[NC_ERROR_MSG_MAX];
} nc_error;

/* ---- Handles ---------------------------------------------------------------------------- */

typedef struct nc_scenario nc_scenario;       /* a loaded, validated scenario (the model) */
typedef struct nc_result nc_result;           /* the samples and summaries of one run */
typedef struct nc_comparison nc_comparison;   /* compare / sweep: paired runs */
typedef struct nc_budget nc_budget;           /* budget: trials that fit a cap */
typedef struct nc_sensitivity nc_sensitivity; /* sensitivity: what drives the uncertainty */
typedef struct nc_saved nc_saved;             /* results read back from files */

/* ---- Summaries -------------------------------------------------------------------------- */

/* A metric over the replications of a run. Quantiles are GSL's (Hyndman & Fan type 7). */
typedef struct nc_summary {
    double mean, sd, se, min, max, p5, p50, p95; /* se: the standard error of the mean */
    double se_p5, se_p50, se_p95; /* Monte Carlo standard errors of the quantiles; NaN below
                                     20 replications */
} nc_summary;

/* ---- Threads ---------------------------------------------------------------------------- */

/*
 * The library keeps no mutable global state: every function is reentrant. Different handles
 * may be used from different threads at once, without locks (two threads may each load and
 * run their own scenario). One handle may be read by several threads at once (a scenario run
 * twice in parallel, a result's accessors and writers); freeing a handle while another thread
 * uses it is the caller's race. The only process-wide action is turning GSL's error handler
 * off, done once (pthread_once) by the first call that can reach GSL.
 *
 * nc_run itself runs replications on OpenMP threads (nc_run_opts.threads); results are
 * bitwise identical for any thread count, and for any number of runs going on at once.
 */

/* ---- Metrics ---------------------------------------------------------------------------- */

/*
 * What a run measures, per stage and in total: metrics are numbered 0 .. nc_metric_count()-1,
 * in the order of a run's samples and of its JSON ("trials", "gpu_hours", "it_kwh", ...,
 * "co2e_kg", "cloud_usd", "makespan_days", ...). The numbers may change between versions of
 * the library; the names do not: look them up with nc_metric_lookup.
 */
NC_API int nc_metric_count(void);

/* Metric 'm''s name ("co2e_kg"), or NULL when 'm' is out of range. Static storage. */
NC_API const char *nc_metric_name(int m);

/* Metric 'm''s canonical unit ("kg", "kWh", "h", "d", "USD"; "" for counts and fractions), or
 * NULL when 'm' is out of range. Static storage. */
NC_API const char *nc_metric_unit(int m);

/* The number of the metric named 'name' (exactly, case significant), or -1 for an unknown
 * name or NULL. */
NC_API int nc_metric_lookup(const char *name);

/* ---- Scenarios: loading ------------------------------------------------------------------ */

/* The kind of a structured override's value. */
typedef enum nc_value_kind {
    NC_VALUE_NUMBER = 1, /* 'number' in 'unit' */
    NC_VALUE_TEXT = 2    /* 'text': YAML as `--set PATH=VALUE` takes it after the '=' */
} nc_value_kind;

/*
 * One override of a scenario's value, applied after `extends:` is merged, as the command
 * line's `--set PATH=VALUE` is (and with the same messages, which name it "--set PATH").
 * 'path' is dotted: mapping keys, and a list's item by its `name` or its index from 0
 * ("stages.search.trials", "sites.lab.pue", "stages.0.gpus"); missing mapping keys are made.
 *   NC_VALUE_NUMBER: the value is 'number' (finite) in 'unit' ("h", "kW", "g/kWh", "%"; NULL or
 *                    "" for a plain number), checked and converted as the scenario's own
 *                    values are: {"stages.search.duration", NC_VALUE_NUMBER, 2.5, "h"};
 *   NC_VALUE_TEXT:   'text' is YAML, so a distribution works:
 *                    {"sites.lab.pue", NC_VALUE_TEXT, 0, NULL, "{dist: uniform, low: 1.1,
 *                    high: 1.3}"}.
 * The library copies what it needs: the strings need only live for the call.
 */
typedef struct nc_override {
    const char *path;
    int kind;         /* nc_value_kind */
    double number;    /* NC_VALUE_NUMBER */
    const char *unit; /* NC_VALUE_NUMBER: its unit, NULL or "" for none */
    const char *text; /* NC_VALUE_TEXT */
} nc_override;

#define NC_LOAD_OPTS_VERSION 1

/* How to load a scenario. NULL options: no overrides, the installed catalog. */
typedef struct nc_load_opts {
    int version;             /* NC_LOAD_OPTS_VERSION */
    const char *const *sets; /* 'n_sets' "PATH=VALUE" strings, as `--set` takes them */
    size_t n_sets;
    const nc_override *overrides; /* 'n_overrides' structured overrides, applied after 'sets' */
    size_t n_overrides;
    const char *models_dir; /* the catalog's folder; NULL: the installed models/ */
} nc_load_opts;

#define NC_LOAD_OPTS_INIT {.version = NC_LOAD_OPTS_VERSION}

/*
 * Read the scenario file at 'path' (YAML), merge what it `extends:` (relative to the file
 * naming it), apply the overrides of 'opts' (NULL: none), bind catalog names, convert units
 * and validate everything into a new scenario in '*out' (NULL on failure). The caller owns it:
 * nc_scenario_free.
 * Errors: NC_EMISUSE (NULL 'out' or 'path', unknown 'opts' version, n_sets or n_overrides
 * with a NULL array, a NULL string in 'sets', a malformed override: NULL path, unknown kind,
 * a number that is not finite, NC_VALUE_TEXT with NULL text); NC_EINPUT for anything wrong in the scenario, its
 * bases, the catalog or an override, with file:line:col where the fault is in a file (the file
 * alone when it does not exist or is no regular file); NC_EIO when a file cannot be read;
 * NC_ENOMEM.
 */
NC_API int nc_scenario_load(nc_scenario **out, const char *path, const nc_load_opts *opts,
                            nc_error *err);

/*
 * nc_scenario_load of YAML text held in memory (NUL-terminated 'text'), read as if it were the
 * file 'name' in directory 'dir': relative paths in it (`extends:`, hourly profiles `*.csv`)
 * resolve against 'dir', and messages name "DIR/NAME" ('dir' NULL: the current directory, and
 * messages name "NAME"; 'name' NULL: "<text>"). Ownership and errors as nc_scenario_load
 * (NC_EMISUSE for NULL 'out' or 'text').
 */
NC_API int nc_scenario_load_text(nc_scenario **out, const char *text, const char *name,
                                 const char *dir, const nc_load_opts *opts, nc_error *err);

/* Free a scenario; NULL does nothing. Free its results (which refer to it) first. */
NC_API void nc_scenario_free(nc_scenario *sc);

/* ---- Scenarios: what they hold ------------------------------------------------------------ */

/* The scenario's `scenario:` name; its file as given to nc_scenario_load (DIR/NAME for text).
 * NULL for a NULL scenario. The strings live as long as the scenario. */
NC_API const char *nc_scenario_name(const nc_scenario *sc);
NC_API const char *nc_scenario_file(const nc_scenario *sc);

/* Its `replications:` (10000 when not given) and `seed:`; 0 for a NULL scenario. */
NC_API int64_t nc_scenario_replications(const nc_scenario *sc);
NC_API uint64_t nc_scenario_seed(const nc_scenario *sc);

/* The number of its stages, and the name of stage 'i' (0-based, in the scenario's order; NULL
 * when out of range or for a NULL scenario). */
NC_API size_t nc_scenario_stage_count(const nc_scenario *sc);
NC_API const char *nc_scenario_stage_name(const nc_scenario *sc, size_t i);

/*
 * Write 'sc' to 'f' as resolved, as `nascost check` prints it (without its last line, "ok:
 * FILE is valid"): its file, name, seed, replications and catalog, each stage's site, GPUs,
 * power, pricing, attempts and hardware mix, the catalog entries its `catalog:` overrides,
 * and every input (nc_scenario_input) with its distribution and nominal value. The stream
 * stays the caller's. Errors: NC_EMISUSE (NULL 'f' or 'sc'); NC_EIO when the write fails.
 */
NC_API int nc_scenario_write_check(FILE *f, const nc_scenario *sc, nc_error *err);

/* One input of a scenario, as `nascost check` and the JSON's "inputs" show it. */
typedef struct nc_input_info {
    const char *path;         /* "sites.lab.pue", "stages.search.duration", "hardware.v100.tdp" */
    const char *unit;         /* its canonical unit ("h", "W", "kg/kWh"; "" for none) */
    const char *distribution; /* as resolved, in canonical units: "triangular(1.3, 1.58, 2)" */
    double nominal;           /* the value a point estimate (nc_run_opts.point) uses */
    int uncertain;            /* 1 when it is drawn, 0 for a constant */
    const char *file;         /* where it was written ("--set PATH" for an override); NULL for
                                 nascost's defaults */
    int line, col;            /* 1-based; 0 when unknown */
    /* A value from the catalog's own files (not a scenario's `catalog:` override): */
    int from_catalog;         /* 1 for such a value, else 0 and the fields below NULL, 0 */
    const char *catalog_name; /* the entry's `name` ("NVIDIA Tesla V100 SXM2"), or NULL */
    const char *catalog_year; /* the entry's `year` as written, or NULL */
    const char *source;       /* the entry's `sources:` text for this value, or NULL */
    const char *source_file;  /* where that text is written, and its line */
    int source_line;
} nc_input_info;

/* The number of inputs the model reads for this scenario (0 for NULL): sites where a stage
 * runs, the stages' inputs and pricing, and the catalog values the result depends on. */
NC_API size_t nc_scenario_input_count(const nc_scenario *sc);

/*
 * Input 'i' (0-based, in a fixed order: that of `check` and of the JSON's "inputs") into
 * '*out'. Its strings live as long as the scenario. Errors: NC_EMISUSE (NULL 'out' or 'sc',
 * 'i' out of range).
 */
NC_API int nc_scenario_input(nc_input_info *out, const nc_scenario *sc, size_t i, nc_error *err);

/* ---- Running ---------------------------------------------------------------------------- */

#define NC_RUN_OPTS_VERSION 1

/* How to run a scenario. NULL options: the scenario's replications and seed, all cores. */
typedef struct nc_run_opts {
    int version;           /* NC_RUN_OPTS_VERSION */
    int64_t replications;  /* 0: the scenario's own count (1 in point mode) */
    int64_t first;         /* index of the first replication (replay one by its index) */
    uint64_t seed;         /* with seed_set: replaces the scenario's seed */
    int seed_set;
    int threads;           /* 0: OpenMP's default */
    int point;             /* every input at its nominal value */
    int timeline_days;     /* > 0: keep each replication's CO2e per calendar day */
    /* Called now and then, from one thread, with the replications done so far. */
    void (*progress)(void *ctx, int64_t done, int64_t total);
    void *progress_ctx;
    /* When *cancel becomes non-zero the run stops with NC_EINTR, within microseconds. */
    volatile sig_atomic_t *cancel;
} nc_run_opts;

#define NC_RUN_OPTS_INIT {.version = NC_RUN_OPTS_VERSION}

/*
 * Run the Monte Carlo simulation of 'sc' with 'opts' (NULL: the defaults) and summarise every
 * metric of every stage and of the total, into a new result '*out' (NULL on failure). The
 * caller owns it (nc_result_free); it refers to 'sc', which must outlive it. Replication k
 * draws the same numbers whatever 'first', the thread count or other runs going on at once:
 * the same scenario, seed and replications give bitwise the same result.
 * Errors: NC_EMISUSE (NULL 'out' or 'sc', unknown 'opts' version); NC_EINPUT for options out
 * of range (replications or first beyond 1e8, threads negative or beyond 1024, timeline_days
 * negative or beyond 36500), for samples that would take more than 8 GiB, or when drawn
 * parameters make an impossible distribution (the message names the input and the
 * replication); NC_EINTR when '*opts->cancel' became non-zero; NC_ENOMEM.
 */
NC_API int nc_run(nc_result **out, const nc_scenario *sc, const nc_run_opts *opts, nc_error *err);

/* Free a result; NULL does nothing. */
NC_API void nc_result_free(nc_result *res);

/* ---- Results ------------------------------------------------------------------------------ */

/* The scenario 'res' ran (NULL for NULL). */
NC_API const nc_scenario *nc_result_scenario(const nc_result *res);

/* Its replications, the index of its first replication, and the seed it ran with (0 for
 * NULL). */
NC_API int64_t nc_result_replications(const nc_result *res);
NC_API int64_t nc_result_first(const nc_result *res);
NC_API uint64_t nc_result_seed(const nc_result *res);

/* Its rows: the total (row 0), then each stage in the scenario's order: stages + 1 (0 for
 * NULL). */
NC_API size_t nc_result_rows(const nc_result *res);

/* The name of row 'row': "total" for row 0, else the stage's name; NULL when out of range. */
NC_API const char *nc_result_row_name(const nc_result *res, size_t row);

/*
 * The samples, without a copy: nc_result_replications() x nc_result_rows() x
 * nc_metric_count() doubles laid out [replication][row][metric], row 0 the total:
 *     samples[(rep * rows + row) * nc_metric_count() + metric]
 * They live as long as 'res'. A metric a row leaves undefined (nc_result_defined) holds 0.
 * NULL for NULL.
 */
NC_API const double *nc_result_samples(const nc_result *res);

/* 1 when metric 'm' has a meaning in row 'row' (utilisation only in the total and with a
 * cluster, on_time only with a deadline, the rest everywhere); 0 otherwise, also for bad
 * arguments. The JSON writes an undefined metric as null. */
NC_API int nc_result_defined(const nc_result *res, size_t row, int m);

/*
 * The summary of metric 'metric' (by name: "co2e_kg") over the replications in the row of
 * stage 'stage' (by name; NULL: the total) into '*out'. A metric the row leaves undefined
 * (nc_result_defined) gives a summary of NaNs, and 0.
 * Errors: NC_EMISUSE (NULL 'out', 'res' or 'metric'); NC_EINPUT for an unknown stage or metric
 * name (the message suggests the nearest name).
 */
NC_API int nc_result_summary(nc_summary *out, const nc_result *res, const char *stage,
                             const char *metric, nc_error *err);

/* The same by numbers: row 'row' (0: the total) and metric 'm'. Errors: NC_EMISUSE (NULL
 * arguments, 'row' or 'm' out of range). */
NC_API int nc_result_summary_at(nc_summary *out, const nc_result *res, size_t row, int m,
                                nc_error *err);

/* ---- Results: writers --------------------------------------------------------------------- */

#define NC_WRITE_OPTS_VERSION 1

/* How to write a result. NULL options: masses in kg, no timing. */
typedef struct nc_write_opts {
    int version;           /* NC_WRITE_OPTS_VERSION */
    const char *mass_unit; /* the table's masses: "kg" (NULL: kg), "lb", "t" or any mass unit */
    int timing;            /* 1: add the elapsed time and thread count (not reproducible) */
} nc_write_opts;

#define NC_WRITE_OPTS_INIT {.version = NC_WRITE_OPTS_VERSION}

/*
 * Write 'res' to 'f' as `nascost run` does: an aligned table for people (-f table), one JSON
 * document (-f json; "total", "stages", "inputs", "equivalents"), the summary CSV (-f csv, and
 * summary.csv of -o: stage,metric,unit,mean,sd,se,min,max,p5,p50,p95) or the samples CSV
 * (samples.csv of -o: a row per replication x stage, the total last, values to 17 digits).
 * The stream stays open and the caller's. Errors: NC_EMISUSE (NULL 'f' or 'res', unknown
 * 'opts' version); NC_EINPUT for a mass unit that is not one; NC_EIO when the write fails;
 * NC_ENOMEM.
 */
NC_API int nc_result_write_table(FILE *f, const nc_result *res, const nc_write_opts *opts,
                                 nc_error *err);
NC_API int nc_result_write_json(FILE *f, const nc_result *res, const nc_write_opts *opts,
                                nc_error *err);
NC_API int nc_result_write_summary_csv(FILE *f, const nc_result *res, const nc_write_opts *opts,
                                       nc_error *err);
NC_API int nc_result_write_samples_csv(FILE *f, const nc_result *res, const nc_write_opts *opts,
                                       nc_error *err);

/* ---- Saved results ------------------------------------------------------------------------ */

/*
 * Read back a run that `nascost run -o DIR` wrote: 'path' is DIR (or DIR/result.json); its
 * result.json and samples.csv (and cumulative_co2e.csv when there is one) are checked against
 * each other (sizes and digests listed in result.json: the files of one run), into a new
 * '*out' (NULL on failure) that the caller frees with nc_saved_free. Nothing read is trusted.
 * Errors: NC_EMISUSE (NULL 'out' or 'path'); NC_EINPUT for a missing or malformed file, one of
 * another run, or a document that is not a run's (compare, sweep, sensitivity), naming the
 * file (and line of a CSV); NC_EIO; NC_ENOMEM.
 */
NC_API int nc_saved_read(nc_saved **out, const char *path, nc_error *err);

/* Free what nc_saved_read read; NULL does nothing. */
NC_API void nc_saved_free(nc_saved *saved);

/* The run's scenario name, replications and seed (NULL or 0 for NULL). */
NC_API const char *nc_saved_scenario(const nc_saved *saved);
NC_API int64_t nc_saved_replications(const nc_saved *saved);
NC_API uint64_t nc_saved_seed(const nc_saved *saved);

/* Rows, row names and samples as for a result (row 0 "total", then the stages; the samples
 * [replication][row][metric], an undefined value NaN). They live as long as 'saved'. */
NC_API size_t nc_saved_rows(const nc_saved *saved);
NC_API const char *nc_saved_row_name(const nc_saved *saved, size_t row);
NC_API const double *nc_saved_samples(const nc_saved *saved);

/* The summary of metric 'metric' in the row of stage 'stage' (NULL: the total), computed from
 * the samples read as nc_result_summary computes it (a run's result.json holds the same to 17
 * digits). Errors as nc_result_summary. */
NC_API int nc_saved_summary(nc_summary *out, const nc_saved *saved, const char *stage,
                            const char *metric, nc_error *err);

/* ---- Analyses (compare, sweep, budget, sensitivity) ---- */

#ifdef __cplusplus
}
#endif

#endif /* NASCOST_H */
