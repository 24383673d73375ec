/* trial.c - one trial: profile, duration, power, failures, pre-emption (see trial.h). */
#include "engine/trial.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "dist/dist_batch.h"
#include "dist/dist_moments.h"
#include "dist/dist_quantile.h"
#include "dist/dist_sample.h"
#include "realism/preempt.h"
#include "rng/rng.h"

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

/* ---- sensitivity: an input's per-trial draws as one factor (trial.h) ------------------------ */

static int trial_factor(nc_dist *d, uint64_t *sk, const nc_input *in, const double *u,
                        int64_t trials, nc_error *err)
{
    if (!in || in->sens_trials <= 0 || u[in->sens_trials - 1] < 0.0)
        return 0;
    double v = u[in->sens_trials - 1];
    if (v < 1.0) {
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        *sk = nc_rng_stream_key(*sk, bits);
        return 0;
    }
    double q = v - 1.0, x;
    if (trials <= 1) {
        x = nc_dist_quantile(d, q);
    } else { /* the average of n draws: normal by the central limit theorem */
        x = nc_dist_mean(d) +
            gsl_cdf_ugaussian_Pinv(q) * sqrt(nc_dist_variance(d) / (double)trials);
        x = x < d->lo ? d->lo : x > d->hi ? d->hi : x;
    }
    return nc_dist_fixed(d, x, err);
}

int nc_trial_sensitivity(nc_stage_rt *rt, const nc_stage *st, const double *u, nc_error *err)
{
    if (!u)
        return 0;
    int rc = trial_factor(&rt->duration, &rt->sk_duration, st->duration_h, u, rt->trials, err);
    return rc ? rc : trial_factor(&rt->power, &rt->sk_power, st->power, u, rt->trials, err);
}

/* ---- the batch's streams ------------------------------------------------------------------ */

static void stream_fill(nc_philox_batch *b, uint64_t key, uint32_t level, unsigned nblocks,
                        int64_t t0, size_t n, uint64_t rep)
{
    nc_philox_batch_fill(b, key, (uint32_t)t0, (uint32_t)rep, level, n, nblocks);
}

/* Attempt 'a' of a trial reads sub-streams of its own: counter level 2a (even levels; level 1
 * is the replication level), so a retry's draws do not depend on the attempts before it. */
static uint32_t attempt_level(int64_t a)
{
    return NC_RNG_TRIAL + 2u * (uint32_t)a;
}

void nc_trial_streams(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                      int64_t t0, size_t n, nc_trial_batch *b)
{
    int random = !tc->point;
    stream_fill(&b->hardware, rt->sk_hardware, NC_RNG_TRIAL, random && st->n_mix > 1, t0, n,
                tc->rep);
    stream_fill(&b->duration, rt->sk_duration, NC_RNG_TRIAL,
                random ? nc_dist_blocks(&rt->duration) : 0, t0, n, tc->rep);
    stream_fill(&b->power, rt->sk_power, NC_RNG_TRIAL,
                random && st->power ? nc_dist_blocks(&rt->power) : 0, t0, n, tc->rep);
    stream_fill(&b->failures, rt->sk_failures, attempt_level(0), random && rt->fail_p > 0.0,
                t0, n, tc->rep);
    stream_fill(&b->submit, rt->sk_submit, NC_RNG_TRIAL,
                random && st->submit.mode == NC_SUBMIT_EVENLY, t0, n, tc->rep);
}

/* Lane i's first uniform (words 0 and 1). */
static double lane_uniform(const nc_philox_batch *b, size_t i)
{
    return nc_philox_u01(nc_philox_batch_word(b, 0, i), nc_philox_batch_word(b, 1, i));
}

/* When the batch's trials are submitted, after their stage starts: in their slot of the
 * window at their own uniform draw (the slot's middle in point mode) or with their batch. */
static void submissions(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                        int64_t t0, size_t n, nc_trial_batch *b)
{
    double *u = b->submitted; /* the draws, then the offsets in place */
    if (st->submit.mode == NC_SUBMIT_EVENLY)
        for (size_t i = 0; i < n; i++)
            u[i] = tc->point ? 0.5 : lane_uniform(&b->submit, i);
    nc_submit_offsets(&st->submit, t0, n, rt->trials, u, b->submitted);
}

/* ---- one trial -------------------------------------------------------------------------- */

/* The profile of the mix that uniform 'u' lands on: the first h with u < mix_cum[h], counted
 * without branches (a 72/28 mix would mispredict a branch on every other trial). */
static uint32_t profile_of(const nc_stage *st, double u)
{
    uint32_t h = 0;
    for (size_t k = 0; k + 1 < st->n_mix; k++)
        h += u >= st->mix_cum[k];
    return h;
}

/* The trials' powers from their drawn values 'x' of the stage's `power` (if it has one). */
static void node_watts(const nc_stage *st, const nc_stage_rt *rt, const uint32_t *profile,
                       const double *x, size_t n, double *out)
{
    double gpus = (double)st->gpus, host = rt->host_w;
    switch (st->power_mode) {
    case NC_POWER_CONFIG_W:
        for (size_t i = 0; i < n; i++)
            out[i] = x[i];
        break;
    case NC_POWER_GPU_W:
        for (size_t i = 0; i < n; i++)
            out[i] = gpus * x[i] + host;
        break;
    default:
        for (size_t i = 0; i < n; i++) {
            uint32_t h = profile[i];
            out[i] = gpus * rt->tdp_w[h] * (st->power ? x[i] : rt->pf[h]) + host;
        }
    }
}

/* Hours of work a trial of duration 'd' needs once early stopping has cut it. */
static double stopped_hours(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                            double d, int64_t t)
{
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

/* Attempt a's failure draw: u (it fails when u < fail_p) and, when it fails, where ('at', a
 * fraction of the work: the stream's next draw). Attempt 0 reads the batch's block; retries,
 * rare, seek their own streams. */
static double failure_u(const nc_trial_ctx *tc, const nc_stage_rt *rt, const nc_trial_batch *b,
                        int64_t t, size_t i, int64_t a, double *at)
{
    *at = rt->fail_at.p1;
    if (tc->point)
        return fmod((double)t * GOLDEN + (double)a * 0.5, 1.0);
    if (a == 0) {
        double u = lane_uniform(&b->failures, i);
        if (u < rt->fail_p && rt->fail_at.kind != NC_DIST_FIXED) {
            nc_philox s;
            nc_philox_batch_start(&s, &b->failures, i);
            s.pos = 2; /* after u's two words */
            *at = nc_dist_draw(&rt->fail_at, &s);
        }
        return u;
    }
    nc_rng_seek_stream(tc->r, rt->sk_failures, tc->rep, (uint32_t)t, attempt_level(a));
    nc_philox *s = nc_philox_state(tc->r);
    double u = nc_philox_double(s);
    if (u < rt->fail_p && rt->fail_at.kind != NC_DIST_FIXED)
        *at = nc_dist_draw(&rt->fail_at, s);
    return u;
}

/* The attempts of one trial: each fails with probability fail_p part-way ('at') and is paid up
 * to there; a failed trial is tried again while attempts are left. */
static int run_attempts(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                        const nc_trial_batch *b, double work, int64_t t, size_t i,
                        nc_trial *out)
{
    out->wall_h = out->attempts = out->failed = out->preemptions = 0.0;
    if (rt->fail_p <= 0.0) {
        out->attempts = 1.0;
        return run_attempt(tc, rt, work, t, 0, out);
    }
    for (int64_t a = 0; a < st->max_attempts; a++) {
        double at, u = failure_u(tc, rt, b, t, i, a, &at);
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

/* Profiles, powers and hours of work of the batch's trials, into b->profile, b->node_w and
 * b->work. Random: each quantity for every trial at once (nc_dist_draw_batch). Point: nominal
 * values, the mix spread evenly over the stage's trials. */
static void draw_trials(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                        int64_t t0, size_t n, nc_trial_batch *b)
{
    double *x = b->work;
    if (st->n_mix == 1)
        for (size_t i = 0; i < n; i++)
            b->profile[i] = 0;
    else if (tc->point)
        for (size_t i = 0; i < n; i++)
            b->profile[i] =
                profile_of(st, ((double)(t0 + (int64_t)i) + 0.5) / (double)rt->trials);
    else
        for (size_t i = 0; i < n; i++)
            b->profile[i] = profile_of(st, lane_uniform(&b->hardware, i));
    if (tc->point || !st->power)
        for (size_t i = 0; i < n; i++)
            x[i] = rt->power.p1;
    else
        nc_dist_draw_batch(&rt->power, &b->power, x);
    node_watts(st, rt, b->profile, x, n, b->node_w);
    if (tc->point)
        for (size_t i = 0; i < n; i++)
            x[i] = rt->duration.p1;
    else
        nc_dist_draw_batch(&rt->duration, &b->duration, x);
    for (size_t i = 0; i < n; i++)
        x[i] *= rt->scale[b->profile[i]];
    if (st->stopping.policy != NC_STOP_NONE)
        for (size_t i = 0; i < n; i++)
            x[i] = stopped_hours(tc, st, rt, x[i], t0 + (int64_t)i);
}

/* Whether trial i runs once, to the end, without pre-emption: then it holds its GPUs for its
 * work. True for almost every trial of most stages, so this is the batch's fast path. */
static int runs_once(const nc_trial_ctx *tc, const nc_stage_rt *rt, const nc_trial_batch *b,
                     size_t i)
{
    if (rt->preempt_per_h > 0.0)
        return 0;
    return rt->fail_p <= 0.0 || (!tc->point && lane_uniform(&b->failures, i) >= rt->fail_p);
}

int nc_trial_run_batch(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                       int64_t t0, size_t n, nc_trial_batch *b, nc_error *err)
{
    nc_trial_streams(tc, st, rt, t0, n, b);
    draw_trials(tc, st, rt, t0, n, b);
    submissions(tc, st, rt, t0, n, b);
    double once = 0.0;
    b->attempts = b->failed = b->preemptions = 0.0;
    for (size_t i = 0; i < n; i++) {
        int64_t t = t0 + (int64_t)i;
        nc_trial tr;
        if (runs_once(tc, rt, b, i)) {
            b->wall_h[i] = b->work[i];
            once += 1.0;
            continue;
        }
        if (run_attempts(tc, st, rt, b, b->work[i], t, i, &tr))
            return nc_error_set(err, NC_EINPUT,
                                "stage '%s', replication %llu, trial %lld: pre-empted more than "
                                "%d times without finishing; checkpoint more often",
                                st->name, (unsigned long long)tc->rep, (long long)t,
                                NC_PREEMPT_MAX);
        b->wall_h[i] = tr.wall_h;
        b->attempts += tr.attempts;
        b->failed += tr.failed;
        b->preemptions += tr.preemptions;
    }
    b->attempts += once;
    return 0;
}
