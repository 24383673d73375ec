/*
 * test_figure_analysis.c - comparisons and sensitivity analyses as their figures see them
 * (figure_analysis.h): the object built from the analysis in memory and the one `nascost plot`
 * rebuilds from the JSON the analysis wrote (results_analysis.h) are the same, number for
 * number, so that a figure drawn from either is the same figure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/paired.h"
#include "analysis/sensitivity.h"
#include "base/metrics.h"
#include "output/figure_analysis.h"
#include "output/output_sensitivity.h"
#include "output/output_versus.h"
#include "output/results_analysis.h"
#include "testutil.h"

/* Two stages, so that a stage's band is not the total's. */
static const char *const SITE =
    "scenario: %s\n"
    "embodied: false\n"
    "sites: {lab: {pue: %s,"
    " carbon_intensity: {dist: uniform, low: 0.2 kg/kWh, high: 0.6 kg/kWh},"
    " electricity_price: 0.1 USD/kWh}}\n"
    "stages:\n"
    "  - {name: s, trials: 10, hardware: v100-sxm2, duration: {dist: lognormal, p5: 8 h, p95: 14 "
    "h},"
    " config_w: 1 kW}\n"
    "  - {name: t, trials: 3, hardware: v100-sxm2, duration: 2 h, config_w: 1 kW}\n";

static nc_scenario *scenario(const char *name, const char *pue)
{
    char text[1024];
    snprintf(text, sizeof text, SITE, name, pue);
    return tu_load_text(text, NULL);
}

/* Write with 'write' into memory and parse it back as JSON. */
static json_t *round_trip(char *buf, size_t len)
{
    json_error_t jerr;
    json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        fail_msg("not JSON: %s", jerr.text);
    free(buf);
    return doc;
}

/* Two bands equal, NaN counting as equal to NaN. */
static void assert_band(nc_plot_band a, nc_plot_band b)
{
    assert_memory_equal(&a, &b, sizeof a);
}

static void test_figure_analysis__versus_from_memory_equals_versus_read_back(void **state)
{
    (void)state;
    nc_scenario *sc[2] = {scenario("a", "1.2"),
                          scenario("b", "{dist: uniform, low: 1.3, high: 1.7}")};
    char *labels[2] = {strdup("pue=1.2"), strdup("pue=1.3..1.7")};
    nc_versus *v = NULL;
    nc_error err;
    assert_int_equal(nc_versus_alloc(&v, 2, &err), 0);
    for (size_t i = 0; i < 2; i++) {
        assert_non_null(sc[i]);
        v->runs[i] = tu_run(sc[i], 60, 2, 0);
        assert_non_null(v->runs[i]);
        v->labels[i] = labels[i];
    }
    assert_int_equal(nc_versus_compute(v, &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(nc_output_versus_json(f, v, "compare", &err), 0);
    assert_int_equal(fclose(f), 0);
    json_t *doc = round_trip(buf, len);
    const int metrics[] = {NC_M_CO2E_KG, NC_M_FACILITY_KWH, NC_M_UTILISATION};
    for (size_t k = 0; k < 3; k++) {
        nc_plot_versus *mem = NULL, *back = NULL;
        assert_int_equal(nc_plot_versus_alloc(&mem, v, "compare", metrics[k], &err), 0);
        assert_int_equal(nc_results_read_versus(&back, doc, "compare.json", metrics[k], &err), 0);
        assert_string_equal(mem->analysis, back->analysis);
        assert_true(mem->metric == back->metric && mem->seed == back->seed &&
                    mem->replications == 60 && back->replications == 60);
        assert_int_equal(back->n_runs, 2);
        for (size_t i = 0; i < 2; i++) {
            assert_string_equal(mem->runs[i].label, back->runs[i].label);
            assert_string_equal(mem->runs[i].scenario, back->runs[i].scenario);
            assert_band(mem->runs[i].band, back->runs[i].band);
            assert_band(mem->runs[i].diff, back->runs[i].diff);
            assert_memory_equal(&mem->runs[i].p_lower, &back->runs[i].p_lower, sizeof(double));
        }
        /* utilisation needs a cluster: undefined, drawn as nothing; the others are numbers */
        assert_true(isnan(back->runs[1].band.p50) == (metrics[k] == NC_M_UTILISATION));
        assert_true(isnan(back->runs[0].diff.p50) && isnan(back->runs[0].p_lower));
        if (metrics[k] == NC_M_CO2E_KG) /* a higher PUE in every replication: never lower */
            assert_true(back->runs[1].diff.p5 > 0 && back->runs[1].p_lower == 0.0);
        nc_plot_versus_free(mem);
        nc_plot_versus_free(back);
    }
    /* a document that lost a run's band is refused, not drawn */
    json_object_del(json_object_get(json_array_get(json_object_get(doc, "runs"), 1), "total"),
                    "co2e_kg");
    nc_plot_versus *bad = NULL;
    assert_int_equal(nc_results_read_versus(&bad, doc, "compare.json", NC_M_CO2E_KG, &err),
                     NC_EINPUT);
    assert_null(bad);
    assert_non_null(strstr(err.message, "runs[1]"));
    json_decref(doc);
    for (size_t i = 0; i < 2; i++) {
        nc_scenario *s = (nc_scenario *)v->runs[i]->sc;
        v->labels[i] = NULL; /* the test's own */
        free(labels[i]);
        nc_scenario_free(s);
    }
    nc_versus_free(v);
}

static void test_figure_analysis__tornado_from_memory_equals_tornado_read_back(void **state)
{
    (void)state;
    nc_scenario *sc = scenario("t", "{dist: uniform, low: 1.2, high: 1.8}");
    assert_non_null(sc);
    nc_engine_opts run = NC_ENGINE_OPTS_INIT;
    nc_sensitivity_opts o = {NC_M_CO2E_KG, 20, 0, 0, 0};
    nc_sensitivity *s = NULL;
    nc_error err;
    assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(nc_output_sensitivity_json(f, s, sc->name, &err), 0);
    assert_int_equal(fclose(f), 0);
    json_t *doc = round_trip(buf, len);
    nc_plot_tornado *mem = NULL, *back = NULL;
    assert_int_equal(nc_plot_tornado_alloc(&mem, s, sc->name, &err), 0);
    assert_int_equal(nc_results_read_tornado(&back, doc, "sensitivity.json", &err), 0);
    assert_true(mem->metric == NC_M_CO2E_KG && back->metric == NC_M_CO2E_KG);
    assert_string_equal(mem->scenario, back->scenario);
    assert_true(mem->replications == 20 && back->replications == 20);
    assert_memory_equal(&mem->baseline, &back->baseline, sizeof(double));
    assert_true(mem->n_inputs >= 2 && mem->n_inputs == back->n_inputs);
    for (size_t i = 0; i < mem->n_inputs; i++) {
        const nc_plot_tornado_input *a = &mem->inputs[i], *b = &back->inputs[i];
        assert_string_equal(a->path, b->path);
        assert_string_equal(a->unit, b->unit);
        assert_true(a->value_p5 == b->value_p5 && a->value_p95 == b->value_p95 &&
                    a->at_p5 == b->at_p5 && a->at_p95 == b->at_p95);
        if (i) /* by swing, largest first */
            assert_true(fabs(a->at_p95 - a->at_p5) <=
                        fabs(mem->inputs[i - 1].at_p95 - mem->inputs[i - 1].at_p5));
    }
    nc_plot_tornado_free(mem);
    nc_plot_tornado_free(back);
    json_decref(doc);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figure_analysis__versus_from_memory_equals_versus_read_back),
        cmocka_unit_test(test_figure_analysis__tornado_from_memory_equals_tornado_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
