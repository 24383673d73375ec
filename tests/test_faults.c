/*
 * test_faults.c - fault injection (issue 7; SQLite's and Lua's test allocators): every
 * allocation nascost makes while loading a scenario and running it fails in turn, and each
 * time the result must be a clean NC_ENOMEM with a message: no crash, no other code, and
 * (under ASan, as CI runs it) no leak.
 *
 * The allocator is replaced at link time (-Wl,--wrap=malloc,... in CMakeLists.txt) for the
 * library's own objects; allocations inside the shared libraries (libyaml, jansson, GSL,
 * libgomp) are not counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "output/output_csv.h"
#include "output/output_json.h"
#include "output/output_table.h"
#include "analysis/paired.h"
#include "testutil.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static long g_fail_at; /* fail the g_fail_at-th allocation (1-based); 0: never */
static long g_count;

static int should_fail(void)
{
    long n = __atomic_add_fetch(&g_count, 1, __ATOMIC_RELAXED);
    return g_fail_at > 0 && n == g_fail_at;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return should_fail() ? NULL : __real_strdup(s);
}

#define MODELS NC_SOURCE_DIR "/tests/faults/models"

/* A base pipeline and a variant of it with every feature: presets, a mix, distributions with
 * uncertain parameters, failures with retries, clusters with idle power (given and counted),
 * an hourly grid, batches, early stopping, pre-emption, carbon-aware starts, a stage after
 * another with a trial count taken from it, owned and cloud pricing, a deadline. */
static const char BASE[] =
    "scenario: base\n"
    "seed: 7\n"
    "sites:\n"
    "  lab: {pue: academic, grid: us-2018, electricity_price: us-2018-average,"
    " cluster: {gpus: 8, idle_w: 40 W}}\n"
    "pricing: {gpu_hour: {dist: uniform, low: 0.43 USD, high: 1.46 USD}}\n"
    "stages:\n"
    "  - name: search\n"
    "    trials: 40\n"
    "    hardware: {v100-sxm2: 0.6, a100-sxm4-80gb: 0.4}\n"
    "    duration: {dist: lognormal, mean: 5 h, sd: {dist: uniform, low: 2 h, high: 4 h},"
    " min: 3 min, max: 2 d}\n"
    "    power_fraction: {dist: beta, mean: {dist: uniform, low: 0.6, high: 0.9}, sd: 0.05}\n"
    "    host_w_per_gpu: \"40 to 90 W\"\n"
    "    failures: {probability: 0.1, retries: 2}\n";

static const char VARIANT[] =
    "extends: base.yaml\n"
    "start: 2021-03-01\n"
    "deadline: 30 d\n"
    "sites:\n"
    "  lab: {carbon_intensity: {profile: gb-2021, scale: \"0.9 to 1.1\"}, grid: null}\n"
    "  pod: {pue: 1.1, grid: us-2018, cluster: {gpus: 4, idle: counted}}\n"
    "stages:\n"
    "  - name: search\n"
    "    site: lab\n"
    "    submit: {batches: 4, over: 2 d}\n"
    "    early_stopping: {policy: hyperband, eta: 3, min_budget: 0.04}\n"
    "    preemption: {per_hour: 0.05, checkpoint: 1 h, restart: 5 min}\n"
    "    carbon_aware: {max_delay: 6 h}\n"
    "  - {name: final, site: pod, after: [search], trials: {of: search, fraction: 0.1}, gpus: 2,"
    " hardware: a100-sxm4-80gb, duration: 10 h,"
    " pricing: {owned: {price_per_gpu: 20000 USD, amortise_over: 4 y, utilisation: 0.6}}}\n";

static char g_dir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Load, run, summarise and write JSON and the table; returns the first error code. */
static int load_and_run(const char *path, nc_error *err)
{
    const char *sets[] = {"sites.lab.cluster.gpus=6"};
    nc_load_opts lo = {
        .version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = 1, .models_dir = MODELS};
    nc_scenario *sc = NULL;
    nc_result *res = NULL;
    nc_summary *sum = NULL;
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    o.replications = 3, o.threads = 1, o.timeline_days = 40;
    int rc = nc_scenario_load(&sc, path, &lo, err);
    if (!rc)
        rc = nc_engine_run(&res, sc, &o, err);
    if (!rc && !(sum = malloc(res->n_rows * NC_M__COUNT * sizeof *sum)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = nc_stats_result(sum, res, err);
    if (!rc) {
        FILE *f = fopen("/dev/null", "w");
        nc_report rep = {res, sum, "kg", 0, NULL};
        rc = nc_output_json(f, &rep, err);
        if (!rc)
            rc = nc_output_table(f, &rep, err);
        fclose(f);
    }
    free(sum);
    nc_result_free(res);
    nc_scenario_free(sc);
    return rc;
}

/* Fail allocation 1, 2, 3, ... until a run needs fewer allocations than the one that fails. */
static long fail_each(const char *name)
{
    char path[128];
    long runs = 0;
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    for (g_fail_at = 1;; g_fail_at++, runs++) {
        nc_error err;
        nc_error_clear(&err);
        g_count = 0;
        int rc = load_and_run(path, &err);
        if (g_count < g_fail_at) { /* nothing failed: the end */
            if (rc)
                fprintf(stderr, "%s without faults: %s\n", name, err.message);
            assert_int_equal(rc, 0);
            break;
        }
        if (rc != NC_ENOMEM)
            fprintf(stderr, "allocation %ld failed: got code %d (%s)\n", g_fail_at, rc,
                    err.message);
        assert_int_equal(rc, NC_ENOMEM);
        assert_true(err.message[0] != '\0');
    }
    g_fail_at = 0;
    return runs;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/nascost-faults-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    write_file("base.yaml", BASE);
    write_file("variant.yaml", VARIANT);
    return 0;
}

static int teardown(void **state)
{
    char path[128];
    (void)state;
    snprintf(path, sizeof path, "%s/base.yaml", g_dir), unlink(path);
    snprintf(path, sizeof path, "%s/variant.yaml", g_dir), unlink(path);
    rmdir(g_dir);
    return 0;
}

static void test_faults__every_allocation_of_a_pipeline_fails_cleanly(void **state)
{
    (void)state;
    assert_true(fail_each("base.yaml") > 100);
}

static void test_faults__every_allocation_with_every_feature_fails_cleanly(void **state)
{
    (void)state;
    assert_true(fail_each("variant.yaml") > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faults__every_allocation_of_a_pipeline_fails_cleanly),
        cmocka_unit_test(test_faults__every_allocation_with_every_feature_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
