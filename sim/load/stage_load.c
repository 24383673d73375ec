/* stage_load.c - a scenario's `stages:` (see stage_load.h). */
#include "load/stage_load.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/names.h"
#include "base/suggest.h"
#include "base/text.h"
#include "load/catalog_load.h"
#include "load/input_load.h"
#include "load/pricing_load.h"
#include "load/scenario_realism.h"
#include "load/schema.h"
#include "rng/rng.h"

static const char *const STAGE_KEYS[] = {
    "name",           "description", "site",           "trials",  "gpus",     "hardware",
    "duration",       "duration_on", "power_fraction", "gpu_w",   "config_w", "host_w_per_gpu",
    "cpu_w",          "dram_w",      "failures",       "pricing", "after",    "submit",
    "early_stopping", "preemption",  "carbon_aware",   NULL};
static const char *const FAILURE_KEYS[] = {"probability", "retry", "retries", "at", NULL};

static int find_site(const nc_scenario *sc, const nc_node *node, size_t *out, nc_error *err)
{
    const char *name;
    int rc = nc_schema_text(&name, node, "a site name", err);
    if (rc)
        return rc;
    const char *names[64];
    size_t n = sc->n_sites < 64 ? sc->n_sites : 64;
    long found = nc_names_find(sc->site_index, name); /* the sites, sorted: O(log n) */
    if (found >= 0)
        return *out = (size_t)found, 0;
    for (size_t i = 0; i < n; i++)
        names[i] = sc->sites[i].name;
    const char *near = nc_suggest(name, names, n);
    if (near)
        return nc_node_error(err, node, NC_EINPUT, "unknown site '%s' (did you mean '%s'?)",
                             nc_quote(name).text, near);
    return nc_node_error(err, node, NC_EINPUT,
                         "unknown site '%s' (sites are defined under "
                         "'sites:')",
                         nc_quote(name).text);
}

static int find_hardware(const nc_scenario *sc, const nc_node *node, const char *name,
                         const nc_hardware **out, nc_error *err)
{
    *out = nc_catalog_hardware(sc->catalog, name);
    return *out ? 0 : nc_catalog_unknown(sc->catalog, NC_CAT_HARDWARE, node, name, err);
}

static int load_mix(nc_scenario *sc, nc_stage *st, const nc_node *hw, nc_error *err)
{
    size_t n = hw->kind == NC_NODE_MAP ? hw->n : 1;
    if (hw->kind == NC_NODE_SEQ || (hw->kind == NC_NODE_MAP && n == 0))
        return nc_node_error(err, hw, NC_EINPUT,
                             "expected a hardware name (e.g. 'v100') or a mix of shares (e.g. "
                             "{titan-x-pascal: 0.72, m40: 0.28}), got %s",
                             hw->kind == NC_NODE_SEQ ? "a list" : "an empty mapping");
    st->mix = calloc(n, sizeof *st->mix);
    st->mix_cum = calloc(n, sizeof *st->mix_cum);
    if (!st->mix || !st->mix_cum)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    st->n_mix = n;
    if (hw->kind == NC_NODE_SCALAR) {
        st->mix[0].share = st->mix_cum[0] = 1.0;
        return find_hardware(sc, hw, hw->text, &st->mix[0].hw, err);
    }
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const nc_node *share = hw->items[i];
        int rc = find_hardware(sc, hw, hw->keys[i], &st->mix[i].hw, err);
        if (rc) {
            nc_error_at(err, hw->file, hw->key_line[i], hw->key_col[i]);
            return rc;
        }
        if (share->kind != NC_NODE_SCALAR ||
            nc_quantity_parse(share->text, NC_DIM_NONE, &st->mix[i].share, err) ||
            !(st->mix[i].share > 0))
            return nc_node_error(err, share, NC_EINPUT,
                                 "the share of '%s' must be a number greater than 0, got %s%s%s",
                                 nc_quote(hw->keys[i]).text,
                                 share->kind == NC_NODE_SCALAR ? "'" : "",
                                 share->kind == NC_NODE_SCALAR ? nc_quote(share->text).text
                                                               : nc_node_kind_name(share->kind),
                                 share->kind == NC_NODE_SCALAR ? "'" : "");
        total += st->mix[i].share;
    }
    for (size_t i = 0; i < n; i++) {
        st->mix[i].share /= total;
        st->mix_cum[i] = (i ? st->mix_cum[i - 1] : 0) + st->mix[i].share;
    }
    st->mix_cum[n - 1] = 1.0;
    return 0;
}

/* Load the optional input 'key' of stage map 'map' into '*out' (NULL when absent). */
static int load_stage_input(nc_input **out, const nc_stage *st, const nc_node *map, const char *key,
                            nc_dim dim, const nc_domain *dom, nc_error *err)
{
    const nc_node *node = nc_node_get(map, key);
    char path[300];
    *out = NULL;
    if (!node)
        return 0;
    snprintf(path, sizeof path, "stages.%s.%s", st->name, key);
    return nc_input_load(out, node, path, dim, dom, err);
}

static int load_power(nc_stage *st, const nc_node *map, nc_error *err)
{
    static const char *const keys[] = {"power_fraction", "gpu_w", "config_w"};
    static const nc_dim dims[] = {NC_DIM_NONE, NC_DIM_POWER, NC_DIM_POWER};
    const nc_domain *doms[] = {&NC_DOMAIN_FRACTION, &NC_DOMAIN_NONNEG, &NC_DOMAIN_NONNEG};
    int found = -1;
    for (int i = 0; i < 3; i++) {
        const nc_node *node = nc_node_get(map, keys[i]);
        if (node && found >= 0)
            return nc_schema_key_error(
                err, map, keys[i],
                "'%s' cannot go with '%s': give one of power_fraction, gpu_w or "
                "config_w",
                keys[i], keys[found]);
        if (node)
            found = i;
    }
    st->power_mode = found < 0 ? NC_POWER_FRACTION : (nc_power_mode)found;
    if (found < 0)
        return 0;
    int rc = load_stage_input(&st->power, st, map, keys[found], dims[found], doms[found], err);
    if (!rc && found == NC_POWER_CONFIG_W)
        for (int i = 0; i < 3 && !rc; i++) {
            static const char *const host[] = {"host_w_per_gpu", "cpu_w", "dram_w"};
            if (nc_node_get(map, host[i]))
                rc = nc_schema_key_error(err, map, host[i],
                                         "'%s' cannot go with 'config_w', which already counts the "
                                         "host's power",
                                         host[i]);
        }
    return rc;
}

static int load_host(nc_stage *st, const nc_node *map, nc_error *err)
{
    const nc_node *per_gpu = nc_node_get(map, "host_w_per_gpu");
    const nc_node *cpu = nc_node_get(map, "cpu_w"), *dram = nc_node_get(map, "dram_w");
    if (per_gpu && (cpu || dram))
        return nc_schema_key_error(
            err, map, cpu ? "cpu_w" : "dram_w",
            "'%s' cannot go with 'host_w_per_gpu': give host power either as "
            "host_w_per_gpu or as cpu_w + dram_w",
            cpu ? "cpu_w" : "dram_w");
    int rc = load_stage_input(&st->host_w_per_gpu, st, map, "host_w_per_gpu", NC_DIM_POWER,
                              &NC_DOMAIN_NONNEG, err);
    if (!rc)
        rc = load_stage_input(&st->cpu_w, st, map, "cpu_w", NC_DIM_POWER, &NC_DOMAIN_NONNEG, err);
    if (!rc)
        rc = load_stage_input(&st->dram_w, st, map, "dram_w", NC_DIM_POWER, &NC_DOMAIN_NONNEG, err);
    return rc;
}

static int load_failures(nc_stage *st, const nc_node *map, nc_error *err)
{
    const nc_node *f = nc_node_get(map, "failures");
    char path[300];
    st->max_attempts = 1;
    if (!f)
        return 0;
    const nc_node *p, *retry = nc_node_get(f, "retry"), *retries = nc_node_get(f, "retries");
    const nc_node *at = nc_node_get(f, "at");
    int rc = nc_schema_map(f, "'failures'", err), do_retry = 0;
    if (!rc)
        rc = nc_schema_keys(f, FAILURE_KEYS, "'failures'", err);
    if (!rc)
        rc = nc_schema_require_hint(&p, f, "probability", "'failures'",
                                    "the chance that a trial fails, e.g. 'probability: 0.03'", err);
    snprintf(path, sizeof path, "stages.%s.failures.probability", st->name);
    if (!rc)
        rc = nc_input_load(&st->fail_p, p, path, NC_DIM_NONE, &NC_DOMAIN_FRACTION, err);
    if (!rc && retry)
        rc = nc_schema_bool(&do_retry, retry, "'retry'", err);
    if (!rc && retry && !do_retry && retries)
        rc = nc_schema_key_error(err, f, "retries",
                                 "'retries' cannot go with 'retry: false'; remove one of them");
    if (!rc && retries &&
        !(rc = nc_schema_int(&st->max_attempts, retries, 0, 100, "'retries'", err)))
        st->max_attempts += 1, do_retry = 1;
    else if (!rc && do_retry)
        st->max_attempts = 2; /* retry: true re-runs a failed trial once */
    if (!rc && !do_retry)
        st->max_attempts = 1;
    snprintf(path, sizeof path, "stages.%s.failures.at", st->name);
    if (!rc && at)
        rc = nc_input_load(&st->fail_at, at, path, NC_DIM_NONE, &NC_DOMAIN_FRACTION, err);
    else if (!rc && !(st->fail_at = nc_input_new_fixed(path, NC_DIM_NONE, 0.5)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc && !at) { /* default: anywhere in the run, uniformly */
        st->fail_at->form = NC_FORM_UNIFORM;
        st->fail_at->p[0].value = 0.0;
        st->fail_at->p[1].value = 1.0;
        st->fail_at->random = 1;
    }
    return rc;
}

/* "missing required key 'site' in stage 'x': the scenario has 2 sites (lab, cloud)". */
static int missing_site(const nc_scenario *sc, const nc_node *map, const char *what, nc_error *err)
{
    char names[400];
    size_t at = 0;
    names[0] = '\0';
    for (size_t i = 0; i < sc->n_sites && at < sizeof names; i++)
        at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", i ? ", " : "",
                               sc->sites[i].name);
    return nc_node_error(err, map, NC_EINPUT,
                         "missing required key 'site' in %s: the scenario has %zu sites (%s); "
                         "say which one it runs at",
                         what, sc->n_sites, names);
}

static int load_stage_core(nc_scenario *sc, nc_stage *st, const nc_node *map, const char *what,
                           nc_error *err)
{
    const nc_node *node, *hw, *dur, *trials;
    int rc = nc_schema_require_hint(&trials, map, "trials", what,
                                    "how many runs, e.g. 'trials: 10'", err);
    if (!rc)
        rc = nc_schema_require_hint(
            &hw, map, "hardware", what,
            "the accelerator, e.g. 'hardware: v100'; `nascost catalog` lists them", err);
    if (!rc)
        rc = nc_schema_require_hint(&dur, map, "duration", what,
                                    "how long one trial runs, e.g. 'duration: 5 h'", err);
    if (!rc && (node = nc_node_get(map, "site")))
        rc = find_site(sc, node, &st->site, err);
    else if (!rc && sc->n_sites > 1)
        rc = missing_site(sc, map, what, err);
    st->gpus = 1;
    if (!rc && (node = nc_node_get(map, "gpus")))
        rc = nc_schema_int(&st->gpus, node, 1, NC_MAX_GPUS, "'gpus' (accelerators per trial)", err);
    int trials_of = !rc && nc_realism_is_trials_of(trials);
    if (!rc && !trials_of)
        rc = load_stage_input(&st->trials, st, map, "trials", NC_DIM_NONE, &NC_DOMAIN_NONNEG, err);
    if (!rc && trials_of)
        ; /* {of: STAGE, fraction: F}: read with the stage's realism (scenario_realism.c) */
    else if (!rc && nc_input_nominal(st->trials) > (double)NC_MAX_TRIALS)
        rc = nc_node_error(err, trials, NC_EINPUT,
                           "stages.%s.trials must be at most %lld (trials in one stage), got "
                           "'%s'",
                           st->name, (long long)NC_MAX_TRIALS,
                           trials->kind == NC_NODE_SCALAR ? nc_quote(trials->text).text : "more");
    if (!rc && st->trials && !st->trials->random &&
        nc_input_nominal(st->trials) != floor(nc_input_nominal(st->trials)))
        rc = nc_node_error(
            err, trials, NC_EINPUT, "stages.%s.trials must be a whole number, got '%s'", st->name,
            trials->kind == NC_NODE_SCALAR ? nc_quote(trials->text).text : "a fraction");
    if (!rc)
        rc = load_mix(sc, st, hw, err);
    const char *ref;
    if (!rc && (node = nc_node_get(map, "duration_on")) &&
        !(rc = nc_schema_text(&ref, node, "a hardware name", err)))
        rc = find_hardware(sc, node, ref, &st->duration_on, err);
    if (!rc)
        rc = load_stage_input(&st->duration_h, st, map, "duration", NC_DIM_TIME,
                              &NC_DOMAIN_POSITIVE, err);
    return rc;
}

static int load_stage(nc_scenario *sc, nc_stage *st, const nc_node *map, nc_error *err)
{
    const nc_node *name, *pricing;
    char what[300], prefix[300];
    int rc = nc_schema_map(map, "a stage", err);
    if (!rc)
        rc = nc_schema_require_hint(&name, map, "name", "a stage",
                                    "every stage has one, e.g. '- name: search'", err);
    if (!rc)
        rc = nc_schema_text_copy(&st->name, &sc->text, name, "a stage name", err);
    if (!rc)
        rc = nc_schema_written(&st->description, &sc->text, map, "description", err);
    if (rc)
        return rc;
    snprintf(what, sizeof what, "stage '%s'", st->name);
    rc = nc_schema_keys(map, STAGE_KEYS, what, err);
    if (!rc)
        rc = load_stage_core(sc, st, map, what, err);
    if (!rc)
        rc = load_power(st, map, err);
    if (!rc)
        rc = load_host(st, map, err);
    if (!rc)
        rc = load_failures(st, map, err);
    snprintf(prefix, sizeof prefix, "stages.%s.", st->name);
    if (!rc && (pricing = nc_node_get(map, "pricing")))
        rc = nc_pricing_load(&st->pricing, pricing, prefix, err);
    if (!rc)
        rc = nc_realism_load_stage(sc, st, (size_t)(st - sc->stages), map, err);
    snprintf(prefix, sizeof prefix, "stages.%s.hardware", st->name);
    st->key_hardware = nc_rng_key(prefix);
    snprintf(prefix, sizeof prefix, "stages.%s.failures", st->name);
    st->key_failures = nc_rng_key(prefix);
    return rc;
}

/* "a stage named 'x' is already defined": stage 'i' repeats the name of stage 'first'. */
static int repeated_stage(const nc_scenario *sc, size_t i, nc_node *const *items, size_t first,
                          nc_error *err)
{
    return nc_node_error(err, nc_node_get(items[i], "name"), NC_EINPUT,
                         "a stage named '%s' is already defined (line %d): stage names must be "
                         "unique",
                         nc_quote(sc->stages[i].name).text,
                         nc_node_get(items[first], "name")->line);
}

static const char *stage_name_at(const void *items, size_t i)
{
    const nc_node *name = nc_node_get(((const nc_node *)items)->items[i], "name");
    return name && name->kind == NC_NODE_SCALAR ? name->text : NULL;
}

int nc_stage_load_all(nc_scenario *sc, const nc_node *root, const nc_pricing *global, nc_error *err)
{
    const nc_node *stages;
    int rc =
        nc_schema_require_hint(&stages, root, "stages", "the scenario",
                               "the steps of the pipeline, a list of '- name: ...' items", err);
    if (!rc && stages->kind != NC_NODE_SEQ)
        rc =
            nc_schema_key_error(err, root, "stages",
                                "'stages' must be a list, one '- name: ...' item per stage, got %s",
                                nc_node_kind_name(stages->kind));
    if (!rc && stages->n == 0)
        rc = nc_node_error(err, stages, NC_EINPUT, "'stages' is empty: add at least one stage");
    if (rc)
        return rc;
    /* The stage names sorted once: finding the first repeated one, and each stage named by
     * `after:`, took a scan of the stages before it for each stage (quadratic). */
    size_t repeat = SIZE_MAX, first = 0;
    sc->stages = calloc(stages->n, sizeof *sc->stages);
    sc->stage_index = calloc(1, sizeof *sc->stage_index);
    if (!sc->stages || !sc->stage_index ||
        nc_names_index(sc->stage_index, stages, stages->n, stage_name_at))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!nc_names_repeat(sc->stage_index, &repeat, &first))
        repeat = SIZE_MAX;
    for (size_t i = 0; i < stages->n && !rc; i++) {
        nc_stage *st = &sc->stages[sc->n_stages++];
        rc = load_stage(sc, st, stages->items[i], err);
        if (!rc && i == repeat)
            rc = repeated_stage(sc, i, stages->items, first, err);
        if (!rc && st->pricing.mode == NC_PRICE_NONE)
            rc = nc_pricing_copy(&st->pricing, global, err);
    }
    return rc;
}
