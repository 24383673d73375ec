/*
 * test_loader.c - the scenario loader (sim/load/scenario_doc.c, node.c, input_load.c,
 * scenario_load.c): `extends` merges, `--set` edits, catalog references and overrides,
 * nominal values per form, and the shipped scenarios and catalog. The messages of its error
 * paths are pinned by the golden tests (tests/cli_golden.sh, tests/golden/).
 *
 * Scenarios are written into a fresh directory under /tmp per test, so that relative
 * `extends` paths can be checked against the working directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dist/dist_quantile.h"
#include "dist/dist_trunc.h"
#include "scenario/catalog.h"
#include "load/input_load.h"
#include "load/node_yaml.h"
#include "scenario/scenario.h"
#include "load/catalog_load.h"
#include "load/scenario_doc.h"
#include "load/scenario_load.h"

#define MODELS NC_SOURCE_DIR "/models"
#define MAX_PATHS 16

/* A temporary directory and what the test made in it (removed in reverse order). */
typedef struct tmp_tree {
    char root[64];
    char made[MAX_PATHS][PATH_MAX];
    int is_dir[MAX_PATHS];
    int n;
} tmp_tree;

static int tree_setup(void **state)
{
    tmp_tree *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    snprintf(t->root, sizeof t->root, "/tmp/nascost-loader-XXXXXX");
    if (!mkdtemp(t->root)) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int tree_teardown(void **state)
{
    tmp_tree *t = *state;
    for (int i = t->n - 1; i >= 0; i--)
        if (t->is_dir[i])
            rmdir(t->made[i]);
        else
            unlink(t->made[i]);
    rmdir(t->root);
    free(t);
    return 0;
}

/* The absolute path of 'rel' in the tree (a static buffer, overwritten by the next call). */
static const char *tree_path(const tmp_tree *t, const char *rel)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", t->root, rel);
    return path;
}

static void tree_mkdir(tmp_tree *t, const char *rel)
{
    assert_true(t->n < MAX_PATHS);
    snprintf(t->made[t->n], PATH_MAX, "%s", tree_path(t, rel));
    assert_int_equal(mkdir(t->made[t->n], 0700), 0);
    t->is_dir[t->n++] = 1;
}

static void tree_write(tmp_tree *t, const char *rel, const char *text)
{
    assert_true(t->n < MAX_PATHS);
    snprintf(t->made[t->n], PATH_MAX, "%s", tree_path(t, rel));
    FILE *f = fopen(t->made[t->n], "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    t->is_dir[t->n++] = 0;
}

/* Load 'path' with the NULL-terminated --set list 'sets'; fail the test, showing the error,
 * when it does not load. */
static nc_scenario *load(const char *path, const char *const *sets)
{
    size_t n = 0;
    while (sets && sets[n])
        n++;
    nc_load_opts opts = {
        .version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = n, .models_dir = MODELS};
    nc_scenario *sc = NULL;
    nc_error err;
    nc_error_clear(&err);
    if (nc_scenario_load(&sc, path, &opts, &err)) {
        char msg[2048];
        nc_error_format(&err, msg, sizeof msg);
        print_error("%s: %s\n", path, msg);
        fail();
    }
    return sc;
}

/* Write 'text' as scenario.yaml in the tree and load it. */
static nc_scenario *load_text(tmp_tree *t, const char *text, const char *const *sets)
{
    tree_write(t, "scenario.yaml", text);
    return load(tree_path(t, "scenario.yaml"), sets);
}

static const nc_stage *stage_named(const nc_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_stages; i++)
        if (strcmp(sc->stages[i].name, name) == 0)
            return &sc->stages[i];
    print_error("no stage '%s'\n", name);
    fail();
    return NULL;
}

/* A base with one site and two stages, for `extends`. */
static const char BASE[] = "scenario: base\n"
                           "title: \"the base\"\n"
                           "seed: 11\n"
                           "replications: 123\n"
                           "sites:\n"
                           "  lab: {pue: 1.58, carbon_intensity: 432.7 g/kWh}\n"
                           "stages:\n"
                           "  - name: search\n"
                           "    trials: 4789\n"
                           "    gpus: 2\n"
                           "    hardware: m40\n"
                           "    duration: {dist: lognormal, mean: 57 h, sd: 40 h}\n"
                           "    host_w_per_gpu: 65 W\n"
                           "  - name: final\n"
                           "    trials: 3\n"
                           "    hardware: v100\n"
                           "    duration: 79.2 h\n";

/* ---- extends ------------------------------------------------------------------------------ */

static void test_loader__extends_merges_stage_by_name(void **state)
{
    tmp_tree *t = *state;
    tree_write(t, "base.yaml", BASE);
    tree_write(t, "what-if.yaml", "extends: base.yaml\n"
                                  "scenario: what-if\n"
                                  "stages:\n"
                                  "  - name: search\n"
                                  "    trials: 1000\n");
    nc_scenario *sc = load(tree_path(t, "what-if.yaml"), NULL);
    assert_int_equal(sc->n_stages, 2);
    const nc_stage *st = stage_named(sc, "search");
    assert_true(nc_input_nominal(st->trials) == 1000.0);  /* overridden */
    assert_int_equal(st->gpus, 2);                        /* kept from the base */
    assert_string_equal(st->mix[0].hw->id, "m40");
    assert_int_equal(st->duration_h->form, NC_FORM_LN_MEAN);
    assert_true(st->duration_h->p[0].value == 57.0);
    assert_true(nc_input_nominal(st->host_w_per_gpu) == 65.0);
    assert_true(nc_input_nominal(stage_named(sc, "final")->trials) == 3.0);
    nc_scenario_free(sc);
}

static void test_loader__extends_appends_new_stage(void **state)
{
    tmp_tree *t = *state;
    tree_write(t, "base.yaml", BASE);
    tree_write(t, "more.yaml", "extends: base.yaml\n"
                               "scenario: more\n"
                               "stages:\n"
                               "  - name: ablation\n"
                               "    trials: 12\n"
                               "    hardware: p100-pcie\n"
                               "    duration: 6.5 h\n");
    nc_scenario *sc = load(tree_path(t, "more.yaml"), NULL);
    assert_int_equal(sc->n_stages, 3);
    assert_string_equal(sc->stages[0].name, "search"); /* the base's order, then the new one */
    assert_string_equal(sc->stages[1].name, "final");
    assert_string_equal(sc->stages[2].name, "ablation");
    assert_true(nc_input_nominal(sc->stages[2].duration_h) == 6.5);
    assert_true(nc_input_nominal(sc->stages[0].trials) == 4789.0);
    nc_scenario_free(sc);
}

static void test_loader__extends_derived_keys_win(void **state)
{
    tmp_tree *t = *state;
    tree_write(t, "base.yaml", BASE);
    tree_write(t, "derived.yaml", "extends: base.yaml\n"
                                  "scenario: derived\n"
                                  "seed: 2019\n"
                                  "sites:\n"
                                  "  lab: {pue: 1.1}\n");
    nc_scenario *sc = load(tree_path(t, "derived.yaml"), NULL);
    assert_string_equal(sc->name, "derived");
    assert_int_equal(sc->seed, 2019);          /* the derived file's */
    assert_int_equal(sc->replications, 123);   /* the base's, not overridden */
    assert_string_equal(sc->title, "the base");
    assert_int_equal(sc->n_sites, 1);
    assert_true(nc_input_nominal(sc->sites[0].pue) == 1.1);
    assert_true(fabs(nc_input_nominal(sc->sites[0].ci_kg_per_kwh) - 0.4327) < 1e-15); /* kept */
    assert_null(sc->sites[0].ci_scale); /* no hourly profile, no scale */
    nc_scenario_free(sc);
    nc_node *doc = NULL;
    nc_error err;
    assert_int_equal(nc_scenario_doc_load(&doc, tree_path(t, "derived.yaml"), &err), 0);
    assert_null(nc_node_get(doc, "extends")); /* the merged document has no `extends` left */
    nc_node_free(doc);
}

/*
 * A chain across directories, loaded by a path relative to the working directory: each
 * `extends` is resolved against the directory of the file that names it. Decoys with the same
 * names sit where a cwd-relative lookup would find them.
 */
static void test_loader__extends_relative_to_extending_file(void **state)
{
    tmp_tree *t = *state;
    char cwd[PATH_MAX];
    tree_mkdir(t, "whatif");
    tree_mkdir(t, "common");
    tree_write(t, "base.yaml", "decoy: [this file must not be read]\n");
    tree_write(t, "sites.yaml", "decoy: [this file must not be read]\n");
    tree_write(t, "common/sites.yaml", "seed: 222\n"
                                       "sites:\n"
                                       "  lab: {pue: 1.3, carbon_intensity: 300 g/kWh}\n");
    tree_write(t, "common/base.yaml", "extends: sites.yaml\n"
                                      "scenario: base\n"
                                      "stages:\n"
                                      "  - {name: run, trials: 8, hardware: v100,\n"
                                      "     duration: 2 h}\n");
    tree_write(t, "whatif/derived.yaml", "extends: ../common/base.yaml\n"
                                         "scenario: derived\n");
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(t->root), 0);
    nc_load_opts opts = {
        .version = NC_LOAD_OPTS_VERSION, .sets = NULL, .n_sets = 0, .models_dir = MODELS};
    nc_scenario *sc = NULL;
    nc_error err;
    int rc = nc_scenario_load(&sc, "whatif/derived.yaml", &opts, &err);
    assert_int_equal(chdir(cwd), 0);
    if (rc)
        print_error("%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(sc->seed, 222);
    assert_true(nc_input_nominal(sc->sites[0].pue) == 1.3);
    assert_string_equal(sc->stages[0].name, "run");
    nc_scenario_free(sc);
}

/* Merging copied keys through a 256-byte buffer once: a longer key looped for ever. */
static void test_loader__extends_merges_long_keys(void **state)
{
    tmp_tree *t = *state;
    char key[400], text[2048];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    snprintf(text, sizeof text, "%sdescription: {%s: base, other: kept}\n", BASE, key);
    tree_write(t, "base.yaml", text);
    snprintf(text, sizeof text, "extends: base.yaml\ndescription: {%s: derived}\n", key);
    tree_write(t, "derived.yaml", text);
    nc_scenario *sc = load(tree_path(t, "derived.yaml"), NULL);
    assert_null(sc->description.text); /* a mapping is no description the model keeps */
    nc_scenario_free(sc);
    nc_node *doc = NULL;
    nc_error err;
    assert_int_equal(nc_scenario_doc_load(&doc, tree_path(t, "derived.yaml"), &err), 0);
    const nc_node *description = nc_node_get(doc, "description");
    assert_non_null(description);
    assert_string_equal(nc_node_get(description, key)->text, "derived");
    assert_string_equal(nc_node_get(description, "other")->text, "kept");
    nc_node_free(doc);
}

/* ---- --set ---------------------------------------------------------------------------------- */

static void test_loader__set_nested_distribution_parameter(void **state)
{
    const char *sets[] = {"stages.search.duration.sd=70 h", NULL};
    nc_scenario *sc = load_text(*state, BASE, sets);
    const nc_input *d = stage_named(sc, "search")->duration_h;
    assert_int_equal(d->form, NC_FORM_LN_MEAN);
    assert_true(d->p[0].value == 57.0); /* the mean is untouched */
    assert_true(d->p[1].value == 70.0);
    nc_scenario_free(sc);
}

static void test_loader__set_whole_mapping_value(void **state)
{
    const char *sets[] = {"stages.final.duration={dist: uniform, low: 70 h, high: 90 min}",
                          NULL};
    tmp_tree *t = *state;
    tree_write(t, "scenario.yaml", BASE);
    nc_load_opts opts = {
        .version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = 1, .models_dir = MODELS};
    nc_scenario *sc = NULL;
    nc_error err;
    /* 90 min < 70 h: the replaced value is checked like any other */
    assert_int_equal(nc_scenario_load(&sc, tree_path(t, "scenario.yaml"), &opts, &err),
                     NC_EINPUT);
    assert_string_equal(err.file, "--set stages.final.duration");
    assert_string_equal(err.message, "uniform (in h): low 70 must be less than high 1.5");

    sets[0] = "stages.final.duration={dist: uniform, low: 70 h, high: 90 h}";
    sc = load(tree_path(t, "scenario.yaml"), sets);
    const nc_input *d = stage_named(sc, "final")->duration_h;
    assert_int_equal(d->form, NC_FORM_UNIFORM);
    assert_true(d->p[0].value == 70.0 && d->p[1].value == 90.0);
    assert_true(nc_input_nominal(d) == 80.0);
    assert_true(d->random);
    nc_scenario_free(sc);
}

static void test_loader__set_creates_missing_key(void **state)
{
    const char *sets[] = {"stages.final.gpus=64", "stages.final.failures.probability=0.125",
                          "replications=77", NULL};
    nc_scenario *sc = load_text(*state, BASE, sets);
    const nc_stage *st = stage_named(sc, "final");
    assert_int_equal(st->gpus, 64);
    assert_non_null(st->fail_p);
    assert_true(nc_input_nominal(st->fail_p) == 0.125);
    assert_int_equal(sc->replications, 77);
    nc_scenario_free(sc);
}

static void test_loader__set_by_list_index(void **state)
{
    const char *sets[] = {"stages.1.trials=7", "stages.0.hardware=titan-x-pascal", NULL};
    nc_scenario *sc = load_text(*state, BASE, sets);
    assert_true(nc_input_nominal(sc->stages[1].trials) == 7.0);
    assert_string_equal(sc->stages[1].name, "final");
    assert_string_equal(sc->stages[0].mix[0].hw->id, "titan-x-pascal");
    assert_true(nc_input_nominal(sc->stages[0].trials) == 4789.0);
    nc_scenario_free(sc);
}

static void test_loader__set_applies_after_extends(void **state)
{
    tmp_tree *t = *state;
    tree_write(t, "base.yaml", BASE);
    tree_write(t, "derived.yaml", "extends: base.yaml\nstages:\n  - {name: final, trials: 5}\n");
    const char *sets[] = {"stages.final.trials=9", NULL};
    nc_scenario *sc = load(tree_path(t, "derived.yaml"), sets);
    assert_true(nc_input_nominal(stage_named(sc, "final")->trials) == 9.0);
    nc_scenario_free(sc);
}

/* ---- catalog references ---------------------------------------------------------------------- */

static void test_loader__catalog_override_changes_bound_profile(void **state)
{
    nc_scenario *sc = load_text(*state,
                                "scenario: override\n"
                                "catalog: {hardware: {m40: {tdp: 200 W}}}\n"
                                "sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}\n"
                                "stages:\n"
                                "  - {name: run, trials: 2, hardware: m40, duration: 1 h}\n",
                                NULL);
    const nc_hardware *hw = sc->stages[0].mix[0].hw;
    assert_string_equal(hw->id, "m40");
    assert_true(nc_input_nominal(hw->tdp_w) == 200.0);
    assert_true(nc_catalog_hardware(sc->catalog, "m40") == hw);
    assert_non_null(hw->speed); /* the fields not overridden are the catalog's */
    assert_string_equal(hw->name, hw->entry.name); /* the catalog's name, as written */
    assert_non_null(strstr(hw->entry.listing, "  tdp: 200 W\n")); /* the override, as written */
    assert_null(strstr(hw->entry.listing, "  tdp: 250 W\n"));
    nc_scenario_free(sc);
}

/* The model keeps its text, not the YAML: the scenario's, a site's and a stage's descriptions
 * as written, with where; the catalog's overrides by the names the scenario wrote. */
static void test_loader__descriptions_kept_as_written(void **state)
{
    nc_scenario *sc = load_text(*state,
                                "scenario: kept\n"
                                "description: \"what the model keeps\"\n"
                                "catalog: {hardware: {v100: {tdp: 290 W}},\n"
                                "          grids: {mine: {name: M, carbon_intensity: 1 g/kWh}}}\n"
                                "sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh,\n"
                                "              description: the lab}}\n"
                                "stages:\n"
                                "  - {name: run, trials: 2, hardware: m40, duration: 1 h,\n"
                                "     description: {not: one text}}\n",
                                NULL);
    assert_string_equal(sc->description.text, "what the model keeps");
    assert_int_equal(sc->description.line, 2);
    assert_int_equal(sc->description.col, 14);
    assert_non_null(strstr(sc->description.file, "scenario.yaml"));
    assert_string_equal(sc->sites[0].description.text, "the lab");
    assert_int_equal(sc->sites[0].description.line, 6);
    assert_null(sc->stages[0].description.text);
    const nc_catalog *cat = sc->catalog;
    assert_int_equal(cat->n_overrides[NC_CAT_HARDWARE], 1);
    assert_string_equal(cat->overrides[NC_CAT_HARDWARE][0], "v100"); /* the alias, as written */
    assert_int_equal(cat->n_overrides[NC_CAT_GRIDS], 1);
    assert_string_equal(cat->overrides[NC_CAT_GRIDS][0], "mine");
    assert_int_equal(cat->n_overrides[NC_CAT_PUE], 0);
    nc_scenario_free(sc);
}

/* Each catalog entry as written: name, year, aliases, every source with its line, and the
 * listing `nascost catalog NAME` prints. */
static void test_loader__catalog_entries_kept_as_written(void **state)
{
    (void)state;
    nc_catalog *cat = NULL;
    nc_error err;
    assert_int_equal(nc_catalog_load(&cat, MODELS, NULL, &err), 0);
    const nc_hardware *hw = nc_catalog_hardware(cat, "tesla-v100");
    assert_non_null(hw);
    const nc_catalog_entry *e = &hw->entry;
    assert_string_equal(e->id, "v100-sxm2");
    assert_string_equal(e->name, "NVIDIA Tesla V100 SXM2");
    assert_string_equal(e->year, "2017");
    assert_int_equal(e->n_aliases, 2);
    assert_string_equal(e->aliases[1], "tesla-v100");
    assert_non_null(strstr(e->file, "models/hardware.yaml"));
    const nc_written *tdp = nc_catalog_source(e, "tdp"), *idle = nc_catalog_source(e, "idle");
    assert_non_null(tdp);
    assert_non_null(idle);
    assert_int_equal(idle->line, tdp->line + 2); /* sources: tdp, power_fraction, idle */
    assert_true(tdp->line > e->line);
    assert_string_equal(tdp->file, e->file);
    assert_string_equal(nc_catalog_source(e, "speed")->text,
                        "definition: the reference accelerator, speed 1.0");
    assert_null(nc_catalog_source(e, "no-such-key"));
    assert_non_null(strstr(e->listing, "  tdp: 300 W\n  power_fraction:\n    dist: uniform\n"));
    assert_non_null(strstr(e->listing, "  aliases:\n    - v100\n    - tesla-v100\n"));
    assert_true(nc_catalog_entry_at(cat, NC_CAT_HARDWARE, (size_t)(hw - cat->hardware)) == e);
    assert_int_equal(nc_catalog_count(cat, NC_CAT_HARDWARE), cat->n_hardware);
    nc_catalog_free(cat);
}

static void test_loader__hardware_alias_resolves(void **state)
{
    nc_scenario *sc = load_text(*state,
                                "scenario: alias\n"
                                "sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}\n"
                                "stages:\n"
                                "  - {name: run, trials: 2, hardware: v100, duration: 1 h}\n"
                                "  - {name: mix, trials: 2, hardware: {tesla-v100: 1, m40: 3},\n"
                                "     duration: 1 h}\n",
                                NULL);
    assert_string_equal(sc->stages[0].mix[0].hw->id, "v100-sxm2");
    assert_string_equal(sc->stages[1].mix[0].hw->id, "v100-sxm2");
    assert_true(sc->stages[1].mix[0].share == 0.25);
    assert_true(sc->stages[1].mix_cum[1] == 1.0);
    nc_scenario_free(sc);
}

static void test_loader__presets_by_name(void **state)
{
    nc_scenario *sc = load_text(*state,
                                "scenario: presets\n"
                                "sites: {cloud: {pue: hyperscaler, grid: us-2018}}\n"
                                "stages:\n"
                                "  - {name: run, trials: 2, hardware: v100, duration: 1 h}\n",
                                NULL);
    const nc_preset *pue = nc_catalog_preset(sc->catalog, NC_CAT_PUE, "hyperscaler");
    const nc_preset *grid = nc_catalog_preset(sc->catalog, NC_CAT_GRIDS, "us-2018");
    assert_non_null(pue);
    assert_non_null(grid);
    assert_string_equal(sc->sites[0].pue->path, pue->value->path); /* shares its draws */
    assert_true(nc_input_nominal(sc->sites[0].pue) == nc_input_nominal(pue->value));
    assert_true(nc_input_nominal(sc->sites[0].pue) >= 1.0);
    /* us-2018 is 0.954 lb/kWh (Strubell et al. 2019, eq. 2) */
    assert_true(nc_input_nominal(sc->sites[0].ci_kg_per_kwh) == 0.954 * 0.45359237);
    assert_true(nc_input_nominal(grid->value) == 0.954 * 0.45359237);
    nc_scenario_free(sc);
}

/* ---- inputs: forms and nominal values ------------------------------------------------------ */

/* Read the input written as 'yaml' for a field of 'dim' and 'dom'; fail on error. */
static nc_input *input_of(const char *yaml, nc_dim dim, const nc_domain *dom)
{
    nc_node *node = NULL;
    nc_input *in = NULL;
    nc_error err;
    nc_error_clear(&err);
    int rc = nc_node_load_string(&node, yaml, strlen(yaml), "input", &err);
    if (!rc)
        rc = nc_input_load(&in, node, "test.input", dim, dom, &err);
    nc_node_free(node);
    if (rc) {
        print_error("'%s': %s\n", yaml, err.message);
        fail();
    }
    return in;
}

static void test_loader__range_shorthand_is_lognormal_p5_p95(void **state)
{
    (void)state;
    nc_input *in = input_of("380 to 480 g/kWh", NC_DIM_CI, &NC_DOMAIN_NONNEG);
    assert_int_equal(in->form, NC_FORM_LN_P5P95);
    assert_true(in->p[0].value == 0.38);
    assert_true(in->p[1].value == 0.48);
    assert_true(nc_input_nominal(in) == sqrt(0.38 * 0.48)); /* the median of the lognormal */
    assert_true(in->random);
    nc_input_free(in);

    in = input_of("\"40 to 90 W\"", NC_DIM_POWER, &NC_DOMAIN_NONNEG);
    assert_true(nc_input_nominal(in) == 60.0); /* sqrt(40 * 90) */
    nc_input_free(in);
}

typedef struct nominal_case {
    const char *yaml;
    nc_form form;
    double nominal; /* hours */
} nominal_case;

static void test_loader__nominal_value_per_form(void **state)
{
    static const nominal_case cases[] = {
        {"2.385 h", NC_FORM_FIXED, 2.385},
        {"{dist: fixed, value: 150 min}", NC_FORM_FIXED, 2.5},
        {"{dist: uniform, low: 1.5 h, high: 4.25 h}", NC_FORM_UNIFORM, 2.875},
        {"{dist: normal, mean: 7.25 h, sd: 1.5 h}", NC_FORM_NORMAL, 7.25},
        {"{dist: lognormal, mean: 57 h, sd: 40 h}", NC_FORM_LN_MEAN, 57.0},
        {"{dist: lognormal, median: 3.5 h, gsd: 2.2}", NC_FORM_LN_MEDIAN, 3.5},
        {"{dist: gamma, mean: 9.5 h, sd: 2 h}", NC_FORM_GAMMA, 9.5},
        {"{dist: triangular, min: 1 h, mode: 2.75 h, max: 8 h}", NC_FORM_TRIANGULAR, 2.75},
        {"{dist: pert, min: 1 h, mode: 1.25 h, max: 8 h}", NC_FORM_PERT, 1.25},
        {"{dist: empirical, values: [9 h, 1 h, 4 h, 2 h, 30 h]}", NC_FORM_EMPIRICAL, 4.0},
        {"{dist: choice, values: [1 h, 2 h, 3 h], weights: [1, 5, 2]}", NC_FORM_CHOICE, 2.0},
        /* a parameter that is a distribution takes its own nominal */
        {"{dist: lognormal, mean: {dist: uniform, low: 40 h, high: 80 h}, sd: 5 h}",
         NC_FORM_LN_MEAN, 60.0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nc_input *in = input_of(cases[i].yaml, NC_DIM_TIME, &NC_DOMAIN_POSITIVE);
        if (in->form != cases[i].form || nc_input_nominal(in) != cases[i].nominal) {
            print_error("'%s': form %d nominal %.17g, want form %d nominal %.17g\n",
                        cases[i].yaml, (int)in->form, nc_input_nominal(in), (int)cases[i].form,
                        cases[i].nominal);
            nc_input_free(in);
            fail();
        }
        nc_input_free(in);
    }
    /* A nominal outside the bounds (the mean 57 h above max 48 h) is replaced by the median
     * of the truncated distribution, computed here independently with dist.h. */
    nc_input *in = input_of("{dist: lognormal, mean: 57 h, sd: 40 h, max: 48 h}", NC_DIM_TIME,
                            &NC_DOMAIN_POSITIVE);
    nc_dist d;
    nc_error err;
    assert_int_equal(nc_dist_lognormal_mean_sd(&d, 57.0, 40.0, &err), 0);
    assert_int_equal(nc_dist_truncate(&d, 0.0, 48.0, &err), 0);
    double median = nc_dist_quantile(&d, 0.5);
    assert_true(median > 20 && median < 48);
    assert_true(fabs(nc_input_nominal(in) - median) < 1e-9 * median);
    nc_input_free(in);
    /* a normal duration with a negative mean: the median of what is left above 0 h, not 0 h */
    in = input_of("{dist: normal, mean: -5 h, sd: 1 h}", NC_DIM_TIME, &NC_DOMAIN_POSITIVE);
    assert_true(nc_input_nominal(in) > 0);
    nc_input_free(in);
}

static void test_loader__lognormal_form_chosen_by_its_keys(void **state)
{
    (void)state;
    nc_input *in = input_of("{dist: lognormal, p95: 9 h, p5: 2 h}", NC_DIM_TIME,
                            &NC_DOMAIN_POSITIVE);
    assert_int_equal(in->form, NC_FORM_LN_P5P95);
    assert_true(in->p[0].value == 2.0 && in->p[1].value == 9.0);
    nc_input_free(in);
}

/* ---- what ships: scenarios and catalog ----------------------------------------------------- */

static void test_loader__shipped_scenarios_load(void **state)
{
    (void)state;
    const char *dir_path = NC_SOURCE_DIR "/scenarios/strubell2019";
    char path[PATH_MAX];
    int n = 0;
    DIR *dir = opendir(dir_path);
    assert_non_null(dir);
    for (struct dirent *e; (e = readdir(dir));) {
        size_t len = strlen(e->d_name);
        /* common.yaml is not a scenario on its own: the others extend it */
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") || !strcmp(e->d_name, "common.yaml"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
        nc_scenario *sc = load(path, NULL);
        assert_true(sc->n_stages >= 1);
        assert_string_equal(sc->sites[0].name, "strubell");
        nc_scenario_free(sc);
        n++;
    }
    closedir(dir);
    assert_true(n >= 8);
    nc_scenario *sc = load(NC_SOURCE_DIR "/scenarios/lisa-rnd.yaml", NULL);
    assert_string_equal(sc->name, "lisa-rnd");
    assert_true(nc_input_nominal(sc->stages[0].trials) == 4789.0);
    nc_scenario_free(sc);
}

static void test_loader__catalog_loads(void **state)
{
    (void)state;
    nc_catalog *cat = NULL;
    nc_error err;
    nc_error_clear(&err);
    int rc = nc_catalog_load(&cat, MODELS, NULL, &err);
    if (rc)
        print_error("%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
    assert_int_equal(rc, 0);
    assert_true(cat->n_hardware >= 20);
    assert_true(cat->n_presets[NC_CAT_GRIDS] > 0);
    assert_true(cat->n_presets[NC_CAT_PUE] > 0);
    assert_true(cat->n_presets[NC_CAT_PRICES] > 0);
    assert_true(cat->n_equivalents > 0);
    nc_catalog_free(cat);
}

/* Keys of a catalog entry that describe it rather than give a value, so need no source.
 * An equivalent's `per` (its unit) and `label` (its display text) are descriptions too. */
static int is_descriptive(const char *key)
{
    static const char *const keys[] = {"name", "kind", "year",  "aliases", "basis",
                                       "location", "per", "label", "sources", NULL};
    for (int i = 0; keys[i]; i++)
        if (!strcmp(key, keys[i]))
            return 1;
    return 0;
}

/* Every value key of every entry of mapping 'part' has a line in the entry's `sources`. */
static int count_unsourced(const nc_node *part)
{
    int missing = 0;
    for (size_t i = 0; part && part->kind == NC_NODE_MAP && i < part->n; i++) {
        const nc_node *entry = part->items[i];
        const nc_node *sources = nc_node_get(entry, "sources");
        for (size_t k = 0; entry->kind == NC_NODE_MAP && k < entry->n; k++) {
            if (is_descriptive(entry->keys[k]) || nc_node_get(sources, entry->keys[k]))
                continue;
            print_error("%s:%d: entry '%s' has no source for '%s'\n", entry->file,
                        entry->key_line[k], part->keys[i], entry->keys[k]);
            missing++;
        }
    }
    return missing;
}

static void test_loader__catalog_entries_have_sources(void **state)
{
    (void)state;
    static const char *const files[] = {"hardware.yaml", "grids.yaml", "sites.yaml",
                                        "equivalents.yaml"};
    char path[PATH_MAX];
    nc_error err;
    int missing = 0, parts = 0;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        nc_node *file = NULL;
        snprintf(path, sizeof path, "%s/%s", MODELS, files[f]);
        assert_int_equal(nc_node_load_file(&file, path, &err), 0);
        for (int p = 0; p < NC_CAT__COUNT; p++) {
            const char *key = nc_catalog_part_key((nc_catalog_part)p);
            const nc_node *part = nc_node_get(file, key);
            parts += part != NULL;
            missing += count_unsourced(part);
        }
        nc_node_free(file);
    }
    assert_int_equal(parts, NC_CAT__COUNT);
    assert_int_equal(missing, 0);
}

#define TREE_TEST(fn) cmocka_unit_test_setup_teardown(fn, tree_setup, tree_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TREE_TEST(test_loader__extends_merges_stage_by_name),
        TREE_TEST(test_loader__extends_appends_new_stage),
        TREE_TEST(test_loader__extends_derived_keys_win),
        TREE_TEST(test_loader__extends_relative_to_extending_file),
        TREE_TEST(test_loader__extends_merges_long_keys),
        TREE_TEST(test_loader__set_nested_distribution_parameter),
        TREE_TEST(test_loader__set_whole_mapping_value),
        TREE_TEST(test_loader__set_creates_missing_key),
        TREE_TEST(test_loader__set_by_list_index),
        TREE_TEST(test_loader__set_applies_after_extends),
        TREE_TEST(test_loader__catalog_override_changes_bound_profile),
        TREE_TEST(test_loader__hardware_alias_resolves),
        TREE_TEST(test_loader__descriptions_kept_as_written),
        cmocka_unit_test(test_loader__catalog_entries_kept_as_written),
        TREE_TEST(test_loader__presets_by_name),
        cmocka_unit_test(test_loader__range_shorthand_is_lognormal_p5_p95),
        cmocka_unit_test(test_loader__nominal_value_per_form),
        cmocka_unit_test(test_loader__lognormal_form_chosen_by_its_keys),
        cmocka_unit_test(test_loader__shipped_scenarios_load),
        cmocka_unit_test(test_loader__catalog_loads),
        cmocka_unit_test(test_loader__catalog_entries_have_sources),
    };
    return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
