/*
 * test_ranges.c - silent misreads (issue 11): every dimensioned field has a plausible range
 * (sim/load/ranges.c) that refuses a value in the wrong unit, bare or not, and names the unit it
 * was likely meant in; units compose (tCO2e/MWh); suggestions stay in the field's dimension
 * and magnitude; thousands separators are read, malformed ones refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include <gsl/gsl_errno.h>

#include "scenario/catalog.h"
#include "load/catalog_load.h"
#include "scenario/input.h"
#include "load/ranges.h"
#include "base/suggest.h"
#include "testutil.h"
#include "base/units.h"

#define KG_PER_LB 0.45359237 /* NIST SP 811 (2008 ed.), Appendix B.8 */

static double parsed(const char *text, nc_dim dim)
{
    nc_error err;
    double v = -2.385;
    if (nc_quantity_parse(text, dim, &v, &err)) {
        print_error("'%s': %s\n", text, err.message);
        fail();
    }
    return v;
}

static void refused(const char *text, nc_dim dim, const char *message)
{
    nc_error err;
    double v = -2.385;
    nc_error_clear(&err);
    if (nc_quantity_parse(text, dim, &v, &err) != NC_EINPUT || strcmp(err.message, message)) {
        print_error("'%s': got \"%s\"\nwant \"%s\"\n", text, err.message, message);
        fail();
    }
    assert_true(v == -2.385);
}

/* ---- composed units ------------------------------------------------------------------------ */

static void test_ranges__tco2e_per_mwh_is_one_kg_per_kwh(void **state)
{
    (void)state;
    assert_true(parsed("1 tCO2e/MWh", NC_DIM_CI) == 1.0);
    assert_true(parsed("0.431 tCO2e/MWh", NC_DIM_CI) == 0.431);
    assert_true(parsed("0.431 t/MWh", NC_DIM_CI) == 0.431);
    assert_true(parsed("431 kgCO2e/MWh", NC_DIM_CI) == 0.431);
    assert_true(parsed("431 gCO2/kWh", NC_DIM_CI) == 0.431);
    assert_true(parsed("431 gCO2-eq/kWh", NC_DIM_CI) == 0.431);
    assert_true(parsed("431 gCO2eq/kWh", NC_DIM_CI) == 0.431);
    assert_true(parsed("997.9 lb/MWh", NC_DIM_CI) == 997.9 * KG_PER_LB / 1000);
    assert_true(parsed("120 g/MJ", NC_DIM_CI) == 120.0 * 3.6e6 / (1000 * 1e6));
}

static void test_ranges__masses_carry_their_gas_and_prices_compose(void **state)
{
    (void)state;
    assert_true(parsed("2.385 tCO2e", NC_DIM_MASS) == 2385.0);
    assert_true(parsed("150 kgCO2e", NC_DIM_MASS) == 150.0);
    assert_true(parsed("2.385 Mt", NC_DIM_MASS) == 2.385e9);
    assert_true(parsed("73 USD/month", NC_DIM_USD_PER_H) == 73.0 / 730);
    assert_true(parsed("2.385 kUSD/h", NC_DIM_USD_PER_H) == 2385.0);
    assert_true(parsed("$2.385/GPU-hr", NC_DIM_USD_PER_H) == 2.385);
    assert_true(parsed("120 USD/MWh", NC_DIM_USD_PER_KWH) == 0.12);
    assert_true(parsed("3 hrs", NC_DIM_TIME) == 3.0);
    nc_dim dim = NC_DIM_NONE;
    double factor = 0;
    assert_int_equal(nc_unit_lookup("tCO2e/MWh", &dim, &factor, NULL), 0);
    assert_int_equal(dim, NC_DIM_CI);
    assert_true(factor == 1.0);
    double lb = 0;
    assert_int_equal(nc_unit_convert(0.431, NC_DIM_CI, "lb/MWh", &lb, NULL), 0);
    assert_true(fabs(lb - 431 / KG_PER_LB) < 1e-9);
}

static void test_ranges__quotients_outside_the_table_are_unknown(void **state)
{
    (void)state;
    refused("5 kg/h", NC_DIM_CI, "unknown unit 'kg/h' (did you mean 'kg/Wh'?)");
    refused("5 USD/kg", NC_DIM_USD_PER_KWH, "unknown unit 'USD/kg' (did you mean 'USD/kJ'?)");
    refused("5 W/h", NC_DIM_POWER, "unknown unit 'W/h' (did you mean 'W'?)");
    refused("5 kg//kWh", NC_DIM_CI, "unknown unit 'kg//kWh' (did you mean 'kg/kWh'?)");
    refused("5 CO2e/kWh", NC_DIM_CI, "unknown unit 'CO2e/kWh' (did you mean 'gCO2e/kWh'?)");
}

/* ---- suggestions ----------------------------------------------------------------------------- */

/* Today's symptom: a duration in GPU-h was offered "$/GPU-h". */
static void test_ranges__a_duration_in_gpu_hours_is_not_offered_a_price(void **state)
{
    (void)state;
    const char *want = "'GPU-h' is GPUs times time, not a time: give the wall-clock time one "
                       "trial takes (GPU-hours divided by its GPUs), e.g. '5 h'";
    refused("5 GPU-h", NC_DIM_TIME, want);
    refused("5 GPUh", NC_DIM_TIME,
            "'GPUh' is GPUs times time, not a time: give the wall-clock time one trial takes "
            "(GPU-hours divided by its GPUs), e.g. '5 h'");
    refused("5 GPU-h", NC_DIM_USD_PER_H, "unknown unit 'GPU-h' (did you mean '$/GPU-h'?)");
}

/* Any garbage symbol, in any dimension: the suggested unit, if any, is of that dimension (or
 * plain money for a price per hour, which accepts it). */
static void test_ranges__suggestions_name_units_of_the_dimension_only(void **state)
{
    (void)state;
    static const char *const garbage[] = {
        "GPU-h", "kx",    "hrz",  "Wx",     "kgg",   "tCO2e/MW", "USD/GPU", "g/kW",
        "$/kW",  "lb/Mh", "mwh",  "T",      "KWH",   "kg/kwh",   "USDh",    "min/h",
        "Jh",    "gCO2",  "USD/", "/kWh",   "$/GPU", "kgCO2e/",  "yr/y",    "%%",
        "hh",    "ss",    "dd",   "mW/kWh", "kWkWh", "tt",       "J/J",     "kUS",
    };
    char text[64], symbol[64];
    for (size_t g = 0; g < sizeof garbage / sizeof *garbage; g++)
        for (int d = 0; d < NC_DIM__COUNT; d++) {
            nc_error err;
            double v;
            snprintf(text, sizeof text, "2.385 %s", garbage[g]);
            nc_error_clear(&err);
            if (nc_quantity_parse(text, (nc_dim)d, &v, &err) == 0)
                continue; /* a real unit of that dimension */
            const char *mean = strstr(err.message, "(did you mean '");
            if (!mean)
                continue;
            assert_int_equal(sscanf(mean, "(did you mean '%63[^']'?)", symbol), 1);
            nc_dim got = NC_DIM__COUNT;
            double factor;
            assert_int_equal(nc_unit_lookup(symbol, &got, &factor, NULL), 0);
            if (got != (nc_dim)d && !(d == NC_DIM_USD_PER_H && got == NC_DIM_MONEY)) {
                print_error("'%s' as a %s: suggested '%s', a %s\n", text, nc_dim_name((nc_dim)d),
                            symbol, nc_dim_name(got));
                fail();
            }
        }
}

/* Equally near spellings: the one that keeps the number plausible for its field, else the
 * one nearest the canonical unit. "tCO2e/MWh" is no longer offered "gCO2e/kWh". */
static void test_ranges__suggestions_keep_the_magnitude(void **state)
{
    (void)state;
    nc_error err;
    double v;
    refused("0.4 tCO2e/MW", NC_DIM_CI, "unknown unit 'tCO2e/MW' (did you mean 'tCO2e/MWh'?)");
    refused("2 mw", NC_DIM_POWER, "unknown unit 'mw' (did you mean 'mW'?)");
    const nc_field_range *config = nc_field_range_find("stages.s.config_w", NC_DIM_POWER);
    nc_plausible p;
    assert_non_null(config);
    assert_int_equal(nc_field_range_values(config, &p, NULL), 0);
    assert_int_equal(nc_quantity_parse_near("2 mw", NC_DIM_POWER, &p, &v, &err), NC_EINPUT);
    assert_string_equal(err.message, "unknown unit 'mw' (did you mean 'MW'?)");
    assert_int_equal(nc_quantity_parse_near("20 mw", NC_DIM_POWER, &p, &v, &err), NC_EINPUT);
    assert_string_equal(err.message, "unknown unit 'mw' (did you mean 'MW'?)");
    assert_int_equal(nc_quantity_parse_near("0.002 mw", NC_DIM_POWER, &p, &v, &err), NC_EINPUT);
    assert_string_equal(err.message, "unknown unit 'mw' (did you mean 'MW'?)");
    const nc_field_range *gpu = nc_field_range_find("stages.s.gpu_w", NC_DIM_POWER);
    assert_int_equal(nc_field_range_values(gpu, &p, NULL), 0);
    assert_int_equal(nc_quantity_parse_near("300000 mw", NC_DIM_POWER, &p, &v, &err), NC_EINPUT);
    assert_string_equal(err.message, "unknown unit 'mw' (did you mean 'mW'?)");
}

/* ---- thousands separators ------------------------------------------------------------------ */

static void test_ranges__thousands_separators_are_read(void **state)
{
    (void)state;
    assert_true(parsed("4,789", NC_DIM_NONE) == 4789);
    assert_true(parsed("1,082,990 h", NC_DIM_TIME) == 1082990);
    assert_true(parsed("1,082,990h", NC_DIM_TIME) == 1082990);
    assert_true(parsed("-1,000.5 W", NC_DIM_POWER) == -1000.5);
    assert_true(parsed("+12,000.25e-3 kW", NC_DIM_POWER) == 12000.25);
    assert_true(parsed("$1,200", NC_DIM_MONEY) == 1200);
    assert_true(parsed("123,456,789", NC_DIM_NONE) == 123456789);
    double lo = 0, hi = 0;
    assert_int_equal(nc_range_parse("1,000 to 2,500 W", NC_DIM_POWER, &lo, &hi, NULL), 1);
    assert_true(lo == 1000 && hi == 2500);
}

static void test_ranges__malformed_separators_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"4,78",     "47,89",  "1,0000",     "0,789",
                                      "1234,567", "4,789,", "4,789,1",    "1,5",
                                      "-4,78 h",  "4,,789", "1,000.5,000"};
    char want[300];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(want, sizeof want,
                 "'%s': a comma in a number separates thousands, so the digits after each comma "
                 "come in threes (4,789 or 1,082,990); the decimal mark is '.'",
                 bad[i]);
        if (!strcmp(bad[i], "1,000.5,000"))
            snprintf(want, sizeof want, "unknown unit ',000'");
        refused(bad[i], strchr(bad[i], 'h') ? NC_DIM_TIME : NC_DIM_NONE, want);
    }
    refused(",789", NC_DIM_NONE,
            "',789': a comma in a number separates thousands, so the digits after each comma "
            "come in threes (4,789 or 1,082,990); the decimal mark is '.'");
    refused("4 789", NC_DIM_NONE,
            "'4 789': a space does not group digits; write 4789 or group thousands with commas");
    refused("4 789 123 h", NC_DIM_TIME,
            "'4 789 123 h': a space does not group digits; write 4789 123 h or group thousands "
            "with commas");
    refused("4_789", NC_DIM_NONE,
            "'4_789': an underscore does not group digits; write 4789 or group thousands with "
            "commas");
}

/* ---- the range table ----------------------------------------------------------------------- */

/* Every row parses, lies in order, and every pattern finds its own row. */
static void test_ranges__every_row_is_a_range(void **state)
{
    (void)state;
    size_t n;
    const nc_field_range *rows = nc_field_ranges(&n);
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        nc_plausible p;
        nc_error err;
        if (nc_field_range_values(&rows[i], &p, &err)) {
            print_error("%s: %s\n", rows[i].pattern, err.message);
            fail();
        }
        assert_true(p.lo >= 0 && p.lo <= p.typical && p.typical <= p.hi && p.hi > p.lo);
        assert_non_null(rows[i].what);
        char path[200];
        const char *pat = rows[i].pattern;
        while (*pat) {
            size_t len = strcspn(pat, "|"), at = 0;
            for (size_t k = 0; k < len; k++)
                at += (size_t)snprintf(path + at, sizeof path - at, "%s",
                                       pat[k] == '*' ? "x.y" : (char[]){pat[k], 0});
            assert_ptr_equal(nc_field_range_find(path, rows[i].dim), &rows[i]);
            pat += len + (pat[len] == '|');
        }
    }
    assert_null(nc_field_range_find("sites.lab.pue", NC_DIM_TIME));
    assert_null(nc_field_range_find("sites..pue", NC_DIM_NONE));
    assert_null(nc_field_range_find("sites.lab.pue.x", NC_DIM_NONE));
}

/* For every row: ten times its high end is refused, bare and in the canonical unit, and the
 * message says what the value was read as, the bound, and (when one exists) the unit that
 * makes it plausible, which then passes. */
static void test_ranges__every_row_refuses_values_beyond_it(void **state)
{
    (void)state;
    size_t n;
    const nc_field_range *rows = nc_field_ranges(&n);
    for (size_t i = 0; i < n; i++) {
        const nc_field_range *r = &rows[i];
        nc_plausible p;
        nc_error err;
        char text[100], want[300];
        assert_int_equal(nc_field_range_values(r, &p, NULL), 0);
        double x = p.hi * 10;
        const char *unit = nc_dim_unit(r->dim);
        snprintf(text, sizeof text, "%.6g", x);
        assert_int_equal(nc_field_range_check(r, text, x, &err), NC_EINPUT);
        snprintf(want, sizeof want, "is above any %s (at most %s)", r->what, r->high);
        assert_non_null(strstr(err.message, want));
        if (unit[0]) {
            snprintf(want, sizeof want, "'%s', read as %s %s,", text, text, unit);
            assert_int_equal(strncmp(err.message, want, strlen(want)), 0);
        }
        snprintf(text, sizeof text, "%.6g%s%s", x, unit[0] ? " " : "", unit);
        assert_int_equal(nc_field_range_check(r, text, x, &err), NC_EINPUT);
        assert_int_equal(strncmp(err.message, text, strlen(text)), 0);
        const char *mean = strstr(err.message, ": did you mean ");
        if (mean) {
            char again[100];
            double v;
            assert_int_equal(sscanf(mean, ": did you mean %99[^?]?", again), 1);
            assert_int_equal(nc_quantity_parse(again, r->dim, &v, NULL), 0);
            assert_int_equal(nc_field_range_check(r, again, v, NULL), 0);
        }
        double mid = p.typical;
        snprintf(text, sizeof text, "%.17g", mid);
        assert_int_equal(nc_field_range_check(r, text, mid, &err), 0);
        /* the bounds themselves are inside (PUE 3, 1.5 kg/kWh: "at most") */
        assert_int_equal(nc_field_range_check(r, r->high, p.hi, NULL), 0);
        assert_int_equal(nc_field_range_check(r, r->low, p.lo, NULL), 0);
        if (p.lo > 0) {
            double low = p.lo / 10;
            snprintf(text, sizeof text, "%.6g", low);
            assert_int_equal(nc_field_range_check(r, text, low, &err), NC_EINPUT);
            snprintf(want, sizeof want, "is below any %s (at least %s%s)", r->what, r->low,
                     r->zero_ok ? ", or 0 for none" : "");
            assert_non_null(strstr(err.message, want));
            assert_int_equal(nc_field_range_check(r, "0", 0, NULL), r->zero_ok ? 0 : NC_EINPUT);
        }
    }
}

/* A scenario that writes every dimensioned field: each input it holds (the catalog profiles
 * it uses included) finds a row of the table with its own dimension. Trial counts are
 * limited by NC_MAX_TRIALS (scenario.h) where they are read, as are the other counts (gpus,
 * replications, retries, batches), which are integers. */
static int has_range(void *ctx, const nc_input *in)
{
    int *missing = ctx;
    size_t len = strlen(in->path);
    int count = len > 7 && !strcmp(in->path + len - 7, ".trials");
    if (!count && !nc_field_range_find(in->path, in->dim)) {
        fprintf(stderr, "no plausible range for %s (%s)\n", in->path, nc_dim_name(in->dim));
        (*missing)++;
    }
    return 0;
}

static const char ALL_FIELDS[] =
    "scenario: all-fields\n"
    "sites:\n"
    "  lab: {pue: 1.4, carbon_intensity: 0.4, electricity_price: 0.1,\n"
    "        cluster: {gpus: 64, idle_w: 40 W}}\n"
    "  grid: {pue: academic, carbon_intensity: {profile: gb-2021, scale: 0.9 to 1.1}}\n"
    "  cloud: {pue: 1.1, grid: fr, electricity_price: us-2018-average}\n"
    "pricing: {gpu_hour: 1.2}\n"
    "stages:\n"
    "  - {name: a, site: lab, trials: 20, hardware: v100, duration: 3 h, power_fraction: 0.7,\n"
    "     host_w_per_gpu: 80 W, failures: {probability: 0.05, at: 0.5},\n"
    "     preemption: {per_hour: 0.02, checkpoint: 1 h, restart: 10 min}}\n"
    "  - {name: b, site: grid, trials: {of: a, fraction: 0.1}, hardware: a100, duration: 2 h,\n"
    "     gpu_w: 300 W, cpu_w: 100 W, dram_w: 20 W, pricing: {gpu_hour: on-demand}}\n"
    "  - {name: c, site: cloud, trials: 2, hardware: t4, duration: 1 h, config_w: 200 W,\n"
    "     pricing: {owned: {price_per_gpu: 2000 USD, amortise_over: 4 y, utilisation: 0.5}}}\n";

static void test_ranges__every_field_of_a_scenario_has_a_range(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(ALL_FIELDS, NULL);
    assert_non_null(sc);
    int missing = 0;
    assert_int_equal(nc_scenario_each_input(sc, has_range, &missing), 0);
    assert_int_equal(missing, 0);
    nc_scenario_free(sc);
}

/* The shipped catalog is plausible: every file of models/ loads under the ranges, and every
 * value of it has a range. */
static void test_ranges__the_catalog_loads_within_its_ranges(void **state)
{
    (void)state;
    nc_catalog *cat = NULL;
    nc_error err;
    if (nc_catalog_load(&cat, NC_TEST_MODELS, NULL, &err)) {
        print_error("%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
        fail();
    }
    int missing = 0;
    for (size_t i = 0; i < cat->n_hardware; i++) {
        const nc_hardware *hw = &cat->hardware[i];
        const nc_input *fields[] = {hw->tdp_w,          hw->power_fraction,  hw->idle_w,
                                    hw->speed,          hw->embodied_kg,     hw->lifetime_h,
                                    hw->utilisation,    hw->price_on_demand, hw->price_spot,
                                    hw->price_committed};
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
            if (fields[f])
                has_range(&missing, fields[f]);
    }
    for (int part = NC_CAT_GRIDS; part <= NC_CAT_PRICES; part++)
        for (size_t i = 0; i < cat->n_presets[part]; i++)
            has_range(&missing, cat->presets[part][i].value);
    assert_int_equal(missing, 0);
    assert_true(cat->n_hardware > 10);
    nc_catalog_free(cat);
}

/* ---- values, parameters and spreads through the loader ------------------------------------- */

static void load_fails(const char *set, const char *message)
{
    const char *sets[] = {set, NULL};
    char *path = tu_write_temp("scenario: t\n"
                               "sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}\n"
                               "stages:\n"
                               "  - {name: s, trials: 10, hardware: v100, duration: 5 h}\n");
    assert_non_null(path);
    nc_load_opts lo = {
        .version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = 1, .models_dir = NC_TEST_MODELS};
    nc_scenario *sc = NULL;
    nc_error err;
    int rc = nc_scenario_load(&sc, path, &lo, &err);
    tu_remove_temp(path);
    nc_scenario_free(sc);
    if (rc != NC_EINPUT || strcmp(err.message, message)) {
        print_error("--set %s: rc %d \"%s\"\nwant \"%s\"\n", set, rc, err.message, message);
        fail();
    }
}

static void test_ranges__distribution_parameters_and_spreads_are_checked(void **state)
{
    (void)state;
    load_fails("sites.lab.carbon_intensity={dist: uniform, low: 300, high: 500}",
               "sites.lab.carbon_intensity.low: '300', read as 300 kg/kWh, is above any grid's "
               "carbon intensity (at most 1.5 kg/kWh): did you mean 300 g/kWh?");
    load_fails("sites.lab.carbon_intensity={dist: uniform, low: 0.3, high: 500}",
               "sites.lab.carbon_intensity.high: '500', read as 500 kg/kWh, is above any grid's "
               "carbon intensity (at most 1.5 kg/kWh): did you mean 500 g/kWh?");
    load_fails("sites.lab.carbon_intensity={dist: lognormal, mean: {dist: uniform, low: 300 g/kWh, "
               "high: 500}, sd: 0.05}",
               "sites.lab.carbon_intensity.mean.high: '500', read as 500 kg/kWh, is above any "
               "grid's carbon intensity (at most 1.5 kg/kWh): did you mean 500 g/kWh?");
    load_fails("sites.lab.carbon_intensity=300 to 500",
               "'300 to 500', read as 300 to 500 kg/kWh, is above any grid's carbon intensity "
               "(at most 1.5 kg/kWh): did you mean 300 to 500 g/kWh?");
    load_fails("sites.lab.carbon_intensity={dist: normal, mean: 0.4, sd: 5}",
               "this distribution reaches 16.77 kg/kWh at its 99.9th percentile, above any grid's "
               "carbon intensity (at most 1.5 kg/kWh): narrow it, or bound it with 'max: 1.5 "
               "kg/kWh'");
    load_fails("stages.s.duration={dist: empirical, values: [2 h, 3 h, 6e6 h]}",
               "stages.s.duration.values: 6e6 h is above any trial's duration (at most 50 y)");
    load_fails("stages.s.duration={dist: uniform, low: 0.1 s, high: 5 h}",
               "stages.s.duration.low: 0.1 s is below any trial's duration (at least 1 s)");
    load_fails("stages.s.host_w_per_gpu={dist: gamma, mean: 500 W, sd: 1 kW}",
               "this distribution reaches 8753 W at its 99.9th percentile, above any host's "
               "power per GPU (at most 2 kW): narrow it, or bound it with 'max: 2 kW'");
}

/* What a plausible distribution may do: a wide one truncated at 0 for a field where 0 means
 * none, bounds outside the range that only cut, a normal's mean beyond its truncation. */
static void test_ranges__plausible_distributions_load(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "stages.s.host_w_per_gpu={dist: normal, mean: 50 W, sd: 40 W}",
        "stages.s.power_fraction={dist: normal, mean: 0.9, sd: 0.5}",
        "sites.lab.carbon_intensity={dist: normal, mean: 0.4, sd: 0.2, min: 0, max: 100}",
        "stages.s.gpu_w={dist: triangular, min: 100 W, mode: 250 W, max: 300 W}",
        "sites.lab.pue={dist: normal, mean: 0.9, sd: 0.3}",
        "stages.s.duration=1,082,990 s",
        "stages.s.trials=4,789",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        const char *sets[] = {ok[i], NULL};
        nc_scenario *sc = tu_load_text("scenario: t\n"
                                       "sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}\n"
                                       "stages:\n"
                                       "  - {name: s, trials: 10, hardware: v100, duration: 5 h}\n",
                                       sets);
        if (!sc) {
            print_error("--set %s was refused\n", ok[i]);
            fail();
        }
        nc_scenario_free(sc);
    }
}

/* A few rows' bounds against their sources (the comments of sim/load/ranges.c): an idle draw of a
 * B200 at full power, 1 kW, is the most an accelerator idles at; a '*' stands for a name,
 * never for nothing. */
static void test_ranges__bounds_are_the_cited_ones(void **state)
{
    (void)state;
    const nc_field_range *idle = nc_field_range_find("sites.lab.cluster.idle_w", NC_DIM_POWER);
    assert_non_null(idle);
    assert_int_equal(nc_field_range_check(idle, "1 kW", 1000.0, NULL), 0);
    assert_int_equal(nc_field_range_check(idle, "1.5 kW", 1500.0, NULL), NC_EINPUT);
    const nc_field_range *ci = nc_field_range_find("grids.fr", NC_DIM_CI);
    assert_non_null(ci);
    assert_int_equal(nc_field_range_check(ci, "1.2 kg/kWh", 1.2, NULL), 0);
    assert_int_equal(nc_field_range_check(ci, "1.6 kg/kWh", 1.6, NULL), NC_EINPUT);
    assert_null(nc_field_range_find("sites..pue", NC_DIM_NONE));
    assert_null(nc_field_range_find("pue.", NC_DIM_NONE));
    assert_non_null(nc_field_range_find("pue.x", NC_DIM_NONE));
}

int main(void)
{
    gsl_set_error_handler_off(); /* as main.c does: the library checks GSL's return codes */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges__tco2e_per_mwh_is_one_kg_per_kwh),
        cmocka_unit_test(test_ranges__masses_carry_their_gas_and_prices_compose),
        cmocka_unit_test(test_ranges__quotients_outside_the_table_are_unknown),
        cmocka_unit_test(test_ranges__a_duration_in_gpu_hours_is_not_offered_a_price),
        cmocka_unit_test(test_ranges__suggestions_name_units_of_the_dimension_only),
        cmocka_unit_test(test_ranges__suggestions_keep_the_magnitude),
        cmocka_unit_test(test_ranges__thousands_separators_are_read),
        cmocka_unit_test(test_ranges__malformed_separators_are_refused),
        cmocka_unit_test(test_ranges__every_row_is_a_range),
        cmocka_unit_test(test_ranges__bounds_are_the_cited_ones),
        cmocka_unit_test(test_ranges__every_row_refuses_values_beyond_it),
        cmocka_unit_test(test_ranges__every_field_of_a_scenario_has_a_range),
        cmocka_unit_test(test_ranges__the_catalog_loads_within_its_ranges),
        cmocka_unit_test(test_ranges__distribution_parameters_and_spreads_are_checked),
        cmocka_unit_test(test_ranges__plausible_distributions_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
