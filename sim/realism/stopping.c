/*
 * stopping.c - early stopping of hyperparameter trials (see stopping.h).
 *
 * Every policy is described by brackets: bracket s (0..s_max) starts its trials at rung
 * s_max - s and runs successive halving up to rung s_max, each further rung reached with
 * probability 1/eta. Successive halving and ASHA have one bracket, s_max, with probability 1;
 * Hyperband has all of them, weighted by their configuration counts n_s (Li et al. 2017,
 * "Hyperband", JMLR 18(185), Algorithm 1).
 */
#include "realism/stopping.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const char *const policy_names[NC_STOP__COUNT] = {
    [NC_STOP_NONE] = "none",
    [NC_STOP_SH] = "successive_halving",
    [NC_STOP_HYPERBAND] = "hyperband",
    [NC_STOP_ASHA] = "asha",
};

static int check_budgets(double eta, double min_budget, double max_budget, nc_error *err)
{
    if (!(eta > 1))
        return nc_error_set(err, NC_EINPUT, "eta must be greater than 1, got %g", eta);
    if (!isfinite(eta))
        return nc_error_set(err, NC_EINPUT, "eta must be finite, got %g", eta);
    if (!(min_budget > 0 && min_budget <= 1))
        return nc_error_set(err, NC_EINPUT, "min_budget must be in (0, 1], got %g", min_budget);
    if (!(max_budget > 0 && max_budget <= 1))
        return nc_error_set(err, NC_EINPUT, "max_budget must be in (0, 1], got %g", max_budget);
    if (min_budget > max_budget)
        return nc_error_set(err, NC_EINPUT, "min_budget %g is above max_budget %g", min_budget,
                            max_budget);
    return NC_OK;
}

static int check_params(nc_stopping_policy p, double eta, double min_budget, double max_budget,
                        double eval_overhead_h, nc_error *err)
{
    if ((int)p < 0 || p >= NC_STOP__COUNT)
        return nc_error_set(err, NC_EINPUT, "unknown early-stopping policy %d", (int)p);
    if (p != NC_STOP_NONE) {
        int rc = check_budgets(eta, min_budget, max_budget, err);
        if (rc)
            return rc;
    }
    if (!(eval_overhead_h >= 0) || !isfinite(eval_overhead_h))
        return nc_error_set(err, NC_EINPUT,
                            "eval_overhead must be a non-negative number of hours, got %g",
                            eval_overhead_h);
    return NC_OK;
}

/* s_max = floor(log_eta(max / min) + 1e-9): the 1e-9 keeps an exact power (27 at eta 3)
 * from rounding down to the rung below. */
static int top_rung(double eta, double min_budget, double max_budget, int *s_max, nc_error *err)
{
    double rungs = floor(log(max_budget / min_budget) / log(eta) + 1e-9);
    if (rungs > NC_STOP_MAX_RUNGS - 1)
        return nc_error_set(err, NC_EINPUT,
                            "min_budget %g and max_budget %g with eta %g need %.0f rungs; at "
                            "most %d are supported",
                            min_budget, max_budget, eta, rungs + 1, NC_STOP_MAX_RUNGS);
    *s_max = (int)rungs;
    return NC_OK;
}

static void fill_rungs(nc_stopping *s)
{
    for (int k = 0; k <= s->s_max; k++) {
        s->budget[k] = s->min_budget * pow(s->eta, k);
        s->reach[k] = pow(s->eta, -k);
    }
    s->budget[s->s_max] = s->max_budget;
}

/* n_s = ceil((s_max + 1) / (s + 1) * eta^s), Li et al. 2017, Algorithm 1 (B = (s_max+1) R).
 * The ceiling ignores a relative excess below 1e-12, so that 27.000000000000004 is 27. */
static double bracket_configs(int s_max, int s, double eta)
{
    double n = (double)(s_max + 1) * pow(eta, s) / (double)(s + 1);
    return ceil(n * (1 - 1e-12));
}

static void fill_brackets(nc_stopping *s)
{
    memset(s->bracket_p, 0, sizeof s->bracket_p);
    if (s->policy == NC_STOP_HYPERBAND) {
        double total = 0;
        for (int b = 0; b <= s->s_max; b++)
            total += s->bracket_p[b] = bracket_configs(s->s_max, b, s->eta);
        for (int b = 0; b <= s->s_max; b++)
            s->bracket_p[b] /= total;
    } else {
        s->bracket_p[s->s_max] = 1;
    }
    double tail = 0;
    for (int b = s->s_max; b >= 0; b--)
        s->bracket_tail[b] = tail += s->bracket_p[b];
    s->bracket_tail[0] = 1;
}

/*
 * Validate the parameters (stopping.h lists the rules and messages), then precompute the rung
 * budgets, the promotion probabilities eta^-j and the bracket weights. Allocates nothing.
 */
int nc_stopping_init(nc_stopping *s, nc_stopping_policy p, double eta, double min_budget,
                     double max_budget, double eval_overhead_h, nc_error *err)
{
    int rc = check_params(p, eta, min_budget, max_budget, eval_overhead_h, err);
    if (rc)
        return rc;
    memset(s, 0, sizeof *s);
    s->policy = p;
    s->eval_overhead_h = eval_overhead_h;
    if (p == NC_STOP_NONE) {
        s->eta = NC_STOP_DEFAULT_ETA;
        s->min_budget = s->max_budget = 1;
        s->budget[0] = s->reach[0] = s->bracket_p[0] = s->bracket_tail[0] = 1;
        return NC_OK;
    }
    if ((rc = top_rung(eta, min_budget, max_budget, &s->s_max, err)))
        return rc;
    s->eta = eta;
    s->min_budget = min_budget;
    s->max_budget = max_budget;
    fill_rungs(s);
    fill_brackets(s);
    return NC_OK;
}

/* The bracket 'u' (uniform in [0, 1)) falls in: bracket s has the interval
 * [tail[s+1], tail[s]) counted from the top, so P(s) = bracket_p[s]. */
static int pick_bracket(const nc_stopping *s, double u)
{
    int b = s->s_max;
    while (b > 0 && u >= s->bracket_tail[b])
        b--;
    return b;
}

/*
 * One trial: choose its bracket from 'u_bracket' (Hyperband only), then promote it from the
 * bracket's first rung while 'u_rung' < eta^-j, j the rungs climbed so far: P(climb >= j) =
 * eta^-j, as successive halving keeps the best 1/eta at each rung.
 */
double nc_stopping_fraction(const nc_stopping *s, double u_bracket, double u_rung, int *rung,
                            int *rungs_reached)
{
    if (s->policy == NC_STOP_NONE) {
        if (rung)
            *rung = 0;
        if (rungs_reached)
            *rungs_reached = 0;
        return 1;
    }
    int bracket = s->policy == NC_STOP_HYPERBAND ? pick_bracket(s, u_bracket) : s->s_max;
    int start = s->s_max - bracket, climbed = 0;
    while (climbed < bracket && u_rung < s->reach[climbed + 1])
        climbed++;
    if (rung)
        *rung = start + climbed;
    if (rungs_reached)
        *rungs_reached = climbed + 1;
    return s->budget[start + climbed];
}

/* P(a trial of bracket 'b' stops 'climbed' rungs past its start). */
static double stop_in_bracket(const nc_stopping *s, int b, int climbed)
{
    if (climbed < 0 || climbed > b)
        return 0;
    if (climbed == b)
        return s->reach[b];
    return s->reach[climbed] - s->reach[climbed + 1];
}

/*
 * P(stop at rung k) = sum over brackets b of P(b) P(stop k - (s_max - b) rungs past the
 * start), with P(stop j past the start) = eta^-j - eta^-(j+1) below the top, eta^-b at it.
 */
double nc_stopping_stop_probability(const nc_stopping *s, int k)
{
    if (k < 0 || k > s->s_max)
        return 0;
    double p = 0;
    for (int b = 0; b <= s->s_max; b++)
        p += s->bracket_p[b] * stop_in_bracket(s, b, k - (s->s_max - b));
    return p;
}

/*
 * E[fraction] = sum_k P(stop at k) budget[k]. For successive halving with max_budget =
 * min_budget eta^s_max this is min_budget (s_max (1 - 1/eta) + 1): each rung below the top
 * adds min_budget eta^k (eta^-k - eta^-(k+1)) = min_budget (1 - 1/eta).
 */
double nc_stopping_expected_fraction(const nc_stopping *s)
{
    if (s->policy == NC_STOP_NONE)
        return 1;
    double mean = 0;
    for (int k = 0; k <= s->s_max; k++)
        mean += nc_stopping_stop_probability(s, k) * s->budget[k];
    return mean;
}

/* E[rungs evaluated] = sum_b P(b) sum_{j=0..b} eta^-j: a trial is evaluated at every rung it
 * reaches, and reaches the j-th rung of its bracket with probability eta^-j. */
double nc_stopping_expected_evals(const nc_stopping *s)
{
    if (s->policy == NC_STOP_NONE)
        return 0;
    double evals = 0;
    for (int b = 0; b <= s->s_max; b++) {
        double reached = 0;
        for (int j = 0; j <= b; j++)
            reached += s->reach[j];
        evals += s->bracket_p[b] * reached;
    }
    return evals;
}

/* The scenario name of policy 'p', or "?" outside the enum. */
const char *nc_stopping_policy_name(nc_stopping_policy p)
{
    if ((int)p < 0 || p >= NC_STOP__COUNT)
        return "?";
    return policy_names[p];
}

/* The policy whose scenario name is exactly 'name', or -1. */
int nc_stopping_policy_lookup(const char *name)
{
    for (int p = 0; name && p < NC_STOP__COUNT; p++)
        if (strcmp(name, policy_names[p]) == 0)
            return p;
    return -1;
}
