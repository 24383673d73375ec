/*
 * test_plot.c - the numbers behind the figures: histogram bins, cumulative timeline bands,
 * the benchmark chart's yardsticks, unit factors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "base/metrics.h"
#include "output/output_format.h"
#include "output/figure_run.h"
#include "testutil.h"

/* 48 one-GPU trials of 6-12 h on an 8-GPU cluster, submitted in 4 batches over 5 days: a
 * calendar of about a week, no idle power counted, embodied carbon included. */
static const char CALENDAR[] =
    "scenario: plot-calendar\n"
    "title: \"A week of trials\"\n"
    "seed: 2385\n"
    "replications: 400\n"
    "deadline: 10 d\n"
    "sites:\n"
    "  lab: {pue: {dist: uniform, low: 1.2, high: 1.6}, carbon_intensity: \"300 to 500 g/kWh\",\n"
    "        cluster: {gpus: 8}}\n"
    "stages:\n"
    "  - name: sweep\n"
    "    trials: 48\n"
    "    submit: {batches: 4, over: 5 d}\n"
    "    hardware: v100\n"
    "    duration: {dist: lognormal, mean: {dist: uniform, low: 6 h, high: 12 h}, sd: 3 h,\n"
    "               max: 30 h}\n";

/* The same without a calendar. */
static const char PLAIN[] =
    "scenario: plot-plain\n"
    "seed: 11\n"
    "replications: 50\n"
    "sites:\n"
    "  lab: {pue: 1.4, carbon_intensity: 0.4}\n"
    "stages:\n"
    "  - name: train\n"
    "    trials: 5\n"
    "    hardware: v100\n"
    "    duration: 10 h\n";

/* Run 'sc' keeping a timeline of 'days' days (0: the room nc_plot_timeline_days gives). */
static nc_result *run_with_room(const nc_scenario *sc, int64_t reps, int days)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    nc_result *res = NULL;
    nc_error err;
    o.replications = reps;
    o.timeline_days = days ? days : nc_plot_timeline_days(sc, reps);
    if (nc_engine_run(&res, sc, &o, &err)) {
        fprintf(stderr, "run failed: %s\n", err.message);
        return NULL;
    }
    return res;
}

/* Run 'sc' with the room for a timeline that the figures ask for. */
static nc_result *run_with_timeline(const nc_scenario *sc, int64_t reps)
{
    return run_with_room(sc, reps, 0);
}

static void test_plot__histogram_counts_sum_to_replications_and_bins_cover_min_max(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(CALENDAR, NULL);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, 400, 2, 0);
    assert_non_null(res);
    nc_plot_source *src = NULL;
    nc_error err;
    assert_int_equal(nc_plot_source_alloc(&src, res, &err), 0);
    double *x = malloc(400 * sizeof *x);
    nc_plot_column(x, src, NC_ROW_TOTAL, NC_M_CO2E_KG, 1.0);
    gsl_histogram *h = NULL;
    assert_int_equal(nc_plot_histogram(&h, x, 400, &err), 0);
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < h->n; i++)
        sum += h->bin[i];
    for (size_t i = 0; i < 400; i++)
        lo = fmin(lo, x[i]), hi = fmax(hi, x[i]);
    assert_true(sum == 400.0);
    assert_true(h->range[0] == lo);
    assert_true(h->range[h->n] == hi);
    assert_in_range(h->n, NC_PLOT_MIN_BINS, NC_PLOT_MAX_BINS);
    assert_true(h->bin[h->n - 1] >= 1.0); /* the maximum is counted */
    gsl_histogram_free(h);
    free(x);
    nc_plot_source_free(src);
    nc_result_free(res);
    nc_scenario_free(sc);
}

static void test_plot__histogram_of_one_value_gets_bins_around_it(void **state)
{
    (void)state;
    const double x[] = {2.385, 2.385, 2.385};
    gsl_histogram *h = NULL;
    nc_error err;
    assert_int_equal(nc_plot_histogram(&h, x, 3, &err), 0);
    assert_int_equal(h->n, NC_PLOT_MIN_BINS);
    assert_true(h->range[0] < 2.385 && h->range[h->n] > 2.385);
    double sum = 0;
    for (size_t i = 0; i < h->n; i++)
        sum += h->bin[i];
    assert_true(sum == 3.0);
    gsl_histogram_free(h);
}

static void test_plot__histogram_rejects_values_that_are_not_finite(void **state)
{
    (void)state;
    const double x[] = {1.5, NAN, 2.5};
    gsl_histogram *h = NULL;
    nc_error err;
    assert_int_equal(nc_plot_histogram(&h, x, 3, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "not finite"));
    assert_int_equal(nc_plot_histogram(&h, x, 0, &err), NC_EINPUT);
    assert_null(h);
}

/* Freedman & Diaconis: 0, 1, ..., n-1 has IQR (n-1)/2, so width (n-1) n^(-1/3) and n^(1/3)
 * bins: 27 -> the minimum 10, 216,000 -> 60, 10^6 -> 100, capped at 80. */
static void test_plot__bins_follow_freedman_diaconis_within_limits(void **state)
{
    (void)state;
    size_t n = 1000000;
    double *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (double)i;
    assert_int_equal(nc_plot_bins(x, 27), NC_PLOT_MIN_BINS);
    assert_in_range(nc_plot_bins(x, 216000), 60, 61);
    assert_int_equal(nc_plot_bins(x, n), NC_PLOT_MAX_BINS);
    assert_int_equal(nc_plot_bins(x, 1), NC_PLOT_MIN_BINS);
    free(x);
}

/* Three replications, three days; the third day is idle everywhere and is dropped.
 * Cumulative: rep 0: 1, 3; rep 1: 2, 2; rep 2: 0.5, 4.5. Medians 1 then 3. */
static void test_plot__cumulative_bands_by_hand(void **state)
{
    (void)state;
    const double timeline[] = {1, 2, 0, 2, 0, 0, 0.5, 4, 0};
    nc_plot_band *b = NULL;
    size_t days = 0;
    nc_error err;
    assert_int_equal(nc_plot_cumulative(&b, &days, timeline, 3, 3, 3, &err), 0);
    assert_int_equal(days, 2);
    assert_true(b[0].p50 == 1.0 && b[1].p50 == 3.0);
    /* type 7: P5 of {0.5, 1, 2} = 0.5 + 0.1 * 0.5; P95 = 1 + 1.9 * 1 */
    assert_true(fabs(b[0].p5 - 0.55) < 1e-12 && fabs(b[0].p95 - 1.9) < 1e-12);
    free(b);
    /* the first day of each row of three only: rows are still 'stride' apart */
    assert_int_equal(nc_plot_cumulative(&b, &days, timeline, 3, 3, 1, &err), 0);
    assert_int_equal(days, 1);
    assert_true(b[0].p50 == 1.0 && fabs(b[0].p5 - 0.55) < 1e-12);
    free(b);
}

static void test_plot__cumulative_rises_and_ends_at_the_totals(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(CALENDAR, NULL);
    assert_non_null(sc);
    nc_result *res = run_with_timeline(sc, 400);
    assert_non_null(res);
    nc_plot_source *src = NULL;
    nc_error err;
    assert_int_equal(nc_plot_source_alloc(&src, res, &err), 0);
    assert_non_null(src->cumulative);
    assert_int_equal(src->past_timeline, 0);
    assert_in_range(src->n_days, 5, (size_t)res->timeline_days);
    for (size_t d = 1; d < src->n_days; d++) {
        assert_true(src->cumulative[d].p5 >= src->cumulative[d - 1].p5);
        assert_true(src->cumulative[d].p50 >= src->cumulative[d - 1].p50);
        assert_true(src->cumulative[d].p95 >= src->cumulative[d - 1].p95);
    }
    for (size_t d = 0; d < src->n_days; d++)
        assert_true(src->cumulative[d].p5 <= src->cumulative[d].p50 &&
                    src->cumulative[d].p50 <= src->cumulative[d].p95);
    /* no idle power: every kg of the total was emitted on some day */
    nc_summary total = tu_summary(res, NC_M_CO2E_KG);
    const nc_plot_band *last = &src->cumulative[src->n_days - 1];
    assert_true(fabs(last->p50 - total.p50) <= 1e-9 * total.p50);
    assert_true(fabs(last->p5 - total.p5) <= 1e-9 * total.p5);
    assert_true(fabs(last->p95 - total.p95) <= 1e-9 * total.p95);
    assert_true(src->deadline_days == 10.0);
    nc_plot_source_free(src);
    nc_result_free(res);
    nc_scenario_free(sc);
}

/* The room is known from the model before the run, without running the engine. */
static void test_plot__timeline_room_is_the_memory_budget_within_the_longest_timeline(
    void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(CALENDAR, NULL), *plain = tu_load_text(PLAIN, NULL);
    assert_non_null(sc);
    assert_non_null(plain);
    assert_int_equal(nc_plot_timeline_days(sc, 400), NC_MAX_TIMELINE_DAYS); /* 83,886 > 36,500 */
    assert_int_equal(nc_plot_timeline_days(sc, 3000), 11184); /* 32 Mi values / 3,000 */
    assert_int_equal(nc_plot_timeline_days(sc, 10000000), 3);
    assert_int_equal(nc_plot_timeline_days(sc, 100000000), 1); /* at least a day */
    assert_int_equal(nc_plot_timeline_days(plain, 50), 0);     /* no calendar, no timeline */
    nc_scenario_free(sc);
    nc_scenario_free(plain);
}

/* The figure's days come from the run's own data: a run with room for 36,500 days and one with
 * just the days its longest replication spans give the same bands, bit for bit. */
static void test_plot__timeline_bands_span_the_runs_own_days_whatever_the_room(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(CALENDAR, NULL);
    assert_non_null(sc);
    nc_result *wide = run_with_timeline(sc, 300);
    assert_non_null(wide);
    double last = 0.0;
    for (int64_t i = 0; i < wide->replications; i++)
        last = fmax(last, tu_total(wide, i, NC_M_MAKESPAN_DAYS));
    nc_result *tight = run_with_room(sc, 300, (int)floor(last) + 1);
    assert_non_null(tight);
    assert_true(wide->timeline_days > 10 * tight->timeline_days);
    nc_plot_band *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    nc_error err;
    assert_int_equal(nc_plot_timeline_bands(&a, &na, wide, &err), 0);
    assert_int_equal(nc_plot_timeline_bands(&b, &nb, tight, &err), 0);
    assert_int_equal(na, nb);
    assert_in_range(na, (size_t)ceil(last) - 1, (size_t)floor(last) + 1);
    assert_memory_equal(a, b, na * sizeof *a);
    free(a);
    free(b);
    nc_result_free(wide);
    nc_result_free(tight);
    nc_scenario_free(sc);
}

/* Strubell et al. 2019, Table 1, in lb: 1,984; 11,023; 36,156; 126,000. */
static void test_plot__benchmarks_pick_strubells_yardsticks_in_order(void **state)
{
    (void)state;
    nc_scenario *sc = tu_load_text(PLAIN, NULL);
    assert_non_null(sc);
    nc_result *res = tu_run(sc, 10, 1, 0);
    assert_non_null(res);
    nc_plot_source *src = NULL;
    nc_error err;
    assert_int_equal(nc_plot_source_alloc(&src, res, &err), 0);
    nc_plot_bar bars[NC_PLOT_N_BENCHMARKS + 1];
    nc_plot_band pipeline = {9000.0, 12000.0, 20000.0};
    size_t n = nc_plot_benchmarks(bars, src, &pipeline, "this pipeline");
    assert_int_equal(n, 5);
    const double lb = 0.45359237, want_kg[] = {1984 * lb, 11023 * lb, 12000.0, 36156 * lb,
                                               126000 * lb};
    const char *want[] = {"Air travel, 1 passenger, NY\u2194SF", "Human life, avg, 1 year",
                          "this pipeline", "American life, avg, 1 year",
                          "Car, avg incl. fuel, 1 lifetime"};
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(bars[i].kg - want_kg[i]) < 1e-9 * want_kg[i]);
        assert_string_equal(bars[i].label, want[i]);
        assert_int_equal(bars[i].pipeline, i == 2);
    }
    assert_true(bars[2].p5_kg == 9000.0 && bars[2].p95_kg == 20000.0);
    assert_true(nc_plot_log_axis(bars, n)); /* 57,153 / 900 > 50 */
    /* a catalog without the car and the flight: three bars, a linear axis (16,400 / 5,000
     * < 50) */
    nc_plot_source *two = calloc(1, sizeof *two);
    two->equivalents = calloc(2, sizeof *two->equivalents);
    for (size_t i = 0; i < src->n_equivalents; i++) {
        const nc_plot_equivalent *e = &src->equivalents[i];
        if (!strcmp(e->id, "human-year") || !strcmp(e->id, "american-year")) {
            nc_plot_equivalent *q = &two->equivalents[two->n_equivalents++];
            q->id = strdup(e->id), q->name = strdup(e->name), q->co2e_kg = e->co2e_kg;
        }
    }
    assert_int_equal(two->n_equivalents, 2);
    n = nc_plot_benchmarks(bars, two, &pipeline, "this pipeline");
    assert_int_equal(n, 3);
    assert_string_equal(bars[0].label, "Human life, avg, 1 year");
    assert_false(nc_plot_log_axis(bars, n));
    nc_plot_source_free(two);
    nc_plot_source_free(src);
    nc_result_free(res);
    nc_scenario_free(sc);
}

static void test_plot__scale_converts_masses_and_shares(void **state)
{
    (void)state;
    double f;
    const char *unit;
    nc_error err;
    assert_int_equal(nc_output_scale(&f, &unit, NC_M_CO2E_KG, "t", &err), 0);
    assert_true(fabs(f - 0.001) < 1e-15);
    assert_string_equal(unit, "t");
    assert_int_equal(nc_output_scale(&f, &unit, NC_M_CO2E_KG, "lb", &err), 0);
    assert_true(fabs(f * 0.45359237 - 1.0) < 1e-12);
    assert_int_equal(nc_output_scale(&f, &unit, NC_M_CO2E_SHARE, "t", &err), 0);
    assert_true(f == 100.0);
    assert_string_equal(unit, "%");
    assert_int_equal(nc_output_scale(&f, &unit, NC_M_GPU_HOURS, "t", &err), 0);
    assert_true(f == 1.0);
    assert_string_equal(unit, "h");
    assert_int_equal(nc_output_scale(&f, &unit, NC_M_CO2E_KG, "furlong", &err), NC_EINPUT);
    assert_true(nc_plot_is_co2e(NC_M_CO2E_EMBODIED_KG));
    assert_false(nc_plot_is_co2e(NC_M_FACILITY_KWH));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plot__histogram_counts_sum_to_replications_and_bins_cover_min_max),
        cmocka_unit_test(test_plot__histogram_of_one_value_gets_bins_around_it),
        cmocka_unit_test(test_plot__histogram_rejects_values_that_are_not_finite),
        cmocka_unit_test(test_plot__bins_follow_freedman_diaconis_within_limits),
        cmocka_unit_test(test_plot__cumulative_bands_by_hand),
        cmocka_unit_test(test_plot__cumulative_rises_and_ends_at_the_totals),
        cmocka_unit_test(test_plot__timeline_room_is_the_memory_budget_within_the_longest_timeline),
        cmocka_unit_test(test_plot__timeline_bands_span_the_runs_own_days_whatever_the_room),
        cmocka_unit_test(test_plot__benchmarks_pick_strubells_yardsticks_in_order),
        cmocka_unit_test(test_plot__scale_converts_masses_and_shares),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
