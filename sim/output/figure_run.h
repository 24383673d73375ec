/*
 * figure_run.h - the numbers behind the figures of a run (DESIGN.md, "Outputs people look
 * at"): a histogram of a metric, per-stage bands, cumulative CO2e over calendar days, and the
 * benchmark bars of Strubell, Ganesh & McCallum (2019, Table 1). This module computes, from a
 * run as the figures see it (nc_plot_source: built from a result in memory here, or from the
 * files of `run -o` by results_run.h); the command line words the numbers, writes them as CSV
 * and runs the gnuplot scripts of plots/ on them (cli_figures_run.c). The figures of
 * comparisons, sweeps and sensitivity analyses: figure_analysis.h.
 */
#ifndef NC_FIGURE_RUN_H
#define NC_FIGURE_RUN_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_histogram.h>

#include "engine/engine.h"
#include "base/error.h"
#include "stats/stats.h"

#define NC_PLOT_MIN_BINS 10
#define NC_PLOT_MAX_BINS 80
/* Figures keep at most this many timeline values (replications x days), 256 MiB. */
#define NC_PLOT_TIMELINE_BUDGET (32u << 20)

/* P5, P50 and P95 of one quantity. */
typedef struct nc_plot_band {
    double p5, p50, p95;
} nc_plot_band;

/* A CO2e yardstick (models/equivalents.yaml) as a figure needs it. */
typedef struct nc_plot_equivalent {
    char *id, *name;
    char *label; /* "car lifetimes (incl. fuel)"; NULL when the catalog gives none */
    double co2e_kg;
} nc_plot_equivalent;

/*
 * A run as the figures see it, owning copies of everything: built from a result in memory
 * (nc_plot_source_alloc) or from the files `run -o` wrote (nc_results_read_run).
 */
typedef struct nc_plot_source {
    char *scenario; /* the scenario's name */
    char *title;    /* NULL when none */
    uint64_t seed;
    int64_t replications; /* replications in 'samples' */
    int point;            /* every input at its nominal value */
    size_t n_rows;        /* stages + 1 */
    char **row_names;     /* "total", then the stages' names (row 0 the total) */
    double *samples;      /* [replication][row][metric], as in nc_result */
    nc_plot_equivalent *equivalents;
    size_t n_equivalents;
    nc_plot_band *cumulative; /* NULL, or per calendar day the band of the CO2e emitted
                                 by the end of that day (kg) */
    size_t n_days;
    int64_t past_timeline; /* replications that ran past the last day kept */
    double deadline_days;  /* 0: none, or not known */
} nc_plot_source;

/*
 * Copy what the figures need from 'res' (and its scenario and catalog) into a new source.
 * With a timeline, also its cumulative bands (nc_plot_cumulative). NC_ENOMEM on failure.
 */
int nc_plot_source_alloc(nc_plot_source **out, const nc_result *res, nc_error *err);

/* Free a source and everything it owns; NULL does nothing. */
void nc_plot_source_free(nc_plot_source *src);

/* Metric 'm' of row 'row' in replication 'rep'. */
static inline double nc_plot_sample(const nc_plot_source *src, int64_t rep, size_t row, int m)
{
    return src->samples[((size_t)rep * src->n_rows + row) * NC_M__COUNT + (size_t)m];
}

/*
 * The calendar days of CO2e a run of 'replications' of 'sc' may keep per replication
 * (nc_engine_opts.timeline_days), known before the run from the model alone: 0 when the scenario
 * simulates no calendar, else as many as NC_PLOT_TIMELINE_BUDGET values allow over the
 * replications, within NC_MAX_TIMELINE_DAYS. The figure then shows the days the run itself
 * used (nc_plot_timeline_bands): the room is only touched where trials ran.
 */
int nc_plot_timeline_days(const nc_scenario *sc, int64_t replications);

/*
 * Cumulative CO2e bands over days: each replication's daily values ('timeline',
 * [replication][day], 'reps' rows of 'stride' values of which the first 'days' are looked at)
 * are summed day by day, then P5, P50 and P95 taken per day over the replications (GSL
 * quantiles, Hyndman & Fan type 7). Days after the last one with an emission in any
 * replication are dropped: '*n_days' says how many are kept (at least 1). '*out' is malloc'd.
 * NC_ENOMEM on failure.
 */
int nc_plot_cumulative(nc_plot_band **out, size_t *n_days, const double *timeline, size_t reps,
                       size_t stride, size_t days, nc_error *err);

/*
 * The cumulative CO2e bands of a result that kept a timeline (nc_plot_cumulative): sized by
 * the run's own data, the days up to the end of its longest replication (its makespan), not
 * by the room it had. Errors as nc_plot_cumulative.
 */
int nc_plot_timeline_bands(nc_plot_band **out, size_t *n_days, const nc_result *res,
                           nc_error *err);

/*
 * Number of histogram bins for 'n' sorted values: the Freedman & Diaconis (1981) width,
 * 2 IQR n^(-1/3), over the range, within NC_PLOT_MIN_BINS..NC_PLOT_MAX_BINS.
 */
size_t nc_plot_bins(const double *sorted, size_t n);

/*
 * A histogram of the 'n' values at 'x' (stride 1) with nc_plot_bins bins spanning exactly
 * min..max (the maximum counts in the last bin); a single repeated value gets bins around it.
 * NC_EINPUT when a value is not finite or n is 0; NC_ENOMEM.
 */
int nc_plot_histogram(gsl_histogram **out, const double *x, size_t n, nc_error *err);

/* Metric 'm' of row 'row' of every replication into 'out' (src->replications values), each
 * multiplied by 'scale'. */
void nc_plot_column(double *out, const nc_plot_source *src, size_t row, int m, double scale);

/* P5, P50, P95 of metric 'm' of row 'row' over the replications, times 'scale'. 'scratch'
 * holds src->replications doubles. */
nc_plot_band nc_plot_row_band(const nc_plot_source *src, size_t row, int m, double scale,
                              double *scratch);

/* 1 when metric 'm' is a mass of CO2e, so that equivalents apply. */
int nc_plot_is_co2e(int m);

/* One bar of the benchmark chart. */
typedef struct nc_plot_bar {
    const char *label;    /* what the bar is ("Car, avg incl. fuel, 1 lifetime") */
    double kg;            /* the yardstick's CO2e, or the pipeline's median */
    double p5_kg, p95_kg; /* the pipeline's band; equal to kg for a yardstick */
    int pipeline;         /* 1 for the pipeline's bar */
} nc_plot_bar;

/* The yardsticks of Strubell et al. (2019, Table 1) that the benchmark chart shows. */
#define NC_PLOT_N_BENCHMARKS 4

/*
 * The benchmark chart of Strubell et al. (2019, Table 1): a round-trip flight NY-SF, a person's
 * year, an American's year, a car's lifetime (equivalents flight-ny-sf, human-year,
 * american-year, car-lifetime of 'src', those it has) and the pipeline ('pipeline_kg', labelled
 * 'pipeline_label'), in ascending order into 'out' (room for NC_PLOT_N_BENCHMARKS + 1).
 * Returns the number of bars. Labels point into static text, 'src' or 'pipeline_label'.
 */
size_t nc_plot_benchmarks(nc_plot_bar *out, const nc_plot_source *src,
                          const nc_plot_band *pipeline_kg, const char *pipeline_label);

/* 1 when the bars span more than a factor of 50 (max / min), so a log axis reads better. */
int nc_plot_log_axis(const nc_plot_bar *bars, size_t n);

#endif
