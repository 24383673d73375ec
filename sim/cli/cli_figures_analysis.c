/*
 * cli_figures_analysis.c - the figures of a comparison, a sweep and a sensitivity analysis
 * (see cli_figures_analysis.h): each takes the analysis as its figures see it
 * (figure_analysis.h), words it and writes it with the figure kit.
 */
#include "cli/cli_figures_analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics.h"
#include "cli/cli_figure_kit.h"
#include "output/output_format.h"

#define NC_PLOT_TORNADO_ROWS 12 /* inputs a tornado shows, by swing */

/* ---- comparisons and sweeps ---------------------------------------------------------------- */

static void versus_caption(char *buf, size_t size, const nc_plot_versus *v)
{
    snprintf(buf, size,
             "%s of %s \u00b7 seed %lld \u00b7 %lld replications, common random "
             "numbers \u00b7 nascost %s",
             v->analysis, v->runs[0].scenario, (long long)v->seed, (long long)v->replications,
             NC_VERSION);
}

int nc_cli_figure_forest(nc_cli_plotter *p, const nc_plot_versus *v, const char *mass_unit,
                         nc_error *err)
{
    const int m = v->metric;
    const char *unit;
    double scale;
    char caption[512], label[256], words[96];
    nc_cli_figure fig;
    size_t with_values = 0;
    for (size_t i = 0; i < v->n_runs; i++)
        with_values += !isnan(v->runs[i].band.p50);
    if (!with_values) /* null in every run: undefined (nc_metric_defined), or not there */
        return nc_error_set(err, NC_EINPUT,
                            "no run has %s to draw (utilisation needs a cluster, on_time a "
                            "deadline)",
                            nc_metric_name((nc_metric)m));
    versus_caption(caption, sizeof caption, v);
    int rc = nc_output_scale(&scale, &unit, m, mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "forest", caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *vars = fig.vars.f;
    size_t width = 0;
    fputs("index", d);
    nc_cli_csv_column(d, "p5", unit), nc_cli_csv_column(d, "p50", unit);
    nc_cli_csv_column(d, "p95", unit);
    nc_cli_csv_column(d, "diff_p5", unit), nc_cli_csv_column(d, "diff_p50", unit);
    nc_cli_csv_column(d, "diff_p95", unit);
    fputs(",p_lower,run\n", d);
    for (size_t i = 0; i < v->n_runs; i++) {
        const nc_plot_versus_run *r = &v->runs[i];
        const nc_plot_band b = r->band, dif = r->diff;
        fprintf(d, "%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,", i, b.p5 * scale, b.p50 * scale,
                b.p95 * scale, dif.p5 * scale, dif.p50 * scale, dif.p95 * scale, r->p_lower);
        nc_cli_figure_row(&fig, r->label, "", "");
        width = strlen(r->label) > width ? strlen(r->label) : width;
    }
    const char *first = v->runs[0].label;
    nc_cli_title_words(words, sizeof words, m);
    snprintf(label, sizeof label, "%s: each run, and its paired difference from %s", words, first);
    nc_cli_gp_text(vars, "title_text", label);
    nc_cli_axis_label(label, sizeof label, nc_cli_total_prefix(m), m, unit);
    nc_cli_gp_text(vars, "xlabel_text", label);
    snprintf(label, sizeof label, "difference from %s%s%s%s", first, unit[0] ? " (" : "", unit,
             unit[0] ? ")" : "");
    nc_cli_gp_text(vars, "diff_xlabel_text", label);
    nc_cli_gp_number(vars, "label_chars", (double)width);
    rc = nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}

/* The numeric value of a sweep label "PATH=12.5 h" ('*unit' gets " h"), or NaN. */
static double sweep_x(const char *label, const char **path_end, const char **unit)
{
    const char *eq = label ? strrchr(label, '=') : NULL;
    char *end;
    if (!eq || strstr(label, ", "))
        return NAN;
    double x = strtod(eq + 1, &end);
    if (end == eq + 1 || (*end && *end != ' '))
        return NAN;
    *path_end = eq;
    *unit = end;
    return x;
}

int nc_cli_figure_sweep_line(nc_cli_plotter *p, const nc_plot_versus *v, const char *mass_unit,
                             nc_error *err)
{
    const int m = v->metric;
    const char *unit, *path_end = NULL, *x_unit = "";
    const char *first = v->runs[0].label;
    for (size_t i = 0; i < v->n_runs; i++) {
        const char *l = v->runs[i].label;
        const char *pe, *u;
        if (isnan(sweep_x(l, &pe, &u)) ||
            (path_end && (pe - l != path_end - first || strncmp(l, first, (size_t)(pe - l)) ||
                          strcmp(u, x_unit))))
            return 0; /* not one numeric input: the forest plot shows it */
        if (i == 0)
            path_end = pe, x_unit = u;
    }
    double scale;
    char caption[512], label[256], words[96];
    nc_cli_figure fig;
    versus_caption(caption, sizeof caption, v);
    int rc = nc_output_scale(&scale, &unit, m, mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "sweep-line", caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *vars = fig.vars.f;
    fputs("x", d);
    nc_cli_csv_column(d, "p5", unit), nc_cli_csv_column(d, "p50", unit);
    nc_cli_csv_column(d, "p95", unit);
    fputs("\n", d);
    for (size_t i = 0; i < v->n_runs; i++) {
        const char *pe, *u;
        double x = sweep_x(v->runs[i].label, &pe, &u);
        const nc_plot_band b = v->runs[i].band;
        fprintf(d, "%.15g,%.17g,%.17g,%.17g\n", x, b.p5 * scale, b.p50 * scale, b.p95 * scale);
    }
    nc_cli_title_words(words, sizeof words, m);
    snprintf(label, sizeof label, "%s along %.*s", words, (int)(path_end - first), first);
    nc_cli_gp_text(vars, "title_text", label);
    snprintf(label, sizeof label, "%.*s%s%s%s", (int)(path_end - first), first,
             x_unit[0] ? " (" : "", x_unit[0] ? x_unit + 1 : "", x_unit[0] ? ")" : "");
    nc_cli_gp_text(vars, "xlabel_text", label);
    nc_cli_axis_label(label, sizeof label, nc_cli_total_prefix(m), m, unit);
    nc_cli_gp_text(vars, "ylabel_text", label);
    rc = nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}

/* ---- sensitivity ---------------------------------------------------------------------------- */

/* "12.5 h": a value of an input with its unit. */
static void value_words(char *buf, size_t size, double x, const char *unit)
{
    char num[48];
    nc_output_number(num, sizeof num, x);
    snprintf(buf, size, "%s%s%s", num, unit[0] ? " " : "", unit);
}

int nc_cli_figure_tornado(nc_cli_plotter *p, const nc_plot_tornado *t, const char *mass_unit,
                          nc_error *err)
{
    const int m = t->metric;
    double scale;
    const char *unit;
    char caption[512], label[256], words[96];
    nc_cli_figure fig;
    if (m < 0 || m >= NC_M__COUNT)
        return nc_error_set(err, NC_EINPUT, "the sensitivity JSON names no known metric");
    snprintf(caption, sizeof caption,
             "sensitivity of %s \u00b7 %lld replications per setting "
             "\u00b7 nascost %s",
             t->scenario, (long long)t->replications, NC_VERSION);
    int rc = nc_output_scale(&scale, &unit, m, mass_unit, err);
    if (!rc)
        rc = nc_cli_figure_open(&fig, "tornado", caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *vars = fig.vars.f;
    fputs("input_p5,input_p95", d);
    nc_cli_csv_column(d, "at_p5", unit), nc_cli_csv_column(d, "at_p95", unit);
    fputs(",input_unit,input\n", d);
    for (size_t i = 0; i < t->n_inputs && fig.rows < NC_PLOT_TORNADO_ROWS; i++) {
        const nc_plot_tornado_input *in = &t->inputs[i];
        double at_lo = in->at_p5 * scale, at_hi = in->at_p95 * scale;
        if (at_lo == at_hi)
            continue; /* moves nothing: left out (the CSV of `sensitivity` lists it) */
        char lo_text[64], hi_text[64];
        value_words(lo_text, sizeof lo_text, in->value_p5, in->unit);
        value_words(hi_text, sizeof hi_text, in->value_p95, in->unit);
        fprintf(d, "%.17g,%.17g,%.17g,%.17g,", in->value_p5, in->value_p95, at_lo, at_hi);
        nc_cli_csv_text(d, in->unit);
        fputc(',', d);
        nc_cli_figure_row(&fig, in->path, lo_text, hi_text);
    }
    nc_cli_metric_words(words, sizeof words, m);
    snprintf(label, sizeof label, "What moves the total %s of %s most", words, t->scenario);
    nc_cli_gp_text(vars, "title_text", label);
    nc_cli_axis_label(label, sizeof label, "mean total ", m, unit);
    nc_cli_gp_text(vars, "xlabel_text", label);
    nc_cli_gp_number(vars, "baseline", t->baseline * scale);
    rc = nc_cli_figure_finish(p, &fig, err);
    nc_cli_figure_free(&fig);
    return rc;
}
