/*
 * preempt.h - pre-emption of spot (pre-emptible) capacity: lost work, restarts, paid hours.
 *
 * DESIGN.md, "Pipeline realism": a trial on spot capacity needs 'work_h' hours of work.
 * Pre-emptions arrive as a Poisson process with rate 'lambda_per_h' per hour of running time
 * (a constant hazard). The trial writes a checkpoint after every 'checkpoint_h' hours of
 * work; a pre-emption loses the work since the last checkpoint, which is re-run, and costs
 * 'restart_h' hours of overhead (rescheduling, reloading the checkpoint) that make no
 * progress. All of it is paid: paid hours = wall-clock hours of the trial.
 *
 * Assumptions (the model of Young 1974 and Daly 2006, without the checkpoint cost):
 *  - no pre-emption strikes during the restart overhead (the hazard runs only while the
 *    trial computes);
 *  - writing a checkpoint takes no time (add it to the work if it matters);
 *  - checkpoints fall at work c, 2c, ... from the start; checkpoint_h == 0, infinite, or
 *    >= work_h means no useful checkpoint: a pre-emption loses all progress.
 *
 * Pure functions, no allocation; the simulation draws only from the generator it is given.
 */
#ifndef NC_PREEMPT_H
#define NC_PREEMPT_H

#include <gsl/gsl_rng.h>

#include "base/error.h"

/* nc_preempt_run gives up after this many pre-emptions of one trial. */
#define NC_PREEMPT_MAX 100000

/* nc_preempt_check refuses more than this many expected pre-emptions per checkpoint
 * interval: such a trial spends over 99% of its running time on work it loses. */
#define NC_PREEMPT_MAX_PER_SEGMENT 1000.0

/*
 * Simulate one trial of 'work_h' hours of work under pre-emption rate 'lambda_per_h', with
 * checkpoints every 'checkpoint_h' hours of work and 'restart_h' hours of overhead per
 * pre-emption. Stores the wall-clock (= paid) hours in '*paid_h' and the number of
 * pre-emptions in '*preemptions'. Draws one exponential per pre-emption plus one, from 'r'
 * (none when lambda_per_h or work_h is 0: then *paid_h = work_h exactly).
 * Returns 0, or
 *  - NC_EINPUT when the trial would need more than NC_PREEMPT_MAX pre-emptions (for the
 *    caller to report "the trial never finishes: checkpoint more often"), with the hours and
 *    count so far stored;
 *  - NC_EINTERNAL for arguments the loader should have refused (negative, NaN or infinite
 *    work, rate or restart; negative or NaN checkpoint interval), with *paid_h = NaN and
 *    *preemptions = 0.
 */
int nc_preempt_run(double work_h, double lambda_per_h, double checkpoint_h, double restart_h,
                   gsl_rng *r, double *paid_h, int *preemptions);

/*
 * The expected paid hours of nc_preempt_run, in closed form: with m = floor(w / c) whole
 * checkpoint intervals and a last partial one of q = w - m c hours,
 *     E[paid] = m E(c) + E(q),   E(L) = (e^{lambda L} - 1) (1/lambda + restart_h).
 * w when lambda_per_h == 0. The derivation is in preempt.c.
 */
double nc_preempt_expected_hours(double work_h, double lambda_per_h, double checkpoint_h,
                                 double restart_h);

/* The expected number of pre-emptions: m (e^{lambda c} - 1) + (e^{lambda q} - 1). */
double nc_preempt_expected_count(double work_h, double lambda_per_h, double checkpoint_h);

/*
 * Validate pre-emption parameters for the loader: 'lambda_per_h' finite and >= 0,
 * 'checkpoint_h' >= 0 (0 or infinite: no checkpoints), 'restart_h' finite and >= 0, and at
 * most NC_PREEMPT_MAX_PER_SEGMENT expected pre-emptions, e^{lambda c} - 1, per checkpoint
 * interval. Without checkpoints the interval is the whole trial, unknown here: only the
 * signs are checked and nc_preempt_run's guard catches a trial that never finishes.
 * Returns 0, or NC_EINPUT with the message in 'err'.
 */
int nc_preempt_check(double lambda_per_h, double checkpoint_h, double restart_h, nc_error *err);

#endif
