/* sensitivity.c - tornado and Sobol indices of a scenario's per-replication inputs and of its
 * per-trial inputs' own draws (see sensitivity.h). */
#include "analysis/sensitivity.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics.h"
#include "dist/dist_quantile.h"
#include "engine/pipeline.h"
#include "engine/trial.h"

/* ---- which inputs ------------------------------------------------------------------------- */

typedef struct collect {
    nc_input **all; /* every input drawn per replication, copies included */
    size_t n, cap;
    nc_input **trial; /* every per-trial input with draws of its own, copies included */
    size_t n_trial, cap_trial;
    int oom;
} collect;

static void push(nc_input ***list, size_t *n, size_t *cap, nc_input *in, int *oom)
{
    if (!in || !in->random || !in->used || *oom) /* used: nc_scenario_each_input */
        return;
    if (*n == *cap) {
        size_t grown_cap = *cap ? 2 * *cap : 32;
        nc_input **grown = realloc(*list, grown_cap * sizeof *grown);
        if (!grown) {
            *oom = 1;
            return;
        }
        *list = grown, *cap = grown_cap;
    }
    (*list)[(*n)++] = in;
}

static void add(collect *c, nc_input *in)
{
    push(&c->all, &c->n, &c->cap, in, &c->oom);
}

/* A per-trial input whose own draws are a factor (nc_trial_sensitivity). */
static void add_trial(collect *c, nc_input *in)
{
    push(&c->trial, &c->n_trial, &c->cap_trial, in, &c->oom);
}

/* A per-trial input is drawn per trial, but its uncertain parameters per replication. */
static void add_params(collect *c, nc_input *in)
{
    if (!in)
        return;
    nc_param *ps[5] = {&in->p[0], &in->p[1], &in->p[2], &in->min, &in->max};
    for (int i = 0; i < 5; i++)
        add(c, ps[i]->input);
}

/* The inputs of profile 'hw' the model reads for some stage (nc_input.used says which). */
static void add_profile(collect *c, const nc_hardware *hw)
{
    nc_input *inputs[] = {hw->tdp_w,           hw->power_fraction, hw->speed,
                          hw->price_on_demand, hw->price_spot,     hw->price_committed,
                          hw->embodied_kg,     hw->lifetime_h,     hw->utilisation};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        add(c, inputs[i]);
}

static void add_stage(collect *c, const nc_stage *st)
{
    nc_input *per_rep[] = {st->trials,
                           st->trials_fraction,
                           st->host_w_per_gpu,
                           st->cpu_w,
                           st->dram_w,
                           st->fail_p,
                           st->preempt_per_h,
                           st->checkpoint_h,
                           st->restart_h,
                           st->pricing.gpu_hour_usd,
                           st->pricing.purchase_usd,
                           st->pricing.amortise_h,
                           st->pricing.utilisation};
    for (size_t i = 0; i < sizeof per_rep / sizeof *per_rep; i++)
        add(c, per_rep[i]);
    add_params(c, st->duration_h);
    add_params(c, st->power);
    add_trial(c, st->duration_h);
    add_trial(c, st->power);
    add_params(c, st->fail_p ? st->fail_at : NULL);
    for (size_t h = 0; h < st->n_mix; h++)
        add_profile(c, st->mix[h].hw);
    if (st->duration_on)
        add(c, st->duration_on->speed);
}

static void collect_inputs(collect *c, const nc_scenario *sc)
{
    for (size_t i = 0; i < sc->n_sites; i++) {
        add(c, sc->sites[i].pue);
        add(c, sc->sites[i].ci_kg_per_kwh);
        add(c, sc->sites[i].ci_scale);
        add(c, sc->sites[i].usd_per_kwh);
        add(c, sc->sites[i].idle_w);
    }
    for (size_t i = 0; i < sc->n_stages; i++)
        add_stage(c, &sc->stages[i]);
}

/* Give each of the 'n' inputs 'list' its factor's index + 1 in 'sens' (per_trial 0) or
 * 'sens_trials' (1), counting on from 'k' (copies of one path share it); stores one
 * representative input per factor in 'reps' and returns the new number of factors. */
static size_t mark_list(nc_input **list, size_t n, int per_trial, size_t k, nc_input **reps)
{
    for (size_t i = 0; i < n; i++)
        *(per_trial ? &list[i]->sens_trials : &list[i]->sens) = 0;
    for (size_t i = 0; i < n; i++) {
        nc_input *in = list[i];
        if (per_trial ? in->sens_trials : in->sens)
            continue;
        reps[k++] = in;
        for (size_t j = i; j < n; j++)
            if (!strcmp(list[j]->path, in->path))
                *(per_trial ? &list[j]->sens_trials : &list[j]->sens) = (int)k;
    }
    return k;
}

/* The factors: the per-replication inputs (their 'sens'), then the per-trial inputs' own
 * draws (their 'sens_trials'); returns k and sets '*k_rep' to the number of the former. */
static size_t mark(collect *c, nc_input **reps, size_t *k_rep)
{
    *k_rep = mark_list(c->all, c->n, 0, 0, reps);
    return mark_list(c->trial, c->n_trial, 1, *k_rep, reps);
}

static void unmark(collect *c)
{
    for (size_t i = 0; i < c->n; i++)
        c->all[i]->sens = 0;
    for (size_t i = 0; i < c->n_trial; i++)
        c->trial[i]->sens_trials = 0;
}

/* ---- the tornado ------------------------------------------------------------------------- */

typedef struct tornado_ctx {
    size_t k, k_rep, which; /* factors, of which per replication; which moves (k: none) */
    double u;
} tornado_ctx;

/* Per-replication inputs at their medians, per-trial draws as usual; the moving factor at
 * quantile u (a per-trial one through nc_trial_sensitivity's 1 + q). */
static void tornado_u(void *ctx, int64_t rep, double *u)
{
    const tornado_ctx *t = ctx;
    (void)rep;
    for (size_t i = 0; i < t->k; i++)
        u[i] = i < t->k_rep ? 0.5 : NC_TRIALS_AS_USUAL;
    if (t->which < t->k)
        u[t->which] = t->which < t->k_rep ? t->u : 1.0 + t->u;
}

static int tornado_mean(double *out, const nc_scenario *sc, const nc_engine_opts *run,
                        tornado_ctx *t, int metric, int64_t reps, nc_error *err)
{
    nc_engine_opts o = *run;
    nc_result *res = NULL;
    o.replications = reps, o.first = 0, o.point = 0;
    o.u_of = tornado_u, o.u_ctx = t, o.n_u = t->k;
    int rc = nc_engine_run(&res, sc, &o, err);
    double sum = 0.0;
    for (int64_t i = 0; !rc && i < res->replications; i++)
        sum += nc_result_total(res, i)[metric];
    if (!rc)
        *out = sum / (double)res->replications;
    nc_result_free(res);
    return rc;
}

static int tornado(nc_sensitivity *s, const nc_scenario *sc, const nc_engine_opts *run,
                   nc_error *err)
{
    tornado_ctx t = {s->k, s->k_rep, s->k, 0.5};
    int rc = tornado_mean(&s->base, sc, run, &t, s->metric, s->tornado_reps, err);
    for (size_t i = 0; i < s->k && !rc; i++) {
        t.which = i, t.u = 0.05;
        rc = tornado_mean(&s->low[i], sc, run, &t, s->metric, s->tornado_reps, err);
        t.u = 0.95;
        if (!rc)
            rc = tornado_mean(&s->high[i], sc, run, &t, s->metric, s->tornado_reps, err);
    }
    return rc;
}

/* ---- Sobol indices: one replication per model evaluation ---------------------------------- */

typedef struct sobol_ctx {
    const nc_scenario *sc;
    uint64_t seed;
    int metric;
    nc_pipeline_ws **ws; /* per thread */
    double **out;        /* per thread: one replication's metrics */
} sobol_ctx;

static double sobol_model(void *ctx, const double *u, size_t row)
{
    const sobol_ctx *c = ctx;
    int tid = omp_get_thread_num();
    double trials;
    nc_error err;
    if (nc_pipeline_replicate(c->ws[tid], c->sc, c->seed, row, 0, u, c->out[tid], &trials,
                              &err))
        return (double)NAN;
    return c->out[tid][NC_ROW_TOTAL * NC_M__COUNT + (size_t)c->metric];
}

static int sobol(nc_sensitivity *s, const nc_scenario *sc, const nc_engine_opts *run,
                 const nc_sensitivity_opts *o, nc_error *err)
{
    int threads = omp_get_max_threads();
    sobol_ctx c = {sc, run->has_seed ? run->seed : sc->seed, s->metric,
                   calloc((size_t)threads, sizeof *c.ws), calloc((size_t)threads, sizeof *c.out)};
    int rc = c.ws && c.out ? 0 : nc_error_set(err, NC_ENOMEM, "out of memory");
    for (int i = 0; i < threads && !rc; i++) {
        rc = nc_pipeline_ws_alloc(&c.ws[i], sc, err);
        if (!rc) /* once cancelled, each evaluation stops at its first batch of trials */
            nc_pipeline_set_cancel(c.ws[i], run->cancel);
        if (!rc && !(c.out[i] = malloc((sc->n_stages + 1) * NC_M__COUNT * sizeof *c.out[i])))
            rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    if (!rc)
        rc = nc_sobol_run(&s->sobol, s->k, o->sobol_n, sobol_model, &c,
                          o->bootstrap ? o->bootstrap : 500, o->level > 0 ? o->level : 0.95,
                          c.seed, err);
    if (run->cancel && *run->cancel) { /* the NaNs of stopped evaluations are no model error */
        nc_sobol_result_free(s->sobol);
        s->sobol = NULL;
        rc = nc_error_set(err, NC_EINTR, "interrupted");
    }
    for (int i = 0; i < threads && c.ws && c.out; i++) {
        nc_pipeline_ws_free(c.ws[i]);
        free(c.out[i]);
    }
    free(c.ws);
    free(c.out);
    return rc;
}

/* ---- the analysis ------------------------------------------------------------------------- */

static int alloc_result(nc_sensitivity **out, size_t k, nc_error *err)
{
    nc_sensitivity *s = calloc(1, sizeof *s);
    if (!s || !(s->paths = calloc(k, sizeof *s->paths)) ||
        !(s->units = calloc(k, sizeof *s->units)) ||
        !(s->value_lo = calloc(k, sizeof(double))) || !(s->value_hi = calloc(k, sizeof(double))) ||
        !(s->low = calloc(k, sizeof(double))) || !(s->high = calloc(k, sizeof(double)))) {
        nc_sensitivity_free(s);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    s->k = k;
    *out = s;
    return 0;
}

/* Each input's P5 and P95 at nominal parameters, as the tornado sets them. */
static int describe(nc_sensitivity *s, nc_input *const *reps, nc_error *err)
{
    nc_draw nominal = {NULL, 0, 0, 1, NULL};
    for (size_t i = 0; i < s->k; i++) {
        nc_dist d;
        int rc = nc_input_resolve(reps[i], &nominal, &d, err);
        if (rc)
            return rc;
        s->paths[i] = reps[i]->path;
        s->units[i] = nc_dim_unit(reps[i]->dim);
        s->value_lo[i] = nc_dist_quantile(&d, 0.05);
        s->value_hi[i] = nc_dist_quantile(&d, 0.95);
    }
    return 0;
}

int nc_sensitivity_run(nc_sensitivity **out, nc_scenario *sc, const nc_engine_opts *run,
                       const nc_sensitivity_opts *opts, nc_error *err)
{
    collect c = {NULL, 0, 0, NULL, 0, 0, 0};
    nc_input **reps = NULL;
    *out = NULL;
    collect_inputs(&c, sc);
    int rc = c.oom || !(reps = calloc(c.n + c.n_trial + 1, sizeof *reps))
                 ? nc_error_set(err, NC_ENOMEM, "out of memory")
                 : 0;
    size_t k_rep = 0, k = rc ? 0 : mark(&c, reps, &k_rep);
    if (!rc && k == 0)
        rc = nc_error_set(err, NC_EINPUT, "%s has no uncertain input to analyse: every "
                          "input is a fixed value", sc->name);
    if (!rc)
        rc = alloc_result(out, k, err);
    if (!rc) {
        (*out)->metric = opts->metric;
        (*out)->k_rep = k_rep;
        (*out)->tornado_reps = opts->tornado_reps > 0 ? opts->tornado_reps : 200;
        rc = describe(*out, reps, err);
    }
    if (!rc)
        rc = tornado(*out, sc, run, err);
    if (!rc && opts->sobol_n > 0)
        rc = sobol(*out, sc, run, opts, err);
    unmark(&c);
    free(c.all);
    free(c.trial);
    free(reps);
    if (rc) {
        nc_sensitivity_free(*out);
        *out = NULL;
    }
    return rc;
}

double nc_sensitivity_replications(nc_scenario *sc, const nc_sensitivity_opts *opts)
{
    collect c = {NULL, 0, 0, NULL, 0, 0, 0};
    collect_inputs(&c, sc);
    nc_input **reps = c.oom ? NULL : calloc(c.n + c.n_trial + 1, sizeof *reps);
    size_t k_rep = 0;
    double k = reps ? (double)mark(&c, reps, &k_rep) : 0.0;
    unmark(&c);
    free(c.all);
    free(c.trial);
    free(reps);
    double tornado_reps = (double)(opts->tornado_reps > 0 ? opts->tornado_reps : 200);
    return (2.0 * k + 1.0) * tornado_reps + (double)opts->sobol_n * (k + 2.0);
}

void nc_sensitivity_free(nc_sensitivity *s)
{
    if (!s)
        return;
    free(s->paths);
    free(s->units);
    free(s->value_lo);
    free(s->value_hi);
    free(s->low);
    free(s->high);
    nc_sobol_result_free(s->sobol);
    free(s);
}
