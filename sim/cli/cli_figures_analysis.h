/*
 * cli_figures_analysis.h - the figures of a comparison, a sweep and a sensitivity analysis
 * (cli_figures_analysis.c), from the objects of figure_analysis.h (built from memory, or by
 * `nascost plot` from the JSON those commands wrote: results_analysis.h).
 */
#ifndef NC_CLI_FIGURES_ANALYSIS_H
#define NC_CLI_FIGURES_ANALYSIS_H

#include "cli/cli_common.h" /* nc_error */
#include "cli/cli_gnuplot.h"
#include "output/figure_analysis.h"

/* The forest plot of a comparison or sweep 'v': each run's band of v->metric and its paired
 * difference from the first run; masses in 'mass_unit'. NC_EINPUT when no run has the metric
 * (undefined everywhere); else errors as nc_cli_figures_run. */
int nc_cli_figure_forest(nc_cli_plotter *p, const nc_plot_versus *v, const char *mass_unit,
                         nc_error *err);

/* A sweep of one numeric input ('v'): the metric's P50 along the swept value with its P5-P95
 * band; draws nothing (returns 0) when the labels are not one numeric input. */
int nc_cli_figure_sweep_line(nc_cli_plotter *p, const nc_plot_versus *v, const char *mass_unit,
                             nc_error *err);

/* The tornado of a sensitivity analysis 't' (at most 12 inputs, by swing; inputs that move
 * nothing left out). NC_EINPUT when it names no known metric. */
int nc_cli_figure_tornado(nc_cli_plotter *p, const nc_plot_tornado *t, const char *mass_unit,
                          nc_error *err);

#endif
