/*
 * cli_figures.h - each figure of `nascost plot`, `run --plots` and `report` (cli_figures.c):
 * its data (NAME.csv) and the gnuplot script that draws it (NAME.gp: its settings, then
 * plots/common.gp and plots/NAME.gp), handed to cli_gnuplot.h's plotter to draw.
 */
#ifndef NC_CLI_FIGURES_H
#define NC_CLI_FIGURES_H

#include <stdio.h>

#include "base/error.h"
#include "cli/cli_gnuplot.h"
#include "output/figure_run.h"

struct json_t;

/*
 * The figures of a run ('src'): distribution and stages of metric 'metric', the timeline (when
 * 'src' has one) and the benchmark chart of the total CO2e; masses in 'mass_unit' (kg, t, lb).
 * Each is written and, with gnuplot, drawn by 'p'. Errors: NC_ENOMEM, NC_EIO (a file or
 * gnuplot), NC_EINPUT (no plots/ scripts found, a bad unit).
 */
int nc_cli_figures_run(nc_cli_plotter *p, const nc_plot_source *src, int metric,
                       const char *mass_unit, nc_error *err);

/* The forest plot of a `compare` or `sweep` JSON document 'doc': each run's band of metric
 * 'm' and its paired difference from the first run. Errors as nc_cli_figures_run. */
int nc_cli_figure_forest(nc_cli_plotter *p, struct json_t *doc, int m, const char *mass_unit,
                         nc_error *err);

/* A `sweep` of one numeric input ('doc'): metric 'm''s P50 along the swept value with its
 * P5-P95 band; draws nothing (returns 0) when the labels are not one numeric input. */
int nc_cli_figure_sweep_line(nc_cli_plotter *p, struct json_t *doc, int m, const char *mass_unit,
                             nc_error *err);

/* The tornado of a `sensitivity` JSON document 'doc' (at most 12 inputs, by swing).
 * NC_EINPUT when the document names no known metric. */
int nc_cli_figure_tornado(nc_cli_plotter *p, struct json_t *doc, const char *mass_unit,
                          nc_error *err);

/* Write 'value' (any bytes; NULL: empty) to 'f' as a gnuplot string expression that draws it
 * as it is and that gnuplot cannot execute or expand: single-quoted strings joined with "\n"
 * for line breaks and "\\" for backslashes. Every text a figure's script holds is written by
 * it. */
void nc_cli_gp_string(FILE *f, const char *value);

/* Read the whole file 'path' into a new NUL-terminated string ('*out', free it). NC_EIO
 * naming the file when it cannot be read. */
int nc_cli_read_text(char **out, const char *path, nc_error *err);

#endif
