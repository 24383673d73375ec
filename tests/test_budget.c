/*
 * test_budget.c - `nascost budget` in the library (budget.h), each answer checked against
 * plain runs of the engine:
 *   - the c-quantile to ask for is the order statistic of a plain run's samples;
 *   - P(under the cap) is exactly the fraction of a plain run's replications at or under it;
 *   - the most trials N under a cap: independent runs at N and N + 1 give P(N) >= c > P(N + 1)
 *     (bracketed from below with N = 0, by doubling upwards, and when no N can do it);
 *   - the fewest GPUs K by the deadline: independent runs give P(K) >= c > P(K - 1) (by
 *     doubling, by halving, and when more GPUs cannot help);
 *   - caps in every unit kind, the metric each picks, and every error with its message.
 * Every run is a few hundred replications of a few dozen trials: fast under ASan too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "analysis/budget.h"
#include "base/metrics.h"
#include "testutil.h"

#define REPS 300

/* Cloud-priced: two stages, the second a quarter of the first's trials. */
static const char CLOUD[] =
    "scenario: budget-cloud\n"
    "seed: 2385\n"
    "replications: 300\n"
    "sites:\n"
    "  lab:\n"
    "    pue: {dist: uniform, low: 1.1, high: 1.6}\n"
    "    carbon_intensity: \"300 to 500 g/kWh\"\n"
    "    electricity_price: 0.12 USD/kWh\n"
    "pricing:\n"
    "  gpu_hour: {dist: uniform, low: 0.9 USD, high: 2.4 USD}\n"
    "stages:\n"
    "  - name: search\n"
    "    trials: 40\n"
    "    hardware: v100\n"
    "    duration: {dist: lognormal, mean: {dist: uniform, low: 6 h, high: 14 h}, sd: 4 h}\n"
    "  - name: final\n"
    "    trials: {of: search, fraction: 0.25}\n"
    "    gpus: 4\n"
    "    hardware: v100\n"
    "    duration: {dist: lognormal, mean: 20 h, sd: 5 h}\n";

/* A cluster of 8 GPUs, every trial submitted at once, a deadline of 60 h. */
static const char CLUSTER[] =
    "scenario: budget-cluster\n"
    "seed: 77\n"
    "replications: 300\n"
    "deadline: 60 h\n"
    "sites:\n"
    "  lab: {pue: 1.4, carbon_intensity: 0.4, cluster: {gpus: 8}}\n"
    "stages:\n"
    "  - name: sweep\n"
    "    trials: 48\n"
    "    hardware: v100\n"
    "    duration: {dist: lognormal, mean: {dist: uniform, low: 6 h, high: 12 h}, sd: 3 h,\n"
    "               max: 30 h}\n";

/* Owned hardware, no cloud price. */
static const char OWNED[] =
    "scenario: budget-owned\n"
    "sites:\n"
    "  lab: {pue: 1.2, carbon_intensity: 0.3, electricity_price: 0.1 USD/kWh}\n"
    "pricing:\n"
    "  owned: {price_per_gpu: 12000 USD, amortise_over: 4 y, utilisation: 0.6}\n"
    "stages:\n"
    "  - name: train\n"
    "    trials: 3\n"
    "    hardware: v100\n"
    "    duration: 10 h\n";

/* ---- helpers --------------------------------------------------------------------------------- */

static nc_budget_opts opts_for(const char *path, const char *const *sets, size_t n_sets,
                               double confidence)
{
    nc_budget_opts o = {path, sets, n_sets, NC_TEST_MODELS, NC_ENGINE_OPTS_INIT, confidence, NULL};
    o.run.replications = REPS;
    return o;
}

/* A plain run of 'path' with 'set' (NULL: none) applied, as nc_engine_run gives it. */
static nc_result *plain_run(const char *path, const char *set, nc_scenario **sc)
{
    const char *sets[] = {set, NULL};
    *sc = tu_load(path, set ? sets : NULL);
    assert_non_null(*sc);
    nc_result *res = tu_run(*sc, REPS, 0, 0);
    assert_non_null(res);
    return res;
}

/* The fraction of replications of 'res' whose total of metric 'm' is <= 'cap', counted here. */
static double fraction_under(const nc_result *res, int m, double cap)
{
    int64_t under = 0;
    for (int64_t i = 0; i < res->replications; i++)
        under += tu_total(res, i, m) <= cap;
    return (double)under / (double)res->replications;
}

static double fraction_on_time(const nc_result *res)
{
    int64_t on_time = 0;
    for (int64_t i = 0; i < res->replications; i++)
        on_time += tu_total(res, i, NC_M_ON_TIME) == 1.0;
    return (double)on_time / (double)res->replications;
}

/* P(metric <= cap) of an independent plain run with stages.STAGE.trials = n. */
static double p_trials(const char *path, const char *stage, int64_t n, int m, double cap)
{
    char set[128];
    nc_scenario *sc;
    snprintf(set, sizeof set, "stages.%s.trials=%lld", stage, (long long)n);
    nc_result *res = plain_run(path, set, &sc);
    double p = fraction_under(res, m, cap);
    nc_result_free(res);
    nc_scenario_free(sc);
    return p;
}

/* P(on time) of an independent plain run with sites.SITE.cluster.gpus = k, and its count. */
static double p_gpus(const char *path, const char *const *sets, int64_t k)
{
    char set[128];
    snprintf(set, sizeof set, "sites.lab.cluster.gpus=%lld", (long long)k);
    const char *all[] = {sets ? sets[0] : set, sets ? set : NULL, NULL};
    nc_scenario *sc = tu_load(path, all);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, REPS, 0, 0);
    assert_non_null(res);
    double p = fraction_on_time(res);
    nc_result_free(res);
    nc_scenario_free(sc);
    return p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- caps ------------------------------------------------------------------------------------ */

static void expect_cap(const char *text, nc_cap_kind kind, double value)
{
    nc_budget_cap cap;
    nc_error err;
    nc_error_clear(&err);
    if (nc_budget_cap_parse(&cap, text, &err))
        fail_msg("'%s': %s", text, err.message);
    assert_int_equal(cap.kind, kind);
    assert_true(fabs(cap.value - value) <= 1e-12 * value);
}

static void test_budget__cap_parses_every_unit_kind(void **state)
{
    (void)state;
    expect_cap("50000USD", NC_CAP_MONEY, 50000);
    expect_cap("$50000", NC_CAP_MONEY, 50000);
    expect_cap("  2.385 kUSD ", NC_CAP_MONEY, 2385);
    expect_cap("1.5 MUSD", NC_CAP_MONEY, 1.5e6);
    expect_cap("20t", NC_CAP_MASS, 20000);
    expect_cap("45000 kg", NC_CAP_MASS, 45000);
    expect_cap("78468lbs", NC_CAP_MASS, 78468 * 0.45359237);
    expect_cap("80MWh", NC_CAP_ENERGY, 80000);
    expect_cap("1.5 GWh", NC_CAP_ENERGY, 1.5e6);
    expect_cap("2.385e6 Wh", NC_CAP_ENERGY, 2385);
    expect_cap("30000gpu_h", NC_CAP_GPU_HOURS, 30000);
    expect_cap("3e4 GPU-h", NC_CAP_GPU_HOURS, 30000);
    expect_cap("2385.5 gpu_hours", NC_CAP_GPU_HOURS, 2385.5);
    expect_cap("150 GPU-Hours", NC_CAP_GPU_HOURS, 150);
    expect_cap("150d", NC_CAP_TIME, 3600);
}

static void expect_cap_error(const char *text, const char *message)
{
    nc_budget_cap cap;
    nc_error err;
    nc_error_clear(&err);
    assert_int_equal(nc_budget_cap_parse(&cap, text, &err), NC_EINPUT);
    if (!strstr(err.message, message))
        fail_msg("'%s': got \"%s\", expected it to contain \"%s\"", text, err.message, message);
}

#define EXPECTS "--cap expects an amount with a unit: 50000USD, 20t, 80MWh or 30000gpu_h"

static void test_budget__cap_errors_say_what_is_expected(void **state)
{
    (void)state;
    expect_cap_error("", EXPECTS "; got nothing");
    expect_cap_error("20", EXPECTS "; '20' has no unit");
    expect_cap_error("abc", EXPECTS "; got 'abc'");
    expect_cap_error("20W", EXPECTS "; '20W' is a power");
    expect_cap_error("0.4 kg/kWh", EXPECTS "; '0.4 kg/kWh' is a carbon intensity");
    expect_cap_error("20tonnez", "unknown unit 'tonnez' (did you mean 'tonne'?)");
    expect_cap_error("20 t extra", EXPECTS "; unexpected 'extra' after '20 t'");
    expect_cap_error("20gpu_h extra", EXPECTS "; unexpected 'extra' in '20gpu_h extra'");
    expect_cap_error("nan t", "NaN is not allowed");
    expect_cap_error("0x10 t", "hexadecimal");
    expect_cap_error("1e999 gpu_h", "too large");
    expect_cap_error("-5t", "--cap must be more than 0, got '-5t'");
    expect_cap_error("0 kg", "--cap must be more than 0, got '0 kg'");
}

/* ---- metrics --------------------------------------------------------------------------------- */

static nc_budget_metric metric_for(const char *text, const nc_scenario *sc)
{
    nc_budget_cap cap;
    nc_budget_metric m;
    nc_error err;
    assert_int_equal(nc_budget_cap_parse(&cap, text, &err), 0);
    assert_int_equal(nc_budget_metric_for_cap(&m, &cap, sc, &err), 0);
    return m;
}

static void test_budget__cap_unit_picks_the_metric(void **state)
{
    (void)state;
    nc_scenario *cloud = tu_load_text(CLOUD, NULL), *owned = tu_load_text(OWNED, NULL);
    assert_non_null(cloud);
    assert_non_null(owned);
    assert_string_equal(metric_for("20t", cloud).name, "co2e_kg");
    assert_string_equal(metric_for("80MWh", cloud).name, "facility_kwh");
    assert_string_equal(metric_for("3e4gpu_h", cloud).name, "gpu_hours");
    assert_string_equal(metric_for("5e4USD", cloud).name, "cloud_usd");
    nc_budget_metric m = metric_for("5e4USD", owned);
    assert_string_equal(m.name, "electricity_usd+hardware_usd");
    assert_int_equal(m.mask, (1u << NC_M_ELECTRICITY_USD) | (1u << NC_M_HARDWARE_USD));

    nc_budget_cap cap;
    nc_error err;
    assert_int_equal(nc_budget_cap_parse(&cap, "300 h", &err), 0);
    assert_int_equal(nc_budget_metric_for_cap(&m, &cap, cloud, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "--cap '300 h' is a time"));
    nc_scenario_free(cloud);
    nc_scenario_free(owned);
}

static void test_budget__metric_names_and_cap_dimensions(void **state)
{
    (void)state;
    nc_budget_metric m;
    nc_budget_cap cap;
    nc_error err;
    double v;
    assert_int_equal(nc_budget_metric_lookup(&m, "cost_usd", &err), 0);
    assert_int_equal(m.mask, (1u << NC_M_CLOUD_USD) | (1u << NC_M_ELECTRICITY_USD) |
                                 (1u << NC_M_HARDWARE_USD));
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e", &err), NC_EINPUT);
    assert_string_equal(err.message, "--metric: unknown metric 'co2e' (did you mean 'co2e_kg'?)");
    assert_int_equal(nc_budget_metric_lookup(&m, "makespan_days", &err), 0);
    assert_int_equal(nc_budget_cap_parse(&cap, "150 d", &err), 0);
    assert_int_equal(nc_budget_cap_in(&v, &cap, &m, &err), 0);
    assert_true(v == 150.0);
    assert_int_equal(nc_budget_cap_parse(&cap, "20t", &err), 0);
    assert_int_equal(nc_budget_cap_in(&v, &cap, &m, &err), NC_EINPUT);
    assert_string_equal(err.message, "--cap '20t' is a mass: it cannot bound makespan_days (d)");
    assert_int_equal(nc_budget_metric_lookup(&m, "gpu_hours", &err), 0);
    assert_int_equal(nc_budget_cap_parse(&cap, "2385gpu_h", &err), 0);
    assert_int_equal(nc_budget_cap_in(&v, &cap, &m, &err), 0);
    assert_true(v == 2385.0);
    assert_int_equal(nc_budget_metric_lookup(&m, "trials", &err), 0);
    assert_int_equal(nc_budget_cap_in(&v, &cap, &m, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "cannot bound trials (a number without a unit)"));
}

/* ---- statistics of one run ------------------------------------------------------------------- */

static void test_budget__quantile_is_the_order_statistic(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(CLOUD, NULL);
    nc_result *res = tu_run(sc, 201, 0, 0); /* (201 - 1) x 0.9 = 180: no interpolation */
    double sorted[201];
    nc_budget_amount q;
    nc_budget_metric m;
    nc_error err;
    for (int64_t i = 0; i < 201; i++)
        sorted[i] = tu_total(res, i, NC_M_CO2E_KG);
    qsort(sorted, 201, sizeof sorted[0], cmp_double);
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e_kg", &err), 0);
    assert_int_equal(nc_budget_quantile(&q, res, &m, 0.9, &err), 0);
    assert_true(q.value == sorted[180]);
    assert_true(q.median == sorted[100]);
    assert_true(q.decisive == sorted[180]); /* ceil(0.9 x 201) = 181st smallest */
    assert_true(q.se > 0 && isfinite(q.se));
    /* 0.8 x 200 = 160 exactly, but 0.8 x 201 = 160.8: the 161st smallest decides */
    assert_int_equal(nc_budget_quantile(&q, res, &m, 0.8, &err), 0);
    assert_true(q.value == sorted[160]);
    assert_true(q.decisive == sorted[160]);
    assert_true(nc_budget_under(res, &m, q.decisive).p >= 0.8);
    assert_true(nc_budget_under(res, &m, nextafter(q.decisive, 0)).p < 0.8);
    nc_result_free(res);
    nc_scenario_free(sc);
}

static void test_budget__under_cap_is_the_fraction_of_replications(void **state)
{
    (void)state;
    nc_scenario *sc;
    char *path = tu_write_temp(CLOUD);
    nc_result *res = plain_run(path, NULL, &sc);
    nc_budget_metric m;
    nc_error err;
    assert_int_equal(nc_budget_metric_lookup(&m, "cost_usd", &err), 0);
    /* a cap equal to one replication's value counts that replication (at or under) */
    double cap = nc_budget_value(res, 37, &m);
    int64_t under = 0;
    for (int64_t i = 0; i < REPS; i++)
        under += tu_total(res, i, NC_M_CLOUD_USD) + tu_total(res, i, NC_M_ELECTRICITY_USD) +
                     tu_total(res, i, NC_M_HARDWARE_USD) <=
                 cap;
    nc_budget_prob p = nc_budget_under(res, &m, cap);
    assert_int_equal(p.under, under);
    assert_int_equal(p.n, REPS);
    assert_true(p.p == (double)under / REPS);
    assert_true(p.se == sqrt(p.p * (1 - p.p) / REPS));
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e_kg", &err), 0);
    assert_true(nc_budget_under(res, &m, 123.45).p == fraction_under(res, NC_M_CO2E_KG, 123.45));
    nc_result_free(res);
    nc_scenario_free(sc);
    tu_remove_temp(path);
}

/* ---- the most trials under a cap ------------------------------------------------------------- */

/* Search stage 'stage' of 'path' for 'cap' kg of CO2e; check N, N + 1 by plain runs. */
static nc_budget_search *check_max_trials(const char *path, const char *stage, double cap,
                                          double confidence)
{
    nc_budget_search *s = malloc(sizeof *s);
    nc_budget_opts o = opts_for(path, NULL, 0, confidence);
    nc_budget_metric m;
    nc_error err;
    assert_int_equal(nc_budget_metric_lookup(&m, "co2e_kg", &err), 0);
    if (nc_budget_max_trials(s, &o, stage, &m, cap, &err))
        fail_msg("%s", err.message);
    double p_at = p_trials(path, stage, s->x, NC_M_CO2E_KG, cap);
    assert_true(p_at == s->at.prob.p);
    if (s->met) {
        assert_true(p_at >= confidence);
        assert_true(s->has_beside);
        assert_int_equal(s->beside.x, s->x + 1);
        double p_next = p_trials(path, stage, s->x + 1, NC_M_CO2E_KG, cap);
        assert_true(p_next == s->beside.prob.p);
        assert_true(p_next < confidence);
    } else {
        assert_true(p_at < confidence);
    }
    return s;
}

static void test_budget__max_trials_below_the_nominal(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLOUD);
    nc_budget_search *s = check_max_trials(path, "search", 150.0, 0.9);
    assert_true(s->met);
    assert_true(s->x > 0 && s->x < 40);
    assert_int_equal(s->probes[0].x, 40); /* nominal first, then N = 0 brackets it */
    assert_int_equal(s->probes[1].x, 0);
    assert_true(s->n_probes < 12); /* plain bisection over 0..40 would take 2 + 6 */
    free(s);
    tu_remove_temp(path);
}

static void test_budget__max_trials_above_the_nominal_by_doubling(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLOUD);
    nc_budget_search *s = check_max_trials(path, "search", 600.0, 0.8);
    assert_true(s->met);
    assert_true(s->x > 80);
    assert_int_equal(s->probes[1].x, 80);
    free(s);
    /* the dependent stage: nominal 0.25 x 40 = 10 trials */
    s = check_max_trials(path, "final", 300.0, 0.9);
    assert_true(s->met);
    assert_int_equal(s->probes[0].x, 10);
    free(s);
    tu_remove_temp(path);
}

static void test_budget__max_trials_when_no_count_meets_the_cap(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLOUD);
    /* the search stage alone needs more than 20 kg: even no final trials cannot do it */
    nc_budget_search *s = check_max_trials(path, "final", 20.0, 0.9);
    assert_false(s->met);
    assert_int_equal(s->x, 0);
    assert_false(s->has_beside);
    free(s);
    tu_remove_temp(path);
}

/* ---- the fewest GPUs by the deadline --------------------------------------------------------- */

static nc_budget_search *check_min_gpus(const char *path, const char *set, double confidence)
{
    nc_budget_search *s = malloc(sizeof *s);
    const char *sets[] = {set};
    nc_budget_opts o = opts_for(path, sets, set ? 1 : 0, confidence);
    nc_error err;
    if (nc_budget_min_gpus(s, &o, "lab", &err))
        fail_msg("%s", err.message);
    double p_at = p_gpus(path, set ? sets : NULL, s->x);
    assert_true(p_at == s->at.prob.p);
    if (s->met && s->has_beside) {
        assert_true(p_at >= confidence);
        assert_int_equal(s->beside.x, s->x - 1);
        double p_fewer = p_gpus(path, set ? sets : NULL, s->x - 1);
        assert_true(p_fewer == s->beside.prob.p);
        assert_true(p_fewer < confidence);
    }
    return s;
}

static void test_budget__min_gpus_above_the_cluster_by_doubling(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLUSTER);
    nc_budget_search *s = check_min_gpus(path, NULL, 0.9);
    assert_true(s->met);
    assert_true(s->x > 8);
    assert_int_equal(s->probes[0].x, 8);
    assert_int_equal(s->probes[1].x, 16);
    free(s);
    tu_remove_temp(path);
}

static void test_budget__min_gpus_below_the_cluster_by_halving(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLUSTER);
    nc_budget_search *s = check_min_gpus(path, "sites.lab.cluster.gpus=64", 0.5);
    assert_true(s->met);
    assert_true(s->x < 32);
    assert_int_equal(s->probes[1].x, 32);
    free(s);
    tu_remove_temp(path);
}

static void test_budget__min_gpus_when_more_gpus_cannot_help(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLUSTER);
    /* trials run up to 30 h: a 12 h deadline fails often whatever the cluster */
    nc_budget_search *s = check_min_gpus(path, "deadline=12h", 0.9);
    assert_false(s->met);
    assert_true(s->limit);
    assert_true(s->at.no_wait);
    assert_true(s->x >= 48); /* 48 trials at once: no waiting from 48 GPUs on */
    free(s);
    tu_remove_temp(path);
}

static void test_budget__min_gpus_stops_at_what_one_trial_needs(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLUSTER);
    const char *sets[] = {"stages.sweep.gpus=3", "deadline=30d"};
    nc_budget_opts o = opts_for(path, sets, 2, 0.9);
    nc_budget_search *s = malloc(sizeof *s);
    nc_error err;
    assert_int_equal(nc_budget_min_gpus(s, &o, "lab", &err), 0);
    assert_true(s->met && s->limit);
    assert_int_equal(s->x, 3);
    assert_false(s->has_beside);
    free(s);
    tu_remove_temp(path);
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void test_budget__names_and_requirements_are_checked(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLOUD), *cluster = tu_write_temp(CLUSTER);
    nc_budget_opts o = opts_for(path, NULL, 0, 0.9);
    nc_budget_search *s = malloc(sizeof *s);
    nc_budget_metric m = {1u << NC_M_CO2E_KG, "co2e_kg", "CO2e", "kg"};
    nc_error err;
    assert_int_equal(nc_budget_max_trials(s, &o, "serch", &m, 100, &err), NC_EINPUT);
    assert_string_equal(err.message, "no stage named 'serch' (did you mean 'search'?)");
    assert_string_equal(err.file, path);
    assert_int_equal(nc_budget_max_trials(s, &o, "zzz", &m, 100, &err), NC_EINPUT);
    assert_string_equal(err.message,
                        "no stage named 'zzz'; the scenario's stages: 'search', 'final'");
    assert_int_equal(nc_budget_min_gpus(s, &o, "lba", &err), NC_EINPUT);
    assert_string_equal(err.message, "no site named 'lba' (did you mean 'lab'?)");
    assert_int_equal(nc_budget_min_gpus(s, &o, "lab", &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "--gpus needs a deadline"));
    const char *sets[] = {"deadline=10d"};
    o = opts_for(path, sets, 1, 0.9);
    assert_int_equal(nc_budget_min_gpus(s, &o, "lab", &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "--gpus: site 'lab' has no cluster"));
    o = opts_for(cluster, NULL, 0, 0.9);
    assert_int_equal(nc_budget_max_trials(s, &o, "sweep", &m, 100, &err), 0);

    nc_budget_request req = {opts_for(path, NULL, 0, 0.9), NULL, NULL, "search", NULL};
    nc_budget *b = NULL;
    assert_int_equal(nc_budget_run(&b, &req, &err), NC_EINPUT);
    assert_null(b);
    assert_non_null(strstr(err.message, "--stage needs --cap"));
    req.opts.confidence = 1.0;
    assert_int_equal(nc_budget_run(&b, &req, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "--confidence must be between 0 and 1"));
    req = (nc_budget_request){opts_for(path, NULL, 0, 0.9), "20t", "facility_kwh", NULL, NULL};
    assert_int_equal(nc_budget_run(&b, &req, &err), NC_EINPUT);
    assert_string_equal(err.message, "--cap '20t' is a mass: it cannot bound facility_kwh (kWh)");
    free(s);
    tu_remove_temp(path);
    tu_remove_temp(cluster);
}

/* ---- the whole request ----------------------------------------------------------------------- */

static void test_budget__run_answers_every_question(void **state)
{
    (void)state;
    char *path = tu_write_temp(CLUSTER);
    nc_budget_request req = {opts_for(path, NULL, 0, 0.9), "300 kWh", NULL, "sweep", "lab"};
    nc_budget *b = NULL;
    nc_error err;
    if (nc_budget_run(&b, &req, &err))
        fail_msg("%s", err.message);
    /* no price: GPU-hours, energy, CO2e and the calendar only */
    assert_int_equal(b->n_quantiles, 4);
    assert_string_equal(b->quantiles[0].metric.name, "gpu_hours");
    assert_string_equal(b->quantiles[3].metric.name, "makespan_days");
    assert_string_equal(b->cap_metric.name, "facility_kwh");
    assert_true(b->cap_value == 300.0);
    assert_true(b->under.p == fraction_under(b->res, NC_M_FACILITY_KWH, 300.0));
    /* the searches reused the plain run as their first probe */
    assert_int_equal(b->trials->probes[0].x, 48);
    assert_true(b->trials->probes[0].prob.p == b->under.p);
    assert_int_equal(b->gpus->probes[0].x, 8);
    assert_true(b->gpus->probes[0].prob.p == fraction_on_time(b->res));
    assert_true(b->deadline_days == 2.5);
    nc_budget_free(b);
    nc_budget_free(NULL);
    tu_remove_temp(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget__cap_parses_every_unit_kind),
        cmocka_unit_test(test_budget__cap_errors_say_what_is_expected),
        cmocka_unit_test(test_budget__cap_unit_picks_the_metric),
        cmocka_unit_test(test_budget__metric_names_and_cap_dimensions),
        cmocka_unit_test(test_budget__quantile_is_the_order_statistic),
        cmocka_unit_test(test_budget__under_cap_is_the_fraction_of_replications),
        cmocka_unit_test(test_budget__max_trials_below_the_nominal),
        cmocka_unit_test(test_budget__max_trials_above_the_nominal_by_doubling),
        cmocka_unit_test(test_budget__max_trials_when_no_count_meets_the_cap),
        cmocka_unit_test(test_budget__min_gpus_above_the_cluster_by_doubling),
        cmocka_unit_test(test_budget__min_gpus_below_the_cluster_by_halving),
        cmocka_unit_test(test_budget__min_gpus_when_more_gpus_cannot_help),
        cmocka_unit_test(test_budget__min_gpus_stops_at_what_one_trial_needs),
        cmocka_unit_test(test_budget__names_and_requirements_are_checked),
        cmocka_unit_test(test_budget__run_answers_every_question),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
