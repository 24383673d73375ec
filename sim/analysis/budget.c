/* budget.c - quantiles to ask for, caps, and the searches over trials and GPUs (see budget.h). */
#include "analysis/budget.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats/mcse.h"
#include "base/metrics.h"
#include "base/suggest.h"
#include "load/scenario_load.h"

#define CAP_EXPECTS "--cap expects an amount with a unit: 50000USD, 20t, 80MWh or 30000gpu_h"
#define BIT(m)      (1u << (unsigned)(m))

/* ITP's parameters (Oliveira & Takahashi 2020, sec. 3): kappa2 = 2 and n0 = 1 as they
 * recommend; kappa1 = ITP_KAPPA1 / (the first bracket's width), so the first probe moves 5% of
 * the bracket from the interpolated guess towards the middle, later ones far less. On
 * lisa-rnd (caps 20-90 t; GPUs at confidence 0.2-0.6, -n 500) 0.01, 0.05 and 0.2 all needed
 * 6-9 runs per search, against 13-14 for plain bisection over the trials. */
#define ITP_KAPPA1 0.05
#define ITP_N0     1

/* ---- caps ------------------------------------------------------------------------------------ */

/* Is [unit, unit + len) a spelling of GPU-hours ("gpu_h", "GPU-h", "gpu_hours", ...)? */
static int is_gpu_hours(const char *unit, size_t len)
{
    static const char *const names[] = {"gpu_h",    "gpu-h",     "gpu_hour",
                                        "gpu-hour", "gpu_hours", "gpu-hours"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t k = 0;
        while (k < len && names[i][k] && tolower((unsigned char)unit[k]) == names[i][k])
            k++;
        if (k == len && !names[i][k])
            return 1;
    }
    return 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Copy 'text' without the blanks around it into 'out' (NC_EINPUT if it does not fit). */
static int trim_copy(char *out, size_t size, const char *text, nc_error *err)
{
    while (is_blank(*text))
        text++;
    size_t len = strlen(text);
    while (len > 0 && is_blank(text[len - 1]))
        len--;
    if (len == 0)
        return nc_error_set(err, NC_EINPUT, CAP_EXPECTS "; got nothing");
    if (len >= size)
        return nc_error_set(err, NC_EINPUT, CAP_EXPECTS "; got '%.24s...'", text);
    memcpy(out, text, len);
    out[len] = '\0';
    return 0;
}

/* "30000gpu_h": the number before the unit, read as a plain number; nothing after the unit. */
static int parse_gpu_hours(nc_budget_cap *out, const char *number_end, const char *unit_end,
                           nc_error *err)
{
    char number[64];
    snprintf(number, sizeof number, "%.*s", (int)(number_end - out->text), out->text);
    out->kind = NC_CAP_GPU_HOURS;
    while (is_blank(*unit_end))
        unit_end++;
    if (*unit_end)
        return nc_error_set(err, NC_EINPUT, CAP_EXPECTS "; unexpected '%s' in '%s'", unit_end,
                            out->text);
    if (nc_quantity_parse(number, NC_DIM_NONE, &out->value, err))
        return nc_error_prefix(err, CAP_EXPECTS "; "), NC_EINPUT;
    return 0;
}

/* The dimension of units.h a cap of kind 'kind' is written in (GPU-hours have none). */
static nc_dim dim_of(nc_cap_kind kind)
{
    static const nc_dim dims[] = {NC_DIM_MASS, NC_DIM_ENERGY, NC_DIM_MONEY, NC_DIM__COUNT,
                                  NC_DIM_TIME};
    return dims[kind];
}

static int kind_of(nc_cap_kind *kind, nc_dim dim)
{
    static const nc_cap_kind kinds[] = {NC_CAP_MASS, NC_CAP_ENERGY, NC_CAP_MONEY, NC_CAP_TIME};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (dim_of(kinds[i]) == dim)
            return *kind = kinds[i], 0;
    return -1;
}

/* A unit of units.h ("t", "MWh", "$", "kUSD"): its dimension picks the kind, and
 * nc_quantity_parse reads the whole text (so "$50000" and "1.5 GWh" work as in scenarios). */
static int parse_unit(nc_budget_cap *out, const char *unit, size_t len, nc_error *err)
{
    char symbol[64];
    nc_dim dim = NC_DIM_MONEY;
    double factor;
    snprintf(symbol, sizeof symbol, "%.*s", (int)len, unit);
    if (len && nc_unit_lookup(symbol, &dim, &factor, err))
        return nc_error_prefix(err, CAP_EXPECTS "; in '%s': ", out->text), NC_EINPUT;
    if (kind_of(&out->kind, dim))
        return nc_error_set(err, NC_EINPUT, CAP_EXPECTS "; '%s' is %s%s", out->text,
                            dim == NC_DIM_ENERGY ? "an " : "a ", nc_dim_name(dim));
    if (nc_quantity_parse(out->text, dim, &out->value, err))
        return nc_error_prefix(err, CAP_EXPECTS "; "), NC_EINPUT;
    return 0;
}

int nc_budget_cap_parse(nc_budget_cap *out, const char *text, nc_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = trim_copy(out->text, sizeof out->text, text ? text : "", err);
    if (rc)
        return rc;
    int dollar = out->text[0] == '$';
    const char *number = out->text + dollar, *unit;
    char *end;
    strtod(number, &end);
    if (end == number)
        return nc_error_set(err, NC_EINPUT, CAP_EXPECTS "; got '%s'", out->text);
    for (unit = end; is_blank(*unit);)
        unit++;
    size_t len = strcspn(unit, " \t");
    if (!len && !dollar)
        return nc_error_set(err, NC_EINPUT, CAP_EXPECTS "; '%s' has no unit", out->text);
    rc = !dollar && is_gpu_hours(unit, len) ? parse_gpu_hours(out, end, unit + len, err)
                                            : parse_unit(out, unit, len, err);
    if (!rc && !(out->value > 0))
        rc = nc_error_set(err, NC_EINPUT, "--cap must be more than 0, got '%s'", out->text);
    return rc;
}

/* ---- metrics --------------------------------------------------------------------------------- */

static const nc_budget_metric COST = {BIT(NC_M_CLOUD_USD) | BIT(NC_M_ELECTRICITY_USD) |
                                          BIT(NC_M_HARDWARE_USD),
                                      "cost_usd", "cost (all)", "USD"};
static const nc_budget_metric OWNED = {BIT(NC_M_ELECTRICITY_USD) | BIT(NC_M_HARDWARE_USD),
                                       "electricity_usd+hardware_usd", "electricity + hardware",
                                       "USD"};

static nc_budget_metric single(nc_metric m)
{
    const char *label = nc_metric_label(m);
    nc_budget_metric out = {BIT(m), nc_metric_name(m), label + strspn(label, " "),
                            nc_metric_unit(m)};
    return out;
}

int nc_budget_metric_lookup(nc_budget_metric *out, const char *name, nc_error *err)
{
    /* The metrics people cap first, so that "co2e" suggests co2e_kg (nc_suggest takes the
     * first name that contains the word); then every other metric. */
    static const nc_metric common[] = {NC_M_CO2E_KG,      NC_M_FACILITY_KWH,    NC_M_GPU_HOURS,
                                       NC_M_CLOUD_USD,    NC_M_ELECTRICITY_USD, NC_M_HARDWARE_USD,
                                       NC_M_MAKESPAN_DAYS};
    const char *names[NC_M__COUNT + 8];
    size_t n = 0;
    int m = nc_metric_lookup(name);
    if (m >= 0)
        return *out = single((nc_metric)m), 0;
    if (!strcmp(name, COST.name))
        return *out = COST, 0;
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        names[n++] = nc_metric_name(common[i]);
    names[n++] = COST.name;
    for (int i = 0; i < NC_M__COUNT; i++)
        names[n++] = nc_metric_name((nc_metric)i);
    const char *near = nc_suggest(name, names, n);
    if (near)
        return nc_error_set(err, NC_EINPUT, "--metric: unknown metric '%s' (did you mean '%s'?)",
                            name, near);
    return nc_error_set(err, NC_EINPUT,
                        "--metric: unknown metric '%s' (co2e_kg, facility_kwh, gpu_hours, "
                        "cloud_usd, cost_usd, ...: see `nascost run -f csv`)",
                        name);
}

static int has_cloud_price(const nc_scenario *sc)
{
    for (size_t i = 0; i < sc->n_stages; i++) {
        nc_price_mode mode = sc->stages[i].pricing.mode;
        if (mode != NC_PRICE_NONE && mode != NC_PRICE_OWNED)
            return 1;
    }
    return 0;
}

int nc_budget_metric_for_cap(nc_budget_metric *out, const nc_budget_cap *cap, const nc_scenario *sc,
                             nc_error *err)
{
    switch (cap->kind) {
    case NC_CAP_MASS:
        return *out = single(NC_M_CO2E_KG), 0;
    case NC_CAP_ENERGY:
        return *out = single(NC_M_FACILITY_KWH), 0;
    case NC_CAP_GPU_HOURS:
        return *out = single(NC_M_GPU_HOURS), 0;
    case NC_CAP_MONEY:
        return *out = has_cloud_price(sc) ? single(NC_M_CLOUD_USD) : OWNED, 0;
    default:
        return nc_error_set(err, NC_EINPUT,
                            "--cap '%s' is a time: write GPU-hours as '30000gpu_h', or say "
                            "which time it bounds with --metric makespan_days",
                            cap->text);
    }
}

static const char *kind_name(nc_cap_kind kind)
{
    static const char *const names[] = {"a mass", "an energy", "money", "GPU-hours", "a time"};
    return names[kind];
}

int nc_budget_cap_in(double *out, const nc_budget_cap *cap, const nc_budget_metric *metric,
                     nc_error *err)
{
    nc_dim dim = NC_DIM_NONE;
    double factor = 1.0;
    if (metric->unit[0] && nc_unit_lookup(metric->unit, &dim, &factor, err))
        return NC_EINTERNAL; /* every metric's unit is one of units.h */
    int fits = cap->kind == NC_CAP_GPU_HOURS ? metric->mask == BIT(NC_M_GPU_HOURS)
                                             : metric->unit[0] && dim == dim_of(cap->kind);
    if (!fits)
        return nc_error_set(err, NC_EINPUT, "--cap '%s' is %s: it cannot bound %s (%s)", cap->text,
                            kind_name(cap->kind), metric->name,
                            metric->unit[0] ? metric->unit : "a number without a unit");
    *out = cap->value / factor;
    return 0;
}

double nc_budget_value(const nc_result *res, int64_t rep, const nc_budget_metric *metric)
{
    const double *total = nc_result_total(res, rep);
    double sum = 0.0;
    for (int m = 0; m < NC_M__COUNT; m++)
        if (metric->mask & BIT(m))
            sum += total[m];
    return sum;
}

/* ---- statistics of one run ------------------------------------------------------------------- */

/* The fewest replications k (1..n) with k / n >= c, computed as nc_budget_under divides. */
static size_t decisive_rank(size_t n, double confidence)
{
    size_t k = (size_t)ceil(confidence * (double)n);
    k = k < 1 ? 1 : k > n ? n : k;
    while (k > 1 && (double)(k - 1) / (double)n >= confidence)
        k--;
    while (k < n && (double)k / (double)n < confidence)
        k++;
    return k;
}

int nc_budget_quantile(nc_budget_amount *out, const nc_result *res, const nc_budget_metric *metric,
                       double confidence, nc_error *err)
{
    size_t n = (size_t)res->replications;
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        sorted[i] = nc_budget_value(res, (int64_t)i, metric);
    gsl_sort(sorted, 1, n);
    out->metric = *metric;
    out->value = gsl_stats_quantile_from_sorted_data(sorted, 1, n, confidence);
    out->median = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.5);
    out->se = nc_mcse_quantile_sorted(sorted, n, confidence);
    out->decisive = sorted[decisive_rank(n, confidence) - 1];
    free(sorted);
    return 0;
}

static nc_budget_prob binomial(int64_t under, int64_t n)
{
    double p = (double)under / (double)n;
    nc_budget_prob out = {p, sqrt(p * (1.0 - p) / (double)n), under, n};
    return out;
}

nc_budget_prob nc_budget_under(const nc_result *res, const nc_budget_metric *metric, double cap)
{
    int64_t under = 0;
    for (int64_t i = 0; i < res->replications; i++)
        under += nc_budget_value(res, i, metric) <= cap;
    return binomial(under, res->replications);
}

nc_budget_prob nc_budget_on_time(const nc_result *res)
{
    int64_t on_time = 0;
    for (int64_t i = 0; i < res->replications; i++)
        on_time += nc_result_total(res, i)[NC_M_ON_TIME] > 0.5;
    return binomial(on_time, res->replications);
}

static int no_trial_waited(const nc_result *res)
{
    for (int64_t i = 0; i < res->replications; i++)
        if (nc_result_total(res, i)[NC_M_QUEUE_WAIT_HOURS] > 0.0)
            return 0;
    return 1;
}

/* ---- one probe of a search: load with one more --set, run, measure ------------------------- */

typedef struct search {
    const nc_budget_opts *o;
    char set[512];           /* "stages.NAME.trials=" and the value */
    size_t prefix;           /* length of the part before the value */
    nc_budget_metric metric; /* what is capped; makespan_days for the GPU search */
    double target;           /* the cap; the deadline in days for the GPU search */
    int gpus;                /* 1: the GPU search (P(on time), more x is better) */
    nc_budget_search *out;
} search;

static int measure(const search *s, const nc_result *res, int64_t x, nc_budget_probe *probe,
                   nc_error *err)
{
    nc_budget_amount q;
    int rc = nc_budget_quantile(&q, res, &s->metric, s->o->confidence, err);
    probe->x = x;
    probe->prob = s->gpus ? nc_budget_on_time(res) : nc_budget_under(res, &s->metric, s->target);
    probe->q = q.value;
    probe->decisive = q.decisive;
    probe->no_wait = no_trial_waited(res);
    return rc;
}

static int load_with(nc_scenario **sc, const nc_budget_opts *o, const char *more, nc_error *err)
{
    const char **sets = calloc(o->n_sets + 1, sizeof *sets);
    if (!sets)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (o->n_sets)
        memcpy(sets, o->sets, o->n_sets * sizeof *sets);
    sets[o->n_sets] = more;
    nc_load_opts lo = {.version = NC_LOAD_OPTS_VERSION,
                       .sets = sets,
                       .n_sets = o->n_sets + (more != NULL),
                       .models_dir = o->models_dir};
    int rc = nc_scenario_read(sc, o->path, &lo, err);
    free(sets);
    return rc;
}

/* Run the scenario with the searched value at 'x' into '*probe' (and the search's record). */
static int probe_at(search *s, int64_t x, nc_budget_probe *probe, nc_error *err)
{
    nc_budget_search *out = s->out;
    nc_scenario *sc = NULL;
    nc_result *res = NULL;
    if (out->n_probes == NC_BUDGET_MAX_PROBES)
        return nc_error_set(err, NC_EINTERNAL, "the search made %d runs without ending",
                            NC_BUDGET_MAX_PROBES);
    snprintf(s->set + s->prefix, sizeof s->set - s->prefix, "%lld", (long long)x);
    int rc = load_with(&sc, s->o, s->set, err);
    if (!rc)
        rc = nc_engine_run(&res, sc, &s->o->run, err);
    if (!rc)
        rc = measure(s, res, x, probe, err);
    if (!rc)
        out->probes[out->n_probes++] = *probe;
    nc_result_free(res);
    nc_scenario_free(sc);
    return rc;
}

/* The first probe, at the scenario's own value 'x': the caller's run of it when 'reuse'. */
static int probe_first(search *s, int64_t x, int reuse, nc_budget_probe *probe, nc_error *err)
{
    if (!reuse || !s->o->base)
        return probe_at(s, x, probe, err);
    int rc = measure(s, s->o->base, x, probe, err);
    if (!rc)
        s->out->probes[s->out->n_probes++] = *probe;
    return rc;
}

static int meets(const search *s, const nc_budget_probe *p)
{
    return p->prob.p >= s->o->confidence;
}

/* ---- ITP between a probe that meets the confidence and one that does not ------------------- */

static int ceil_log2(int64_t w)
{
    int k = 0;
    while (k < 62 && ((int64_t)1 << k) < w)
        k++;
    return k;
}

/*
 * The next value to probe strictly between a->x < b->x (b->x - a->x >= 2), step 'j' of at
 * most 'n_max'. The surrogate y = decisive - target is <= 0 exactly where the confidence
 * holds; regula falsi on it gives x_f, which ITP truncates towards the middle by
 * delta = kappa1 w^2 and projects into the ball of radius r = eps 2^(n_max - j) - w / 2 around
 * the middle (eps = 1/2: integers), so the bracket is never wider than bisection's after n0
 * more steps. Should the signs not differ (a makespan in days against on_time in hours, at
 * the last bit): the middle.
 */
static int64_t itp_point(const nc_budget_probe *a, const nc_budget_probe *b, double target,
                         double kappa1, int n_max, int j)
{
    double xa = (double)a->x, xb = (double)b->x;
    double ya = a->decisive - target, yb = b->decisive - target;
    double w = xb - xa, half = 0.5 * (xa + xb), xf = half;
    if (isfinite(ya) && isfinite(yb) && ((ya <= 0 && yb > 0) || (ya > 0 && yb <= 0)))
        xf = (yb * xa - ya * xb) / (yb - ya);
    double sigma = half > xf ? 1.0 : half < xf ? -1.0 : 0.0;
    double delta = kappa1 * w * w;
    double xt = delta <= fabs(half - xf) ? xf + sigma * delta : half;
    double r = fmax(0.0, ldexp(0.5, n_max - j) - 0.5 * w);
    double xi = fabs(xt - half) <= r ? xt : half - sigma * r;
    double x = fmin(fmax(round(xi), xa + 1.0), xb - 1.0);
    return (int64_t)x;
}

/* Narrow 'good' (meets) and 'bad' (does not) until they are neighbours. */
static int narrow(search *s, nc_budget_probe *good, nc_budget_probe *bad, nc_error *err)
{
    int64_t w = llabs(good->x - bad->x);
    int n_max = ceil_log2(w) + ITP_N0, rc = 0;
    double kappa1 = ITP_KAPPA1 / (double)w;
    for (int j = 0; !rc && llabs(good->x - bad->x) > 1; j++) {
        const nc_budget_probe *a = good->x < bad->x ? good : bad;
        const nc_budget_probe *b = a == good ? bad : good;
        nc_budget_probe p;
        rc = probe_at(s, itp_point(a, b, s->target, kappa1, n_max, j), &p, err);
        if (!rc)
            *(meets(s, &p) ? good : bad) = p;
    }
    return rc;
}

static void found(nc_budget_search *out, int met, const nc_budget_probe *at,
                  const nc_budget_probe *beside)
{
    out->met = met;
    out->x = at->x;
    out->at = *at;
    out->has_beside = beside != NULL;
    if (beside)
        out->beside = *beside;
}

/* ---- names ----------------------------------------------------------------------------------- */

static int unknown_name(const char *what, const char *name, const char *const *names, size_t n,
                        const char *file, nc_error *err)
{
    char list[512] = "";
    size_t at = 0;
    for (size_t i = 0; i < n && at < sizeof list; i++) {
        int k = snprintf(list + at, sizeof list - at, "%s'%s'", i ? ", " : "", names[i]);
        at += k > 0 ? (size_t)k : 0;
    }
    const char *near = nc_suggest(name, names, n);
    if (near)
        nc_error_set(err, NC_EINPUT, "no %s named '%s' (did you mean '%s'?)", what, name, near);
    else
        nc_error_set(err, NC_EINPUT, "no %s named '%s'; the scenario's %ss: %s", what, name, what,
                     list);
    nc_error_at(err, file, 0, 0);
    return NC_EINPUT;
}

static int find_stage(size_t *out, const nc_scenario *sc, const char *name, nc_error *err)
{
    const char **names = calloc(sc->n_stages, sizeof *names);
    int rc = names ? NC_EINPUT : nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; names && i < sc->n_stages; i++) {
        names[i] = sc->stages[i].name;
        if (!strcmp(names[i], name))
            rc = (*out = i, 0);
    }
    if (rc == NC_EINPUT)
        unknown_name("stage", name, names, sc->n_stages, sc->file, err);
    free(names);
    return rc;
}

/* The site named 'name', which must have a cluster, in a scenario with a deadline. */
static int find_cluster(size_t *out, const nc_scenario *sc, const char *name, nc_error *err)
{
    const char **names = calloc(sc->n_sites, sizeof *names);
    int rc = names ? NC_EINPUT : nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; names && i < sc->n_sites; i++) {
        names[i] = sc->sites[i].name;
        if (!strcmp(names[i], name))
            rc = (*out = i, 0);
    }
    if (rc == NC_EINPUT)
        unknown_name("site", name, names, sc->n_sites, sc->file, err);
    free(names);
    if (!rc && sc->deadline_h <= 0)
        rc = nc_error_set(err, NC_EINPUT,
                          "--gpus needs a deadline: add `deadline: 180 d` to the scenario (or "
                          "--set deadline=180d)");
    if (!rc && sc->sites[*out].cluster_gpus == 0)
        rc = nc_error_set(err, NC_EINPUT,
                          "--gpus: site '%s' has no cluster (unlimited GPUs); give it one, e.g. "
                          "--set 'sites.%s.cluster={gpus: 60}'",
                          name, name);
    if (rc == NC_EINPUT && !err->file[0])
        nc_error_at(err, sc->file, 0, 0);
    return rc;
}

/* ---- the trial search ------------------------------------------------------------------------ */

/* The stage's nominal trial count: its own, or its share of another stage's. */
static int64_t nominal_trials(const nc_scenario *sc, size_t i, int depth)
{
    const nc_stage *st = &sc->stages[i];
    if (st->trials)
        return (int64_t)llround(nc_input_nominal(st->trials));
    if (st->trials_of < 0 || depth > 16)
        return 1;
    double of = (double)nominal_trials(sc, (size_t)st->trials_of, depth + 1);
    return (int64_t)llround(of * nc_input_nominal(st->trials_fraction));
}

/* Double from 'good' while the confidence holds; '*bad' gets the first probe that breaks it.
 * Returns 1 when NC_MAX_TRIALS still holds. */
static int double_trials(search *s, nc_budget_probe *good, nc_budget_probe *bad, int *rc,
                         nc_error *err)
{
    while (!*rc) {
        if (good->x >= NC_MAX_TRIALS)
            return 1;
        int64_t x = good->x ? good->x * 2 : 1;
        nc_budget_probe p;
        *rc = probe_at(s, x < NC_MAX_TRIALS ? x : NC_MAX_TRIALS, &p, err);
        if (!*rc && !meets(s, &p))
            return *bad = p, 0;
        if (!*rc)
            *good = p;
    }
    return 0;
}

static int search_trials(search *s, const nc_stage *st, int64_t n0, nc_error *err)
{
    nc_budget_probe good, bad, first;
    nc_budget_search *out = s->out;
    int reuse = st->trials && !st->trials->random && st->trials_of < 0;
    int rc = probe_first(s, n0, reuse, &first, err);
    if (!rc && meets(s, &first)) {
        good = first;
        if (double_trials(s, &good, &bad, &rc, err)) {
            out->limit = 1;
            return found(out, 1, &good, NULL), 0;
        }
    } else if (!rc) {
        bad = first;
        if (n0 == 0)
            return found(out, 0, &first, NULL), 0;
        rc = probe_at(s, 0, &good, err);
        if (!rc && !meets(s, &good))
            return found(out, 0, &good, NULL), 0;
    }
    if (!rc)
        rc = narrow(s, &good, &bad, err);
    if (!rc)
        found(out, 1, &good, &bad);
    return rc;
}

int nc_budget_max_trials(nc_budget_search *out, const nc_budget_opts *o, const char *stage,
                         const nc_budget_metric *metric, double cap, nc_error *err)
{
    double t0 = omp_get_wtime();
    nc_scenario *sc = NULL;
    size_t i = 0;
    search s = {o, "", 0, *metric, cap, 0, out};
    memset(out, 0, sizeof *out);
    int rc = load_with(&sc, o, NULL, err);
    if (!rc)
        rc = find_stage(&i, sc, stage, err);
    if (!rc) {
        int n = snprintf(s.set, sizeof s.set, "stages.%s.trials=", stage);
        s.prefix = n > 0 && (size_t)n < sizeof s.set - 24 ? (size_t)n : 0;
        rc = s.prefix ? search_trials(&s, &sc->stages[i], nominal_trials(sc, i, 0), err)
                      : nc_error_set(err, NC_EINPUT, "stage name too long: '%s'", stage);
    }
    nc_scenario_free(sc);
    out->elapsed_s = omp_get_wtime() - t0;
    return rc;
}

/* ---- the GPU search -------------------------------------------------------------------------- */

/* The most GPUs one trial at site 'site' asks for: fewer cannot run it. */
static int64_t gpus_needed(const nc_scenario *sc, size_t site)
{
    int64_t most = 1;
    for (size_t i = 0; i < sc->n_stages; i++)
        if (sc->stages[i].site == site && sc->stages[i].gpus > most)
            most = sc->stages[i].gpus;
    return most;
}

/* Halve from 'good' while the confidence holds, down to 'k_min'. Returns 1 at k_min. */
static int halve_gpus(search *s, nc_budget_probe *good, nc_budget_probe *bad, int64_t k_min,
                      int *rc, nc_error *err)
{
    while (!*rc) {
        if (good->x <= k_min)
            return 1;
        nc_budget_probe p;
        *rc = probe_at(s, good->x / 2 > k_min ? good->x / 2 : k_min, &p, err);
        if (!*rc && !meets(s, &p))
            return *bad = p, 0;
        if (!*rc)
            *good = p;
    }
    return 0;
}

/* Double from 'bad' until the confidence holds. Returns 1 when it cannot: no trial waited
 * (more GPUs change nothing) or NC_MAX_GPUS. */
static int double_gpus(search *s, nc_budget_probe *good, nc_budget_probe *bad, int *rc,
                       nc_error *err)
{
    while (!*rc) {
        if (bad->no_wait || bad->x >= NC_MAX_GPUS)
            return 1;
        nc_budget_probe p;
        *rc = probe_at(s, bad->x * 2 < NC_MAX_GPUS ? bad->x * 2 : NC_MAX_GPUS, &p, err);
        if (!*rc && meets(s, &p))
            return *good = p, 0;
        if (!*rc)
            *bad = p;
    }
    return 0;
}

static int search_gpus(search *s, int64_t k0, int64_t k_min, nc_error *err)
{
    nc_budget_probe good, bad, first;
    nc_budget_search *out = s->out;
    int rc = probe_first(s, k0, 1, &first, err);
    if (!rc && meets(s, &first)) {
        good = first;
        if (halve_gpus(s, &good, &bad, k_min, &rc, err)) {
            out->limit = 1;
            return found(out, 1, &good, NULL), 0;
        }
    } else if (!rc) {
        bad = first;
        if (double_gpus(s, &good, &bad, &rc, err)) {
            out->limit = 1;
            return found(out, 0, &bad, NULL), 0;
        }
    }
    if (!rc)
        rc = narrow(s, &good, &bad, err);
    if (!rc)
        found(out, 1, &good, &bad);
    return rc;
}

int nc_budget_min_gpus(nc_budget_search *out, const nc_budget_opts *o, const char *site,
                       nc_error *err)
{
    double t0 = omp_get_wtime();
    nc_scenario *sc = NULL;
    size_t i = 0;
    search s = {o, "", 0, single(NC_M_MAKESPAN_DAYS), 0.0, 1, out};
    memset(out, 0, sizeof *out);
    int rc = load_with(&sc, o, NULL, err);
    if (!rc)
        rc = find_cluster(&i, sc, site, err);
    if (!rc) {
        int n = snprintf(s.set, sizeof s.set, "sites.%s.cluster.gpus=", site);
        s.prefix = n > 0 && (size_t)n < sizeof s.set - 24 ? (size_t)n : 0;
        s.target = sc->deadline_h / 24.0;
        rc = s.prefix ? search_gpus(&s, sc->sites[i].cluster_gpus, gpus_needed(sc, i), err)
                      : nc_error_set(err, NC_EINPUT, "site name too long: '%s'", site);
    }
    nc_scenario_free(sc);
    out->elapsed_s = omp_get_wtime() - t0;
    return rc;
}

/* ---- the whole command ----------------------------------------------------------------------- */

/* The quantiles to ask for: the resources that are not zero everywhere, the cost of all of
 * them when there are several, and the calendar. */
static int add_quantiles(nc_budget *b, nc_error *err)
{
    static const nc_metric wanted[] = {NC_M_GPU_HOURS, NC_M_FACILITY_KWH,    NC_M_CO2E_KG,
                                       NC_M_CLOUD_USD, NC_M_ELECTRICITY_USD, NC_M_HARDWARE_USD};
    int rc = 0, costs = 0;
    for (size_t i = 0; !rc && i < sizeof wanted / sizeof wanted[0]; i++) {
        nc_budget_metric m = single(wanted[i]);
        nc_budget_amount *q = &b->quantiles[b->n_quantiles];
        rc = nc_budget_quantile(q, b->res, &m, b->confidence, err);
        if (rc || nc_budget_under(b->res, &m, 0.0).p == 1.0)
            continue; /* zero (or less) everywhere: not asked for */
        b->n_quantiles++;
        costs += (m.mask & COST.mask) != 0;
    }
    if (!rc && costs > 1)
        rc = nc_budget_quantile(&b->quantiles[b->n_quantiles++], b->res, &COST, b->confidence, err);
    nc_budget_metric makespan = single(NC_M_MAKESPAN_DAYS);
    if (!rc)
        rc = nc_budget_quantile(&b->quantiles[b->n_quantiles++], b->res, &makespan, b->confidence,
                                err);
    return rc;
}

static int add_cap(nc_budget *b, const nc_budget_request *req, nc_error *err)
{
    int rc = nc_budget_cap_parse(&b->cap, req->cap, err);
    if (!rc)
        rc = req->metric ? nc_budget_metric_lookup(&b->cap_metric, req->metric, err)
                         : nc_budget_metric_for_cap(&b->cap_metric, &b->cap, b->sc, err);
    if (!rc)
        rc = nc_budget_cap_in(&b->cap_value, &b->cap, &b->cap_metric, err);
    b->has_cap = !rc;
    return rc;
}

/* What can be checked before anything runs: the request's shape, the names, the cap. */
static int check_request(nc_budget *b, const nc_budget_request *req, nc_error *err)
{
    size_t i;
    if (!(req->opts.confidence > 0.0 && req->opts.confidence < 1.0))
        return nc_error_set(err, NC_EINPUT, "--confidence must be between 0 and 1, got %g",
                            req->opts.confidence);
    if (req->stage && !req->cap)
        return nc_error_set(err, NC_EINPUT,
                            "--stage needs --cap: it finds the most trials that fit under a cap");
    if (req->metric && !req->cap)
        return nc_error_set(err, NC_EINPUT, "--metric needs --cap: it says what the cap bounds");
    int rc = req->stage ? find_stage(&i, b->sc, req->stage, err) : 0;
    if (!rc && req->site)
        rc = find_cluster(&i, b->sc, req->site, err);
    if (!rc && req->cap)
        rc = add_cap(b, req, err);
    return rc;
}

static int run_searches(nc_budget *b, const nc_budget_request *req, nc_error *err)
{
    nc_budget_opts o = req->opts;
    int rc = 0;
    o.base = b->res;
    b->stage = req->stage;
    b->site = req->site;
    if (req->stage && !(b->trials = malloc(sizeof *b->trials)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (req->stage)
        rc = nc_budget_max_trials(b->trials, &o, req->stage, &b->cap_metric, b->cap_value, err);
    if (!rc && req->site && !(b->gpus = malloc(sizeof *b->gpus)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc && req->site)
        rc = nc_budget_min_gpus(b->gpus, &o, req->site, err);
    return rc;
}

int nc_budget_run(nc_budget **out, const nc_budget_request *req, nc_error *err)
{
    double t0 = omp_get_wtime();
    nc_budget *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    b->confidence = req->opts.confidence;
    int rc = load_with(&b->sc, &req->opts, NULL, err);
    if (!rc)
        rc = check_request(b, req, err);
    if (!rc)
        rc = nc_engine_run(&b->res, b->sc, &req->opts.run, err);
    if (!rc)
        rc = add_quantiles(b, err);
    if (!rc && b->has_cap)
        b->under = nc_budget_under(b->res, &b->cap_metric, b->cap_value);
    if (!rc)
        rc = run_searches(b, req, err);
    b->deadline_days = b->sc ? b->sc->deadline_h / 24.0 : 0.0;
    b->elapsed_s = omp_get_wtime() - t0;
    if (rc)
        nc_budget_free(b);
    else
        *out = b;
    return rc;
}

void nc_budget_free(nc_budget *b)
{
    if (!b)
        return;
    free(b->trials);
    free(b->gpus);
    nc_result_free(b->res);
    nc_scenario_free(b->sc);
    free(b);
}
