/*
 * testutil.h - helpers shared by the cmocka tests: scenarios from strings, runs, lookups.
 * Include after <cmocka.h>.
 */
#ifndef NC_TESTUTIL_H
#define NC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "rng/rng.h"
#include "scenario/scenario.h"
#include "load/scenario_load.h"
#include "stats/stats.h"

#define NC_TEST_MODELS NC_SOURCE_DIR "/models"

/* Write 'text' to a new file in a fresh temporary directory; returns its path (free it). */
static inline char *tu_write_temp(const char *text)
{
    char dir[] = "/tmp/nascost-test-XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    char *path = malloc(strlen(dir) + 32);
    if (!path)
        return NULL;
    sprintf(path, "%s/scenario.yaml", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(path);
        return NULL;
    }
    fputs(text, f);
    fclose(f);
    return path;
}

/* Remove a file made by tu_write_temp and its directory. */
static inline void tu_remove_temp(char *path)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    rmdir(path);
    free(path);
}

/* Load 'path' with optional --set assignments ('sets' NULL-terminated); fails the test on
 * error, printing it. */
static inline nc_scenario *tu_load(const char *path, const char *const *sets)
{
    size_t n = 0;
    while (sets && sets[n])
        n++;
    nc_load_opts lo = {
        .version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = n, .models_dir = NC_TEST_MODELS};
    nc_scenario *sc = NULL;
    nc_error err;
    if (nc_scenario_load(&sc, path, &lo, &err)) {
        char buf[2048];
        nc_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "load failed: %s\n", buf);
        return NULL;
    }
    return sc;
}

/* Load a scenario given as text. */
static inline nc_scenario *tu_load_text(const char *text, const char *const *sets)
{
    char *path = tu_write_temp(text);
    nc_scenario *sc = path ? tu_load(path, sets) : NULL;
    if (path)
        tu_remove_temp(path);
    return sc;
}

/* Run with 'reps' replications (0: the scenario's) on 'threads' threads (0: default). */
static inline nc_result *tu_run(const nc_scenario *sc, int64_t reps, int threads, int point)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = reps;
    o.threads = threads;
    o.point = point;
    nc_result *res = NULL;
    nc_error err;
    if (nc_engine_run(&res, sc, &o, &err)) {
        fprintf(stderr, "run failed: %s\n", err.message);
        return NULL;
    }
    return res;
}

/* The total of metric 'm' in replication 'rep'. */
static inline double tu_total(const nc_result *res, int64_t rep, int m)
{
    return nc_result_total(res, rep)[m];
}

/* Summary of metric 'm' of the total. */
static inline nc_summary tu_summary(const nc_result *res, int m)
{
    nc_summary s;
    double *scratch = malloc((size_t)res->replications * sizeof *scratch);
    nc_stats_summarise(&s, nc_result_total(res, 0) + m, (size_t)res->replications,
                       res->n_rows * NC_M__COUNT, scratch);
    free(scratch);
    return s;
}

/* cmocka group or test set-up: an addressed Philox generator in *state (nc_rng_philox). */
static inline int tu_setup_rng(void **state)
{
    gsl_rng *r = gsl_rng_alloc(nc_rng_philox);
    if (!r)
        return -1;
    *state = r;
    return 0;
}

static inline int tu_teardown_rng(void **state)
{
    gsl_rng_free(*state);
    return 0;
}

#endif
