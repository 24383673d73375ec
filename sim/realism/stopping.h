/*
 * stopping.h - early stopping of hyperparameter trials: successive halving, Hyperband, ASHA.
 *
 * DESIGN.md, "Pipeline realism": under an early-stopping policy most trials of a search run
 * only a fraction of their full training. A trial's resource is that fraction; the stage's
 * sampled duration d is the full budget, so a trial costs
 *     d * fraction + rungs_reached * eval_overhead_h      hours (the caller does this sum).
 *
 * Rungs k = 0..s_max, with s_max = floor(log_eta(max_budget / min_budget) + 1e-9), have the
 * budgets r_k = min_budget * eta^k, except the top rung, whose budget is max_budget exactly
 * (when max_budget / min_budget is not a power of eta the last step is larger than eta).
 * A stopped trial has used the budget of the rung it stopped at: budgets are cumulative, a
 * promoted trial continues from its checkpoint.
 *
 *  - Successive halving (Jamieson & Talwalkar 2016, AISTATS; one bracket of Li et al. 2017,
 *    "Hyperband", JMLR 18(185), Algorithm 1): every trial starts at rung 0 and the best 1/eta
 *    of a rung is promoted, so a trial reaches rung k with probability eta^-k and stops at
 *    rung k < s_max with probability eta^-k - eta^-(k+1), at s_max with eta^-s_max.
 *  - ASHA (Li et al. 2020, "A System for Massively Parallel Hyperparameter Tuning", MLSys,
 *    Algorithm 2): promotes a trial as soon as it is in the top 1/eta of its rung, without
 *    waiting for the rung to fill. In the large-population limit the rung distribution is
 *    that of successive halving (Li et al. 2020, sec. 3: ASHA promotes the same top 1/eta
 *    of each rung as synchronous SH does, once the rung is full); the two differ in scheduling
 *    (no synchronisation barrier), not in cost, so they share a cost model here.
 *  - Hyperband (Li et al. 2017, Algorithm 1): brackets s = s_max..0; bracket s has
 *    n_s = ceil((s_max + 1) / (s + 1) * eta^s) configurations starting at rung s_max - s
 *    (resource R eta^-s, R = max_budget), then successive halving inside the bracket. A trial
 *    lands in bracket s with probability n_s / sum(n) and reaches each further rung with
 *    probability 1/eta.
 *  - None: every trial runs its full budget (fraction 1) and no rung is evaluated.
 *
 * An nc_stopping is a small value (no allocation); build it once with nc_stopping_init and
 * share it read-only between threads.
 */
#ifndef NC_STOPPING_H
#define NC_STOPPING_H

#include "base/error.h"

#define NC_STOP_MAX_RUNGS 32 /* rungs 0..31: enough for min_budget = 3^-31 at eta 3 */

/* Defaults: Li et al. 2017 suggest eta of 3 or 4 and use 3 in their experiments; the top
 * rung is the full budget. */
#define NC_STOP_DEFAULT_ETA        3.0
#define NC_STOP_DEFAULT_MAX_BUDGET 1.0

typedef enum nc_stopping_policy {
    NC_STOP_NONE = 0,
    NC_STOP_SH,
    NC_STOP_HYPERBAND,
    NC_STOP_ASHA,
    NC_STOP__COUNT
} nc_stopping_policy;

typedef struct nc_stopping {
    nc_stopping_policy policy;
    double eta;                             /* reduction factor, > 1 */
    double min_budget, max_budget;          /* rung-0 and top-rung budgets, fractions in (0, 1] */
    double eval_overhead_h;                 /* hours added per rung evaluated */
    int s_max;                              /* the top rung; 0 for NC_STOP_NONE */
    double budget[NC_STOP_MAX_RUNGS];       /* budget[k]: fraction used by a trial stopped at k */
    double reach[NC_STOP_MAX_RUNGS];        /* reach[j] = eta^-j: P(j rungs past the start) */
    double bracket_p[NC_STOP_MAX_RUNGS];    /* P(bracket s), bracket s starting at rung s_max-s;
                                               SH, ASHA: only bracket s_max, with P 1 */
    double bracket_tail[NC_STOP_MAX_RUNGS]; /* sum of bracket_p[s..s_max]; [0] is 1 exactly */
} nc_stopping;

/*
 * Fill 's' for policy 'p' with reduction factor 'eta', rung-0 budget 'min_budget', top-rung
 * budget 'max_budget' (fractions of the full budget) and 'eval_overhead_h' hours per rung
 * evaluated. Requires eta > 1 (finite), 0 < min_budget <= max_budget <= 1, at most
 * NC_STOP_MAX_RUNGS rungs, eval_overhead_h >= 0 (finite). For NC_STOP_NONE the budgets and
 * eta are not used and not checked. Returns 0, or NC_EINPUT with a message in 'err' (e.g.
 * "eta must be greater than 1, got 1"); 's' is then unspecified.
 */
int nc_stopping_init(nc_stopping *s, nc_stopping_policy p, double eta, double min_budget,
                     double max_budget, double eval_overhead_h, nc_error *err);

/*
 * The fraction of its full budget one trial uses under 's', from two uniforms in [0, 1):
 * 'u_bracket' picks the Hyperband bracket (ignored by the other policies), 'u_rung' how far
 * the trial is promoted. Stores the rung it stopped at in '*rung' and the number of rungs it
 * was evaluated at in '*rungs_reached' (its eval overheads; the starting rung counts, so 1..
 * s_max+1, and 0 for NC_STOP_NONE); either pointer may be NULL. The map is monotone: a
 * smaller 'u_rung' never stops a trial earlier. Pure; O(rungs) worst case, O(1) expected.
 */
double nc_stopping_fraction(const nc_stopping *s, double u_bracket, double u_rung, int *rung,
                            int *rungs_reached);

/* The probability that a trial stops at rung 'k' (0 outside 0..s_max). Closed form. */
double nc_stopping_stop_probability(const nc_stopping *s, int k);

/* The expected fraction of the full budget per trial: sum_k P(stop at k) budget[k]. */
double nc_stopping_expected_fraction(const nc_stopping *s);

/* The expected number of rung evaluations per trial (0 for NC_STOP_NONE). */
double nc_stopping_expected_evals(const nc_stopping *s);

/* The policy's name as written in a scenario: "none", "successive_halving", "hyperband",
 * "asha"; "?" for a value outside the enum. */
const char *nc_stopping_policy_name(nc_stopping_policy p);

/* The policy named 'name' (exact, as above), or -1 if none is. */
int nc_stopping_policy_lookup(const char *name);

#endif
