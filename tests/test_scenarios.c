/*
 * test_scenarios.c - every shipped scenario loads and runs, the published search costs of
 * scenarios/nas-methods/ come out in point mode, and the what-if pairs of scenarios/whatif/
 * save in the direction and about the size the README reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>

#include "analysis/paired.h"
#include "testutil.h"

#define SCEN NC_SOURCE_DIR "/scenarios"

static void run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") || !strcmp(e->d_name, "common.yaml"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        nc_scenario *sc = tu_load(path, NULL);
        if (!sc)
            fprintf(stderr, "%s does not load\n", path);
        assert_non_null(sc);
        nc_result *res = tu_run(sc, 8, 2, 0), *point = tu_run(sc, 0, 1, 1);
        assert_non_null(res);
        assert_non_null(point);
        assert_true(tu_total(point, 0, NC_M_CO2E_KG) > 0);
        nc_result_free(res), nc_result_free(point);
        nc_scenario_free(sc);
    }
    closedir(d);
}

static void test_scenarios__every_shipped_scenario_runs(void **state)
{
    (void)state;
    run_dir(SCEN);
    run_dir(SCEN "/strubell2019");
    run_dir(SCEN "/nas-methods");
    run_dir(SCEN "/whatif");
}

/* Published search costs in GPU-days: NASNet 2,000 (Zoph et al. 2018: 500 P100 x 4 d),
 * AmoebaNet 3,150 (Real et al. 2019: 450 K40 x 7 d), ENAS 0.45 (Pham et al. 2018), DARTS 1.5
 * first order and 4 second order (Liu et al. 2019), the Evolved Transformer search as costed
 * by Strubell et al. 2019 (274,120 h x 8 P100). */
static void test_scenarios__nas_methods_reproduce_published_gpu_days(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        double gpu_days;
    } rows[] = {{"nasnet.yaml", 2000},
                {"amoebanet.yaml", 3150},
                {"enas.yaml", 0.45},
                {"darts-first-order.yaml", 1.5},
                {"darts-second-order.yaml", 4},
                {"evolved-transformer.yaml", 274120.0 * 8 / 24}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char path[512];
        snprintf(path, sizeof path, SCEN "/nas-methods/%s", rows[i].file);
        nc_scenario *sc = tu_load(path, NULL);
        assert_non_null(sc);
        nc_result *res = tu_run(sc, 0, 1, 1);
        double days = tu_total(res, 0, NC_M_GPU_HOURS) / 24;
        if (fabs(days / rows[i].gpu_days - 1) > 1e-9)
            fprintf(stderr, "%s: %.6g GPU-days, published %.6g\n", rows[i].file, days,
                    rows[i].gpu_days);
        assert_true(fabs(days / rows[i].gpu_days - 1) < 1e-9);
        nc_result_free(res);
        nc_scenario_free(sc);
    }
}

static nc_paired pair_of(const char *base, const char *variant, int m, int64_t reps)
{
    nc_scenario *a = tu_load(base, NULL), *b = tu_load(variant, NULL);
    assert_non_null(a);
    assert_non_null(b);
    nc_result *ra = tu_run(a, reps, 2, 0), *rb = tu_run(b, reps, 2, 0);
    nc_paired p;
    nc_error err;
    assert_int_equal(nc_paired_compute(&p, ra, rb, m, &err), 0);
    nc_result_free(ra), nc_result_free(rb);
    nc_scenario_free(a), nc_scenario_free(b);
    return p;
}

/* ASHA (eta 3, min_budget 1/27) against the full grid: a trial uses on average 1/9 of its
 * budget (closed form, stopping.c), so GPU-hours fall by ~87% in every replication. */
static void test_scenarios__asha_saves_most_of_the_grid(void **state)
{
    (void)state;
    nc_paired p = pair_of(SCEN "/whatif/grid-search.yaml", SCEN "/whatif/asha.yaml",
                          NC_M_GPU_HOURS, 300);
    assert_true(p.p_lower == 1.0);
    assert_true(p.ratio.p50 > 0.10 && p.ratio.p50 < 0.16);
}

/* Carbon-aware starts (12 h) on the GB 2021 grid emit less in every replication, with the
 * same energy. */
static void test_scenarios__carbon_aware_saves_in_every_replication(void **state)
{
    (void)state;
    nc_paired co2 = pair_of(SCEN "/whatif/carbon-blind.yaml", SCEN "/whatif/carbon-aware.yaml",
                            NC_M_CO2E_OPERATIONAL_KG, 100);
    assert_true(co2.p_lower == 1.0);
    assert_true(co2.ratio.p50 > 0.75 && co2.ratio.p50 < 0.95);
    nc_paired kwh = pair_of(SCEN "/whatif/carbon-blind.yaml", SCEN "/whatif/carbon-aware.yaml",
                            NC_M_FACILITY_KWH, 100);
    assert_true(kwh.p_equal == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenarios__every_shipped_scenario_runs),
        cmocka_unit_test(test_scenarios__nas_methods_reproduce_published_gpu_days),
        cmocka_unit_test(test_scenarios__asha_saves_most_of_the_grid),
        cmocka_unit_test(test_scenarios__carbon_aware_saves_in_every_replication),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
