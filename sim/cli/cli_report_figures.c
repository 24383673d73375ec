/* cli_report_figures.c - the report's figures: drawn as SVG, inlined, captioned and described
 * in words (see cli_report_figures.h). */
#include "cli/cli_report_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_figure_kit.h"
#include "cli/cli_figures_run.h"
#include "cli/cli_gnuplot.h"
#include "cli/cli_html.h"
#include "output/output_format.h"

/* The figures' words: each returns the caption (what the figure shows) and writes into 'alt'
 * ('size' bytes) its numbers, for readers who cannot see it. */
typedef const char *(*figure_words_fn)(const nc_cli_page *pg, char *alt, size_t size);

/* "43,234 kg" of the total CO2e's quantile 'q' (5, 50, 95) into 'buf', in the page's unit. */
static void co2_words(char *buf, size_t size, const nc_cli_page *pg, int q)
{
    nc_summary co2;
    char num[48];
    const char *unit = nc_cli_page_total(pg, NC_M_CO2E_KG, &co2);
    nc_output_number(num, sizeof num, q == 5 ? co2.p5 : q == 50 ? co2.p50 : co2.p95);
    snprintf(buf, size, "%s %s", num, unit);
}

/* The histogram of the total CO2e. */
static const char *distribution_words(const nc_cli_page *pg, char *alt, size_t size)
{
    char p5[64], p50[64], p95[64];
    co2_words(p5, sizeof p5, pg, 5), co2_words(p50, sizeof p50, pg, 50);
    co2_words(p95, sizeof p95, pg, 95);
    snprintf(alt, size,
             "Histogram of the total CO2e of %s over %lld replications: median %s, P5 %s, "
             "P95 %s.",
             nc_cli_page_scenario(pg)->name, (long long)pg->rep->res->replications, p50, p5, p95);
    return "How the total CO\u2082e is spread over the simulated worlds: a histogram with the "
           "median (P50) and the 90% band (P5 to P95) marked, and the total in everyday "
           "yardsticks beside it.";
}

/* Each stage's band. */
static const char *stages_words(const nc_cli_page *pg, char *alt, size_t size)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    size_t used = (size_t)snprintf(alt, size,
                                   "Bar chart of the CO2e of each stage of %s, "
                                   "median [P5 - P95]:",
                                   sc->name);
    for (size_t i = 0; i < sc->n_stages && used < size; i++) {
        nc_summary s;
        char band[160];
        const char *unit =
            nc_output_display(pg->rep->mass_unit, NC_M_CO2E_KG,
                              nc_report_get(pg->rep, nc_row_of_stage(i), NC_M_CO2E_KG), &s);
        nc_output_band(band, sizeof band, NC_M_CO2E_KG, &s);
        used += (size_t)snprintf(alt + used, size - used, "%s %s %s %s", i ? ";" : "",
                                 sc->stages[i].name, band, unit);
    }
    if (used + 1 < size)
        strcat(alt, ".");
    return "The CO\u2082e of each stage: the bar is the median, the whisker the P5\u2013P95 "
           "band; the total is the hatched bar.";
}

/* The cumulative CO2e over calendar days. */
static const char *timeline_words(const nc_cli_page *pg, char *alt, size_t size)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    char p50[64], days[48] = "";
    co2_words(p50, sizeof p50, pg, 50);
    nc_output_number(days, sizeof days, sc->deadline_h / 24.0);
    snprintf(alt, size,
             "Cumulative CO2e of %s over %zu calendar days, reaching a median of %s%s%s.", sc->name,
             pg->src->n_days, p50, sc->deadline_h > 0 ? "; the deadline is day " : "",
             sc->deadline_h > 0 ? days : "");
    if (pg->src->past_timeline > 0)
        return "The CO\u2082e emitted by the end of each calendar day: the line is the median, "
               "the shaded fan the P5\u2013P95 band. Some replications ran past the last day "
               "shown.";
    return sc->deadline_h > 0 ? "The CO\u2082e emitted by the end of each calendar day: the line "
                                "is the median, the shaded fan the P5\u2013P95 band, the dotted "
                                "vertical line the deadline."
                              : "The CO\u2082e emitted by the end of each calendar day: the line "
                                "is the median, the shaded fan the P5\u2013P95 band.";
}

/* The pipeline beside the yardsticks of Strubell et al. (2019, Table 1). */
static const char *benchmarks_words(const nc_cli_page *pg, char *alt, size_t size)
{
    nc_plot_bar bars[NC_PLOT_N_BENCHMARKS + 1];
    nc_plot_band kg = {0, 0, 0};
    double scale = 1;
    const char *unit = "kg";
    const nc_summary *co2 = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    kg.p5 = co2->p5, kg.p50 = co2->p50, kg.p95 = co2->p95;
    nc_output_scale(&scale, &unit, NC_M_CO2E_KG, pg->rep->mass_unit, NULL);
    size_t n = nc_plot_benchmarks(bars, pg->src, &kg, nc_cli_page_scenario(pg)->name);
    size_t used = (size_t)snprintf(alt, size, "Bar chart of CO2e, smallest first:");
    for (size_t i = 0; i < n && used < size; i++) {
        char num[48], p5[48], p95[48];
        nc_output_number(num, sizeof num, bars[i].kg * scale);
        nc_output_number(p5, sizeof p5, bars[i].p5_kg * scale);
        nc_output_number(p95, sizeof p95, bars[i].p95_kg * scale);
        used += (size_t)snprintf(alt + used, size - used,
                                 bars[i].pipeline ? "%s %s, median %s %s (P5 %s, P95 %s)"
                                                  : "%s %s, %s %s",
                                 i ? ";" : "", bars[i].label, num, unit, p5, p95);
    }
    return "The pipeline beside everyday CO\u2082e, as in Strubell, Ganesh & McCallum (2019, "
           "Table 1): one passenger's round trip New York\u2013San Francisco, a person's year, "
           "an American's year and a car's lifetime, on a logarithmic axis when they span more "
           "than a factor of 50.";
}

/* The words of figure 'name' (see figure_words_fn). */
static const char *figure_words(const nc_cli_page *pg, const char *name, char *alt, size_t size)
{
    static const struct {
        const char *name;
        figure_words_fn words;
    } figures[] = {{"distribution", distribution_words},
                   {"stages", stages_words},
                   {"timeline", timeline_words},
                   {"benchmarks", benchmarks_words}};
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        if (!strcmp(name, figures[i].name))
            return figures[i].words(pg, alt, size);
    snprintf(alt, size, "The %s figure of %s.", name, nc_cli_page_scenario(pg)->name);
    return "";
}

/* The figures drawn, numbered, each with its caption; a notice when gnuplot was missing. */
void nc_cli_report_figures(FILE *f, const nc_cli_page *pg)
{
    fputs("<section id=\"figures\" aria-labelledby=\"figures-h\">\n"
          "<h2 id=\"figures-h\">Figures</h2>\n",
          f);
    if (pg->no_gnuplot) {
        fputs("<p class=\"notice\" role=\"note\">The figures were not drawn: gnuplot was not "
              "found (looked for ",
              f);
        nc_cli_html(f, pg->no_gnuplot);
        fputs("). Install it (Debian/Ubuntu: <code>apt-get install gnuplot-nox</code>) and "
              "make the report again.</p>\n",
              f);
    }
    for (size_t i = 0, shown = 0; i < pg->n_figs; i++) {
        const nc_cli_page_figure *fig = &pg->figs[i];
        if (!fig->element)
            continue;
        fprintf(f, "<figure id=\"figure-%s\">\n%s\n<figcaption><strong>Figure %zu.</strong> ",
                fig->name, fig->element, ++shown);
        nc_cli_html(f, fig->caption);
        fputs("</figcaption>\n</figure>\n", f);
    }
    fputs("</section>\n", f);
}

/* Figure 'fig' made an element of the page from the SVG gnuplot wrote at 'path'; its caption
 * and its alt text (the figure's numbers, for readers who cannot see it) with it. */
static int inline_figure(nc_cli_page_figure *fig, const nc_cli_page *pg, const char *path,
                         nc_error *err)
{
    char *svg = NULL, alt[1024], label[6 * sizeof alt];
    size_t len = 0;
    int rc = nc_cli_read_text(&svg, path, err);
    if (rc)
        return rc;
    fig->caption = figure_words(pg, fig->name, alt, sizeof alt);
    nc_cli_html_copy(label, sizeof label, alt);
    FILE *f = open_memstream(&fig->element, &len);
    if (!f)
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    else {
        rc = nc_cli_gnuplot_svg(f, svg, fig->name, label, err);
        if (fclose(f) && !rc)
            rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    free(svg);
    return rc;
}

/* Draw the run's figures as SVG into the new directory 'dir' and make them elements of the
 * page. */
int nc_cli_report_draw_figures(nc_cli_page *pg, const char *dir, nc_error *err)
{
    nc_cli_plotter p;
    char path[NC_CLI_PATH_MAX];
    int rc = nc_cli_plotter_init(&p, dir, 0, err);
    p.formats = "svg";
    if (!rc)
        rc = nc_cli_figures_run(&p, pg->src, NC_M_CO2E_KG, pg->rep->mass_unit, err);
    if (!rc && !p.gnuplot[0])
        pg->no_gnuplot = p.wanted;
    for (size_t i = 0; !rc && i < p.written && i < NC_CLI_MAX_FIGURES; i++) {
        if (!strcmp(p.names[i], "stages") && nc_cli_page_scenario(pg)->n_stages == 1)
            continue; /* one bar, the total: the headline and the table say it better */
        nc_cli_page_figure *fig = &pg->figs[pg->n_figs++];
        snprintf(fig->name, sizeof fig->name, "%s", p.names[i]);
        if (p.gnuplot[0] &&
            snprintf(path, sizeof path, "%s/%s.svg", dir, p.names[i]) < (int)sizeof path)
            rc = inline_figure(fig, pg, path, err);
    }
    return rc;
}
