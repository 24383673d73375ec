/*
 * trial.h - one trial's arithmetic for one replication (DESIGN.md, "The model" and
 * "Pipeline realism"): which profile of the mix it lands on, how long it runs (duration,
 * speed, early stopping), at what power, and what failures and pre-emptions add to what is
 * paid. The calendar (when it runs) is the pipeline's business (pipeline.c).
 */
#ifndef NC_TRIAL_H
#define NC_TRIAL_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "dist/dist.h"
#include "base/error.h"
#include "rng/rng.h"
#include "rng/rng_batch.h"
#include "scenario/scenario.h"

/* A stage resolved for one replication: every systematic input drawn, every per-trial
 * distribution built. The per-profile arrays have the stage's n_mix entries. */
typedef struct nc_stage_rt {
    int64_t trials;
    nc_dist duration, power, fail_at;
    double host_w;        /* host watts per trial: gpus x host_w_per_gpu, or cpu_w + dram_w */
    double fail_p;
    double price;         /* USD per GPU-hour when given for the stage */
    double preempt_per_h, checkpoint_h, restart_h;
    double owned_usd_per_gpu_h;
    double *tdp_w, *pf, *scale, *hw_price, *emb_kg_per_gpu_h; /* per profile */
    double *gpu_hours;    /* per profile: accumulated over the stage's trials */
    double start_h, end_h; /* calendar: when the stage may start, when its last trial ends */
    /* Philox keys of the stage's per-trial streams for this run (nc_rng_stream_key) */
    uint64_t sk_duration, sk_power, sk_hardware, sk_failures, sk_submit, sk_stopping,
        sk_preempt;
} nc_stage_rt;

/* Where a trial's random numbers come from. */
typedef struct nc_trial_ctx {
    gsl_rng *r;
    uint64_t seed, rep;
    int point; /* point mode: nominal values, choices spread evenly, expectations */
} nc_trial_ctx;

/* What one trial did. */
typedef struct nc_trial {
    size_t profile;  /* index in the stage's mix */
    double node_w;   /* power of the whole trial (its GPUs and host share), W */
    double wall_h;   /* hours it held its GPUs: attempts, lost work and restarts included */
    double attempts, failed, preemptions;
} nc_trial;

/* Trials are simulated in batches: the first blocks of each per-trial stream of a batch are
 * computed together (nc_philox_blocks), then each trial reads its own. */
enum { NC_TRIAL_BATCH = NC_PHILOX_BATCH };

/* A batch of trials: the first blocks of its per-trial streams and what each trial did.
 * ~13 KiB: keep one per thread. */
typedef struct nc_trial_batch {
    nc_philox_batch hardware, duration, power, failures, submit;
    /* what trial t0 + i did (see nc_trial) */
    uint32_t profile[NC_TRIAL_BATCH];
    double node_w[NC_TRIAL_BATCH], wall_h[NC_TRIAL_BATCH];
    double submitted[NC_TRIAL_BATCH];     /* hours after the stage's start (nc_submit_offset) */
    double attempts, failed, preemptions; /* over the batch */
    double work[NC_TRIAL_BATCH];          /* scratch: hours of work of each trial */
} nc_trial_batch;

/* Simulate trials t0 .. t0 + n - 1 (n <= NC_TRIAL_BATCH) of stage 'st' in replication
 * tc->rep into b (lane i: trial t0 + i), their submission times included. Allocates nothing.
 * A trial's draws are those of its own streams, whatever batch it is in. Fails only when a
 * trial is pre-empted without end (NC_EINPUT naming the stage). */
int nc_trial_run_batch(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                       int64_t t0, size_t n, nc_trial_batch *b, nc_error *err);

/* The first blocks of every per-trial stream the batch's trials read first (profile,
 * duration, power, first-attempt failure, submission), for trials t0 .. t0 + n - 1: the
 * first step of nc_trial_run_batch, and all the random-number floor benchmark computes
 * (tests/bench/floor.c). Nothing in point mode. */
void nc_trial_streams(const nc_trial_ctx *tc, const nc_stage *st, const nc_stage_rt *rt,
                      int64_t t0, size_t n, nc_trial_batch *b);

/* Compute the stage's stream keys for master seed 'seed' (once per run or replication). */
void nc_trial_stream_keys(nc_stage_rt *rt, const nc_stage *st, uint64_t seed);

/*
 * A sensitivity analysis's factor "the per-trial draws of input X" (X the stage's duration or
 * power, marked with nc_input.sens_trials; sensitivity.h), set from v = u[sens_trials - 1]:
 *   v < 0 (NC_TRIALS_AS_USUAL): X's draws as usual;
 *   0 < v < 1 (Sobol): X's draws come from a stream keyed by v's bits, so that the design
 *     points sharing v share them and the others get independent ones;
 *   v = 1 + q, 0 < q < 1 (the tornado): every trial of X at the q-quantile of the average of
 *     the stage's n trials (this replication's count): X's own q-quantile for one trial, and
 *     mean + Phi^-1(q) sd / sqrt(n) for more (the central limit theorem; kept in X's
 *     support), so the swing of a per-trial input shrinks as its trials average out.
 * Call after the stage's distributions, trial count and stream keys are set; 'u' NULL does
 * nothing. Fails (NC_EINPUT) only if X's quantile is not a number.
 */
#define NC_TRIALS_AS_USUAL (-1.0)
int nc_trial_sensitivity(nc_stage_rt *rt, const nc_stage *st, const double *u, nc_error *err);

#endif
