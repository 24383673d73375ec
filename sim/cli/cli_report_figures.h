/*
 * cli_report_figures.h - the report's figures: drawn by gnuplot as SVG (cli_plot.h), inlined
 * with their ids prefixed, each with a caption and its numbers in words for readers who
 * cannot see it.
 */
#ifndef NC_CLI_REPORT_FIGURES_H
#define NC_CLI_REPORT_FIGURES_H

#include <stdio.h>

#include "cli/cli_report_page.h"

/* Draw the run's figures as SVG into the new directory 'dir' and make them elements of the
 * page (pg->figs); pg->no_gnuplot says what was looked for when gnuplot is missing. */
int nc_cli_report_draw_figures(nc_cli_page *pg, const char *dir, nc_error *err);

/* The section "Figures": the figures drawn, numbered, each with its caption; a notice when
 * gnuplot was missing. */
void nc_cli_report_figures(FILE *f, const nc_cli_page *pg);

#endif
