/* scenario_realism.c - calendars, clusters, hourly grids, early stopping, pre-emption (see
 * scenario_realism.h). */
#include "load/scenario_realism.h"
#include "base/text.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/input_check.h"
#include "load/input_load.h"
#include "realism/preempt.h"
#include "realism/profile.h"
#include "rng/rng.h"
#include "load/schema.h"
#include "base/suggest.h"

/* ---- the top level ------------------------------------------------------------------------- */

/* Days before each month in a 365-day year: profiles have no February 29. */
static const int MONTH_START[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
static const int MONTH_DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* `start: YYYY-MM-DD` or `YYYY-MM-DD HH:MM` -> the hour of the (365-day) year. */
static int load_start(nc_scenario *sc, const nc_node *node, nc_error *err)
{
    const char *text;
    int y, mo, d, hh = 0, mm = 0, n = 0;
    int rc = nc_schema_text(&text, node, "a start date", err);
    if (rc)
        return rc;
    int fields = sscanf(text, "%4d-%2d-%2d%n %2d:%2d%n", &y, &mo, &d, &n, &hh, &mm, &n);
    int ok = (fields == 3 || fields == 5) && text[n] == '\0' && mo >= 1 && mo <= 12 && d >= 1 &&
             hh >= 0 && hh < 24 && mm >= 0 && mm < 60;
    if (!ok || d > MONTH_DAYS[mo - 1])
        return nc_node_error(err, node, NC_EINPUT,
                             "expected a start date YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (hourly "
                             "profiles have 365 days: no February 29), got '%s'",
                             nc_quote(text).text);
    sc->start_hour = (double)((MONTH_START[mo - 1] + d - 1) * 24 + hh) + mm / 60.0;
    return 0;
}

int nc_realism_load_header(nc_scenario *sc, const nc_node *root, nc_error *err)
{
    const nc_node *node;
    int rc = 0;
    sc->embodied = 1;
    if ((node = nc_node_get(root, "start")))
        rc = load_start(sc, node, err);
    if (!rc && (node = nc_node_get(root, "deadline"))) {
        if (node->kind != NC_NODE_SCALAR ||
            nc_quantity_parse(node->text, NC_DIM_TIME, &sc->deadline_h, err))
            return nc_node_error(err, node, NC_EINPUT, "deadline: %s",
                                 node->kind == NC_NODE_SCALAR ? err->message
                                                              : "expected a time like 180 d");
        if (!(sc->deadline_h > 0))
            return nc_node_error(err, node, NC_EINPUT, "the deadline must be after the start");
        if ((rc = nc_quantity_check(node, "deadline", NC_DIM_TIME, sc->deadline_h, err)))
            return rc;
        sc->calendar = 1;
    }
    if (!rc && (node = nc_node_get(root, "embodied")))
        rc = nc_schema_bool(&sc->embodied, node, "'embodied' (count embodied CO2e)", err);
    return rc;
}

/* ---- sites ---------------------------------------------------------------------------------- */

int nc_realism_load_cluster(nc_scenario *sc, nc_site *site, const nc_node *cluster,
                            nc_error *err)
{
    static const char *const keys[] = {"gpus", "idle_w", "idle", NULL};
    char path[300];
    const nc_node *gpus, *idle, *mode = nc_node_get(cluster, "idle");
    int rc = nc_schema_map(cluster, "a cluster", err);
    if (!rc)
        rc = nc_schema_keys(cluster, keys, "a cluster", err);
    if (!rc)
        rc = nc_schema_require(&gpus, cluster, "gpus", "a cluster", err);
    if (!rc)
        rc = nc_schema_int(&site->cluster_gpus, gpus, 1, NC_MAX_GPUS, "'gpus' (the cluster's size)",
                           err);
    snprintf(path, sizeof path, "sites.%s.cluster.idle_w", site->name);
    if (!rc && (idle = nc_node_get(cluster, "idle_w")))
        rc = nc_input_load(&site->idle_w, idle, path, NC_DIM_POWER, &NC_DOMAIN_NONNEG, err);
    if (!rc && mode) {
        const char *text = "";
        rc = nc_schema_text(&text, mode, "'idle'", err);
        if (!rc && strcmp(text, "counted") && strcmp(text, "ignored"))
            rc = nc_node_error(err, mode, NC_EINPUT,
                               "'idle' is 'counted' (the catalog's idle power of the GPUs) or "
                               "'ignored', got '%s'",
                               nc_quote(text).text);
        if (!rc && idle && !strcmp(text, "ignored"))
            rc = nc_node_error(err, mode, NC_EINPUT, "'idle: ignored' contradicts 'idle_w'");
        if (!rc && idle && !strcmp(text, "counted"))
            rc = nc_node_error(err, mode, NC_EINPUT,
                               "'idle: counted' (the catalog's idle power) cannot go with "
                               "'idle_w' (a given idle power): give one of them");
        site->idle_counted = !rc && !strcmp(text, "counted");
    }
    sc->calendar = 1;
    return rc;
}

/* The stage map of stage 'i' in the document 'root', for positions in messages. */
static const nc_node *stage_node(const nc_node *root, size_t i)
{
    const nc_node *stages = nc_node_get(root, "stages");
    return stages && stages->kind == NC_NODE_SEQ && i < stages->n ? stages->items[i] : root;
}

/* Where site 'site' of the document 'root' says `idle: counted`, for messages. */
static const nc_node *idle_node(const nc_node *root, const nc_site *site)
{
    const nc_node *cluster = nc_node_get(nc_node_get(nc_node_get(root, "sites"), site->name),
                                         "cluster");
    const nc_node *idle = nc_node_get(cluster, "idle");
    return idle ? idle : root;
}

/* The hardware profiles the stages at a site run on: the first, and when there are two or
 * more the first other one and the stage that names it. */
typedef struct site_profiles {
    const nc_hardware *hw, *other;
    size_t stage;
} site_profiles;

/* Fill 'sp' (one per site, zeroed) in one pass over the stages. */
static void site_hardware(const nc_scenario *sc, site_profiles *sp)
{
    for (size_t j = 0; j < sc->n_stages; j++) {
        site_profiles *s = &sp[sc->stages[j].site];
        for (size_t h = 0; !s->other && h < sc->stages[j].n_mix; h++) {
            const nc_hardware *hw = sc->stages[j].mix[h].hw;
            if (s->hw && hw != s->hw)
                s->other = hw, s->stage = j;
            else
                s->hw = hw;
        }
    }
}

/*
 * `idle: counted`: the cluster's idle GPUs draw the catalog's idle power of the hardware that
 * runs there. The model's cluster (DESIGN.md, "Cluster and calendar") is one pool of
 * interchangeable GPUs: any trial runs on any free GPU, so all of them are of one kind, and
 * the idle power is defined only when every stage at the site runs on one profile. With two
 * (a mix, or stages on different hardware) the pool has no composition that would say how
 * many idle GPUs are of each kind: that is an error, not the first profile's figure.
 */
static int bind_idle(const nc_scenario *sc, const nc_node *root, nc_site *site,
                     const site_profiles *sp, nc_error *err)
{
    const nc_hardware *hw = sp->hw, *other = sp->other;
    const nc_node *at = idle_node(root, site);
    size_t j = sp->stage;
    if (other)
        return nc_node_error(err, at, NC_EINPUT,
                             "'idle: counted' is not defined at site '%s': its cluster of %lld "
                             "GPUs runs both '%s' and '%s' (stage '%s', line %d), and one pool "
                             "of interchangeable GPUs has no composition to weigh their idle "
                             "powers by; give the cluster's idle power per GPU as 'idle_w: ... "
                             "W', or run each hardware at a site of its own",
                             site->name, (long long)site->cluster_gpus, hw->id, other->id,
                             sc->stages[j].name, stage_node(root, j)->line);
    if (!hw)
        return nc_node_error(err, at, NC_EINPUT,
                             "'idle: counted' takes the idle power of the hardware that runs at "
                             "site '%s', but no stage runs there: give 'idle_w: ... W'",
                             site->name);
    if (!hw->idle_w)
        return nc_node_error(err, at, NC_EINPUT,
                             "the catalog has no idle power for '%s': give the cluster "
                             "'idle_w: ... W'",
                             hw->id);
    site->idle_w = nc_input_copy(hw->idle_w);
    return site->idle_w ? 0 : nc_error_set(err, NC_ENOMEM, "out of memory");
}

int nc_realism_bind_idle(nc_scenario *sc, const nc_node *root, nc_error *err)
{
    int rc = 0, any = 0;
    for (size_t i = 0; i < sc->n_sites; i++)
        any |= sc->sites[i].idle_counted;
    if (!any)
        return 0;
    site_profiles *sp = calloc(sc->n_sites, sizeof *sp);
    if (!sp)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    site_hardware(sc, sp);
    for (size_t i = 0; i < sc->n_sites && !rc; i++)
        if (sc->sites[i].idle_counted)
            rc = bind_idle(sc, root, &sc->sites[i], &sp[i], err);
    free(sp);
    return rc;
}

/* ---- stages --------------------------------------------------------------------------------- */

static int find_earlier(const nc_scenario *sc, size_t index, const nc_node *node, size_t *out,
                        nc_error *err)
{
    const char *name;
    int rc = nc_schema_text(&name, node, "a stage name", err);
    if (rc)
        return rc;
    long found = nc_scenario_find_stage(sc, name); /* a sorted index: O(log n) */
    if (found >= 0 && (size_t)found >= index)
        return nc_node_error(err, node, NC_EINPUT,
                             "stage '%s' must come before the stage that names it (list stages "
                             "in the order they run)",
                             name);
    if (found >= 0)
        return *out = (size_t)found, 0;
    const char *names[64];
    size_t n = index < 64 ? index : 64;
    for (size_t j = 0; j < n; j++)
        names[j] = sc->stages[j].name;
    const char *near = nc_suggest(name, names, n);
    return near ? nc_node_error(err, node, NC_EINPUT,
                                "no earlier stage named '%s' (did you mean '%s'?)",
                                nc_quote(name).text, near)
                : nc_node_error(err, node, NC_EINPUT, "no earlier stage named '%s'",
                                nc_quote(name).text);
}

static int load_after(nc_scenario *sc, nc_stage *st, size_t index, const nc_node *after,
                      nc_error *err)
{
    size_t n = after->kind == NC_NODE_SEQ ? after->n : 1;
    if (after->kind == NC_NODE_MAP)
        return nc_node_error(err, after, NC_EINPUT, "'after' lists stage names: [a, b]");
    if (!(st->after = calloc(n ? n : 1, sizeof *st->after)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = find_earlier(sc, index, after->kind == NC_NODE_SEQ ? after->items[i] : after,
                          &st->after[st->n_after++], err);
    sc->calendar = 1;
    return rc;
}

static int load_trials_of(nc_scenario *sc, nc_stage *st, size_t index, const nc_node *map,
                          nc_error *err)
{
    static const char *const keys[] = {"of", "fraction", NULL};
    const nc_node *of, *fraction;
    char path[300];
    size_t j;
    int rc = nc_schema_keys(map, keys, "a trial count taken from another stage", err);
    if (!rc)
        rc = nc_schema_require(&of, map, "of", "'trials'", err);
    if (!rc)
        rc = nc_schema_require(&fraction, map, "fraction", "'trials'", err);
    if (!rc)
        rc = find_earlier(sc, index, of, &j, err);
    snprintf(path, sizeof path, "stages.%s.trials.fraction", st->name);
    if (!rc)
        rc = nc_input_load(&st->trials_fraction, fraction, path, NC_DIM_NONE, &NC_DOMAIN_NONNEG,
                           err);
    if (!rc)
        st->trials_of = (long)j;
    return rc;
}

int nc_realism_is_trials_of(const nc_node *trials)
{
    return trials->kind == NC_NODE_MAP && nc_node_get(trials, "of") != NULL;
}

static int load_time(double *out, const nc_node *node, const char *what, nc_error *err)
{
    if (node->kind != NC_NODE_SCALAR || nc_quantity_parse(node->text, NC_DIM_TIME, out, err))
        return nc_node_error(err, node, NC_EINPUT, "%s: %s", what,
                             node->kind == NC_NODE_SCALAR ? err->message : "expected a time");
    if (!(*out > 0))
        return nc_node_error(err, node, NC_EINPUT, "%s must be a time greater than 0", what);
    return 0;
}

/* The plausibility of the time 'value' a stage gives at 'node' for 'key' (ranges.h). */
static int check_stage_time(const nc_stage *st, const nc_node *node, const char *key,
                            double value, nc_error *err)
{
    char path[300];
    snprintf(path, sizeof path, "stages.%s.%s", st->name, key);
    return node ? nc_quantity_check(node, path, NC_DIM_TIME, value, err) : 0;
}

static int load_submit(nc_scenario *sc, nc_stage *st, const nc_node *map, nc_error *err)
{
    static const char *const keys[] = {"over", "batches", NULL};
    const nc_node *over, *batches = nc_node_get(map, "batches");
    int rc = nc_schema_map(map, "'submit'", err);
    if (!rc)
        rc = nc_schema_keys(map, keys, "'submit'", err);
    if (!rc)
        rc = nc_schema_require(&over, map, "over", "'submit' (the window, e.g. 172 d)", err);
    if (!rc)
        rc = load_time(&st->submit.over_h, over, "'over'", err);
    if (!rc)
        rc = check_stage_time(st, over, "submit.over", st->submit.over_h, err);
    st->submit.mode = batches ? NC_SUBMIT_BATCHES : NC_SUBMIT_EVENLY;
    if (!rc && batches)
        rc = nc_schema_int(&st->submit.batches, batches, 1, NC_MAX_TRIALS, "'batches'", err);
    sc->calendar = 1;
    return rc;
}

static int load_number(double *out, const nc_node *map, const char *key, double fallback,
                       nc_dim dim, nc_error *err)
{
    const nc_node *node = nc_node_get(map, key);
    *out = fallback;
    if (!node)
        return 0;
    if (node->kind != NC_NODE_SCALAR || nc_quantity_parse(node->text, dim, out, err))
        return nc_node_error(err, node, NC_EINPUT, "%s: %s", key,
                             node->kind == NC_NODE_SCALAR ? err->message : "expected a number");
    return 0;
}

static int load_stopping(nc_stage *st, const nc_node *map, nc_error *err)
{
    static const char *const keys[] = {"policy", "eta", "min_budget", "max_budget",
                                       "eval_overhead", NULL};
    const nc_node *policy;
    const char *name;
    double eta, lo, hi, eval;
    int rc = nc_schema_map(map, "'early_stopping'", err);
    if (!rc)
        rc = nc_schema_keys(map, keys, "'early_stopping'", err);
    if (!rc)
        rc = nc_schema_require(&policy, map, "policy", "'early_stopping'", err);
    if (!rc)
        rc = nc_schema_text(&name, policy, "a policy", err);
    int p = rc ? 0 : nc_stopping_policy_lookup(name);
    if (!rc && p < 0)
        return nc_node_error(err, policy, NC_EINPUT,
                             "unknown early-stopping policy '%s' (expected successive_halving, "
                             "hyperband, asha or none)",
                             nc_quote(name).text);
    if (!rc)
        rc = load_number(&eta, map, "eta", NC_STOP_DEFAULT_ETA, NC_DIM_NONE, err);
    if (!rc)
        rc = load_number(&lo, map, "min_budget", 1.0 / 27.0, NC_DIM_NONE, err);
    if (!rc)
        rc = load_number(&hi, map, "max_budget", NC_STOP_DEFAULT_MAX_BUDGET, NC_DIM_NONE, err);
    if (!rc)
        rc = load_number(&eval, map, "eval_overhead", 0.0, NC_DIM_TIME, err);
    if (!rc)
        rc = check_stage_time(st, nc_node_get(map, "eval_overhead"), "early_stopping.eval_overhead",
                              eval, err);
    if (!rc && nc_stopping_init(&st->stopping, (nc_stopping_policy)p, eta, lo, hi, eval, err))
        rc = nc_node_error(err, map, NC_EINPUT, "early_stopping: %s", err->message);
    return rc;
}

static int load_preemption(nc_stage *st, const nc_node *map, nc_error *err)
{
    static const char *const keys[] = {"per_hour", "checkpoint", "restart", NULL};
    const nc_node *rate;
    char path[300];
    int rc = nc_schema_map(map, "'preemption'", err);
    if (!rc)
        rc = nc_schema_keys(map, keys, "'preemption'", err);
    if (!rc)
        rc = nc_schema_require(&rate, map, "per_hour", "'preemption' (the hazard per hour)", err);
    snprintf(path, sizeof path, "stages.%s.preemption.per_hour", st->name);
    if (!rc)
        rc = nc_input_load(&st->preempt_per_h, rate, path, NC_DIM_NONE, &NC_DOMAIN_NONNEG, err);
    const nc_node *cp = nc_node_get(map, "checkpoint"), *restart = nc_node_get(map, "restart");
    snprintf(path, sizeof path, "stages.%s.preemption.checkpoint", st->name);
    if (!rc && cp)
        rc = nc_input_load(&st->checkpoint_h, cp, path, NC_DIM_TIME, &NC_DOMAIN_NONNEG, err);
    snprintf(path, sizeof path, "stages.%s.preemption.restart", st->name);
    if (!rc && restart)
        rc = nc_input_load(&st->restart_h, restart, path, NC_DIM_TIME, &NC_DOMAIN_NONNEG, err);
    if (!rc && nc_preempt_check(nc_input_nominal(st->preempt_per_h),
                                st->checkpoint_h ? nc_input_nominal(st->checkpoint_h) : 0.0,
                                st->restart_h ? nc_input_nominal(st->restart_h) : 0.0, err))
        rc = nc_node_error(err, map, NC_EINPUT, "preemption: %s", err->message);
    return rc;
}

static int load_carbon_aware(nc_scenario *sc, nc_stage *st, const nc_node *map, nc_error *err)
{
    static const char *const keys[] = {"max_delay", NULL};
    const nc_node *delay;
    const nc_site *site = &sc->sites[st->site];
    int rc = nc_schema_map(map, "'carbon_aware'", err);
    if (!rc)
        rc = nc_schema_keys(map, keys, "'carbon_aware'", err);
    if (!rc)
        rc = nc_schema_require(&delay, map, "max_delay", "'carbon_aware'", err);
    if (!rc)
        rc = load_time(&st->carbon_delay_h, delay, "'max_delay'", err);
    if (!rc)
        rc = check_stage_time(st, delay, "carbon_aware.max_delay", st->carbon_delay_h, err);
    if (!rc && !site->profile)
        return nc_node_error(err, map, NC_EINPUT,
                             "carbon_aware needs an hourly grid at site '%s' (carbon_intensity: "
                             "{profile: ...})",
                             site->name);
    if (!rc && st->carbon_delay_h > NC_PROFILE_HOURS)
        return nc_node_error(err, delay, NC_EINPUT, "max_delay is longer than a year");
    if (!rc && !(st->carbon_delay = malloc(NC_PROFILE_HOURS * sizeof *st->carbon_delay)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = nc_profile_argmin_window(site->profile, (int)floor(st->carbon_delay_h),
                                      st->carbon_delay, err);
    return rc;
}

static void set_keys(nc_stage *st)
{
    char path[300];
    snprintf(path, sizeof path, "stages.%s.submit", st->name);
    st->key_submit = nc_rng_key(path);
    snprintf(path, sizeof path, "stages.%s.early_stopping", st->name);
    st->key_stopping = nc_rng_key(path);
    snprintf(path, sizeof path, "stages.%s.preemption", st->name);
    st->key_preempt = nc_rng_key(path);
}

int nc_realism_load_stage(nc_scenario *sc, nc_stage *st, size_t index, const nc_node *map,
                          nc_error *err)
{
    const nc_node *node;
    int rc = 0;
    st->trials_of = -1;
    set_keys(st);
    if ((node = nc_node_get(map, "trials")) && nc_realism_is_trials_of(node))
        rc = load_trials_of(sc, st, index, node, err);
    if (!rc && (node = nc_node_get(map, "after")))
        rc = load_after(sc, st, index, node, err);
    if (!rc && (node = nc_node_get(map, "submit")))
        rc = load_submit(sc, st, node, err);
    if (!rc && (node = nc_node_get(map, "early_stopping")))
        rc = load_stopping(st, node, err);
    if (!rc && (node = nc_node_get(map, "preemption")))
        rc = load_preemption(st, node, err);
    if (!rc && (node = nc_node_get(map, "carbon_aware")))
        rc = load_carbon_aware(sc, st, node, err);
    const nc_site *site = &sc->sites[st->site];
    if (!rc && site->cluster_gpus > 0 && st->gpus > site->cluster_gpus)
        rc = nc_node_error(err, nc_node_get(map, "gpus") ? nc_node_get(map, "gpus") : map,
                           NC_EINPUT,
                           "stage '%s' needs %lld GPUs per trial but site '%s' has a cluster of "
                           "%lld: no trial could ever start",
                           st->name, (long long)st->gpus, site->name,
                           (long long)site->cluster_gpus);
    return rc;
}
