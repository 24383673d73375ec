/*
 * test_semantics.c - nothing read silently wrong (issue 11, "Silent misreads"): a changed
 * distribution in `extends` or a catalog override replaces its base whole, errors point at
 * what the scenario wrote, overrides by alias change the aliased entry and a new name that
 * shadows another is refused, `idle: counted` is refused where the model cannot define it,
 * and the inputs listed (check, JSON, tornado, Sobol) are exactly those the model reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "base/metrics.h"
#include "analysis/sensitivity.h"
#include "testutil.h"

/* ---- files side by side (a base and the scenario that extends it) ----------------------- */

static char g_dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/nascost-semantics-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static void write_in_dir(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int remove_dir(void **state)
{
    (void)state;
    char path[128];
    const char *names[] = {"base.yaml", "what-if.yaml"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", g_dir, names[i]);
        unlink(path);
    }
    return rmdir(g_dir);
}

/* Load 'text' as what-if.yaml beside BASE (base.yaml); 0 or the error, in 'err'. */
static const char BASE[] = "scenario: base\n"
                           "sites:\n"
                           "  lab:\n"
                           "    pue: {dist: uniform, low: 1.2, high: 1.6}\n"
                           "    carbon_intensity: 400 g/kWh\n"
                           "stages:\n"
                           "  - name: train\n"
                           "    trials: 10\n"
                           "    hardware: v100\n"
                           "    duration: {dist: normal, mean: 5 h, sd: 1 h}\n";

static char g_path[128]; /* the scenario: what-if.yaml beside base.yaml (BASE) */

static int load(nc_scenario **sc, const char *text, const char *const *sets, nc_error *err)
{
    char base[128];
    size_t n = 0;
    while (sets && sets[n])
        n++;
    write_in_dir("base.yaml", BASE, base, sizeof base);
    write_in_dir("what-if.yaml", text, g_path, sizeof g_path);
    nc_load_opts lo = {
        .version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = n, .models_dir = NC_TEST_MODELS};
    *sc = NULL;
    return nc_scenario_load(sc, g_path, &lo, err);
}

/* Load 'text' as what-if.yaml, with --set 'sets' (NULL-terminated, or NULL); must succeed. */
static nc_scenario *what_if(const char *text, const char *const *sets)
{
    nc_scenario *sc;
    nc_error err;
    char buf[2048];
    if (load(&sc, text, sets, &err)) {
        nc_error_format(&err, buf, sizeof buf);
        fail_msg("load failed: %s", buf);
    }
    return sc;
}

/* Load 'text' as what-if.yaml: must be refused at its 'line' and 'col' (0: any) with a
 * message holding 'said'. */
static void refused(const char *text, int line, int col, const char *said)
{
    nc_scenario *sc;
    nc_error err;
    assert_int_equal(load(&sc, text, NULL, &err), NC_EINPUT);
    assert_null(sc);
    assert_string_equal(err.file, g_path);
    assert_int_equal(err.line, line);
    if (col)
        assert_int_equal(err.col, col);
    if (!strstr(err.message, said))
        fail_msg("'%s' not in: %s", said, err.message);
}

/* ---- extends and catalog overrides ------------------------------------------------------ */

/* A triangular over the base's uniform is the triangular, exactly as --set would make it. */
static void test_semantics__extends_replaces_another_distribution_whole(void **state)
{
    (void)state;
    char by_extends[256], by_set[256];
    nc_scenario *sc = what_if("extends: base.yaml\n"
                              "scenario: what-if\n"
                              "sites: {lab: {pue: {dist: triangular, min: 1.15, mode: 1.35,"
                              " max: 1.7}}}\n",
                              NULL);
    assert_int_equal(sc->sites[0].pue->form, NC_FORM_TRIANGULAR);
    assert_true(fabs(nc_input_nominal(sc->sites[0].pue) - 1.35) < 1e-12);
    nc_input_describe(sc->sites[0].pue, by_extends, sizeof by_extends);
    nc_scenario_free(sc);
    const char *set[] = {"sites.lab.pue={dist: triangular, min: 1.15, mode: 1.35, max: 1.7}", NULL};
    sc = what_if("extends: base.yaml\nscenario: what-if\n", set);
    nc_input_describe(sc->sites[0].pue, by_set, sizeof by_set);
    assert_string_equal(by_extends, by_set);
    nc_scenario_free(sc);
}

/* Without `dist`, a mapping adjusts the base's parameters: the base's uniform, a new high. */
static void test_semantics__extends_adjusts_parameters_of_the_same_distribution(void **state)
{
    (void)state;
    nc_scenario *sc = what_if("extends: base.yaml\nscenario: what-if\n"
                              "sites: {lab: {pue: {high: 1.9}}}\n"
                              "stages: [{name: train, duration: {dist: normal, sd: 2 h}}]\n",
                              NULL);
    const nc_input *pue = sc->sites[0].pue, *d = sc->stages[0].duration_h;
    assert_int_equal(pue->form, NC_FORM_UNIFORM);
    assert_true(pue->p[0].value == 1.2 && pue->p[1].value == 1.9);
    assert_int_equal(d->form, NC_FORM_NORMAL); /* the same dist: mean kept, sd changed */
    assert_true(d->p[0].value == 5.0 && d->p[1].value == 2.0);
    nc_scenario_free(sc);
}

/* Errors in what the extending file wrote are at its own lines, not its base's. */
static void test_semantics__extends_errors_point_at_the_extending_file(void **state)
{
    (void)state;
    refused("extends: base.yaml\nscenario: what-if\n"
            "stages:\n"
            "  - name: train\n"
            "    gpus: 2\n"
            "    durration: 3 h\n",
            6, 5, "unknown key 'durration'");
    refused("extends: base.yaml\nscenario: what-if\nsites: {lab: {pue: {low: 1.7}}}\n", 3, 0,
            "low 1.7 must be less than high 1.6");
}

static const char SITE_AND_STAGE[] =
    "sites:\n"
    "  lab: {pue: 1.5, carbon_intensity: 400 g/kWh}\n"
    "stages:\n"
    "  - {name: train, trials: 10, hardware: v100, duration: 5 h}\n";

/* A scenario of catalog overrides 'head' (from line 2) and SITE_AND_STAGE. */
static const char *with_catalog(char *buf, size_t size, const char *head)
{
    snprintf(buf, size, "scenario: catalog\n%s%s", head, SITE_AND_STAGE);
    return buf;
}

/* A catalog override with another distribution replaces the catalog's; its key errors are at
 * the scenario, not models/hardware.yaml. */
static void test_semantics__catalog_override_replaces_and_is_blamed(void **state)
{
    (void)state;
    char text[2048];
    nc_scenario *sc = what_if(with_catalog(text, sizeof text,
                                           "catalog:\n"
                                           "  hardware:\n"
                                           "    v100-sxm2:\n"
                                           "      power_fraction: {dist: triangular, min: 0.5,"
                                           " mode: 0.7, max: 0.9}\n"),
                              NULL);
    const nc_hardware *hw = nc_catalog_hardware(sc->catalog, "v100-sxm2");
    assert_int_equal(hw->power_fraction->form, NC_FORM_TRIANGULAR);
    assert_true(fabs(nc_input_nominal(hw->power_fraction) - 0.7) < 1e-12);
    nc_scenario_free(sc);
    refused(with_catalog(text, sizeof text, "catalog: {hardware: {v100-sxm2: {tpd: 290 W}}}\n"), 2,
            34, "unknown key 'tpd' in hardware 'v100-sxm2'");
}

/* `v100` overrides v100-sxm2 (its alias), as `hardware: v100` names it; a grid by alias too. */
static void test_semantics__override_by_alias_changes_the_entry(void **state)
{
    (void)state;
    char text[2048];
    nc_scenario *plain = what_if(with_catalog(text, sizeof text, ""), NULL);
    nc_scenario *sc = what_if(with_catalog(text, sizeof text,
                                           "catalog:\n"
                                           "  hardware: {v100: {tdp: 290 W}}\n"
                                           "  grids: {eu: {carbon_intensity: 0.3 kg/kWh}}\n"),
                              NULL);
    const nc_hardware *hw = nc_catalog_hardware(sc->catalog, "v100-sxm2");
    assert_ptr_equal(hw, nc_catalog_hardware(sc->catalog, "v100"));
    assert_ptr_equal(sc->stages[0].mix[0].hw, hw);
    assert_true(nc_input_nominal(hw->tdp_w) == 290.0);
    assert_string_equal(hw->name, "NVIDIA Tesla V100 SXM2"); /* the rest as the catalog has it */
    assert_int_equal(sc->catalog->n_hardware, plain->catalog->n_hardware); /* no new entry */
    const nc_preset *eu = nc_catalog_preset(sc->catalog, NC_CAT_GRIDS, "eu-27");
    assert_ptr_equal(eu, nc_catalog_preset(sc->catalog, NC_CAT_GRIDS, "eu"));
    assert_true(nc_input_nominal(eu->value) == 0.3);
    nc_scenario_free(sc);
    nc_scenario_free(plain);
}

/* Overriding one entry under its id and its alias would let one undo the other. */
static void test_semantics__one_entry_overridden_twice_is_refused(void **state)
{
    (void)state;
    char text[2048];
    refused(with_catalog(text, sizeof text,
                         "catalog:\n"
                         "  grids:\n"
                         "    uk: {carbon_intensity: 0.2 kg/kWh}\n"
                         "    gb: {carbon_intensity: 0.25 kg/kWh}\n"),
            5, 5, "grid 'gb' is overridden twice: also as 'uk' (line 4)");
}

static const char NEW_GPU[] = "catalog:\n"
                              "  hardware:\n"
                              "    my-gpu:\n"
                              "      name: Mine\n"
                              "      kind: gpu\n"
                              "      tdp: 300 W\n"
                              "      power_fraction: 0.7\n"
                              "      speed: 1\n"
                              "      embodied: 300 kg\n"
                              "      lifetime: 5 y\n"
                              "      utilisation: 0.5\n"
                              "      sources: {}\n"
                              "      aliases: [v100]\n";

/* A new entry may not take a name (id or alias) another entry already answers to: it would
 * silently shadow it. In every part with aliases. */
static void test_semantics__a_name_of_another_entry_is_refused(void **state)
{
    (void)state;
    char text[2048];
    refused(with_catalog(text, sizeof text, NEW_GPU), 14, 17,
            "hardware 'my-gpu' takes the alias 'v100', which already names hardware 'v100-sxm2'");
    const char *const parts[] = {
        "catalog: {grids: {dirty: {name: D, carbon_intensity: 0.9 kg/kWh, aliases: [uk]}}}\n",
        "catalog: {pue: {mine: {name: M, pue: 1.3, aliases: [hyperscaler]}}}\n",
        "catalog: {electricity_price: {mine: {name: M, price: 0.2 USD/kWh,"
        " aliases: [us-2018-average]}}}\n",
    };
    const char *const said[] = {"which already names grid 'gb'",
                                "which already names PUE preset 'hyperscaler'",
                                "which already names electricity price 'us-2018-average'"};
    for (size_t i = 0; i < 3; i++)
        refused(with_catalog(text, sizeof text, parts[i]), 2, 0, said[i]);
}

/* ---- idle power -------------------------------------------------------------------------- */

static const char *idle_scenario(char *buf, size_t size, const char *cluster, const char *hardware)
{
    snprintf(buf, size,
             "scenario: idle\n"
             "sites:\n"
             "  lab: {pue: 1.5, carbon_intensity: 400 g/kWh, cluster: %s}\n"
             "stages:\n"
             "  - {name: a, trials: 5, hardware: v100, duration: 2 h}\n"
             "  - {name: b, trials: 5, hardware: %s, duration: 2 h}\n",
             cluster, hardware);
    return buf;
}

static void test_semantics__idle_counted_with_idle_w_is_refused(void **state)
{
    (void)state;
    char text[1024];
    refused(idle_scenario(text, sizeof text, "{gpus: 4, idle_w: 30 W, idle: counted}", "v100"), 3,
            87, "cannot go with 'idle_w'");
}

/* On one profile, each idle GPU draws that profile's idle power; on two, the pool has no
 * composition and the idle power is not defined: refused, not the first profile's. */
static void test_semantics__idle_counted_needs_one_profile_at_the_site(void **state)
{
    (void)state;
    char text[1024];
    nc_scenario *sc =
        what_if(idle_scenario(text, sizeof text, "{gpus: 4, idle: counted}", "v100-sxm2"), NULL);
    const nc_hardware *v100 = nc_catalog_hardware(sc->catalog, "v100-sxm2");
    assert_true(nc_input_nominal(sc->sites[0].idle_w) == nc_input_nominal(v100->idle_w));
    nc_scenario_free(sc);
    const char *other[] = {"a100-sxm4-80gb", "{v100: 0.5, a100-sxm4-80gb: 0.5}"};
    for (size_t i = 0; i < 2; i++)
        refused(idle_scenario(text, sizeof text, "{gpus: 4, idle: counted}", other[i]), 3, 0,
                "runs both 'v100-sxm2' and 'a100-sxm4-80gb' (stage 'b', line 6)");
}

/* ---- the inputs the model reads ------------------------------------------------------------ */

typedef struct paths {
    char text[8192];
} paths;

static int add_path(void *ctx, const nc_input *in)
{
    paths *p = ctx;
    size_t at = strlen(p->text);
    snprintf(p->text + at, sizeof p->text - at, "%s\n", in->path);
    return 0;
}

/* The inputs nc_scenario_each_input lists, one path a line. */
static void listed(const nc_scenario *sc, paths *p)
{
    p->text[0] = '\0';
    assert_int_equal(nc_scenario_each_input(sc, add_path, p), 0);
}

static int has(const paths *p, const char *path)
{
    char line[256];
    snprintf(line, sizeof line, "%s\n", path);
    return strstr(p->text, line) != NULL;
}

/* A stage on v100-pcie (uncertain power fraction and speed) whose TDP is made uncertain too,
 * an unused site, pricing none: with gpu_w, neither TDP nor fraction enters; one profile's
 * speed scales nothing; no price is paid; embodied values only when embodied carbon counts. */
static const char USED[] =
    "scenario: used\n"
    "catalog: {hardware: {v100-pcie: {tdp: \"240 to 260 W\"}}}\n"
    "sites:\n"
    "  lab: {pue: {dist: uniform, low: 1.2, high: 1.6}, carbon_intensity: \"300 to 500 g/kWh\"}\n"
    "  spare: {pue: {dist: uniform, low: 1.1, high: 1.3}, carbon_intensity: 400 g/kWh}\n"
    "stages:\n"
    "  - name: train\n"
    "    site: lab\n"
    "    trials: 3\n"
    "    hardware: v100-pcie\n"
    "    duration: 2 h\n"
    "    gpu_w: {dist: normal, mean: {dist: uniform, low: 200 W, high: 280 W}, sd: 20 W}\n";

static const char *const NEVER_READ[] = {"hardware.v100-pcie.tdp",
                                         "hardware.v100-pcie.power_fraction",
                                         "hardware.v100-pcie.speed",
                                         "hardware.v100-pcie.price_on_demand",
                                         "hardware.v100-pcie.price_spot",
                                         "hardware.v100-pcie.price_committed",
                                         "sites.spare.pue"};
#define N_NEVER_READ (sizeof NEVER_READ / sizeof *NEVER_READ)

static void test_semantics__listed_inputs_are_the_inputs_read(void **state)
{
    (void)state;
    paths p;
    nc_scenario *sc = what_if(USED, NULL);
    listed(sc, &p);
    for (size_t i = 0; i < N_NEVER_READ; i++)
        if (has(&p, NEVER_READ[i]))
            fail_msg("%s is listed but never read:\n%s", NEVER_READ[i], p.text);
    assert_true(has(&p, "stages.train.gpu_w") && has(&p, "sites.lab.pue"));
    assert_true(has(&p, "hardware.v100-pcie.embodied") && has(&p, "hardware.v100-pcie.lifetime"));
    assert_true(sc->stages[0].power->p[0].input->used); /* a parameter's input, marked too */
    assert_false(nc_catalog_hardware(sc->catalog, "v100-pcie")->power_fraction->used);
    nc_scenario_free(sc);
    const char *no_embodied[] = {"embodied=false", NULL};
    sc = what_if(USED, no_embodied);
    listed(sc, &p);
    assert_false(has(&p, "hardware.v100-pcie.embodied") || has(&p, "hardware.v100-pcie.lifetime") ||
                 has(&p, "hardware.v100-pcie.utilisation"));
    nc_scenario_free(sc);
}

/* What the model does read is listed: the fraction and TDP by default, the speeds of a mix
 * and of the profile durations are measured on, the price of the pricing mode. */
static void test_semantics__inputs_read_by_a_mix_are_listed(void **state)
{
    (void)state;
    paths p;
    char text[sizeof USED];
    snprintf(text, sizeof text, "%s", USED);
    *strstr(text, "    gpu_w:") = '\0'; /* the power: the catalog's TDP x fraction */
    const char *sets[] = {"stages.train.hardware={v100-pcie: 0.5, a100-sxm4-80gb: 0.5}",
                          "stages.train.duration_on=k80", "pricing.gpu_hour=spot", NULL};
    nc_scenario *sc = what_if(text, sets);
    listed(sc, &p);
    const char *read[] = {"hardware.v100-pcie.tdp",     "hardware.v100-pcie.power_fraction",
                          "hardware.v100-pcie.speed",   "hardware.a100-sxm4-80gb.speed",
                          "hardware.k80.speed",         "hardware.v100-pcie.price_spot",
                          "hardware.a100-sxm4-80gb.tdp"};
    for (size_t i = 0; i < sizeof read / sizeof *read; i++)
        if (!has(&p, read[i]))
            fail_msg("%s is read but not listed:\n%s", read[i], p.text);
    assert_false(has(&p, "hardware.v100-pcie.price_on_demand") || has(&p, "hardware.k80.tdp"));
    nc_scenario_free(sc);
}

static int analysed(const nc_sensitivity *s, const char *path)
{
    for (size_t i = 0; i < s->k; i++)
        if (!strcmp(s->paths[i], path))
            return 1;
    return 0;
}

/* The tornado and Sobol' (one list of inputs) vary none that the model does not read. */
static void test_semantics__sensitivity_analyses_only_inputs_read(void **state)
{
    (void)state;
    const char *no_embodied[] = {"embodied=false", NULL};
    const char *const *sets[] = {NULL, no_embodied};
    for (int v = 0; v < 2; v++) {
        nc_scenario *sc = what_if(USED, sets[v]);
        nc_engine_opts run = NC_ENGINE_OPTS_INIT;
        nc_sensitivity_opts o = {NC_M_CO2E_KG, 8, 16, 20, 0.9};
        nc_sensitivity *s = NULL;
        nc_error err;
        assert_int_equal(nc_sensitivity_run(&s, sc, &run, &o, &err), 0);
        assert_non_null(s->sobol);
        for (size_t j = 0; j < N_NEVER_READ; j++)
            if (analysed(s, NEVER_READ[j]))
                fail_msg("the analysis varies %s, which the model never reads", NEVER_READ[j]);
        assert_true(analysed(s, "stages.train.gpu_w.mean") && analysed(s, "sites.lab.pue"));
        assert_int_equal(analysed(s, "hardware.v100-pcie.embodied"), v == 0);
        assert_int_equal(analysed(s, "hardware.v100-pcie.lifetime"), v == 0);
        nc_sensitivity_free(s);
        nc_scenario_free(sc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semantics__extends_replaces_another_distribution_whole),
        cmocka_unit_test(test_semantics__extends_adjusts_parameters_of_the_same_distribution),
        cmocka_unit_test(test_semantics__extends_errors_point_at_the_extending_file),
        cmocka_unit_test(test_semantics__catalog_override_replaces_and_is_blamed),
        cmocka_unit_test(test_semantics__override_by_alias_changes_the_entry),
        cmocka_unit_test(test_semantics__one_entry_overridden_twice_is_refused),
        cmocka_unit_test(test_semantics__a_name_of_another_entry_is_refused),
        cmocka_unit_test(test_semantics__idle_counted_with_idle_w_is_refused),
        cmocka_unit_test(test_semantics__idle_counted_needs_one_profile_at_the_site),
        cmocka_unit_test(test_semantics__listed_inputs_are_the_inputs_read),
        cmocka_unit_test(test_semantics__inputs_read_by_a_mix_are_listed),
        cmocka_unit_test(test_semantics__sensitivity_analyses_only_inputs_read),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
