/* scenario_load.c - from a merged document to a validated nc_scenario (see scenario.h). */
#include "scenario/scenario.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/input_list.h"
#include "load/input_load.h"
#include "base/names.h"
#include "rng/rng.h"
#include "load/scenario_doc.h"
#include "load/scenario_realism.h"
#include "load/schema.h"
#include "base/suggest.h"
#include "base/text.h"

static const char *const TOP_KEYS[] = {"scenario", "title", "source", "description", "seed",
                                       "replications", "sites", "pricing", "stages", "catalog",
                                       "start", "deadline", "embodied", NULL};
static const char *const SITE_KEYS[] = {"pue", "carbon_intensity", "grid",
                                        "electricity_price", "cluster", "description", NULL};
static const char *const STAGE_KEYS[] = {
    "name",   "description", "site",    "trials",         "gpus",  "hardware", "duration",
    "duration_on", "power_fraction", "gpu_w", "config_w", "host_w_per_gpu", "cpu_w",
    "dram_w", "failures",    "pricing", "after", "submit", "early_stopping", "preemption",
    "carbon_aware", NULL};
static const char *const FAILURE_KEYS[] = {"probability", "retry", "retries", "at", NULL};
static const char *const PRICING_KEYS[] = {"gpu_hour", "owned", NULL};

/* A name-like scalar: letters, digits, '-', '_', '.', starting with a letter. */
static int is_name(const nc_node *node)
{
    const char *s = node->text;
    if (node->kind != NC_NODE_SCALAR || !isalpha((unsigned char)s[0]))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return 0;
    return 1;
}

/* A scalar that is a number with an optional unit or a range ("1.58", "0.12 USD/kWh"). */
static int is_quantity_text(const nc_node *node)
{
    return node->kind == NC_NODE_SCALAR &&
           (isdigit((unsigned char)node->text[0]) || node->text[0] == '.' ||
            node->text[0] == '-' || node->text[0] == '+' || node->text[0] == '$');
}

/* Record an error at the key 'key' of mapping 'map' (which has it), not at its value: for
 * keys that do not go together, the key is what the user has to remove. */
static int key_error(nc_error *err, const nc_node *map, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int key_error(nc_error *err, const nc_node *map, const char *key, const char *fmt, ...)
{
    char msg[NC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long i = nc_node_index(map, key);
    if (i < 0)
        return nc_node_error(err, map, NC_EINPUT, "%s", msg);
    return nc_node_key_error(err, map, (size_t)i, NC_EINPUT, "%s", msg);
}

/* The child 'key' of 'map', which must be there; 'what' names the map ("stage 'search'") and
 * 'hint' says what the key is for, with an example. */
static int require(const nc_node **out, const nc_node *map, const char *key, const char *what,
                   const char *hint, nc_error *err)
{
    *out = nc_node_get(map, key);
    if (*out)
        return 0;
    return nc_node_error(err, map, NC_EINPUT, "missing required key '%s' in %s (%s)", key, what,
                         hint);
}

/* An input that may also name a catalog preset (`pue: hyperscaler`, `grid: us-2018`). */
static int load_input_or_preset(nc_input **out, nc_scenario *sc, const nc_node *node,
                                nc_catalog_part part, const char *path, nc_dim dim,
                                const nc_domain *dom, nc_error *err)
{
    if (is_name(node) && !is_quantity_text(node)) {
        const nc_preset *p = nc_catalog_preset(sc->catalog, part, node->text);
        if (!p)
            return nc_catalog_unknown(sc->catalog, part, node, node->text, err);
        *out = nc_input_copy(p->value);
        return *out ? 0 : nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    return nc_input_load(out, node, path, dim, dom, err);
}

/* ---- sites ----------------------------------------------------------------------------------- */

static int load_site(nc_scenario *sc, nc_site *site, const char *name, const nc_node *map,
                     nc_error *err)
{
    char what[300], path[300];
    snprintf(what, sizeof what, "site '%s'", name);
    const nc_node *pue, *ci = nc_node_get(map, "carbon_intensity");
    const nc_node *grid = nc_node_get(map, "grid"), *price = nc_node_get(map, "electricity_price");
    int rc = nc_schema_map(map, what, err);
    if (!rc)
        rc = nc_schema_keys(map, SITE_KEYS, what, err);
    if (!rc)
        rc = require(&pue, map, "pue", what,
                     "e.g. 'pue: 1.5', or a preset such as 'pue: hyperscaler'", err);
    if (!rc && ci && grid)
        rc = key_error(err, map, "grid",
                       "give either 'carbon_intensity' or 'grid' in %s, not both", what);
    if (!rc && !ci && !grid)
        rc = nc_node_error(err, map, NC_EINPUT,
                           "missing required key 'carbon_intensity' (or 'grid') in %s (e.g. "
                           "'carbon_intensity: 400 g/kWh' or 'grid: us-2018')",
                           what);
    site->name = name;
    snprintf(path, sizeof path, "sites.%s.pue", name);
    if (!rc)
        rc = load_input_or_preset(&site->pue, sc, pue, NC_CAT_PUE, path, NC_DIM_NONE,
                                  &NC_DOMAIN_PUE, err);
    snprintf(path, sizeof path, "sites.%s.carbon_intensity", name);
    int hourly = rc ? 0 : nc_realism_load_profile(sc, site, ci ? ci : grid, err);
    if (hourly < 0)
        rc = hourly;
    if (!rc && !hourly)
        rc = load_input_or_preset(&site->ci_kg_per_kwh, sc, ci ? ci : grid, NC_CAT_GRIDS, path,
                                  NC_DIM_CI, &NC_DOMAIN_NONNEG, err);
    const nc_node *cluster = nc_node_get(map, "cluster");
    if (!rc && cluster)
        rc = nc_realism_load_cluster(sc, site, cluster, err);
    snprintf(path, sizeof path, "sites.%s.electricity_price", name);
    if (!rc && price)
        rc = load_input_or_preset(&site->usd_per_kwh, sc, price, NC_CAT_PRICES, path,
                                  NC_DIM_USD_PER_KWH, &NC_DOMAIN_NONNEG, err);
    return rc;
}

static int load_sites(nc_scenario *sc, const nc_node *root, nc_error *err)
{
    const nc_node *sites;
    int rc = require(&sites, root, "sites", "the scenario",
                     "where the stages run: "
                     "'sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}'",
                     err);
    if (!rc && sites->kind != NC_NODE_MAP)
        rc = key_error(err, root, "sites",
                       "'sites' must be a mapping of site names to sites, got %s",
                       nc_node_kind_name(sites->kind));
    if (!rc && sites->n == 0)
        rc = nc_node_error(err, sites, NC_EINPUT, "'sites' is empty: name at least one site");
    if (rc)
        return rc;
    sc->sites = calloc(sites->n, sizeof *sc->sites);
    sc->site_index = calloc(1, sizeof *sc->site_index);
    if (!sc->sites || !sc->site_index ||
        nc_names_index(sc->site_index, sites, sites->n, nc_node_key_at))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < sites->n && !rc; i++, sc->n_sites++)
        rc = load_site(sc, &sc->sites[i], sites->keys[i], sites->items[i], err);
    return rc;
}

/* ---- pricing ----------------------------------------------------------------------------------- */

static int load_pricing(nc_scenario *sc, nc_pricing *pr, const nc_node *map, const char *prefix,
                        nc_error *err)
{
    static const char *const modes[] = {"on-demand", "spot", "committed"};
    char path[300];
    const nc_node *gh;
    const nc_node *owned = nc_node_get(map, "owned");
    int rc = nc_schema_map(map, "'pricing'", err);
    if (!rc)
        rc = nc_schema_keys(map, PRICING_KEYS, "'pricing'", err);
    if (!rc && owned && nc_node_get(map, "gpu_hour"))
        rc = key_error(err, map, "owned",
                       "'pricing' takes either 'gpu_hour' (cloud) or 'owned' (your hardware)");
    if (!rc && owned)
        return nc_realism_load_owned(pr, owned, prefix, err);
    if (!rc)
        rc = require(&gh, map, "gpu_hour", "'pricing'",
                     "a price per GPU-hour, on-demand, spot or committed; or 'owned: {...}'", err);
    if (rc)
        return rc;
    for (int i = 0; i < 3; i++)
        if (gh->kind == NC_NODE_SCALAR && strcmp(gh->text, modes[i]) == 0) {
            pr->mode = (nc_price_mode)(NC_PRICE_ON_DEMAND + i);
            return 0;
        }
    const char *near = is_name(gh) ? nc_suggest(gh->text, modes, 3) : NULL;
    if (near)
        return nc_node_error(err, gh, NC_EINPUT, "unknown price '%s' (did you mean '%s'?)",
                             nc_quote(gh->text).text, near);
    if (is_name(gh))
        return nc_node_error(err, gh, NC_EINPUT,
                             "expected a price per GPU-hour or one of on-demand, spot, "
                             "committed; got '%s'",
                             nc_quote(gh->text).text);
    (void)sc;
    snprintf(path, sizeof path, "%spricing.gpu_hour", prefix);
    pr->mode = NC_PRICE_INPUT;
    return nc_input_load(&pr->gpu_hour_usd, gh, path, NC_DIM_USD_PER_H, &NC_DOMAIN_NONNEG, err);
}

/* ---- stages ------------------------------------------------------------------------------------ */

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
static int load_stage_input(nc_input **out, const nc_stage *st, const nc_node *map,
                            const char *key, nc_dim dim, const nc_domain *dom, nc_error *err)
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
            return key_error(err, map, keys[i],
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
                rc = key_error(err, map, host[i],
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
        return key_error(err, map, cpu ? "cpu_w" : "dram_w",
                         "'%s' cannot go with 'host_w_per_gpu': give host power either as "
                         "host_w_per_gpu or as cpu_w + dram_w",
                         cpu ? "cpu_w" : "dram_w");
    int rc = load_stage_input(&st->host_w_per_gpu, st, map, "host_w_per_gpu", NC_DIM_POWER,
                              &NC_DOMAIN_NONNEG, err);
    if (!rc)
        rc = load_stage_input(&st->cpu_w, st, map, "cpu_w", NC_DIM_POWER, &NC_DOMAIN_NONNEG, err);
    if (!rc)
        rc = load_stage_input(&st->dram_w, st, map, "dram_w", NC_DIM_POWER, &NC_DOMAIN_NONNEG,
                              err);
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
        rc = require(&p, f, "probability", "'failures'",
                     "the chance that a trial fails, e.g. 'probability: 0.03'", err);
    snprintf(path, sizeof path, "stages.%s.failures.probability", st->name);
    if (!rc)
        rc = nc_input_load(&st->fail_p, p, path, NC_DIM_NONE, &NC_DOMAIN_FRACTION, err);
    if (!rc && retry)
        rc = nc_schema_bool(&do_retry, retry, "'retry'", err);
    if (!rc && retry && !do_retry && retries)
        rc = key_error(err, f, "retries",
                       "'retries' cannot go with 'retry: false'; remove one of them");
    if (!rc && retries && !(rc = nc_schema_int(&st->max_attempts, retries, 0, 100,
                                               "'retries'", err)))
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
static int missing_site(const nc_scenario *sc, const nc_node *map, const char *what,
                        nc_error *err)
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
    int rc = require(&trials, map, "trials", what, "how many runs, e.g. 'trials: 10'", err);
    if (!rc)
        rc = require(&hw, map, "hardware", what,
                     "the accelerator, e.g. 'hardware: v100'; `nascost catalog` lists them", err);
    if (!rc)
        rc = require(&dur, map, "duration", what, "how long one trial runs, e.g. 'duration: 5 h'",
                     err);
    if (!rc && (node = nc_node_get(map, "site")))
        rc = find_site(sc, node, &st->site, err);
    else if (!rc && sc->n_sites > 1)
        rc = missing_site(sc, map, what, err);
    st->gpus = 1;
    if (!rc && (node = nc_node_get(map, "gpus")))
        rc = nc_schema_int(&st->gpus, node, 1, NC_MAX_GPUS, "'gpus' (accelerators per trial)",
                           err);
    int trials_of = !rc && nc_realism_is_trials_of(trials);
    if (!rc && !trials_of)
        rc = load_stage_input(&st->trials, st, map, "trials", NC_DIM_NONE, &NC_DOMAIN_NONNEG,
                              err);
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
        rc = require(&name, map, "name", "a stage", "every stage has one, e.g. '- name: search'",
                     err);
    if (!rc)
        rc = nc_schema_text(&st->name, name, "a stage name", err);
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
        rc = load_pricing(sc, &st->pricing, pricing, prefix, err);
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

long nc_scenario_find_stage(const nc_scenario *sc, const char *name)
{
    long j = sc->stage_index ? nc_names_find(sc->stage_index, name) : -1;
    return j >= 0 && (size_t)j < sc->n_stages ? j : -1;
}

/* Copy the optional input at 'src' into '*dst' (NULL stays NULL). */
static int copy_input(nc_input **dst, const nc_input *src)
{
    *dst = NULL;
    return src && !(*dst = nc_input_copy(src)) ? NC_ENOMEM : 0;
}

static int copy_pricing(nc_pricing *dst, const nc_pricing *src, nc_error *err)
{
    dst->mode = src->mode;
    if (copy_input(&dst->gpu_hour_usd, src->gpu_hour_usd) ||
        copy_input(&dst->purchase_usd, src->purchase_usd) ||
        copy_input(&dst->amortise_h, src->amortise_h) ||
        copy_input(&dst->utilisation, src->utilisation))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    return 0;
}

static void free_pricing(nc_pricing *pr)
{
    nc_input_free(pr->gpu_hour_usd);
    nc_input_free(pr->purchase_usd);
    nc_input_free(pr->amortise_h);
    nc_input_free(pr->utilisation);
}

static int load_stages(nc_scenario *sc, const nc_node *root, const nc_pricing *global,
                       nc_error *err)
{
    const nc_node *stages;
    int rc = require(&stages, root, "stages", "the scenario",
                     "the steps of the pipeline, a list of '- name: ...' items", err);
    if (!rc && stages->kind != NC_NODE_SEQ)
        rc = key_error(err, root, "stages",
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
            rc = copy_pricing(&st->pricing, global, err);
    }
    return rc;
}

/* ---- the scenario ------------------------------------------------------------------------------ */

static int load_header(nc_scenario *sc, const nc_node *root, nc_error *err)
{
    const nc_node *node = nc_node_get(root, "scenario");
    int64_t v;
    int rc = nc_schema_keys(root, TOP_KEYS, "the scenario", err);
    if (!rc && !node)
        rc = nc_node_error(err, root, NC_EINPUT,
                           "missing required key 'scenario' (every scenario has a short name, "
                           "e.g. 'scenario: my-search')");
    if (!rc)
        rc = nc_schema_text(&sc->name, node, "the scenario's name", err);
    if (!rc && (node = nc_node_get(root, "title")))
        rc = nc_schema_text(&sc->title, node, "a title", err);
    if (!rc && (node = nc_node_get(root, "source")))
        rc = nc_schema_text(&sc->source, node, "a source", err);
    sc->seed = 1;
    if (!rc && (node = nc_node_get(root, "seed")) &&
        !(rc = nc_schema_int(&v, node, 0, INT64_MAX, "'seed'", err)))
        sc->seed = (uint64_t)v;
    sc->replications = 10000;
    if (!rc && (node = nc_node_get(root, "replications")))
        rc = nc_schema_int(&sc->replications, node, 1, NC_MAX_REPLICATIONS, "'replications'",
                           err);
    if (!rc)
        rc = nc_realism_load_header(sc, root, err);
    return rc;
}

static void free_index(struct nc_names **ix)
{
    if (*ix)
        nc_names_free(*ix);
    free(*ix);
    *ix = NULL;
}

static int load_model(nc_scenario *sc, const nc_load_opts *opts, nc_error *err)
{
    char models[PATH_MAX];
    const nc_node *root = sc->tree, *pricing;
    nc_pricing global = {.mode = NC_PRICE_NONE};
    int rc = load_header(sc, root, err);
    if (rc)
        return rc;
    if (opts && opts->models_dir)
        snprintf(models, sizeof models, "%s", opts->models_dir);
    else if (snprintf(models, sizeof models, "%s/models", nc_catalog_data_dir()) >=
             (int)sizeof models)
        return nc_error_set(err, NC_EINPUT, "data directory path too long");
    rc = nc_catalog_load(&sc->catalog, models, nc_node_get(root, "catalog"), err);
    if (!rc)
        rc = load_sites(sc, root, err);
    if (!rc && (pricing = nc_node_get(root, "pricing")))
        rc = load_pricing(sc, &global, pricing, "", err);
    if (!rc)
        rc = load_stages(sc, root, &global, err);
    if (!rc)
        rc = nc_realism_bind_idle(sc, err);
    if (!rc)
        rc = nc_scenario_mark_used(sc, err);
    if (!rc)
        rc = nc_input_list_build(sc, err);
    free_pricing(&global);
    free_index(&sc->site_index);
    free_index(&sc->stage_index);
    return rc;
}

/* The scenario of document 'tree' (consumed), read from 'file'. */
static int load_tree(nc_scenario **out, const char *file, nc_node *tree, int rc,
                     const nc_load_opts *opts, nc_error *err)
{
    nc_scenario *sc = calloc(1, sizeof *sc);
    *out = NULL;
    if (!sc || !(sc->file = malloc(strlen(file) + 1))) {
        free(sc);
        nc_node_free(tree);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    strcpy(sc->file, file);
    sc->tree = tree;
    for (size_t i = 0; !rc && opts && i < opts->n_sets; i++)
        rc = nc_scenario_doc_set(sc->tree, opts->sets[i], err);
    for (size_t i = 0; !rc && opts && i < opts->n_overrides; i++)
        rc = nc_scenario_doc_override(sc->tree, &opts->overrides[i], err);
    if (!rc)
        rc = load_model(sc, opts, err);
    if (rc) {
        nc_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return 0;
}

int nc_scenario_read(nc_scenario **out, const char *path, const nc_load_opts *opts, nc_error *err)
{
    nc_node *tree = NULL;
    int rc = nc_scenario_doc_load(&tree, path, err);
    return load_tree(out, path, tree, rc, opts, err);
}

int nc_scenario_read_text(nc_scenario **out, const char *text, const char *name,
                          const nc_load_opts *opts, nc_error *err)
{
    nc_node *tree = NULL;
    int rc = nc_scenario_doc_load_text(&tree, text, name, err);
    return load_tree(out, name, tree, rc, opts, err);
}

static void free_stage(nc_stage *st)
{
    nc_input_free(st->trials);
    nc_input_free(st->duration_h);
    nc_input_free(st->power);
    nc_input_free(st->host_w_per_gpu);
    nc_input_free(st->cpu_w);
    nc_input_free(st->dram_w);
    nc_input_free(st->fail_p);
    nc_input_free(st->fail_at);
    free_pricing(&st->pricing);
    nc_realism_free_stage(st);
    free(st->mix);
    free(st->mix_cum);
}

void nc_scenario_free(nc_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_stages; i++)
        free_stage(&sc->stages[i]);
    for (size_t i = 0; i < sc->n_sites; i++) {
        nc_input_free(sc->sites[i].pue);
        nc_input_free(sc->sites[i].ci_kg_per_kwh);
        nc_input_free(sc->sites[i].usd_per_kwh);
        nc_realism_free_site(&sc->sites[i]);
    }
    free(sc->stages);
    free(sc->sites);
    free(sc->profiles);
    nc_input_list_free(sc);
    nc_catalog_free(sc->catalog);
    nc_node_free(sc->tree);
    free(sc->file);
    free(sc);
}
