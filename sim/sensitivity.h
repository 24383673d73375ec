/*
 * sensitivity.h - which unknown matters most (`nascost sensitivity`, DESIGN.md).
 *
 * The inputs are the scenario's uncertain per-replication inputs (PUE, grid intensity,
 * prices, a profile's power fraction and speed, the parameters of per-trial distributions
 * such as a duration's sd ...), each identified by its path. Two analyses of one metric of
 * the pipeline's total:
 *   - a tornado: every input at its median (the baseline); then each input alone at its P5
 *     and at its P95; the metric's mean over the same replications (same trial draws), so
 *     the swing is the input's effect alone;
 *   - Sobol first-order and total indices (sobol.h: Saltelli design, Jansen estimators,
 *     bootstrap intervals): the share of the metric's variance each input explains alone and
 *     with its interactions. Row j of every design matrix is replication j, so the trials'
 *     own randomness is common to the rows and does not count as any input's effect.
 * An input whose own parameters are uncertain is varied over its distribution at nominal
 * parameters.
 */
#ifndef NC_SENSITIVITY_H
#define NC_SENSITIVITY_H

#include "engine.h"
#include "sobol.h"

typedef struct nc_sensitivity {
    int metric;
    size_t k;                 /* inputs */
    const char **paths;       /* their paths (borrowed from the scenario) */
    double *value_lo, *value_hi; /* each input's P5 and P95 (canonical units) */
    const char **units;
    double base;              /* the metric's mean with every input at its median */
    double *low, *high;       /* ... with input i at its P5, at its P95 */
    int64_t tornado_reps;
    nc_sobol_result *sobol;   /* NULL when not asked for */
} nc_sensitivity;

typedef struct nc_sensitivity_opts {
    int metric;               /* default NC_M_CO2E_KG */
    int64_t tornado_reps;     /* replications per tornado setting (default 200) */
    size_t sobol_n;           /* Saltelli base rows; 0: no Sobol indices */
    size_t bootstrap;         /* bootstrap resamples for the intervals (default 500) */
    double level;             /* their level (default 0.95) */
} nc_sensitivity_opts;

/* Run both analyses of 'sc' ('run' gives seed and threads). 'sc' is marked during the run
 * (nc_input.sens) and unmarked before returning. NC_EINPUT if the scenario has no uncertain
 * per-replication input. */
int nc_sensitivity_run(nc_sensitivity **out, nc_scenario *sc, const nc_run_opts *run,
                       const nc_sensitivity_opts *opts, nc_error *err);

/* The replications nc_sensitivity_run(sc, run, opts) simulates: 2k + 1 tornado settings of
 * opts->tornado_reps, and opts->sobol_n (k + 2) Sobol' evaluations of one replication each,
 * for k uncertain inputs (for a time estimate; 'sc' is marked and unmarked as by the run). */
double nc_sensitivity_replications(nc_scenario *sc, const nc_sensitivity_opts *opts);

void nc_sensitivity_free(nc_sensitivity *s);

#endif
