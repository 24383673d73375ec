/*
 * floor.c - the random-number floor of a scenario (issue 6, "The floor"): the time to draw
 * only the random numbers the engine's trials draw, and sum them.
 *
 *   nascost_floor SCENARIO.yaml REPLICATIONS THREADS
 *
 * For each replication it draws the systematic inputs as the engine does (nc_pipeline_draw:
 * once per replication, not timed apart; they are a few dozen draws against thousands of
 * trials), then for every trial of every stage reads the same streams with the same
 * generator, the same batches of Philox blocks and the same samplers as the engine: the
 * profile choice, the duration, the power draw and the first attempt's failure (with the
 * point of failure when it fails) and the submission jitter where submissions are spread
 * evenly. It adds the draws up so that none can be optimised away, and schedules, sums and
 * books nothing else. Replications run in parallel over THREADS threads, as in the engine.
 *
 * Prints one line of JSON: {"trials": N, "seconds": S, "trials_per_s": R, "checksum": C}.
 * Retries, early stopping and pre-emption draws are not part of the floor (lisa-rnd and the
 * million-trial stage use none of them); a scenario that uses them is refused (exit 2).
 */
#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "dist/dist_batch.h"
#include "dist/dist_sample.h"
#include "engine/pipeline.h"
#include "rng/rng.h"
#include "rng/rng_batch.h"
#include "scenario/scenario.h"
#include "load/scenario_load.h"
#include "engine/trial.h"

/* The first uniforms of a batch's lanes, summed. */
static double uniforms(const nc_philox_batch *b)
{
    double sum = 0.0;
    for (size_t i = 0; i < b->n; i++)
        sum += nc_philox_u01(nc_philox_batch_word(b, 0, i), nc_philox_batch_word(b, 1, i));
    return sum;
}

/* One draw from 'd' per lane of 'b' (after filling it), summed. */
static double draws(nc_philox_batch *b, const nc_dist *d, double *x)
{
    double sum = 0.0;
    nc_dist_draw_batch(d, b, x);
    for (size_t i = 0; i < b->n; i++)
        sum += x[i];
    return sum;
}

/* The draws of stage 'st' in one replication, summed: the streams nc_trial_run_batch reads
 * first (nc_trial_streams) and the draws it makes from them, for trials without retries,
 * stopping or pre-emption. */
static double stage_floor(const nc_stage *st, const nc_stage_rt *rt, uint32_t rep,
                          nc_trial_batch *b)
{
    nc_trial_ctx tc = {NULL, 0, rep, 0};
    double sum = 0.0;
    for (int64_t t0 = 0; t0 < rt->trials; t0 += NC_TRIAL_BATCH) {
        size_t n = (size_t)(rt->trials - t0 < NC_TRIAL_BATCH ? rt->trials - t0 : NC_TRIAL_BATCH);
        nc_trial_streams(&tc, st, rt, t0, n, b);
        if (b->hardware.nblocks)
            sum += uniforms(&b->hardware);
        if (b->duration.nblocks)
            sum += draws(&b->duration, &rt->duration, b->work);
        if (b->power.nblocks)
            sum += draws(&b->power, &rt->power, b->work);
        if (b->submit.nblocks)
            sum += uniforms(&b->submit);
        if (!b->failures.nblocks)
            continue;
        for (size_t i = 0; i < n; i++) {
            double u = nc_philox_u01(nc_philox_batch_word(&b->failures, 0, i),
                                     nc_philox_batch_word(&b->failures, 1, i));
            if (u < rt->fail_p && rt->fail_at.kind != NC_DIST_FIXED) {
                nc_philox s;
                nc_philox_batch_start(&s, &b->failures, i);
                s.pos = 2;
                u += nc_dist_draw(&rt->fail_at, &s);
            }
            sum += u;
        }
    }
    return sum;
}

static int usage(void)
{
    fprintf(stderr, "usage: nascost_floor SCENARIO.yaml REPLICATIONS THREADS\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return usage();
    char *end;
    errno = 0;
    long long n_rep = strtoll(argv[2], &end, 10);
    if (errno || *end || n_rep < 1 || n_rep > UINT32_MAX)
        return usage();
    long threads = strtol(argv[3], &end, 10);
    if (*end || threads < 1 || threads > 1024)
        return usage();
    gsl_set_error_handler_off();

    nc_error err = {0};
    nc_scenario *sc;
    if (nc_scenario_load(&sc, argv[1], NULL, &err)) {
        fprintf(stderr, "nascost_floor: %s\n", err.message);
        return 2;
    }
    for (size_t i = 0; i < sc->n_stages; i++) {
        const nc_stage *st = &sc->stages[i];
        if (st->stopping.policy != NC_STOP_NONE || st->preempt_per_h || st->max_attempts > 1) {
            fprintf(stderr,
                    "nascost_floor: stage '%s' uses retries, early stopping or "
                    "pre-emption, which the floor does not draw\n",
                    st->name);
            nc_scenario_free(sc);
            return 2;
        }
    }

    double *sums = calloc((size_t)n_rep, sizeof *sums), trials = 0.0;
    int failed = 0;
    double t_start = omp_get_wtime();
#pragma omp parallel num_threads((int)threads) reduction(| : failed)
    {
        nc_pipeline_ws *ws = NULL;
        nc_trial_batch *b = malloc(sizeof *b);
        nc_error e = {0};
        if (!b || !sums || nc_pipeline_ws_alloc(&ws, sc, &e))
            failed = 1;
#pragma omp for schedule(dynamic, 1)
        for (long long r = 0; r < n_rep; r++) {
            if (failed || nc_pipeline_draw(ws, sc, sc->seed, (uint64_t)r, &e)) {
                failed = 1;
                continue;
            }
            for (size_t i = 0; i < sc->n_stages; i++)
                sums[r] += stage_floor(&sc->stages[i], nc_pipeline_stage(ws, i), (uint32_t)r, b);
        }
        nc_pipeline_ws_free(ws);
        free(b);
    }
    double seconds = omp_get_wtime() - t_start;
    if (failed) {
        fprintf(stderr, "nascost_floor: out of memory or a bad input\n");
        free(sums);
        nc_scenario_free(sc);
        return 1;
    }
    /* the trials the engine would run: stage trial counts are drawn per replication, so count
     * them again (outside the timing) */
    double checksum = 0.0;
    nc_pipeline_ws *ws;
    if (nc_pipeline_ws_alloc(&ws, sc, &err)) {
        fprintf(stderr, "nascost_floor: %s\n", err.message);
        return 1;
    }
    for (long long r = 0; r < n_rep; r++) {
        nc_pipeline_draw(ws, sc, sc->seed, (uint64_t)r, &err);
        for (size_t i = 0; i < sc->n_stages; i++)
            trials += (double)nc_pipeline_stage(ws, i)->trials;
        checksum += sums[r];
    }
    nc_pipeline_ws_free(ws);
    printf("{\"trials\": %.0f, \"seconds\": %.6f, \"trials_per_s\": %.6g, \"checksum\": %.17g, "
           "\"philox\": \"%s\"}\n",
           trials, seconds, trials / seconds, checksum, nc_philox_impl_name());
    free(sums);
    nc_scenario_free(sc);
    return 0;
}
