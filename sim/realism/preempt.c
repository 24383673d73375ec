/*
 * preempt.c - pre-emption of spot capacity (see preempt.h).
 *
 * Expected hours of one checkpoint interval of L hours of work (the classic renewal argument
 * of Young 1974, "A first order approximation to the optimum checkpoint interval", CACM
 * 17(9), and Daly 2006, "A higher order estimate of the optimum checkpoint interval for
 * restart dumps", FGCS 22(3)). Let T ~ Exp(lambda) be the running time to the next
 * pre-emption; by memorylessness every attempt at the interval is a fresh draw.
 *  - An attempt succeeds when T >= L: p = P(T >= L) = e^{-lambda L}.
 *  - The number of failed attempts N is geometric: E[N] = (1 - p) / p = e^{lambda L} - 1.
 *  - A failed attempt runs E[T | T < L] = 1/lambda - L e^{-lambda L} / (1 - e^{-lambda L})
 *    hours, then pays restart_h.
 *  - By Wald's identity,
 *      E(L) = E[N] (E[T | T < L] + restart_h) + L
 *           = (e^{lambda L} - 1)/lambda - L + (e^{lambda L} - 1) restart_h + L
 *           = (e^{lambda L} - 1) (1/lambda + restart_h).
 * A trial of w hours with checkpoints every c hours is m = floor(w/c) such intervals and a
 * last one of q = w - m c, independent by memorylessness, so E[paid] = m E(c) + E(q) and
 * E[pre-emptions] = m (e^{lambda c} - 1) + (e^{lambda q} - 1). Daly's formula (with zero
 * checkpoint cost) has M e^{R/M} (e^{tau/M} - 1) per interval, M = 1/lambda: it also lets a
 * pre-emption strike during the restart; here the restart is immune, so it enters linearly.
 * As lambda -> 0, E(L) -> L (expm1 keeps the small-lambda case accurate).
 */
#include "realism/preempt.h"

#include <math.h>

#include <gsl/gsl_randist.h>

/* The checkpoint interval that matters: none (0, infinite) or one >= w is the whole trial. */
static double effective_interval(double work_h, double checkpoint_h)
{
    return checkpoint_h > 0 && checkpoint_h < work_h ? checkpoint_h : work_h;
}

static int valid_args(double work_h, double lambda_per_h, double checkpoint_h, double restart_h)
{
    return work_h >= 0 && isfinite(work_h) && lambda_per_h >= 0 && isfinite(lambda_per_h) &&
           checkpoint_h >= 0 && restart_h >= 0 && isfinite(restart_h);
}

/*
 * Event by event: draw the running time to the next pre-emption; if it covers the work left
 * since the last checkpoint the trial ends, otherwise the whole checkpoint intervals it
 * completed are kept, the rest is lost, and the restart is paid. One draw per pre-emption,
 * however many checkpoint intervals the trial has.
 */
int nc_preempt_run(double work_h, double lambda_per_h, double checkpoint_h, double restart_h,
                   gsl_rng *r, double *paid_h, int *preemptions)
{
    *paid_h = (double)NAN;
    *preemptions = 0;
    if (!valid_args(work_h, lambda_per_h, checkpoint_h, restart_h))
        return NC_EINTERNAL;
    if (lambda_per_h == 0 || work_h == 0) {
        *paid_h = work_h;
        return NC_OK;
    }
    double c = effective_interval(work_h, checkpoint_h), mean_h = 1 / lambda_per_h;
    double saved = 0, paid = 0; /* saved: whole intervals checkpointed so far */
    int count = 0;
    for (;;) {
        double left = fmax(work_h - saved * c, 0);
        double run = gsl_ran_exponential(r, mean_h);
        if (run >= left) {
            paid += left;
            break;
        }
        if (count == NC_PREEMPT_MAX) {
            *paid_h = paid;
            *preemptions = count;
            return NC_EINPUT;
        }
        count++;
        paid += run + restart_h;
        saved += floor(run / c);
    }
    *paid_h = paid;
    *preemptions = count;
    return NC_OK;
}

/* E(L) = (e^{lambda L} - 1)(1/lambda + restart_h): one interval, derived above. */
static double interval_hours(double length_h, double lambda_per_h, double restart_h)
{
    return expm1(lambda_per_h * length_h) * (1 / lambda_per_h + restart_h);
}

/* E[paid] = m E(c) + E(q), m = floor(w/c), q = w - m c; w when lambda is 0. */
double nc_preempt_expected_hours(double work_h, double lambda_per_h, double checkpoint_h,
                                 double restart_h)
{
    if (lambda_per_h == 0 || work_h == 0)
        return work_h;
    double c = effective_interval(work_h, checkpoint_h);
    double whole = floor(work_h / c), last = fmax(work_h - whole * c, 0);
    return whole * interval_hours(c, lambda_per_h, restart_h) +
           interval_hours(last, lambda_per_h, restart_h);
}

/* E[pre-emptions] = m (e^{lambda c} - 1) + (e^{lambda q} - 1); 0 when lambda is 0. */
double nc_preempt_expected_count(double work_h, double lambda_per_h, double checkpoint_h)
{
    if (lambda_per_h == 0 || work_h == 0)
        return 0;
    double c = effective_interval(work_h, checkpoint_h);
    double whole = floor(work_h / c), last = fmax(work_h - whole * c, 0);
    return whole * expm1(lambda_per_h * c) + expm1(lambda_per_h * last);
}

/*
 * Refuse signs and NaNs, then a rate that makes each checkpoint interval a near-certain
 * loss: more than NC_PREEMPT_MAX_PER_SEGMENT expected pre-emptions, e^{lambda c} - 1, per
 * interval. Not checkable without checkpoints (0 or infinite c): the interval is the trial.
 */
int nc_preempt_check(double lambda_per_h, double checkpoint_h, double restart_h, nc_error *err)
{
    if (!(lambda_per_h >= 0) || !isfinite(lambda_per_h))
        return nc_error_set(err, NC_EINPUT,
                            "pre-emption rate must be a non-negative number per hour, got %g",
                            lambda_per_h);
    if (!(checkpoint_h >= 0))
        return nc_error_set(err, NC_EINPUT,
                            "checkpoint interval must be a non-negative number of hours, got %g",
                            checkpoint_h);
    if (!(restart_h >= 0) || !isfinite(restart_h))
        return nc_error_set(err, NC_EINPUT,
                            "restart overhead must be a non-negative number of hours, got %g",
                            restart_h);
    if (checkpoint_h == 0 || isinf(checkpoint_h))
        return NC_OK;
    double per_interval = expm1(lambda_per_h * checkpoint_h);
    if (per_interval > NC_PREEMPT_MAX_PER_SEGMENT)
        return nc_error_set(err, NC_EINPUT,
                            "%g pre-emptions per hour with a checkpoint every %g h means about "
                            "%.3g pre-emptions per checkpoint interval: the trial never "
                            "finishes; checkpoint more often",
                            lambda_per_h, checkpoint_h, per_interval);
    return NC_OK;
}
