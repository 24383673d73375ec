/*
 * cli_figures_run.h - the figures of a run, for `run --plots`, `plot` of a run's folder and
 * `report` (cli_figures_run.c).
 */
#ifndef NC_CLI_FIGURES_RUN_H
#define NC_CLI_FIGURES_RUN_H

#include "cli/cli_common.h" /* nc_error */
#include "cli/cli_gnuplot.h"
#include "output/figure_run.h"

/*
 * The figures of a run ('src'): distribution and stages of metric 'metric', the timeline (when
 * 'src' has one) and the benchmark chart of the total CO2e; masses in 'mass_unit' (kg, t, lb).
 * Each is written and, with gnuplot, drawn by 'p'. Errors: NC_ENOMEM, NC_EIO (a file or
 * gnuplot), NC_EINPUT (no plots/ scripts found, a bad unit, a metric the run has no value of).
 */
int nc_cli_figures_run(nc_cli_plotter *p, const nc_plot_source *src, int metric,
                       const char *mass_unit, nc_error *err);

#endif
