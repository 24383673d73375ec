/*
 * test_api.c - the public interface (include/nascost.h) through nothing but its functions:
 * each function, its error paths (NULL arguments, unknown names, unknown option versions, a
 * scenario with a YAML error at file:line:col), and two scenarios loaded and run at once from
 * two threads, each bitwise the result of the same run alone.
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "nascost.h"

#define LISA   NC_SOURCE_DIR "/scenarios/lisa-rnd.yaml"
#define GRANT  NC_SOURCE_DIR "/scenarios/grant-phd.yaml"
#define WHATIF NC_SOURCE_DIR "/scenarios/whatif"

/* A loaded scenario or the test fails, printing the error. */
static nc_scenario *load(const char *path, const nc_load_opts *opts)
{
    nc_error err = {0};
    nc_scenario *sc = NULL;
    int rc = nc_scenario_load(&sc, path, opts, &err);
    if (rc)
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
    assert_int_equal(rc, NC_OK);
    return sc;
}

static nc_result *run(const nc_scenario *sc, int64_t reps, uint64_t seed)
{
    nc_error err = {0};
    nc_result *res = NULL;
    nc_run_opts o = NC_RUN_OPTS_INIT;
    o.replications = reps, o.seed = seed, o.seed_set = 1;
    int rc = nc_run(&res, sc, &o, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.message);
    assert_int_equal(rc, NC_OK);
    return res;
}

/* The samples of two results are the same bits. */
static void assert_same_samples(const nc_result *a, const nc_result *b)
{
    assert_int_equal(nc_result_replications(a), nc_result_replications(b));
    assert_int_equal(nc_result_rows(a), nc_result_rows(b));
    size_t n = (size_t)nc_result_replications(a) * nc_result_rows(a) * (size_t)nc_metric_count();
    assert_memory_equal(nc_result_samples(a), nc_result_samples(b), n * sizeof(double));
}

/* ---- errors and GSL ------------------------------------------------------------------------- */

/* First of all tests: GSL's handler is GSL's default (NULL) until a public entry point turns
 * it off itself; main() no longer does. */
static void test_gsl_handler_off_by_library(void **state)
{
    (void)state;
    gsl_error_handler_t *before = gsl_set_error_handler(NULL);
    assert_null(before);
    nc_scenario *sc = NULL;
    nc_error err = {0};
    assert_int_equal(nc_scenario_load(&sc, NULL, NULL, &err), NC_EMISUSE);
    gsl_error_handler_t *after = gsl_set_error_handler(NULL);
    assert_non_null(after); /* GSL's "off" handler */
    gsl_set_error_handler(after);
}

static void test_version_and_metrics(void **state)
{
    (void)state;
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", NC_VERSION_MAJOR, NC_VERSION_MINOR, NC_VERSION_PATCH);
    assert_string_equal(nc_version(), v);
    int n = nc_metric_count();
    assert_true(n > 10);
    int co2 = nc_metric_lookup("co2e_kg");
    assert_true(co2 >= 0 && co2 < n);
    assert_string_equal(nc_metric_name(co2), "co2e_kg");
    assert_string_equal(nc_metric_unit(co2), "kg");
    assert_string_equal(nc_metric_unit(nc_metric_lookup("gpu_hours")), "h");
    for (int m = 0; m < n; m++)
        assert_int_equal(nc_metric_lookup(nc_metric_name(m)), m);
    assert_null(nc_metric_name(-1));
    assert_null(nc_metric_name(n));
    assert_null(nc_metric_unit(n));
    assert_int_equal(nc_metric_lookup("co2e"), -1);
    assert_int_equal(nc_metric_lookup(NULL), -1);
}

/* ---- loading -------------------------------------------------------------------------------- */

static void test_load_misuse(void **state)
{
    (void)state;
    nc_scenario *sc = (nc_scenario *)(uintptr_t)1; /* set to NULL on failure */
    nc_error err = {0};
    nc_load_opts bad = NC_LOAD_OPTS_INIT;
    assert_int_equal(nc_scenario_load(NULL, LISA, NULL, &err), NC_EMISUSE);
    assert_int_equal(err.code, NC_EMISUSE);
    assert_non_null(strstr(err.message, "out"));
    assert_int_equal(nc_scenario_load(&sc, NULL, NULL, NULL), NC_EMISUSE); /* NULL err is fine */
    assert_null(sc);
    bad.version = 99;
    assert_int_equal(nc_scenario_load(&sc, LISA, &bad, &err), NC_EMISUSE);
    assert_non_null(strstr(err.message, "version 99"));
    bad.version = 0; /* not started from NC_LOAD_OPTS_INIT */
    assert_int_equal(nc_scenario_load(&sc, LISA, &bad, &err), NC_EMISUSE);
    nc_load_opts holes = NC_LOAD_OPTS_INIT;
    holes.n_sets = 2;
    assert_int_equal(nc_scenario_load(&sc, LISA, &holes, &err), NC_EMISUSE);
    holes.n_sets = 0, holes.n_overrides = 1;
    assert_int_equal(nc_scenario_load(&sc, LISA, &holes, &err), NC_EMISUSE);
    assert_int_equal(nc_scenario_load_text(&sc, NULL, "x.yaml", NULL, NULL, &err), NC_EMISUSE);
    assert_int_equal(nc_scenario_load_text(NULL, "a: 1", "x.yaml", NULL, NULL, &err), NC_EMISUSE);
    /* a NULL error record is fine on every path, also where the loader reads back what it
     * recorded (a base that is not there) */
    assert_int_equal(
        nc_scenario_load_text(&sc, "extends: /dev/null\n", "x.yaml", "/tmp", NULL, NULL),
        NC_EINPUT);
    assert_null(sc);
    nc_scenario_free(NULL);
}

/* A YAML error in a file: NC_EINPUT at its file, line and column. */
static void test_load_yaml_error_position(void **state)
{
    (void)state;
    char dir[] = "/tmp/nascost-api-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/broken.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("scenario: broken\nstages:\n  - name: a\n    trials: [1, 2\n", f);
    fclose(f);
    nc_scenario *sc = NULL;
    nc_error err = {0};
    assert_int_equal(nc_scenario_load(&sc, path, NULL, &err), NC_EINPUT);
    assert_null(sc);
    assert_string_equal(err.file, path);
    assert_true(err.line >= 4);
    assert_true(err.col > 0);
    /* a missing file: the file named, no position */
    assert_int_equal(nc_scenario_load(&sc, "/nonexistent/x.yaml", NULL, &err), NC_EINPUT);
    assert_string_equal(err.file, "/nonexistent/x.yaml");
    assert_int_equal(err.line, 0);
    unlink(path);
    rmdir(dir);
}

/* Text read as DIR/NAME: the same scenario as the file, `extends:` relative to DIR, errors at
 * DIR/NAME:line:col. */
static void test_load_text(void **state)
{
    (void)state;
    FILE *f = fopen(LISA, "r");
    assert_non_null(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    nc_error err = {0};
    nc_scenario *from_text = NULL, *from_file = load(LISA, NULL);
    assert_int_equal(nc_scenario_load_text(&from_text, text, "lisa-rnd.yaml",
                                           NC_SOURCE_DIR "/scenarios", NULL, &err),
                     NC_OK);
    assert_string_equal(nc_scenario_file(from_text), NC_SOURCE_DIR "/scenarios/lisa-rnd.yaml");
    nc_result *a = run(from_text, 50, 3), *b = run(from_file, 50, 3);
    assert_same_samples(a, b);
    nc_result_free(a);
    nc_result_free(b);
    nc_scenario_free(from_text);
    nc_scenario_free(from_file);

    /* extends relative to 'dir' */
    nc_scenario *asha = NULL, *asha_file = load(WHATIF "/asha.yaml", NULL);
    const char *ext = "extends: asha.yaml\nscenario: from-text\n";
    assert_int_equal(nc_scenario_load_text(&asha, ext, NULL, WHATIF, NULL, &err), NC_OK);
    assert_string_equal(nc_scenario_name(asha), "from-text");
    assert_string_equal(nc_scenario_file(asha), WHATIF "/<text>");
    a = run(asha, 20, 1), b = run(asha_file, 20, 1);
    assert_same_samples(a, b);
    nc_result_free(a);
    nc_result_free(b);
    nc_scenario_free(asha);
    nc_scenario_free(asha_file);
    /* without the directory the base is not found: relative to the current directory */
    assert_int_equal(nc_scenario_load_text(&asha, ext, "t.yaml", NULL, NULL, &err), NC_EINPUT);
    assert_string_equal(err.file, "t.yaml");
    assert_int_equal(err.line, 1);
    /* a YAML error in text */
    assert_int_equal(
        nc_scenario_load_text(&asha, "scenario: x\nstages: [\n", "bad.yaml", "/d", NULL, &err),
        NC_EINPUT);
    assert_null(asha);
    assert_string_equal(err.file, "/d/bad.yaml");
    assert_true(err.line >= 2 && err.col > 0);
}

/* Structured overrides give what the same --set strings give; their misuse is refused. */
static void test_load_overrides(void **state)
{
    (void)state;
    const char *sets[] = {"stages.grid-searches.trials=1000", "stages.grid-searches.duration=30 h",
                          "sites.lab.pue={dist: uniform, low: 1.1, high: 1.3}"};
    nc_override ov[] = {
        {"stages.grid-searches.trials", NC_VALUE_NUMBER, 1000, NULL, NULL},
        {"stages.grid-searches.duration", NC_VALUE_NUMBER, 30, "h", NULL},
        {"sites.lab.pue", NC_VALUE_TEXT, 0, NULL, "{dist: uniform, low: 1.1, high: 1.3}"},
    };
    nc_load_opts with_sets = NC_LOAD_OPTS_INIT, with_ov = NC_LOAD_OPTS_INIT;
    with_sets.sets = sets, with_sets.n_sets = 3;
    with_ov.overrides = ov, with_ov.n_overrides = 3;
    nc_scenario *a = load(LISA, &with_sets), *b = load(LISA, &with_ov), *plain = load(LISA, NULL);
    nc_result *ra = run(a, 30, 5), *rb = run(b, 30, 5), *rp = run(plain, 30, 5);
    assert_same_samples(ra, rb);
    nc_summary s_ov, s_plain;
    assert_int_equal(nc_result_summary(&s_ov, rb, "grid-searches", "trials", NULL), NC_OK);
    assert_int_equal(nc_result_summary(&s_plain, rp, "grid-searches", "trials", NULL), NC_OK);
    assert_true(s_ov.mean == 1000.0 && s_plain.mean != 1000.0); /* it did change something */
    nc_result_free(ra), nc_result_free(rb), nc_result_free(rp);
    nc_scenario_free(a), nc_scenario_free(b), nc_scenario_free(plain);

    nc_scenario *sc = NULL;
    nc_error err = {0};
    nc_override bad[] = {
        {NULL, NC_VALUE_NUMBER, 1, NULL, NULL},                            /* no path */
        {"stages.grid-searches.trials", 7, 1, NULL, NULL},                 /* unknown kind */
        {"stages.grid-searches.trials", NC_VALUE_NUMBER, NAN, NULL, NULL}, /* not finite */
        {"stages.grid-searches.trials", NC_VALUE_TEXT, 0, NULL, NULL},     /* no text */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        nc_load_opts o = NC_LOAD_OPTS_INIT;
        o.overrides = &bad[i], o.n_overrides = 1;
        assert_int_equal(nc_scenario_load(&sc, LISA, &o, &err), NC_EMISUSE);
        assert_null(sc);
    }
    /* bad input, with the loader's messages */
    nc_override input[] = {
        {"stages.grid-searches.duration", NC_VALUE_NUMBER, 3, "{h: 1}", NULL}, /* no unit */
        {"stages.grid-searches.duration", NC_VALUE_NUMBER, 3, "kg", NULL},     /* wrong unit */
        {"stages.grid-searches.duration", NC_VALUE_NUMBER, -3, "h", NULL},     /* negative */
        {"stages.grid-search.trials", NC_VALUE_NUMBER, 3, NULL, NULL},         /* a typo */
    };
    for (size_t i = 0; i < sizeof input / sizeof *input; i++) {
        nc_load_opts o = NC_LOAD_OPTS_INIT;
        o.overrides = &input[i], o.n_overrides = 1;
        assert_int_equal(nc_scenario_load(&sc, LISA, &o, &err), NC_EINPUT);
        assert_null(sc);
    }
    assert_non_null(strstr(err.message, "did you mean 'grid-searches'"));
}

/* ---- the inputs ------------------------------------------------------------------------------ */

/* The walk gives what the JSON's "inputs" give, in its order, with sources and positions. */
static void test_inputs(void **state)
{
    (void)state;
    nc_scenario *sc = load(LISA, NULL);
    nc_result *res = run(sc, 10, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(nc_result_write_json(f, res, NULL, NULL), NC_OK);
    fclose(f);
    json_t *doc = json_loads(buf, 0, NULL);
    assert_non_null(doc);
    json_t *inputs = json_object_get(doc, "inputs");
    size_t n = nc_scenario_input_count(sc);
    assert_true(n > 10);
    assert_int_equal(n, json_object_size(inputs));
    int sources = 0, in_file = 0;
    const char *key;
    json_t *entry;
    size_t i = 0;
    json_object_foreach(inputs, key, entry)
    {
        nc_input_info in;
        assert_int_equal(nc_scenario_input(&in, sc, i++, NULL), NC_OK);
        assert_string_equal(in.path, key);
        assert_string_equal(in.unit, json_string_value(json_object_get(entry, "unit")));
        assert_string_equal(in.distribution,
                            json_string_value(json_object_get(entry, "distribution")));
        assert_true(in.nominal == json_real_value(json_object_get(entry, "nominal")));
        assert_int_equal(in.uncertain, json_is_true(json_object_get(entry, "uncertain")));
        sources += in.source != NULL;
        if (in.from_catalog) { /* where a catalog value comes from, as the report shows it */
            assert_non_null(in.catalog_name);
            assert_non_null(strstr(in.file, "/models/"));
            if (in.source) {
                assert_non_null(strstr(in.source_file, "/models/"));
                assert_true(in.source_line > 0);
            }
        } else
            assert_true(!in.source && !in.catalog_name && !in.catalog_year && !in.source_file);
        if (in.file && !strcmp(in.file, LISA)) {
            in_file++;
            assert_true(in.line > 0 && in.col > 0);
        }
        if (!strcmp(in.path, "sites.lab.pue")) {
            assert_string_equal(in.file, LISA);
            assert_int_equal(in.line, 31);
            assert_true(in.uncertain);
            assert_string_equal(in.distribution, "triangular(min 1.3, mode 1.58, max 2)");
        }
    }
    assert_true(sources > 0); /* catalog values: TDPs, embodied CO2e */
    assert_true(in_file > 0);
    json_decref(doc);
    free(buf);
    nc_input_info in;
    nc_error err = {0};
    assert_int_equal(nc_scenario_input(&in, sc, n, &err), NC_EMISUSE);
    assert_int_equal(nc_scenario_input(NULL, sc, 0, &err), NC_EMISUSE);
    assert_int_equal(nc_scenario_input(&in, NULL, 0, &err), NC_EMISUSE);
    assert_int_equal(nc_scenario_input_count(NULL), 0);
    /* as `check` prints it: the header, then a line per input */
    char *check = NULL;
    size_t check_len = 0;
    FILE *cf = open_memstream(&check, &check_len);
    assert_int_equal(nc_scenario_write_check(cf, sc, &err), NC_OK);
    fclose(cf);
    assert_int_equal(strncmp(check, LISA ": lisa-rnd\n", strlen(LISA ": lisa-rnd\n")), 0);
    const char *list = strstr(check, "inputs (canonical units):\n");
    assert_non_null(list);
    size_t lines = 0;
    for (const char *c = list; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1 + n);
    assert_non_null(strstr(check, "  sites.lab.pue "));
    free(check);
    assert_int_equal(nc_scenario_write_check(NULL, sc, &err), NC_EMISUSE);
    assert_int_equal(nc_scenario_write_check(stdout, NULL, &err), NC_EMISUSE);
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0);
        assert_int_equal(nc_scenario_write_check(full, sc, &err), NC_EIO);
        fclose(full);
    }
    /* the scenario's other accessors */
    assert_string_equal(nc_scenario_name(sc), "lisa-rnd");
    assert_int_equal(nc_scenario_stage_count(sc), nc_result_rows(res) - 1);
    assert_string_equal(nc_scenario_stage_name(sc, 0), "grid-searches");
    assert_null(nc_scenario_stage_name(sc, nc_scenario_stage_count(sc)));
    assert_true(nc_scenario_replications(sc) > 0);
    assert_int_equal(nc_scenario_seed(sc), 2019);
    assert_null(nc_scenario_name(NULL));
    assert_int_equal(nc_scenario_stage_count(NULL), 0);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* ---- running --------------------------------------------------------------------------------- */

typedef struct progress_seen {
    int64_t calls, last_done, total;
} progress_seen;

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    progress_seen *p = ctx;
    p->calls++, p->last_done = done, p->total = total;
}

static void test_run_misuse_and_options(void **state)
{
    (void)state;
    nc_scenario *sc = load(LISA, NULL);
    nc_result *res = (nc_result *)(uintptr_t)1;
    nc_error err = {0};
    nc_run_opts o = NC_RUN_OPTS_INIT;
    assert_int_equal(nc_run(NULL, sc, NULL, &err), NC_EMISUSE);
    assert_int_equal(nc_run(&res, NULL, NULL, &err), NC_EMISUSE);
    assert_null(res);
    o.version = 2;
    assert_int_equal(nc_run(&res, sc, &o, &err), NC_EMISUSE);
    assert_non_null(strstr(err.message, "nc_run_opts"));
    nc_run_opts bad[4] = {NC_RUN_OPTS_INIT, NC_RUN_OPTS_INIT, NC_RUN_OPTS_INIT, NC_RUN_OPTS_INIT};
    bad[0].replications = -1, bad[1].threads = -2, bad[2].timeline_days = 40000, bad[3].first = -1;
    for (int i = 0; i < 4; i++)
        assert_int_equal(nc_run(&res, sc, &bad[i], &err), NC_EINPUT);
    /* cancelled before it starts */
    volatile sig_atomic_t stop = 1;
    o = (nc_run_opts)NC_RUN_OPTS_INIT;
    o.replications = 100, o.cancel = &stop;
    assert_int_equal(nc_run(&res, sc, &o, &err), NC_EINTR);
    assert_int_equal(err.code, NC_EINTR);
    assert_null(res);
    /* progress, seed, first, point */
    progress_seen seen = {0, 0, 0};
    o = (nc_run_opts)NC_RUN_OPTS_INIT;
    o.replications = 64, o.seed = 11, o.seed_set = 1, o.threads = 2;
    o.progress = on_progress, o.progress_ctx = &seen;
    assert_int_equal(nc_run(&res, sc, &o, &err), NC_OK);
    assert_true(seen.calls > 0);
    assert_int_equal(seen.total, 64);
    assert_true(seen.last_done > 0 && seen.last_done <= 64);
    assert_int_equal(nc_result_seed(res), 11);
    assert_int_equal(nc_result_first(res), 0);
    /* replication 10 replayed alone: the same numbers as in the full run */
    nc_result *one = NULL;
    o.first = 10, o.replications = 1, o.progress = NULL;
    assert_int_equal(nc_run(&one, sc, &o, &err), NC_OK);
    assert_int_equal(nc_result_first(one), 10);
    size_t per_rep = nc_result_rows(res) * (size_t)nc_metric_count();
    assert_memory_equal(nc_result_samples(one), nc_result_samples(res) + 10 * per_rep,
                        per_rep * sizeof(double));
    nc_result_free(one);
    o = (nc_run_opts)NC_RUN_OPTS_INIT;
    o.point = 1;
    assert_int_equal(nc_run(&one, sc, &o, &err), NC_OK);
    assert_int_equal(nc_result_replications(one), 1);
    nc_result_free(one);
    nc_result_free(res);
    nc_result_free(NULL);
    nc_scenario_free(sc);
}

/* The result: rows (row 0 the total), names, zero-copy samples, summaries by name. */
static void test_result_access(void **state)
{
    (void)state;
    nc_scenario *sc = load(GRANT, NULL);
    nc_result *res = run(sc, 200, 9);
    nc_error err = {0};
    size_t rows = nc_result_rows(res), stages = nc_scenario_stage_count(sc);
    int M = nc_metric_count(), co2 = nc_metric_lookup("co2e_kg");
    assert_int_equal(rows, stages + 1);
    assert_true(stages >= 2);
    assert_string_equal(nc_result_row_name(res, 0), "total");
    for (size_t s = 0; s < stages; s++)
        assert_string_equal(nc_result_row_name(res, s + 1), nc_scenario_stage_name(sc, s));
    assert_null(nc_result_row_name(res, rows));
    assert_ptr_equal(nc_result_scenario(res), sc);
    assert_int_equal(nc_result_replications(res), 200);
    /* row 0 is the total: the sum of the stages' CO2e, replication by replication */
    const double *x = nc_result_samples(res);
    double mean = 0;
    for (int64_t r = 0; r < 200; r++) {
        double total = x[((size_t)r * rows + 0) * (size_t)M + (size_t)co2], sum = 0;
        for (size_t s = 1; s < rows; s++)
            sum += x[((size_t)r * rows + s) * (size_t)M + (size_t)co2];
        assert_true(fabs(total - sum) <= 1e-9 * fabs(total));
        mean += total;
    }
    mean /= 200;
    nc_summary s, at;
    assert_int_equal(nc_result_summary(&s, res, NULL, "co2e_kg", &err), NC_OK);
    assert_true(fabs(s.mean - mean) <= 1e-12 * mean);
    assert_true(s.p5 <= s.p50 && s.p50 <= s.p95 && s.sd > 0 && isfinite(s.se_p95));
    assert_int_equal(nc_result_summary_at(&at, res, 0, co2, &err), NC_OK);
    assert_memory_equal(&s, &at, sizeof s);
    const char *stage = nc_scenario_stage_name(sc, 1);
    assert_int_equal(nc_result_summary(&s, res, stage, "gpu_hours", &err), NC_OK);
    assert_int_equal(nc_result_summary_at(&at, res, 2, nc_metric_lookup("gpu_hours"), &err), NC_OK);
    assert_memory_equal(&s, &at, sizeof s);
    /* errors: unknown names with a suggestion, NULLs, out of range */
    assert_int_equal(nc_result_summary(&s, res, NULL, "co2e_kgg", &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "did you mean 'co2e_kg'"));
    char typo[128];
    snprintf(typo, sizeof typo, "%sx", stage);
    assert_int_equal(nc_result_summary(&s, res, typo, "co2e_kg", &err), NC_EINPUT);
    assert_non_null(strstr(err.message, stage));
    assert_int_equal(nc_result_summary(&s, res, NULL, NULL, &err), NC_EMISUSE);
    assert_int_equal(nc_result_summary(NULL, res, NULL, "co2e_kg", &err), NC_EMISUSE);
    assert_int_equal(nc_result_summary(&s, NULL, NULL, "co2e_kg", &err), NC_EMISUSE);
    assert_int_equal(nc_result_summary_at(&s, res, rows, 0, &err), NC_EMISUSE);
    assert_int_equal(nc_result_summary_at(&s, res, 0, M, &err), NC_EMISUSE);
    /* utilisation is undefined in a stage: NaN, and nc_result_defined says so */
    int util = nc_metric_lookup("utilisation");
    assert_false(nc_result_defined(res, 1, util));
    assert_int_equal(nc_result_summary(&s, res, stage, "utilisation", &err), NC_OK);
    assert_true(isnan(s.mean) && isnan(s.p95));
    assert_true(nc_result_defined(res, 0, co2));
    assert_false(nc_result_defined(res, rows, co2));
    assert_false(nc_result_defined(NULL, 0, co2));
    assert_int_equal(nc_result_rows(NULL), 0);
    assert_null(nc_result_samples(NULL));
    assert_null(nc_result_row_name(NULL, 0));
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* ---- writers --------------------------------------------------------------------------------- */

static char *write_to_string(int (*w)(FILE *, const nc_result *, const nc_write_opts *, nc_error *),
                             const nc_result *res, const nc_write_opts *o, int expect)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(w(f, res, o, NULL), expect);
    fclose(f);
    return buf;
}

static void test_writers(void **state)
{
    (void)state;
    nc_scenario *sc = load(LISA, NULL);
    nc_result *res = run(sc, 40, 2);
    nc_summary s;
    assert_int_equal(nc_result_summary(&s, res, NULL, "co2e_kg", NULL), NC_OK);
    char *json = write_to_string(nc_result_write_json, res, NULL, NC_OK);
    json_t *doc = json_loads(json, 0, NULL);
    assert_non_null(doc);
    json_t *total = json_object_get(json_object_get(doc, "total"), "co2e_kg");
    assert_true(json_real_value(json_object_get(total, "mean")) == s.mean);
    assert_null(json_object_get(json_object_get(doc, "nascost"), "elapsed_s")); /* no timing */
    json_decref(doc);
    free(json);
    nc_write_opts timing = NC_WRITE_OPTS_INIT;
    timing.timing = 1;
    json = write_to_string(nc_result_write_json, res, &timing, NC_OK);
    assert_non_null(strstr(json, "\"elapsed_s\""));
    free(json);
    char *table = write_to_string(nc_result_write_table, res, NULL, NC_OK);
    assert_non_null(strstr(table, "CO2e"));
    assert_non_null(strstr(table, " kg"));
    free(table);
    nc_write_opts lb = NC_WRITE_OPTS_INIT;
    lb.mass_unit = "lb";
    table = write_to_string(nc_result_write_table, res, &lb, NC_OK);
    assert_non_null(strstr(table, " lb"));
    free(table);
    char *csv = write_to_string(nc_result_write_summary_csv, res, NULL, NC_OK);
    assert_int_equal(strncmp(csv, "stage,metric,unit,mean", 22), 0);
    free(csv);
    csv = write_to_string(nc_result_write_samples_csv, res, NULL, NC_OK);
    size_t lines = 0;
    for (const char *c = csv; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1 + 40 * nc_result_rows(res));
    free(csv);
    /* errors */
    nc_write_opts kwh = NC_WRITE_OPTS_INIT, v0 = {0};
    kwh.mass_unit = "kWh";
    free(write_to_string(nc_result_write_table, res, &kwh, NC_EINPUT));
    free(write_to_string(nc_result_write_json, res, &v0, NC_EMISUSE));
    free(write_to_string(nc_result_write_samples_csv, NULL, NULL, NC_EMISUSE));
    nc_error err = {0};
    assert_int_equal(nc_result_write_summary_csv(NULL, res, NULL, &err), NC_EMISUSE);
    FILE *full = fopen("/dev/full", "w");
    if (full) { /* a write that fails: NC_EIO */
        setvbuf(full, NULL, _IONBF, 0);
        assert_int_equal(nc_result_write_samples_csv(full, res, NULL, &err), NC_EIO);
        fclose(full);
    }
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* ---- saved results --------------------------------------------------------------------------- */

static void test_saved(void **state)
{
    (void)state;
    char dir[] = "/tmp/nascost-api-saved-XXXXXX", cmd[512], path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -n 60 --seed 4 -q -o '%s/run'", NC_BINARY, GRANT, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/run", dir);
    nc_saved *saved = NULL;
    nc_error err = {0};
    assert_int_equal(nc_saved_read(&saved, path, &err), NC_OK);
    nc_scenario *sc = load(GRANT, NULL);
    nc_result *res = run(sc, 60, 4);
    assert_string_equal(nc_saved_scenario(saved), nc_scenario_name(sc));
    assert_int_equal(nc_saved_replications(saved), 60);
    assert_int_equal(nc_saved_seed(saved), 4);
    assert_int_equal(nc_saved_rows(saved), nc_result_rows(res));
    for (size_t r = 0; r < nc_result_rows(res); r++)
        assert_string_equal(nc_saved_row_name(saved, r), nc_result_row_name(res, r));
    assert_null(nc_saved_row_name(saved, nc_result_rows(res)));
    /* samples to 17 digits: read back bit for bit, so the summaries are the run's */
    size_t n = 60 * nc_result_rows(res) * (size_t)nc_metric_count();
    const double *a = nc_saved_samples(saved), *b = nc_result_samples(res);
    int co2 = nc_metric_lookup("co2e_kg");
    for (size_t i = (size_t)co2; i < n; i += (size_t)nc_metric_count())
        assert_true(a[i] == b[i]);
    nc_summary s1, s2;
    assert_int_equal(nc_saved_summary(&s1, saved, NULL, "co2e_kg", &err), NC_OK);
    assert_int_equal(nc_result_summary(&s2, res, NULL, "co2e_kg", &err), NC_OK);
    assert_true(s1.mean == s2.mean && s1.p5 == s2.p5 && s1.p95 == s2.p95);
    const char *stage = nc_scenario_stage_name(sc, 0);
    assert_int_equal(nc_saved_summary(&s1, saved, stage, "gpu_hours", &err), NC_OK);
    assert_int_equal(nc_result_summary(&s2, res, stage, "gpu_hours", &err), NC_OK);
    assert_true(s1.p50 == s2.p50);
    assert_int_equal(nc_saved_summary(&s1, saved, "nope", "gpu_hours", &err), NC_EINPUT);
    assert_int_equal(nc_saved_summary(&s1, saved, NULL, "gpu_hour", &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "did you mean 'gpu_hours'"));
    assert_int_equal(nc_saved_summary(&s1, saved, stage, "utilisation", &err), NC_OK);
    assert_true(isnan(s1.mean));
    assert_int_equal(nc_saved_summary(NULL, saved, NULL, "co2e_kg", &err), NC_EMISUSE);
    nc_saved_free(saved);
    /* result.json named directly works too */
    snprintf(path, sizeof path, "%s/run/result.json", dir);
    assert_int_equal(nc_saved_read(&saved, path, &err), NC_OK);
    nc_saved_free(saved);
    /* a samples.csv of another run is refused */
    snprintf(cmd, sizeof cmd,
             "'%s' run '%s' -n 61 --seed 4 -q -o '%s/other' && cp '%s/other/samples.csv' '%s/run/'",
             NC_BINARY, GRANT, dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    saved = (nc_saved *)(uintptr_t)1;
    assert_int_equal(nc_saved_read(&saved, path, &err), NC_EINPUT);
    assert_null(saved);
    assert_int_equal(nc_saved_read(&saved, "/nonexistent", &err), NC_EINPUT);
    assert_int_equal(nc_saved_read(&saved, NULL, &err), NC_EMISUSE);
    assert_int_equal(nc_saved_read(NULL, path, &err), NC_EMISUSE);
    assert_null(nc_saved_scenario(NULL));
    assert_int_equal(nc_saved_rows(NULL), 0);
    nc_saved_free(NULL);
    nc_result_free(res);
    nc_scenario_free(sc);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- threads --------------------------------------------------------------------------------- */

typedef struct job {
    const char *path;
    int64_t reps;
    uint64_t seed;
    nc_scenario *sc;
    nc_result *res;
    int rc;
} job;

static void *load_and_run(void *arg)
{
    job *j = arg;
    nc_error err = {0};
    nc_run_opts o = NC_RUN_OPTS_INIT;
    o.replications = j->reps, o.seed = j->seed, o.seed_set = 1, o.threads = 1;
    j->rc = j->sc ? NC_OK : nc_scenario_load(&j->sc, j->path, NULL, &err);
    if (!j->rc)
        j->rc = nc_run(&j->res, j->sc, &o, &err);
    return NULL;
}

/* Two threads load and run two different scenarios at once: each result is bitwise the same
 * run done alone. */
static void test_two_threads(void **state)
{
    (void)state;
    job jobs[2] = {{LISA, 300, 21, NULL, NULL, -1}, {GRANT, 300, 22, NULL, NULL, -1}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, load_and_run, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(jobs[i].rc, NC_OK);
        job alone = {jobs[i].path, 300, jobs[i].seed, NULL, NULL, -1};
        load_and_run(&alone);
        assert_int_equal(alone.rc, NC_OK);
        assert_same_samples(jobs[i].res, alone.res);
        nc_summary a, b;
        assert_int_equal(nc_result_summary(&a, jobs[i].res, NULL, "co2e_kg", NULL), NC_OK);
        assert_int_equal(nc_result_summary(&b, alone.res, NULL, "co2e_kg", NULL), NC_OK);
        assert_memory_equal(&a, &b, sizeof a);
        nc_result_free(alone.res);
        nc_scenario_free(alone.sc);
    }
    /* one scenario, shared: two runs of it at once from two threads */
    for (int i = 0; i < 2; i++) {
        nc_result_free(jobs[i].res);
        nc_scenario_free(jobs[i].sc);
    }
    nc_scenario *shared = load(LISA, NULL);
    for (int i = 0; i < 2; i++)
        jobs[i] = (job){NULL, 200, 5, shared, NULL, -1};
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, load_and_run, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    assert_int_equal(jobs[0].rc, NC_OK);
    assert_int_equal(jobs[1].rc, NC_OK);
    assert_same_samples(jobs[0].res, jobs[1].res);
    nc_result_free(jobs[0].res);
    nc_result_free(jobs[1].res);
    nc_scenario_free(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gsl_handler_off_by_library), /* first: before any other call */
        cmocka_unit_test(test_version_and_metrics),
        cmocka_unit_test(test_load_misuse),
        cmocka_unit_test(test_load_yaml_error_position),
        cmocka_unit_test(test_load_text),
        cmocka_unit_test(test_load_overrides),
        cmocka_unit_test(test_inputs),
        cmocka_unit_test(test_run_misuse_and_options),
        cmocka_unit_test(test_result_access),
        cmocka_unit_test(test_writers),
        cmocka_unit_test(test_saved),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
