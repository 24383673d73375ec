/*
 * cli_plot.h - `nascost plot` and the figures of `run --plots` (cli_plot.c): a run's results
 * read back from the files `run -o` wrote, or taken from memory, or a compare, sweep or
 * sensitivity JSON document; their figures built by cli_figures_run.h and
 * cli_figures_analysis.h and drawn by cli_gnuplot.h.
 */
#ifndef NC_CLI_PLOT_H
#define NC_CLI_PLOT_H

#include "base/error.h"
#include "engine/engine.h"

struct nc_results_file;

/* `nascost plot RESULTS`. */
int nc_cli_plot(int argc, char **argv);

/* Figures of a finished run, for `run --plots DIR`: the distribution, stages, timeline (when
 * 'res' kept one) and benchmark figures of the total CO2e, masses in 'mass_unit'. Returns 0
 * also when gnuplot is missing: the data and scripts are written and a message says how to
 * install it. */
int nc_cli_plot_result(const char *dir, const nc_result *res, const char *mass_unit, nc_error *err);

/* DIR/cumulative_co2e.csv (the P5, P50, P95 of the CO2e emitted by each day's end) when 'res'
 * kept a timeline, its size and digest into '*digest' (name NC_RESULTS_CUMULATIVE); nothing
 * otherwise ('digest->name' NULL). */
int nc_cli_plot_timeline(const char *dir, const nc_result *res, struct nc_results_file *digest,
                         nc_error *err);

#endif
