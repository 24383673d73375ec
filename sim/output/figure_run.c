/* figure_run.c - the numbers behind the figures of a run (see figure_run.h). */
#include "output/figure_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "scenario/catalog.h"
#include "base/metrics.h"
#include "base/units.h"

/* ---- a source from a result ------------------------------------------------------------------ */

static char *copy_text(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int copy_rows(nc_plot_source *src, const nc_result *res)
{
    const nc_scenario *sc = res->sc;
    size_t n = (size_t)res->replications * res->n_rows * NC_M__COUNT;
    src->n_rows = res->n_rows;
    src->row_names = calloc(res->n_rows, sizeof *src->row_names);
    src->samples = malloc(n * sizeof *src->samples);
    if (!src->row_names || !src->samples)
        return -1;
    memcpy(src->samples, res->samples, n * sizeof *src->samples);
    for (size_t i = 0; i < res->n_rows; i++)
        if (!(src->row_names[i] = copy_text(i != NC_ROW_TOTAL ? sc->stages[i - 1].name : "total")))
            return -1;
    return 0;
}

static int copy_equivalents(nc_plot_source *src, const nc_catalog *cat)
{
    if (!cat || !cat->n_equivalents)
        return 0;
    src->equivalents = calloc(cat->n_equivalents, sizeof *src->equivalents);
    if (!src->equivalents)
        return -1;
    src->n_equivalents = cat->n_equivalents;
    for (size_t i = 0; i < cat->n_equivalents; i++) {
        const nc_equivalent *e = &cat->equivalents[i];
        nc_plot_equivalent *p = &src->equivalents[i];
        p->co2e_kg = e->co2e_kg;
        if (!(p->id = copy_text(e->id)) || !(p->name = copy_text(e->name)) ||
            (e->label && !(p->label = copy_text(e->label))))
            return -1;
    }
    return 0;
}

/* Replications whose pipeline ended after the last day the timeline kept. */
static int64_t count_past(const nc_result *res)
{
    int64_t n = 0;
    for (int64_t i = 0; i < res->replications; i++)
        n += nc_result_total(res, i)[NC_M_MAKESPAN_DAYS] > res->timeline_days;
    return n;
}

int nc_plot_source_alloc(nc_plot_source **out, const nc_result *res, nc_error *err)
{
    const nc_scenario *sc = res->sc;
    nc_plot_source *src = calloc(1, sizeof *src);
    int rc = 0;
    if (!src || !(src->scenario = copy_text(sc->name)) ||
        (sc->title && !(src->title = copy_text(sc->title))))
        rc = NC_ENOMEM;
    if (!rc && (copy_rows(src, res) || copy_equivalents(src, sc->catalog)))
        rc = NC_ENOMEM;
    if (rc) {
        nc_plot_source_free(src);
        return nc_error_set(err, NC_ENOMEM, "out of memory for the figures");
    }
    src->seed = res->seed;
    src->replications = res->replications;
    src->point = res->point;
    src->deadline_days = sc->deadline_h / 24.0;
    if (res->timeline) {
        rc = nc_plot_timeline_bands(&src->cumulative, &src->n_days, res, err);
        src->past_timeline = count_past(res);
    }
    if (rc) {
        nc_plot_source_free(src);
        return rc;
    }
    *out = src;
    return 0;
}

void nc_plot_source_free(nc_plot_source *src)
{
    if (!src)
        return;
    for (size_t i = 0; src->row_names && i < src->n_rows; i++)
        free(src->row_names[i]);
    for (size_t i = 0; src->equivalents && i < src->n_equivalents; i++) {
        free(src->equivalents[i].id);
        free(src->equivalents[i].name);
        free(src->equivalents[i].label);
    }
    free(src->scenario);
    free(src->title);
    free(src->row_names);
    free(src->samples);
    free(src->equivalents);
    free(src->cumulative);
    free(src);
}

/* ---- the calendar ---------------------------------------------------------------------------- */

int nc_plot_timeline_days(const nc_scenario *sc, int64_t replications)
{
    if (!sc->calendar)
        return 0;
    double room =
        floor((double)NC_PLOT_TIMELINE_BUDGET / (double)(replications > 0 ? replications : 1));
    return (int)fmax(1.0, fmin(room, (double)NC_MAX_TIMELINE_DAYS));
}

/* The number of days up to the last one with an emission in any replication (at least 1). */
static size_t days_used(const double *timeline, size_t reps, size_t stride, size_t days)
{
    size_t used = 1;
    for (size_t r = 0; r < reps; r++)
        for (size_t d = days; d > used; d--)
            if (timeline[r * stride + d - 1] != 0.0) {
                used = d;
                break;
            }
    return used;
}

int nc_plot_cumulative(nc_plot_band **out, size_t *n_days, const double *timeline, size_t reps,
                       size_t stride, size_t days, nc_error *err)
{
    size_t used = days_used(timeline, reps, stride, days);
    double *sum = calloc(reps, sizeof *sum), *sorted = malloc(reps * sizeof *sorted);
    nc_plot_band *band = malloc(used * sizeof *band);
    if (!sum || !sorted || !band || !reps) {
        free(sum), free(sorted), free(band);
        return nc_error_set(err, reps ? NC_ENOMEM : NC_EINPUT,
                            reps ? "out of memory for the timeline"
                                 : "a timeline of no "
                                   "replications");
    }
    for (size_t d = 0; d < used; d++) {
        for (size_t r = 0; r < reps; r++)
            sorted[r] = sum[r] += timeline[r * stride + d];
        gsl_sort(sorted, 1, reps);
        band[d].p5 = gsl_stats_quantile_from_sorted_data(sorted, 1, reps, 0.05);
        band[d].p50 = gsl_stats_quantile_from_sorted_data(sorted, 1, reps, 0.50);
        band[d].p95 = gsl_stats_quantile_from_sorted_data(sorted, 1, reps, 0.95);
    }
    free(sum);
    free(sorted);
    *out = band;
    *n_days = used;
    return 0;
}

/* The days a result's timeline holds emissions in, at most: every trial ends by its
 * replication's makespan (the total's, counted from hour 0 of the calendar), and one that takes
 * no time emits on the day it starts, so day floor(makespan) is the last that can hold any. */
static size_t days_spanned(const nc_result *res)
{
    double last = 0.0;
    for (int64_t i = 0; i < res->replications; i++)
        last = fmax(last, nc_result_total(res, i)[NC_M_MAKESPAN_DAYS]);
    double days = floor(last) + 1.0;
    return days < (double)res->timeline_days ? (size_t)days : (size_t)res->timeline_days;
}

int nc_plot_timeline_bands(nc_plot_band **out, size_t *n_days, const nc_result *res,
                           nc_error *err)
{
    return nc_plot_cumulative(out, n_days, res->timeline, (size_t)res->replications,
                              (size_t)res->timeline_days, days_spanned(res), err);
}

/* ---- histograms and bands -------------------------------------------------------------------- */

size_t nc_plot_bins(const double *sorted, size_t n)
{
    if (n < 2 || sorted[n - 1] <= sorted[0])
        return NC_PLOT_MIN_BINS;
    double iqr = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75) -
                 gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25);
    double width = 2.0 * iqr * pow((double)n, -1.0 / 3.0); /* Freedman & Diaconis 1981 */
    double bins = width > 0 ? ceil((sorted[n - 1] - sorted[0]) / width) : NC_PLOT_MAX_BINS;
    return (size_t)fmin(fmax(bins, NC_PLOT_MIN_BINS), NC_PLOT_MAX_BINS);
}

int nc_plot_histogram(gsl_histogram **out, const double *x, size_t n, nc_error *err)
{
    if (!n)
        return nc_error_set(err, NC_EINPUT, "a histogram of no values");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return nc_error_set(err, NC_EINPUT, "value %zu of the histogram is not finite", i);
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return nc_error_set(err, NC_ENOMEM, "out of memory for a histogram");
    memcpy(sorted, x, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    double lo = sorted[0], hi = sorted[n - 1];
    size_t bins = nc_plot_bins(sorted, n);
    free(sorted);
    if (hi <= lo) { /* one value: in the middle of the sixth of ten 1%-wide bins */
        double width = lo != 0 ? 0.01 * fabs(lo) : 0.1;
        hi = lo + 4.5 * width, lo -= 5.5 * width;
    }
    gsl_histogram *h = gsl_histogram_alloc(bins);
    if (!h)
        return nc_error_set(err, NC_ENOMEM, "out of memory for a histogram");
    gsl_histogram_set_ranges_uniform(h, lo, hi);
    for (size_t i = 0; i < n; i++)
        if (x[i] >= hi) /* the range's top is open in GSL: the maximum goes in the last bin */
            h->bin[bins - 1] += 1.0;
        else
            gsl_histogram_increment(h, x[i]);
    *out = h;
    return 0;
}

void nc_plot_column(double *out, const nc_plot_source *src, size_t row, int m, double scale)
{
    for (int64_t i = 0; i < src->replications; i++)
        out[i] = nc_plot_sample(src, i, row, m) * scale;
}

nc_plot_band nc_plot_row_band(const nc_plot_source *src, size_t row, int m, double scale,
                              double *scratch)
{
    nc_summary s;
    size_t n = (size_t)src->replications;
    nc_stats_summarise(&s, src->samples + row * NC_M__COUNT + (size_t)m, n,
                       src->n_rows * NC_M__COUNT, scratch);
    nc_plot_band b = {s.p5 * scale, s.p50 * scale, s.p95 * scale};
    return b;
}

int nc_plot_is_co2e(int m)
{
    return m == NC_M_CO2E_KG || m == NC_M_CO2E_OPERATIONAL_KG || m == NC_M_CO2E_EMBODIED_KG;
}

/* ---- the benchmark chart --------------------------------------------------------------------- */

/* Strubell, Ganesh & McCallum 2019, Table 1: the rows and their wording. */
static const struct {
    const char *id, *label;
} BENCHMARKS[NC_PLOT_N_BENCHMARKS] = {
    {"flight-ny-sf", "Air travel, 1 passenger, NY\u2194SF"},
    {"human-year", "Human life, avg, 1 year"},
    {"american-year", "American life, avg, 1 year"},
    {"car-lifetime", "Car, avg incl. fuel, 1 lifetime"},
};

static const nc_plot_equivalent *find_equivalent(const nc_plot_source *src, const char *id)
{
    for (size_t i = 0; i < src->n_equivalents; i++)
        if (!strcmp(src->equivalents[i].id, id))
            return &src->equivalents[i];
    return NULL;
}

size_t nc_plot_benchmarks(nc_plot_bar *out, const nc_plot_source *src,
                          const nc_plot_band *pipeline_kg, const char *pipeline_label)
{
    size_t n = 0;
    for (size_t i = 0; i < NC_PLOT_N_BENCHMARKS; i++) {
        const nc_plot_equivalent *e = find_equivalent(src, BENCHMARKS[i].id);
        if (e) {
            nc_plot_bar b = {BENCHMARKS[i].label, e->co2e_kg, e->co2e_kg, e->co2e_kg, 0};
            out[n++] = b;
        }
    }
    nc_plot_bar p = {pipeline_label, pipeline_kg->p50, pipeline_kg->p5, pipeline_kg->p95, 1};
    out[n++] = p;
    for (size_t i = 1; i < n; i++) /* insertion sort, ascending: Table 1's order */
        for (size_t j = i; j > 0 && out[j].kg < out[j - 1].kg; j--) {
            nc_plot_bar t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

int nc_plot_log_axis(const nc_plot_bar *bars, size_t n)
{
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, fmin(bars[i].kg, bars[i].p5_kg));
        hi = fmax(hi, fmax(bars[i].kg, bars[i].p95_kg));
    }
    return lo > 0 && hi / lo > 50.0;
}
