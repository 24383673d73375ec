/*
 * cli_report_page.h - what the parts of `nascost report`'s page share: the run it shows, its
 * figures, the options that made it, when it was made.
 */
#ifndef NC_CLI_REPORT_PAGE_H
#define NC_CLI_REPORT_PAGE_H

#include <stddef.h>

#include "cli/cli_args.h"
#include "cli/cli_gnuplot.h"
#include "output/figure_run.h"
#include "output/output_report.h"

/* A figure as the page shows it. */
typedef struct nc_cli_page_figure {
    char name[32];       /* "distribution", "stages", "timeline", "benchmarks" */
    char *element;       /* its <svg> element (nc_cli_gnuplot_svg), or NULL: not drawn */
    const char *caption; /* what it shows */
} nc_cli_page_figure;

/* The page being made. */
typedef struct nc_cli_page {
    const nc_report *rep;      /* the run, its summaries, the mass unit */
    const nc_plot_source *src; /* the run as the figures saw it */
    const nc_cli_args *a;      /* the options, to say how to reproduce the nc_cli_page */
    const char *template;      /* plots/report.html.in */
    nc_cli_page_figure figs[NC_CLI_MAX_FIGURES];
    size_t n_figs;
    const char *no_gnuplot; /* what was looked for when gnuplot was missing, else NULL */
    char date[64];          /* when the page was made (UTC; SOURCE_DATE_EPOCH when set) */
    char date_iso[32];
} nc_cli_page;

/* The scenario the page is about. */
const nc_scenario *nc_cli_page_scenario(const nc_cli_page *pg);

/* The summary of metric 'm' of the pipeline's total into '*out', as displayed (masses in the
 * page's unit, shares in %); returns its unit. */
const char *nc_cli_page_total(const nc_cli_page *pg, int m, nc_summary *out);

#endif
