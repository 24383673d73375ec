/*
 * cli_figures_run.c - the figures of a run (see cli_figures_run.h): distribution, stages,
 * timeline and benchmarks, each worded from the numbers of figure_run.h and written with the
 * figure kit.
 */
#include "cli/cli_figures_run.h"

#include <gsl/gsl_histogram.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics.h"
#include "cli/cli_figure_kit.h"
#include "output/output_format.h"

typedef struct run_figures {
    const nc_plot_source *src;
    int metric;
    const char *mass_unit;
    char caption[512];
    double *scratch; /* src->replications doubles */
} run_figures;

static void run_caption(run_figures *r)
{
    const nc_plot_source *s = r->src;
    char title[160] = "", reps[48];
    nc_output_count(reps, sizeof reps, (double)s->replications);
    if (s->title)
        snprintf(title, sizeof title, ": %s", s->title);
    if (strlen(title) > 70)
        strcpy(title + 66, "...");
    snprintf(r->caption, sizeof r->caption,
             "%s%s \u00b7 seed %llu \u00b7 %s%s replication%s "
             "\u00b7 nascost %s",
             s->scenario, title, (unsigned long long)s->seed, s->point ? "nominal inputs, " : "",
             reps, s->replications == 1 ? "" : "s", NC_VERSION);
}

/* 'words' into 'buf' as lines of at most 'width' characters (breaking at spaces), each
 * after 'indent'. */
static void wrap_words(char *buf, size_t size, const char *words, size_t width, const char *indent)
{
    size_t used = 0;
    buf[0] = '\0';
    while (*words && used + 1 < size) {
        size_t len = strlen(words);
        if (len > width) {
            len = width;
            while (len > 0 && words[len] != ' ')
                len--;
            len = len ? len : width;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s%s%.*s", used ? "\n" : "", indent,
                                 (int)len, words);
        words += len;
        while (*words == ' ')
            words++;
    }
}

/* The bands of the total in each labelled equivalent: the numbers, then the label below. */
static void equivalents_words(char *buf, size_t size, const run_figures *r, const nc_plot_band *kg)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->src->n_equivalents && used + 1 < size; i++) {
        const nc_plot_equivalent *e = &r->src->equivalents[i];
        if (!e->label || !(e->co2e_kg > 0))
            continue;
        nc_plot_band b = {kg->p5 / e->co2e_kg, kg->p50 / e->co2e_kg, kg->p95 / e->co2e_kg};
        char line[256], label[256];
        nc_cli_band_words(line, sizeof line, -1, &b, "");
        wrap_words(label, sizeof label, e->label, 32, "   ");
        used +=
            (size_t)snprintf(buf + used, size - used, "%s%s\n%s", used ? "\n\n" : "", line, label);
    }
}

static int fig_distribution(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    size_t total = NC_ROW_TOTAL, n = (size_t)s->replications;
    double scale;
    const char *unit;
    nc_cli_figure fig;
    gsl_histogram *h = NULL;
    int rc = nc_output_scale(&scale, &unit, r->metric, r->mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "distribution", r->caption, err);
    if (rc)
        return rc;
    nc_plot_column(r->scratch, s, total, r->metric, scale);
    rc = nc_plot_histogram(&h, r->scratch, n, err);
    nc_plot_band b = nc_plot_row_band(s, total, r->metric, scale, r->scratch);
    nc_plot_band kg = nc_plot_row_band(s, total, r->metric, 1.0, r->scratch);
    FILE *d = fig.data.f, *v = fig.vars.f;
    nc_cli_csv_first_column(d, "bin_low", unit), nc_cli_csv_column(d, "bin_high", unit);
    nc_cli_csv_column(d, "bin_mid", unit);
    fputs(",replications,share_pct\n", d);
    for (size_t i = 0; !rc && i < h->n; i++)
        fprintf(d, "%.17g,%.17g,%.17g,%.17g,%.17g\n", h->range[i], h->range[i + 1],
                0.5 * (h->range[i] + h->range[i + 1]), h->bin[i], 100.0 * h->bin[i] / (double)n);
    char words[96], label[256];
    nc_cli_title_words(words, sizeof words, r->metric);
    snprintf(label, sizeof label, "%s of %s", words, s->scenario);
    nc_cli_gp_text(v, "title_text", label);
    nc_cli_axis_label(label, sizeof label, nc_cli_total_prefix(r->metric), r->metric, unit);
    nc_cli_gp_text(v, "xlabel_text", label);
    nc_cli_gp_number(v, "p5", b.p5), nc_cli_gp_number(v, "p50", b.p50),
        nc_cli_gp_number(v, "p95", b.p95);
    const double q[3] = {b.p5, b.p50, b.p95};
    const char *qname[3] = {"p5", "p50", "p95"};
    for (int i = 0; i < 3; i++) {
        char num[64], var[16];
        nc_output_value(num, sizeof num, r->metric, q[i]);
        snprintf(label, sizeof label, "%s %s%s%s",
                 i == 1 ? "P50"
                 : i    ? "P95"
                        : "P5",
                 num, unit[0] && strcmp(unit, "%") ? " " : "", unit);
        snprintf(var, sizeof var, "%s_text", qname[i]);
        nc_cli_gp_text(v, var, label);
    }
    char equals[1100] = "";
    if (nc_plot_is_co2e(r->metric)) {
        char eq[900];
        equivalents_words(eq, sizeof eq, r, &kg);
        if (eq[0])
            snprintf(equals, sizeof equals, "%s equals\n\n%s", words, eq);
    }
    nc_cli_gp_text(v, "equiv_text", equals);
    gsl_histogram_free(h);
    rc = rc ? rc : nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}

/* Bands of every stage, then of the total when there are several stages. */
static int fig_stages(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    nc_cli_figure fig;
    int rc = nc_output_scale(&scale, &unit, r->metric, r->mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "stages", r->caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    size_t rows = s->n_rows > 2 ? s->n_rows : 1;
    fputs("total", d);
    nc_cli_csv_column(d, "p5", unit), nc_cli_csv_column(d, "p50", unit),
        nc_cli_csv_column(d, "p95", unit);
    fputs(",stage\n", d);
    for (size_t row = 0; row < rows; row++) {
        size_t at = nc_row_shown(row, s->n_rows); /* one stage: its own row */
        nc_plot_band b = nc_plot_row_band(s, at, r->metric, scale, r->scratch);
        char words[256];
        nc_cli_band_words(words, sizeof words, r->metric, &b, unit);
        fprintf(d, "%d,%.17g,%.17g,%.17g,", at == NC_ROW_TOTAL, b.p5, b.p50, b.p95);
        nc_cli_figure_row(&fig, s->row_names[at], words, "");
    }
    char words[128], label[256];
    nc_cli_metric_words(words, sizeof words, r->metric);
    if (words[0] >= 'a' && words[0] <= 'z')
        words[0] = (char)(words[0] - 'a' + 'A');
    snprintf(label, sizeof label, "%s per stage of %s", words, s->scenario);
    nc_cli_gp_text(v, "title_text", label);
    nc_cli_axis_label(label, sizeof label, "", r->metric, unit);
    nc_cli_gp_text(v, "xlabel_text", label);
    rc = nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}

static int fig_timeline(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    nc_cli_figure fig;
    int rc = nc_output_scale(&scale, &unit, NC_M_CO2E_KG, r->mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "timeline", r->caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    fputs("day", d);
    nc_cli_csv_column(d, "p5", unit), nc_cli_csv_column(d, "p50", unit),
        nc_cli_csv_column(d, "p95", unit);
    fputs("\n0,0,0,0\n", d);
    for (size_t i = 0; i < s->n_days; i++)
        fprintf(d, "%zu,%.17g,%.17g,%.17g\n", i + 1, s->cumulative[i].p5 * scale,
                s->cumulative[i].p50 * scale, s->cumulative[i].p95 * scale);
    char label[256], note[256] = "";
    snprintf(label, sizeof label, "Cumulative CO\u2082e of %s over the calendar", s->scenario);
    nc_cli_gp_text(v, "title_text", label);
    snprintf(label, sizeof label, "cumulative CO\u2082e (%s)", unit);
    nc_cli_gp_text(v, "ylabel_text", label);
    nc_cli_gp_number(v, "deadline", s->deadline_days);
    nc_plot_band idle = nc_plot_row_band(s, NC_ROW_TOTAL, NC_M_IDLE_KWH, 1.0, r->scratch);
    size_t used = (size_t)snprintf(note, sizeof note,
                                   "each trial's CO\u2082e (operational and "
                                   "embodied) spread over the hours it ran");
    if (idle.p95 > 0) /* the totals count idle GPUs; the days do not */
        used += (size_t)snprintf(note + used, sizeof note - used,
                                 "; idle GPUs' energy not "
                                 "included");
    if (s->past_timeline > 0)
        snprintf(note + used, sizeof note - used, "; %lld replication%s ran past day %zu",
                 (long long)s->past_timeline, s->past_timeline == 1 ? "" : "s", s->n_days);
    nc_cli_gp_text(v, "note_text", note);
    rc = nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}

static int fig_benchmarks(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    nc_cli_figure fig;
    nc_plot_bar bars[NC_PLOT_N_BENCHMARKS + 1];
    char pipeline[160];
    nc_plot_band kg = nc_plot_row_band(s, NC_ROW_TOTAL, NC_M_CO2E_KG, 1.0, r->scratch);
    snprintf(pipeline, sizeof pipeline, "%s (P50, P5-P95)", s->scenario);
    size_t n = nc_plot_benchmarks(bars, s, &kg, pipeline);
    if (n < 2)
        return 0; /* no yardstick in the catalog: nothing to compare with */
    int rc = nc_output_scale(&scale, &unit, NC_M_CO2E_KG, r->mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "benchmarks", r->caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    fputs("pipeline", d);
    nc_cli_csv_column(d, "co2e", unit), nc_cli_csv_column(d, "p5", unit),
        nc_cli_csv_column(d, "p95", unit);
    fputs(",what\n", d);
    for (size_t i = 0; i < n; i++) {
        nc_plot_band b = {bars[i].p5_kg * scale, bars[i].kg * scale, bars[i].p95_kg * scale};
        char words[160], p5[48], p95[48];
        nc_cli_band_words(words, sizeof words, NC_M_CO2E_KG, &b, unit);
        if (bars[i].pipeline) { /* two lines: the median, then the band */
            nc_output_number(words, sizeof words, b.p50);
            nc_output_number(p5, sizeof p5, b.p5);
            nc_output_number(p95, sizeof p95, b.p95);
            snprintf(words + strlen(words), sizeof words - strlen(words), " %s\nP5-P95: %s - %s",
                     unit, p5, p95);
        }
        fprintf(d, "%d,%.17g,%.17g,%.17g,", bars[i].pipeline, b.p50, b.p5, b.p95);
        nc_cli_figure_row(&fig, bars[i].label, words, "");
    }
    int log_axis = nc_plot_log_axis(bars, n);
    char label[256];
    snprintf(label, sizeof label, "%s beside everyday CO\u2082e", s->scenario);
    nc_cli_gp_text(v, "title_text", label);
    nc_cli_gp_text(v, "note_text",
                   "yardsticks as in Strubell, Ganesh & McCallum 2019, Table 1 "
                   "(models/equivalents.yaml)");
    snprintf(label, sizeof label, "CO\u2082e (%s)%s", unit, log_axis ? ", log scale" : "");
    nc_cli_gp_text(v, "xlabel_text", label);
    nc_cli_gp_number(v, "log_axis", log_axis);
    rc = nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}

/* 1 when metric 'm' of the total has a value in some replication: an undefined one (samples.csv
 * leaves it empty: utilisation without a cluster, on_time without a deadline) has none. */
static int has_values(const run_figures *r, int m)
{
    nc_plot_column(r->scratch, r->src, NC_ROW_TOTAL, m, 1.0);
    for (int64_t i = 0; i < r->src->replications; i++)
        if (!isnan(r->scratch[i]))
            return 1;
    return 0;
}

int nc_cli_figures_run(nc_cli_plotter *p, const nc_plot_source *src, int metric,
                       const char *mass_unit, nc_error *err)
{
    run_figures r = {src, metric, mass_unit, "", NULL};
    run_caption(&r);
    if (!(r.scratch = malloc(((size_t)src->replications + 1) * sizeof *r.scratch)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = 0;
    if (!has_values(&r, metric))
        rc = nc_error_set(err, NC_EINPUT,
                          "the run has no %s to draw (utilisation needs a cluster, on_time a "
                          "deadline)",
                          nc_metric_name((nc_metric)metric));
    if (!rc)
        rc = fig_distribution(p, &r, err);
    if (!rc)
        rc = fig_stages(p, &r, err);
    if (!rc && src->cumulative)
        rc = fig_timeline(p, &r, err);
    if (!rc)
        rc = fig_benchmarks(p, &r, err);
    free(r.scratch);
    return rc;
}
