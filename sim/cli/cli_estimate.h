/*
 * cli_estimate.h - before a long command starts, how long it will take:
 *
 *   nascost: this run is estimated to take about 4 min (2.0e9 trials at ~30 M trials/s on
 *   2 threads); Ctrl-C stops it
 *
 * on standard error, when the estimate is over NC_CLI_ESTIMATE_SAY_S and -q was not given. The
 * estimate is a pilot of each scenario (nc_engine_estimate: milliseconds, results unchanged)
 * times the replications the command will run.
 */
#ifndef NC_CLI_ESTIMATE_H
#define NC_CLI_ESTIMATE_H

#include "cli/cli_args.h"

#define NC_CLI_ESTIMATE_SAY_S 60.0 /* the threshold: "over a minute" */

typedef struct nc_cli_estimate {
    double seconds, trials; /* of every run added */
    int threads;
    int failed; /* a pilot failed: say nothing, the run will report the error */
} nc_cli_estimate;

/* Add 'replications' replications of 'sc' run with a->run; nothing with -q (no pilot runs). */
void nc_cli_estimate_add(nc_cli_estimate *e, const nc_cli_args *a, const nc_scenario *sc,
                         double replications);

/* Say the estimate when it is over NC_CLI_ESTIMATE_SAY_S; 'what' names the work with its verb
 * ("this run is", "these 3 runs are"). Nothing with -q. */
void nc_cli_estimate_say(const nc_cli_estimate *e, const nc_cli_args *a, const char *what);

/* Both, for a command that runs one scenario. */
void nc_cli_estimate_one(const nc_cli_args *a, const nc_scenario *sc, double replications,
                         const char *what);

#endif
