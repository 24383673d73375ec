/* trial.c - one trial: profile, duration, power, failures, pre-emption (see trial.h). */
#include "trial.h"

#include <math.h>

#include "preempt.h"
#include "rng.h"

/* The golden-ratio sequence spreads point-mode choices evenly: frac(t * phi) is
 * equidistributed (Weyl 1916), so a 3% failure rate fails 3% of the trials. */
#define GOLDEN 0.61803398874989484820

void nc_trial_stream_keys(nc_stage_rt *rt, const nc_stage *st, uint64_t seed)
{
    rt->sk_duration = nc_rng_stream_key(seed, st->duration_h->key);
    rt->sk_power = nc_rng_stream_key(seed, st->power ? st->power->key : 0);
    rt->sk_hardware = nc_rng_stream_key(seed, st->key_hardware);
    rt->sk_failures = nc_rng_stream_key(seed, st->key_failures);
    rt->sk_submit = nc_rng_stream_key(seed, st->key_submit);
    rt->sk_stopping = nc_rng_stream_key(seed, st->key_stopping);
    rt->sk_preempt = nc_rng_stream_key(seed, st->key_preempt);
}

double nc_trial_uniform(const nc_trial_ctx *tc, uint64_t stream_key, int64_t t)
{
    nc_rng_seek_stream(tc->r, stream_key, tc->rep, (uint32_t)t, NC_RNG_TRIAL);
    return gsl_rng_uniform(tc->r);
}

/* A draw from a per-trial distribution on the trial's own stream. */
static double trial_sample(const nc_trial_ctx *tc, const nc_dist *d, uint64_t stream_key,
                           int64_t t)
{
    if (d->kind == NC_DIST_FIXED)
        return d->p1;
    nc_rng_seek_stream(tc->r, stream_key, tc->rep, (uint32_t)t, NC_RNG_TRIAL);
    return nc_dist_sample(d, tc->r);
}

static size_t pick_profile(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                           int64_t t, int64_t n)
{
    if (st->n_mix == 1)
        return 0;
    double u = tc->point ? ((double)t + 0.5) / (double)n : nc_trial_uniform(tc, rt->sk_hardware, t);
    size_t h = 0;
    while (h + 1 < st->n_mix && u >= st->mix_cum[h])
        h++;
    return h;
}

/* Hours of work one trial needs: its duration on its profile, cut by early stopping. */
static double work_hours(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                         size_t h, int64_t t)
{
    double d = trial_sample(tc, &rt->duration, rt->sk_duration, t) * rt->scale[h];
    const nc_stopping *s = &st->stopping;
    if (s->policy == NC_STOP_NONE)
        return d;
    if (tc->point)
        return d * nc_stopping_expected_fraction(s) +
               nc_stopping_expected_evals(s) * s->eval_overhead_h;
    nc_rng_seek_stream(tc->r, rt->sk_stopping, tc->rep, (uint32_t)t, NC_RNG_TRIAL);
    double u_bracket = gsl_rng_uniform(tc->r), u_rung = gsl_rng_uniform(tc->r);
    int rung, evals;
    double fraction = nc_stopping_fraction(s, u_bracket, u_rung, &rung, &evals);
    return d * fraction + evals * s->eval_overhead_h;
}

static double node_watts(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                         size_t h, int64_t t)
{
    uint64_t key = rt->sk_power;
    switch (st->power_mode) {
    case NC_POWER_CONFIG_W:
        return trial_sample(tc, &rt->power, key, t);
    case NC_POWER_GPU_W:
        return (double)st->gpus * trial_sample(tc, &rt->power, key, t) + rt->host_w;
    default: {
        double pf = st->power ? trial_sample(tc, &rt->power, key, t) : rt->pf[h];
        return (double)st->gpus * rt->tdp_w[h] * pf + rt->host_w;
    }
    }
}

/* Attempt 'a' of a trial reads sub-streams of its own: counter level 2a (even levels; level 1
 * is the replication level), so a retry's draws do not depend on the attempts before it. */
static uint32_t attempt_level(int64_t a)
{
    return NC_RNG_TRIAL + 2u * (uint32_t)a;
}

/* Hours paid to get 'work' hours done on spot capacity (or just 'work' without it). */
static int run_attempt(const nc_trial_ctx *tc, const nc_stage_rt *rt, double work, int64_t t,
                       int64_t a, nc_trial *out)
{
    if (rt->preempt_per_h <= 0.0) {
        out->wall_h += work;
        return 0;
    }
    if (tc->point) {
        out->wall_h +=
            nc_preempt_expected_hours(work, rt->preempt_per_h, rt->checkpoint_h, rt->restart_h);
        return 0;
    }
    double paid;
    int n;
    nc_rng_seek_stream(tc->r, rt->sk_preempt, tc->rep, (uint32_t)t, attempt_level(a));
    if (nc_preempt_run(work, rt->preempt_per_h, rt->checkpoint_h, rt->restart_h, tc->r, &paid,
                       &n))
        return NC_EINPUT;
    out->wall_h += paid;
    out->preemptions += n;
    return 0;
}

/* The attempts of one trial: each fails with probability fail_p part-way ('at') and is paid up
 * to there; a failed trial is tried again while attempts are left. */
static int run_attempts(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                        double work, int64_t t, nc_trial *out)
{
    if (rt->fail_p <= 0.0) {
        out->attempts = 1.0;
        return run_attempt(tc, rt, work, t, 0, out);
    }
    for (int64_t a = 0; a < st->max_attempts; a++) {
        double u, at = rt->fail_at.p1;
        if (tc->point)
            u = fmod((double)t * GOLDEN + (double)a * 0.5, 1.0);
        else {
            nc_rng_seek_stream(tc->r, rt->sk_failures, tc->rep, (uint32_t)t, attempt_level(a));
            u = gsl_rng_uniform(tc->r);
            if (u < rt->fail_p && rt->fail_at.kind != NC_DIST_FIXED)
                at = nc_dist_sample(&rt->fail_at, tc->r);
        }
        out->attempts += 1.0;
        if (u >= rt->fail_p)
            return run_attempt(tc, rt, work, t, a, out);
        out->failed += 1.0;
        int rc = run_attempt(tc, rt, work * at, t, a, out);
        if (rc)
            return rc;
    }
    return 0;
}

int nc_trial_run(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt, int64_t t,
                 nc_trial *out, nc_error *err)
{
    out->profile = pick_profile(tc, st, rt, t, rt->trials);
    out->node_w = node_watts(tc, st, rt, out->profile, t);
    out->wall_h = out->attempts = out->failed = out->preemptions = 0.0;
    double work = work_hours(tc, st, rt, out->profile, t);
    int rc = run_attempts(tc, st, rt, work, t, out);
    if (rc)
        return nc_error_set(err, NC_EINPUT,
                            "stage '%s', replication %llu, trial %lld: pre-empted more than %d "
                            "times without finishing; checkpoint more often",
                            st->name, (unsigned long long)tc->rep, (long long)t, NC_PREEMPT_MAX);
    return 0;
}
