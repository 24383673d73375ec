/*
 * nascost.h - the public interface of libnascost: Monte Carlo estimates of the energy, money
 * and CO2e of machine-learning research pipelines (neural architecture search, sweeps and the
 * training runs around them), with uncertainty bands.
 *
 * SKELETON (issue 12, in progress): the types every part of the library shares are fixed
 * here; each section's functions are filled in by the branch that implements them. Until a
 * section says otherwise, nothing below it is implemented.
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
 *   - Thread safety: see "Threads" below.
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

/* ---- Running ---------------------------------------------------------------------------- */

#define NC_RUN_OPTS_VERSION 1

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

#ifdef __cplusplus
}
#endif

#endif /* NASCOST_H */
