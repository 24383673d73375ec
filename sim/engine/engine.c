/* engine.c - the replication loop, in parallel, results in index order (see engine.h). */
#include "engine/engine.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pipeline.h"
#include "engine/trial.h"

/* What one thread reports back: its first error (by replication index) and its trials. */
typedef struct thread_out {
    int rc;
    int64_t rep;
    nc_error err;
    double trials;
} thread_out;

static int check_size(const nc_scenario *sc, int64_t reps, int days, nc_error *err)
{
    double bytes = (double)reps * ((double)(sc->n_stages + 1) * NC_M__COUNT + days) *
                   (double)sizeof(double);
    if (bytes > (double)NC_MAX_SAMPLE_BYTES)
        return nc_error_set(err, NC_EINPUT,
                            "%lld replications of %zu stages would keep %.1f GiB of results "
                            "(the limit is %.0f GiB): ask for fewer with -n",
                            (long long)reps, sc->n_stages, bytes / 1073741824.0,
                            (double)NC_MAX_SAMPLE_BYTES / 1073741824.0);
    return 0;
}

static int alloc_result(nc_result **out, const nc_scenario *sc, const nc_engine_opts *o,
                        nc_error *err)
{
    int64_t reps = o->replications > 0 ? o->replications : o->point ? 1 : sc->replications;
    if (o->timeline_days < 0 || o->timeline_days > NC_MAX_TIMELINE_DAYS)
        return nc_error_set(err, NC_EINPUT, "a timeline of %d days (at most %d)",
                            o->timeline_days, NC_MAX_TIMELINE_DAYS);
    int rc = check_size(sc, reps, o->timeline_days, err);
    if (rc)
        return rc;
    nc_result *res = calloc(1, sizeof *res);
    if (!res)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    res->sc = sc;
    res->replications = reps;
    res->first = o->first;
    res->seed = o->has_seed ? o->seed : sc->seed;
    res->point = o->point;
    res->n_rows = sc->n_stages + 1;
    res->samples = malloc((size_t)reps * res->n_rows * NC_M__COUNT * sizeof *res->samples);
    res->timeline_days = o->timeline_days;
    if (o->timeline_days)
        res->timeline = calloc((size_t)reps * (size_t)o->timeline_days, sizeof *res->timeline);
    if (!res->samples || (o->timeline_days && !res->timeline)) {
        free(res->samples);
        free(res->timeline);
        free(res);
        return nc_error_set(err, NC_ENOMEM, "out of memory for %lld replications",
                            (long long)reps);
    }
    *out = res;
    return 0;
}

/* The replications of one thread. 'stop' is raised on the first error anywhere. */
static void run_thread(nc_result *res, const nc_engine_opts *o, int64_t *done, int *stop,
                       thread_out *mine)
{
    nc_pipeline_ws *ws = NULL;
    double *u = o->u_of ? calloc(o->n_u + 1, sizeof *u) : NULL;
    mine->rc = nc_pipeline_ws_alloc(&ws, res->sc, &mine->err);
    if (!mine->rc && o->u_of && !u)
        mine->rc = nc_error_set(&mine->err, NC_ENOMEM, "out of memory");
    if (mine->rc) {
#pragma omp atomic write
        *stop = 1;
    } else
        nc_pipeline_set_cancel(ws, o->cancel); /* a replication stops within a batch */
#pragma omp for schedule(dynamic, 1)
    for (int64_t i = 0; i < res->replications; i++) {
        int halt;
#pragma omp atomic read
        halt = *stop;
        if (halt || mine->rc || (o->cancel && *o->cancel))
            continue;
        double trials = 0.0;
        if (u)
            o->u_of(o->u_ctx, res->first + i, u);
        nc_pipeline_set_timeline(ws, nc_result_timeline(res, i), res->timeline_days);
        int rc = nc_pipeline_replicate(ws, res->sc, res->seed, (uint64_t)(res->first + i),
                                       res->point, u, nc_result_at(res, i, 0), &trials,
                                       &mine->err);
        mine->trials += trials;
        if (rc) {
            mine->rc = rc, mine->rep = i;
#pragma omp atomic write
            *stop = 1;
        }
        int64_t now;
#pragma omp atomic capture
        now = ++*done;
        if (o->progress && omp_get_thread_num() == 0)
            o->progress(o->progress_ctx, now, res->replications);
    }
    nc_pipeline_ws_free(ws);
    free(u);
}

/* The error of the lowest replication index, so the report is the same for any threads. */
static int first_error(const thread_out *outs, int n, nc_error *err)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (outs[i].rc && (best < 0 || outs[i].rep < outs[best].rep))
            best = i;
    if (best < 0)
        return 0;
    if (err)
        *err = outs[best].err;
    return outs[best].rc;
}

int nc_engine_run(nc_result **out, const nc_scenario *sc, const nc_engine_opts *opts, nc_error *err)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    nc_result *res = NULL;
    if (opts)
        o = *opts;
    *out = NULL;
    int rc = alloc_result(&res, sc, &o, err);
    if (rc)
        return rc;
    int nthreads = o.threads > 0 ? o.threads : omp_get_max_threads();
    thread_out *outs = calloc((size_t)nthreads, sizeof *outs);
    if (!outs) {
        nc_result_free(res);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    int64_t done = 0;
    int stop = 0;
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(nthreads)
    run_thread(res, &o, &done, &stop, &outs[omp_get_thread_num()]);
    res->elapsed_s = omp_get_wtime() - t0;
    res->threads = nthreads;
    for (int i = 0; i < nthreads; i++)
        res->trials_run += outs[i].trials;
    rc = first_error(outs, nthreads, err);
    if (!rc && o.cancel && *o.cancel)
        rc = nc_error_set(err, NC_EINTR, "interrupted");
    free(outs);
    if (rc) {
        nc_result_free(res);
        return rc;
    }
    *out = res;
    return 0;
}

/* One round of the pilot: its replications on this thread, timed; the trials they drew and
 * simulated are added to '*drawn' and '*simulated'. */
static int pilot_round(nc_pipeline_ws *ws, const nc_scenario *sc, const nc_engine_opts *o,
                       double *m, int64_t cap, double *drawn, double *simulated, double *elapsed_s,
                       nc_error *err)
{
    uint64_t seed = o->has_seed ? o->seed : sc->seed;
    double t0 = omp_get_wtime(), trials;
    int rc = 0;
    for (int64_t i = 0; i < NC_ESTIMATE_REPS && !rc; i++) {
        rc = nc_pipeline_replicate(ws, sc, seed, (uint64_t)(o->first + i), o->point, NULL, m,
                                   &trials, err);
        for (size_t s = 0; !rc && s < sc->n_stages; s++) {
            int64_t t = nc_pipeline_stage(ws, s)->trials;
            *drawn += (double)t;
            *simulated += (double)(t < cap ? t : cap);
        }
    }
    *elapsed_s = omp_get_wtime() - t0;
    return rc;
}

int nc_engine_estimate(nc_estimate *out, const nc_scenario *sc, const nc_engine_opts *opts,
                       nc_error *err)
{
    nc_engine_opts o = NC_ENGINE_OPTS_INIT;
    nc_pipeline_ws *ws = NULL;
    if (opts)
        o = *opts;
    double *m = malloc((sc->n_stages + 1) * NC_M__COUNT * sizeof *m);
    int rc = m ? nc_pipeline_ws_alloc(&ws, sc, err) : nc_error_set(err, NC_ENOMEM, "out of memory");
    double drawn = 0.0, simulated = 0.0, best_s = HUGE_VAL, elapsed_s;
    size_t stages = sc->n_stages ? sc->n_stages : 1;
    int64_t cap = NC_ESTIMATE_TRIALS / (int64_t)stages; /* a round costs the same for any stages */
    cap = cap < NC_TRIAL_BATCH ? NC_TRIAL_BATCH : cap;
    if (!rc) {
        nc_pipeline_set_cancel(ws, o.cancel);
        nc_pipeline_set_trial_cap(ws, cap);
    }
    for (int round = 0; round < NC_ESTIMATE_ROUNDS && !rc; round++) {
        drawn = simulated = 0.0;
        rc = pilot_round(ws, sc, &o, m, cap, &drawn, &simulated, &elapsed_s, err);
        best_s = fmin(best_s, elapsed_s);
    }
    if (!rc) {
        out->trials_per_rep = drawn / NC_ESTIMATE_REPS;
        out->seconds_per_rep =
            best_s / NC_ESTIMATE_REPS * (simulated > 0.0 ? drawn / simulated : 1.0);
        out->threads = o.threads > 0 ? o.threads : omp_get_max_threads();
    }
    nc_pipeline_ws_free(ws);
    free(m);
    return rc;
}

void nc_result_free(nc_result *res)
{
    if (!res)
        return;
    free(res->samples);
    free(res->timeline);
    free(res->summary);
    free(res);
}
