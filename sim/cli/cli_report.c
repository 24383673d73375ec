/*
 * cli_report.c - `nascost report`: a run of a scenario as one self-contained HTML page, for
 * people who read rather than compute: the headline numbers with their bands, what the bands
 * mean, the figures (drawn by gnuplot as SVG and inlined), the per-stage table, the
 * equivalents, every input with its distribution and source, and how the run was made.
 *
 * The page needs nothing but itself: no scripts, no fonts or images from elsewhere, no
 * links out. Every string from a scenario or the catalog is HTML-escaped; gnuplot's SVG is
 * checked (no scripts, no event handlers, no reference outside itself) and its ids prefixed
 * with the figure's name, so that the figures of one page do not share ids. The page's
 * skeleton and style are plots/report.html.in (found like the figures' scripts).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "scenario/catalog.h"
#include "cli/cli_common.h"
#include "cli/cli_args.h"
#include "cli/cli_estimate.h"
#include "cli/cli_figure_kit.h"
#include "cli/cli_figures_run.h"
#include "cli/cli_gnuplot.h"
#include "cli/cli_output.h"
#include "cli/cli_report.h"
#include "base/metrics.h"
#include "output/output_format.h"
#include "output/output_table.h"
#include "output/figure_run.h"
#include "base/units.h"

static const char REPORT_HELP[] =
    "usage: nascost report SCENARIO.yaml -o REPORT.html [options]\n"
    "\n"
    "Run the scenario and write one self-contained HTML page: the headline numbers as\n"
    "median and P5-P95 band, what the bands mean, the figures inlined as SVG (distribution,\n"
    "stages when there are several, timeline when the scenario has a calendar, benchmarks),\n"
    "the per-stage table, the CO2e equivalents, every input with its distribution, nominal\n"
    "value and source, and the seed, replications and version. The page loads nothing from\n"
    "anywhere (no scripts, no web fonts, no images outside it) and prints cleanly. gnuplot\n"
    "draws the figures (Debian/Ubuntu: apt-get install gnuplot-nox); without it the page is\n"
    "written without them, says so, and the exit status is 1.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE      the page to write (required); written to a temporary file\n"
    "                         beside it and renamed into place\n"
    "  -n, --replications N   Monte Carlo replications (default: the scenario's)\n"
    "      --seed S           master seed (default: the scenario's)\n"
    "  -t, --threads T        OpenMP threads (default: all cores); results do not depend on it\n"
    "      --set PATH=VALUE   override one input, e.g. --set stages.search.trials=1000\n"
    "      --units U          mass unit of the page and its figures: kg (default), lb or t\n"
    "  -q, --quiet            print nothing on standard output, and no progress bar\n"
    "  -h, --help             this help\n"
    "\n"
    "examples:\n"
    "  nascost report scenarios/lisa-rnd.yaml -o lisa-rnd.html\n"
    "  nascost report scenarios/lisa-rnd.yaml -n 2000 --units t -o lisa-rnd.html\n";

/* ---- HTML text ----------------------------------------------------------------------------- */

/* 'len' bytes of 's' as HTML text or attribute value: & < > " ' escaped; other control
 * characters than tab and line breaks become spaces. */
static void html_n(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; s && i < len && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c, f);
        }
    }
}

/* 's' escaped (see html_n). */
static void html(FILE *f, const char *s)
{
    html_n(f, s, s ? strlen(s) : 0);
}

/* 's' escaped (see html_n) into 'buf' (cut short to fit 'size' bytes). */
static void html_copy(char *buf, size_t size, const char *s)
{
    FILE *f = fmemopen(buf, size, "w");
    buf[0] = '\0';
    if (!f)
        return;
    setvbuf(f, NULL, _IONBF, 0);
    html(f, s);
    fclose(f);
    buf[size - 1] = '\0';
}

/* One of nascost's own labels, escaped, with "CO2" written CO₂. */
static void html_label(FILE *f, const char *s)
{
    for (const char *co2; s && (co2 = strstr(s, "CO2")); s = co2 + 3) {
        html_n(f, s, (size_t)(co2 - s));
        fputs("CO\u2082", f);
    }
    html(f, s);
}

/* 'v' as a table writes it ("40,888", "0.427"), but a small whole number as one ("5", not
 * "5.00": trial counts). */
static void html_number(FILE *f, double v)
{
    char buf[64];
    if (v == floor(v) && fabs(v) < 100)
        snprintf(buf, sizeof buf, "%.0f", v);
    else
        nc_output_number(buf, sizeof buf, v);
    fputs(buf, f);
}

/* 'v', a count, as a whole number ("4,789", "50"). */
static void html_count(FILE *f, double v)
{
    char buf[64];
    nc_output_count(buf, sizeof buf, v);
    fputs(buf, f);
}

/* 'v', a value of metric 'm' (-1: none): a count as a whole number, else as html_number. */
static void html_value(FILE *f, int m, double v)
{
    if (m >= 0 && nc_metric_is_count((nc_metric)m))
        html_count(f, v);
    else
        html_number(f, v);
}

/* "31,071 – 53,778": a P5-P95 band of metric 'm' (-1: none). */
static void html_band(FILE *f, int m, const nc_summary *s)
{
    html_value(f, m, s->p5);
    fputs(" \u2013 ", f);
    html_value(f, m, s->p95);
}

/* ---- the page's parts ---------------------------------------------------------------------- */

/* A figure as the page shows it. */
typedef struct page_figure {
    char name[32];       /* "distribution", "stages", "timeline", "benchmarks" */
    char *element;       /* its <svg> element (nc_cli_gnuplot_svg), or NULL: not drawn */
    const char *caption; /* what it shows */
} page_figure;

typedef struct page {
    const nc_report *rep;      /* the run, its summaries, the mass unit */
    const nc_plot_source *src; /* the run as the figures saw it */
    const nc_cli_args *a;      /* the options, to say how to reproduce the page */
    const char *template;      /* plots/report.html.in */
    page_figure figs[NC_CLI_MAX_FIGURES];
    size_t n_figs;
    const char *no_gnuplot; /* what was looked for when gnuplot was missing, else NULL */
    char date[64];          /* when the page was made (UTC; SOURCE_DATE_EPOCH when set) */
    char date_iso[32];
} page;

/* The scenario the page is about. */
static const nc_scenario *page_scenario(const page *pg)
{
    return pg->rep->res->sc;
}

/* The summary of metric 'm' of the pipeline's total, as displayed (masses in the page's
 * unit, shares in %); returns its unit. */
static const char *total_of(const page *pg, int m, nc_summary *out)
{
    const nc_report *rep = pg->rep;
    return nc_output_display(rep->mass_unit, m, nc_report_get(rep, NC_ROW_TOTAL, m), out);
}

/* " kg", " USD", "" for a count, "%" for a share. */
static void html_unit(FILE *f, const char *unit)
{
    if (unit[0] && strcmp(unit, "%"))
        fputc(' ', f);
    html(f, unit);
}

/* ---- the header and the estimate ----------------------------------------------------------- */

static void write_header(FILE *f, const page *pg)
{
    const nc_scenario *sc = page_scenario(pg);
    const nc_node *desc = nc_node_get(sc->tree, "description");
    fputs("<header class=\"page\">\n<p class=\"kicker\">nascost report \u00b7 <time datetime=\"",
          f);
    html(f, pg->date_iso);
    fputs("\">", f);
    html(f, pg->date);
    fputs("</time></p>\n<h1>", f);
    html(f, sc->title ? sc->title : sc->name);
    fputs("</h1>\n<p class=\"lede\">Scenario <code>", f);
    html(f, sc->name);
    fputs("</code> (<code>", f);
    html(f, sc->file);
    fputs("</code>)", f);
    if (sc->source) {
        fputs(" \u00b7 source: ", f);
        html(f, sc->source);
    }
    fputs("</p>\n", f);
    if (desc && desc->kind == NC_NODE_SCALAR && desc->text[0]) {
        fputs("<p class=\"description\">", f);
        html(f, desc->text);
        fputs("</p>\n", f);
    }
    fputs("<nav aria-label=\"Contents\"><ol>"
          "<li><a href=\"#estimate\">Estimate</a></li>"
          "<li><a href=\"#bands\">What the bands mean</a></li>"
          "<li><a href=\"#figures\">Figures</a></li>"
          "<li><a href=\"#stages\">Per stage</a></li>"
          "<li><a href=\"#equivalents\">Equivalents</a></li>"
          "<li><a href=\"#inputs\">Inputs and sources</a></li>"
          "<li><a href=\"#run\">This run</a></li></ol></nav>\n</header>\n",
          f);
}

/* One headline card: 'label', the median and the band of metric 'm' of the total. */
static void write_card(FILE *f, const page *pg, const char *label, int m)
{
    nc_summary s;
    const char *unit = total_of(pg, m, &s);
    fputs("<div class=\"metric\"><dt>", f);
    html_label(f, label);
    fputs("</dt><dd><span class=\"median\">", f);
    html_value(f, m, s.p50);
    fputs("<span class=\"unit\">", f);
    html_unit(f, unit);
    fputs("</span></span>", f);
    if (s.p5 != s.p95) {
        fputs("<span class=\"band\">P5\u2013P95: ", f);
        html_band(f, m, &s);
        fputs("</span>", f);
    }
    fputs("</dd></div>\n", f);
}

/* The probability of ending by the deadline, with its Monte Carlo standard error. */
static void write_on_time_card(FILE *f, const page *pg)
{
    const nc_scenario *sc = page_scenario(pg);
    const nc_summary *on_time = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_ON_TIME);
    fputs("<div class=\"metric\"><dt>Finished within ", f);
    html_number(f, sc->deadline_h / 24.0);
    fprintf(f, " days</dt><dd><span class=\"median\">%.0f<span class=\"unit\">%%</span></span>",
            100.0 * on_time->mean);
    if (!pg->rep->res->point && on_time->se > 0)
        fprintf(f, "<span class=\"band\">chance; Monte Carlo error \u00b1 %.1f%%</span>",
                100.0 * on_time->se);
    else
        fputs("<span class=\"band\">chance</span>", f);
    fputs("</dd></div>\n", f);
}

/* 1 when metric 'm' of the total is not zero in every replication. */
static int total_nonzero(const page *pg, int m)
{
    const nc_summary *s = nc_report_get(pg->rep, NC_ROW_TOTAL, m);
    return s->max > 0 || s->min < 0;
}

/* The estimate: one sentence with the total CO2e and its band, then a card per headline
 * number (costs only when not zero everywhere; calendar time and the deadline when simulated). */
static void write_estimate(FILE *f, const page *pg)
{
    static const struct {
        int metric;
        const char *label;
        int always;
    } cards[] = {
        {NC_M_CO2E_KG, "Total CO2e", 1},
        {NC_M_FACILITY_KWH, "Energy (facility, PUE included)", 1},
        {NC_M_GPU_HOURS, "GPU-hours", 1},
        {NC_M_CLOUD_USD, "Cloud cost", 0},
        {NC_M_ELECTRICITY_USD, "Electricity cost", 0},
        {NC_M_HARDWARE_USD, "Hardware cost (amortised)", 0},
    };
    const nc_scenario *sc = page_scenario(pg);
    nc_summary co2;
    const char *unit = total_of(pg, NC_M_CO2E_KG, &co2);
    fputs("<section id=\"estimate\" aria-labelledby=\"estimate-h\">\n"
          "<h2 id=\"estimate-h\">The estimate</h2>\n<p class=\"summary\">",
          f);
    if (pg->rep->res->point) {
        fputs("With every input at its nominal value, the pipeline emits <strong>", f);
        html_number(f, co2.p50);
        html_unit(f, unit);
        fputs(" CO\u2082e</strong>.", f);
    } else {
        fputs("Across ", f);
        html_count(f, (double)pg->rep->res->replications);
        fputs(" simulated versions of the world, the pipeline emits a median of <strong>", f);
        html_number(f, co2.p50);
        html_unit(f, unit);
        fputs(" CO\u2082e</strong>; in 90% of them, between ", f);
        html_number(f, co2.p5);
        fputs(" and ", f);
        html_number(f, co2.p95);
        html_unit(f, unit);
        fputs(".", f);
    }
    fputs("</p>\n<dl class=\"headline\">\n", f);
    for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++)
        if (cards[i].always || total_nonzero(pg, cards[i].metric))
            write_card(f, pg, cards[i].label, cards[i].metric);
    if (sc->calendar)
        write_card(f, pg, "Calendar time", NC_M_MAKESPAN_DAYS);
    if (sc->deadline_h > 0)
        write_on_time_card(f, pg);
    fputs("</dl>\n</section>\n", f);
}

/* What the bands mean, in plain words (README, "What the bands mean"). */
static void write_bands(FILE *f, const page *pg)
{
    fputs("<section id=\"bands\" aria-labelledby=\"bands-h\">\n"
          "<h2 id=\"bands-h\">What the bands mean</h2>\n<p>",
          f);
    if (pg->rep->res->point)
        fputs("This page was made with every input at its nominal value (one replication), "
              "so its numbers have no band. A normal run draws many versions of the world:",
              f);
    else {
        fputs("nascost simulated the pipeline ", f);
        html_count(f, (double)pg->rep->res->replications);
        fputs(" times.", f);
    }
    fputs(" Each replication is one complete, self-consistent version of the world (one PUE, "
          "one grid carbon intensity, one set of prices, one set of jobs), drawn at random from "
          "what the scenario says is plausible. Each number is shown as the <strong>median"
          "</strong> of those worlds, the middle one, with a band from <strong>P5</strong> to "
          "<strong>P95</strong>: in 90% of the plausible worlds the figure lies inside it, in one "
          "in twenty below it and in one in twenty above. The band is about <em>what we do not "
          "know</em> (is the machine room's PUE 1.3 or 1.9? did the GPUs draw 60% of their rated "
          "power or 90%?), not about luck, and it is only as wide as the ranges given to the "
          "inputs listed below.</p>\n<p>Uncertainty enters at two levels. <strong>Per "
          "replication</strong> (systematic): PUE, grid intensity, prices, trial counts, host "
          "power, failure rates and every catalog value of the hardware are drawn once and shared "
          "by every job of that world. <strong>Per trial</strong> (variability): each job's "
          "duration, power draw, which GPU it lands on and whether it crashes. Thousands of "
          "independent jobs average out, so the width of the bands comes from the systematic "
          "unknowns; a model that drew everything per job would report a falsely narrow band."
          "</p>\n</section>\n",
          f);
}

/* ---- the figures --------------------------------------------------------------------------- */

/* The figures' words: each returns the caption (what the figure shows) and writes into 'alt'
 * ('size' bytes) its numbers, for readers who cannot see it. */
typedef const char *(*figure_words_fn)(const page *pg, char *alt, size_t size);

/* "43,234 kg" of the total CO2e's quantile 'q' (5, 50, 95) into 'buf', in the page's unit. */
static void co2_words(char *buf, size_t size, const page *pg, int q)
{
    nc_summary co2;
    char num[48];
    const char *unit = total_of(pg, NC_M_CO2E_KG, &co2);
    nc_output_number(num, sizeof num, q == 5 ? co2.p5 : q == 50 ? co2.p50 : co2.p95);
    snprintf(buf, size, "%s %s", num, unit);
}

/* The histogram of the total CO2e. */
static const char *distribution_words(const page *pg, char *alt, size_t size)
{
    char p5[64], p50[64], p95[64];
    co2_words(p5, sizeof p5, pg, 5), co2_words(p50, sizeof p50, pg, 50);
    co2_words(p95, sizeof p95, pg, 95);
    snprintf(alt, size,
             "Histogram of the total CO2e of %s over %lld replications: median %s, P5 %s, "
             "P95 %s.",
             page_scenario(pg)->name, (long long)pg->rep->res->replications, p50, p5, p95);
    return "How the total CO\u2082e is spread over the simulated worlds: a histogram with the "
           "median (P50) and the 90% band (P5 to P95) marked, and the total in everyday "
           "yardsticks beside it.";
}

/* Each stage's band. */
static const char *stages_words(const page *pg, char *alt, size_t size)
{
    const nc_scenario *sc = page_scenario(pg);
    size_t used = (size_t)snprintf(alt, size,
                                   "Bar chart of the CO2e of each stage of %s, "
                                   "median [P5 - P95]:",
                                   sc->name);
    for (size_t i = 0; i < sc->n_stages && used < size; i++) {
        nc_summary s;
        char band[160];
        const char *unit = nc_output_display(pg->rep->mass_unit, NC_M_CO2E_KG,
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
static const char *timeline_words(const page *pg, char *alt, size_t size)
{
    const nc_scenario *sc = page_scenario(pg);
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
static const char *benchmarks_words(const page *pg, char *alt, size_t size)
{
    nc_plot_bar bars[NC_PLOT_N_BENCHMARKS + 1];
    nc_plot_band kg = {0, 0, 0};
    double scale = 1;
    const char *unit = "kg";
    const nc_summary *co2 = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    kg.p5 = co2->p5, kg.p50 = co2->p50, kg.p95 = co2->p95;
    nc_output_scale(&scale, &unit, NC_M_CO2E_KG, pg->rep->mass_unit, NULL);
    size_t n = nc_plot_benchmarks(bars, pg->src, &kg, page_scenario(pg)->name);
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
static const char *figure_words(const page *pg, const char *name, char *alt, size_t size)
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
    snprintf(alt, size, "The %s figure of %s.", name, page_scenario(pg)->name);
    return "";
}

/* The figures drawn, numbered, each with its caption; a notice when gnuplot was missing. */
static void write_figures(FILE *f, const page *pg)
{
    fputs("<section id=\"figures\" aria-labelledby=\"figures-h\">\n"
          "<h2 id=\"figures-h\">Figures</h2>\n",
          f);
    if (pg->no_gnuplot) {
        fputs("<p class=\"notice\" role=\"note\">The figures were not drawn: gnuplot was not "
              "found (looked for ",
              f);
        html(f, pg->no_gnuplot);
        fputs("). Install it (Debian/Ubuntu: <code>apt-get install gnuplot-nox</code>) and "
              "make the report again.</p>\n",
              f);
    }
    for (size_t i = 0, shown = 0; i < pg->n_figs; i++) {
        const page_figure *fig = &pg->figs[i];
        if (!fig->element)
            continue;
        fprintf(f, "<figure id=\"figure-%s\">\n%s\n<figcaption><strong>Figure %zu.</strong> ",
                fig->name, fig->element, ++shown);
        html(f, fig->caption);
        fputs("</figcaption>\n</figure>\n", f);
    }
    fputs("</section>\n", f);
}

/* ---- the per-stage table ------------------------------------------------------------------- */

/* The columns of the table: each stage, then the total when there are several (one stage's
 * row is the total, which also holds the clusters' idle energy). */
static size_t table_columns(const page *pg, size_t *rows)
{
    const nc_scenario *sc = page_scenario(pg);
    if (sc->n_stages == 1) {
        rows[0] = NC_ROW_TOTAL;
        return 1;
    }
    for (size_t i = 0; i <= sc->n_stages; i++)
        rows[i] = nc_row_shown(i, sc->n_stages + 1);
    return sc->n_stages + 1;
}

/* One cell: the median, with its band below it when it has one; a dash when not shown. */
static void write_cell(FILE *f, const page *pg, size_t row, int m)
{
    nc_summary s;
    if (!nc_output_metric_shown(pg->rep, row, m)) {
        fputs("<td class=\"num\">\u2014</td>", f);
        return;
    }
    nc_output_display(pg->rep->mass_unit, m, nc_report_get(pg->rep, row, m), &s);
    fputs("<td class=\"num\">", f);
    html_value(f, m, s.p50);
    if (s.p5 != s.p95) {
        fputs("<span class=\"band\">", f);
        html_band(f, m, &s);
        fputs("</span>", f);
    }
    fputs("</td>", f);
}

/* Every metric per stage (rows: metrics shown somewhere; columns: stages, total). */
static int write_stage_table(FILE *f, const page *pg, nc_error *err)
{
    const nc_scenario *sc = page_scenario(pg);
    size_t *rows = calloc(sc->n_stages + 1, sizeof *rows);
    if (!rows)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    size_t n = table_columns(pg, rows);
    fprintf(f,
            "<section id=\"stages\" aria-labelledby=\"stages-h\">\n<h2 id=\"stages-h\">Per "
            "stage</h2>\n<p>%s</p>\n<div class=\"table-wrap\"><table class=\"stages\">\n<thead>"
            "<tr><th scope=\"col\">Metric</th><th scope=\"col\">Unit</th>",
            pg->rep->res->point ? "Each cell is the value with every input at its nominal value."
                                : "Each cell is the median over the replications, with the "
                                  "P5\u2013P95 band below it.");
    for (size_t c = 0; c < n; c++) {
        size_t stage = rows[c] != NC_ROW_TOTAL ? rows[c] - 1 : 0;
        fputs("<th scope=\"col\" class=\"num\">", f);
        if (rows[c] != NC_ROW_TOTAL || n == 1) {
            fputs("Stage <code>", f);
            html(f, sc->stages[stage].name);
            fputs(n == 1 ? "</code> (the whole pipeline)" : "</code>", f);
        } else
            fputs("Total", f);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int m = 0; m < NC_M__COUNT; m++) {
        int any = 0;
        for (size_t c = 0; c < n; c++)
            any |= nc_output_metric_shown(pg->rep, rows[c], m);
        if (!any)
            continue;
        nc_summary s;
        const char *unit =
            nc_output_display(pg->rep->mass_unit, m, nc_report_get(pg->rep, rows[0], m), &s);
        const char *label = nc_metric_label((nc_metric)m);
        fputs("<tr><th scope=\"row\">", f);
        html_label(f, label + strspn(label, " "));
        fputs("</th><td>", f);
        html(f, unit);
        fputs("</td>", f);
        for (size_t c = 0; c < n; c++)
            write_cell(f, pg, rows[c], m);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", f);
    free(rows);
    return 0;
}

/* ---- the equivalents ----------------------------------------------------------------------- */

/* The text of 'entry''s `sources:` for 'key', or NULL. */
static const nc_node *source_of(const nc_node *entry, const char *key)
{
    const nc_node *text = nc_node_get(nc_node_get(entry, "sources"), key);
    return text && text->kind == NC_NODE_SCALAR ? text : NULL;
}

/* "models/hardware.yaml:143": 'file' below the data directory (or as it is when it lies
 * elsewhere) and 'line' (none when 0). */
static void html_where(FILE *f, const char *file, int line)
{
    const char *data = nc_catalog_data_dir();
    size_t len = strlen(data);
    if (file && !strncmp(file, data, len) && file[len] == '/')
        file += len + 1;
    fputs("<span class=\"where\">", f);
    html(f, file ? file : "?");
    if (line > 0)
        fprintf(f, ":%d", line);
    fputs("</span>", f);
}

/* A source's text 'words', written at 'file':'line', marked when it says it is UNVERIFIED. */
static void html_source(FILE *f, const char *words, const char *file, int line)
{
    if (!strncasecmp(words, "UNVERIFIED", 10)) {
        fputs("<span class=\"unverified\">unverified</span> ", f);
        words += 10 + strspn(words + 10, ": ");
    }
    html(f, words);
    fputc(' ', f);
    html_where(f, file, line);
}

/* The total CO2e in the catalog's labelled yardsticks, each with its source. */
static void write_equivalents(FILE *f, const page *pg)
{
    const nc_scenario *sc = page_scenario(pg);
    const nc_catalog *cat = sc->catalog;
    const nc_summary *co2 = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    fputs("<section id=\"equivalents\" aria-labelledby=\"equivalents-h\">\n"
          "<h2 id=\"equivalents-h\">Equivalents</h2>\n",
          f);
    if (!cat->n_equivalents || co2->p95 <= 0) {
        fputs("<p>No equivalents: the catalog has none, or the pipeline emits nothing.</p>\n"
              "</section>\n",
              f);
        return;
    }
    int band = !pg->rep->res->point; /* a point estimate has none */
    fprintf(f,
            "<p>The total CO\u2082e in everyday yardsticks (%s), each with the CO\u2082e of one "
            "unit and its source.</p>\n<div class=\"table-wrap\"><table>\n<thead><tr><th "
            "scope=\"col\">The total equals</th><th scope=\"col\" class=\"num\">%s</th>%s<th "
            "scope=\"col\">One of them</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n",
            band ? "median and P5\u2013P95 band" : "every input at its nominal value",
            band ? "Median" : "Value",
            band ? "<th scope=\"col\" class=\"num\">P5\u2013P95</th>" : "");
    double factor;
    const char *unit;
    nc_output_scale(&factor, &unit, NC_M_CO2E_KG, pg->rep->mass_unit, NULL);
    for (size_t i = 0; i < cat->n_equivalents; i++) {
        const nc_equivalent *e = &cat->equivalents[i];
        if (!e->label)
            continue;
        nc_summary s = nc_stats_scale(co2, e->co2e_kg);
        const nc_node *src = source_of(e->node, "co2e");
        fputs("<tr><th scope=\"row\">", f);
        html(f, e->label);
        fputs("</th><td class=\"num\">", f);
        html_number(f, s.p50);
        if (band) {
            fputs("</td><td class=\"num\">", f);
            html_band(f, -1, &s);
        }
        fputs("</td><td>", f);
        html(f, e->name);
        fputs(": ", f);
        html_number(f, e->co2e_kg * factor);
        html_unit(f, unit);
        fputs("</td><td class=\"source\">", f);
        if (src)
            html_source(f, src->text, src->file, src->line);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", f);
}

/* ---- the inputs ---------------------------------------------------------------------------- */

/* Where input 'in' comes from: the catalog entry's name, year and source; or the scenario's
 * file and line; or the command line; or nascost's default. */
static void write_provenance(FILE *f, const nc_input_info *in)
{
    if (in->from_catalog) {
        fputs("<span class=\"origin\">catalog</span> ", f);
        html(f, in->catalog_name ? in->catalog_name : in->path);
        if (in->catalog_year) {
            fputs(", ", f);
            html(f, in->catalog_year);
        }
        fputs(". ", f);
        if (in->source)
            html_source(f, in->source, in->source_file, in->source_line);
        else
            html_where(f, in->file, in->line);
    } else if (in->file && !strcmp(in->file, "<command line>"))
        fputs("<span class=\"origin\">command line</span> set with <code>--set</code>", f);
    else if (in->file) {
        fputs("<span class=\"origin\">scenario</span> from the scenario (", f);
        html_where(f, in->file, in->line);
        fputs(")", f);
    } else
        fputs("<span class=\"origin\">default</span> nascost's default for this field", f);
}

/* One row of the inputs table. */
static void write_input(FILE *f, const nc_input_info *in)
{
    char text[512];
    size_t len, ulen = strlen(in->unit);
    snprintf(text, sizeof text, "%s", in->distribution);
    len = strlen(text);
    if (ulen && len > ulen + 1 && !strcmp(text + len - ulen, in->unit) &&
        text[len - ulen - 1] == ' ')
        text[len - ulen - 1] = '\0'; /* the unit has a column of its own */
    fputs("<tr><th scope=\"row\"><code>", f);
    html(f, in->path);
    fputs("</code></th><td>", f);
    html(f, text);
    fputs("</td><td class=\"num\">", f);
    html_number(f, in->nominal);
    fputs("</td><td>", f);
    html(f, in->unit);
    fputs("</td><td class=\"source\">", f);
    write_provenance(f, in);
    fputs("</td></tr>\n", f);
}

/* Every input the scenario uses (nc_scenario_input), with its provenance. */
static void write_inputs(FILE *f, const page *pg)
{
    const nc_scenario *sc = page_scenario(pg);
    nc_input_info in;
    fputs("<section id=\"inputs\" aria-labelledby=\"inputs-h\">\n<h2 id=\"inputs-h\">Inputs "
          "and sources</h2>\n<p>Every input the run used, in canonical units (h, W, kWh, kg, "
          "kg/kWh, USD): its distribution as resolved, the nominal value a point estimate "
          "would use, and where it comes from. Catalog values give their source and year; "
          "<span class=\"unverified\">unverified</span> marks a figure no source backs.</p>\n"
          "<div class=\"table-wrap\"><table class=\"inputs\">\n<thead><tr><th "
          "scope=\"col\">Input</th><th scope=\"col\">Distribution</th><th scope=\"col\" "
          "class=\"num\">Nominal</th><th scope=\"col\">Unit</th><th "
          "scope=\"col\">Source</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < nc_scenario_input_count(sc) && !ferror(f); i++)
        if (!nc_scenario_input(&in, sc, i, NULL))
            write_input(f, &in);
    fputs("</tbody>\n</table></div>\n</section>\n", f);
}

/* ---- how the run was made ------------------------------------------------------------------ */

/* 'arg' for a POSIX shell: as it is when it is plain, else in single quotes. */
static void html_shell_word(FILE *f, const char *arg)
{
    if (arg[0] && strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                              "_./=:,+-%@") == strlen(arg)) {
        html(f, arg);
        return;
    }
    fputc('\'', f);
    for (const char *s = arg; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else
            html_n(f, s, 1);
    fputc('\'', f);
}

/* The command that makes this page again (its numbers bit for bit; not its date). */
static void write_command(FILE *f, const page *pg)
{
    const nc_cli_args *a = pg->a;
    const nc_result *res = pg->rep->res;
    char n[32];
    fputs("<code class=\"command\">nascost report ", f);
    html_shell_word(f, a->positional[0]);
    snprintf(n, sizeof n, "%lld", (long long)res->replications);
    fputs(" -n ", f);
    html(f, n);
    fprintf(f, " --seed %llu", (unsigned long long)res->seed);
    for (size_t i = 0; i < a->n_sets; i++) {
        fputs(" --set ", f);
        html_shell_word(f, a->sets[i]);
    }
    if (pg->rep->mass_unit && strcmp(pg->rep->mass_unit, "kg")) {
        fputs(" --units ", f);
        html(f, pg->rep->mass_unit);
    }
    fputs(" -o ", f);
    html_shell_word(f, a->outdir);
    fputs("</code>", f);
}

/* "median 0.83%, P5 1.2%, P95 1.5%": the Monte Carlo standard errors of the total CO2e's
 * quantiles, relative to them; nothing when they are not defined. */
static void write_mc_error(FILE *f, const page *pg)
{
    const nc_summary *co2 = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    if (pg->rep->res->point || !(co2->p50 > 0) || co2->p5 == co2->p95 || !isfinite(co2->se_p50) ||
        !isfinite(co2->se_p5) || !isfinite(co2->se_p95))
        return;
    fprintf(f,
            "<dt>Monte Carlo error</dt><dd>one standard error of the total CO\u2082e's median "
            "%.2g%%, P5 %.2g%%, P95 %.2g%% (more replications make it smaller; it does not "
            "narrow the band)</dd>\n",
            100 * co2->se_p50 / co2->p50, 100 * co2->se_p5 / fabs(co2->p5),
            100 * co2->se_p95 / fabs(co2->p95));
}

/* How the run was made and how to make it again. */
static void write_run(FILE *f, const page *pg)
{
    const nc_result *res = pg->rep->res;
    fputs("<section id=\"run\" aria-labelledby=\"run-h\">\n<h2 id=\"run-h\">This run</h2>\n"
          "<dl class=\"facts\">\n<dt>Scenario file</dt><dd><code>",
          f);
    html(f, page_scenario(pg)->file);
    fputs("</code></dd>\n<dt>Replications</dt><dd>", f);
    html_count(f, (double)res->replications);
    if (res->point)
        fputs(" (every input at its nominal value)", f);
    fprintf(f,
            "</dd>\n<dt>Seed</dt><dd>%llu</dd>\n<dt>Random numbers</dt><dd>Philox4x32-10 "
            "(Random123), each addressed by the input's path, the replication and the trial: the "
            "same seed gives the same numbers on any number of threads</dd>\n",
            (unsigned long long)res->seed);
    write_mc_error(f, pg);
    fputs("<dt>nascost</dt><dd>version " NC_VERSION ", built with ", f);
    html(f, NC_COMPILER);
    fprintf(f, "</dd>\n<dt>Ran in</dt><dd>%.2f s on %d thread%s</dd>\n<dt>Made</dt><dd>",
            res->elapsed_s, res->threads, res->threads == 1 ? "" : "s");
    html(f, pg->date);
    fputs("</dd>\n<dt>To make it again</dt><dd>", f);
    write_command(f, pg);
    fputs("</dd>\n</dl>\n</section>\n", f);
}

/* Everything between <body> and </body>. */
static int write_body(FILE *f, const page *pg, nc_error *err)
{
    write_header(f, pg);
    fputs("<main>\n", f);
    write_estimate(f, pg);
    write_bands(f, pg);
    write_figures(f, pg);
    int rc = write_stage_table(f, pg, err);
    if (rc)
        return rc;
    write_equivalents(f, pg);
    write_inputs(f, pg);
    write_run(f, pg);
    fputs("</main>\n", f);
    fputs("<footer class=\"page\"><p>Made by nascost " NC_VERSION
          ". This page is self-contained: it loads nothing from anywhere and runs no "
          "scripts.</p></footer>\n",
          f);
    return 0;
}

/* ---- the page ------------------------------------------------------------------------------ */

/* The page: the template with @TITLE@ (the page's title), @VERSION@ and @BODY@ filled in. */
static int w_page(FILE *f, const void *ctx, nc_error *err)
{
    const page *pg = ctx;
    const nc_scenario *sc = page_scenario(pg);
    int rc = 0;
    for (const char *s = pg->template; !rc && *s;) {
        size_t plain = strcspn(s, "@");
        fwrite(s, 1, plain, f);
        s += plain;
        if (!strncmp(s, "@TITLE@", 7)) {
            html(f, sc->title ? sc->title : sc->name);
            fputs(" \u2014 nascost report", f);
            s += 7;
        } else if (!strncmp(s, "@VERSION@", 9)) {
            fputs(NC_VERSION, f);
            s += 9;
        } else if (!strncmp(s, "@BODY@", 6)) {
            rc = write_body(f, pg, err);
            s += 6;
        } else if (*s)
            fputc(*s++, f);
    }
    if (!rc && ferror(f))
        rc = nc_error_set(err, NC_EIO, "cannot write the report");
    return rc;
}

/* When the page is made, for people and as an ISO date: now, or SOURCE_DATE_EPOCH when set
 * (reproducible builds), in UTC. */
static void page_date(page *pg)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long when = epoch ? strtoll(epoch, &end, 10) : 0;
    time_t t = epoch && end != epoch && *end == '\0' ? (time_t)when : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(pg->date, sizeof pg->date, "unknown date");
        snprintf(pg->date_iso, sizeof pg->date_iso, "1970-01-01");
        return;
    }
    strftime(pg->date, sizeof pg->date, "%Y-%m-%d %H:%M UTC", &tm);
    strftime(pg->date_iso, sizeof pg->date_iso, "%Y-%m-%dT%H:%MZ", &tm);
}

/* ---- the figures, drawn in a directory of their own ---------------------------------------- */

/* Figure 'fig' made an element of the page from the SVG gnuplot wrote at 'path'; its caption
 * and its alt text (the figure's numbers, for readers who cannot see it) with it. */
static int inline_figure(page_figure *fig, const page *pg, const char *path, nc_error *err)
{
    char *svg = NULL, alt[1024], label[6 * sizeof alt];
    size_t len = 0;
    int rc = nc_cli_read_text(&svg, path, err);
    if (rc)
        return rc;
    fig->caption = figure_words(pg, fig->name, alt, sizeof alt);
    html_copy(label, sizeof label, alt);
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
static int draw_figures(page *pg, const char *dir, nc_error *err)
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
        if (!strcmp(p.names[i], "stages") && page_scenario(pg)->n_stages == 1)
            continue; /* one bar, the total: the headline and the table say it better */
        page_figure *fig = &pg->figs[pg->n_figs++];
        snprintf(fig->name, sizeof fig->name, "%s", p.names[i]);
        if (p.gnuplot[0] &&
            snprintf(path, sizeof path, "%s/%s.svg", dir, p.names[i]) < (int)sizeof path)
            rc = inline_figure(fig, pg, path, err);
    }
    return rc;
}

/* ---- the command --------------------------------------------------------------------------- */

/* Simulate (keeping the timeline the figures need) and summarise. */
static int simulate(nc_scenario **sc, nc_result **res, nc_summary **sum, nc_cli_args *a,
                    nc_error *err)
{
    int rc = nc_cli_load(sc, a, a->positional[0], NULL, 0, err);
    if (!rc)
        nc_cli_estimate_one(a, *sc,
                            (double)(a->run.replications ? a->run.replications
                                                         : (*sc)->replications),
                            "this report's run is");
    if (!rc)
        a->run.timeline_days = nc_plot_timeline_days(
            *sc, a->run.replications ? a->run.replications : (*sc)->replications);
    return rc ? rc : nc_cli_simulate(res, sum, *sc, a, err);
}

/* Make the page: figures in a temporary directory (removed after), then the file. */
static int make_page(page *pg, nc_error *err)
{
    char tpl[NC_CLI_PATH_MAX], dir[NC_CLI_PATH_MAX];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/nascost-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    snprintf(tpl, sizeof tpl, "%s/plots/report.html.in", nc_catalog_data_dir());
    char *template = NULL;
    int rc = nc_cli_read_text(&template, tpl, err);
    if (rc)
        nc_error_prefix(err, "the report's template is missing (set NASCOST_DATA to the "
                             "directory holding plots/): ");
    if (!rc && !mkdtemp(dir)) {
        nc_error_set(err, NC_EIO, "cannot make a temporary directory for the figures: %s",
                     strerror(errno));
        nc_error_at(err, dir, 0, 0);
        rc = NC_EIO;
    } else if (!rc) {
        rc = draw_figures(pg, dir, err);
        nc_cli_remove_dir(dir);
    }
    pg->template = template;
    if (!rc)
        rc = nc_cli_write_file(pg->a->outdir, w_page, pg, err);
    for (size_t i = 0; i < pg->n_figs; i++)
        free(pg->figs[i].element);
    free(template);
    return rc;
}

/* The command once its options are parsed: run, draw, write. Returns 0, a negative error
 * code, or 1 when the page was written without figures (no gnuplot). */
static int report(nc_cli_args *a, nc_error *err)
{
    nc_scenario *sc = NULL;
    nc_result *res = NULL;
    nc_summary *sum = NULL;
    nc_plot_source *src = NULL;
    page pg;
    memset(&pg, 0, sizeof pg);
    page_date(&pg);
    int rc = simulate(&sc, &res, &sum, a, err);
    if (!rc)
        rc = nc_plot_source_alloc(&src, res, err);
    if (!rc) {
        nc_report rep = {res, sum, a->units, 1, NULL};
        pg.rep = &rep, pg.src = src, pg.a = a;
        rc = make_page(&pg, err);
    }
    if (!rc && !a->quiet)
        printf("%s\n", a->outdir);
    if (!rc && pg.no_gnuplot) {
        fprintf(stderr,
                "nascost: gnuplot not found (looked for %s): %s has no figures.\n"
                "  Install gnuplot (Debian/Ubuntu: apt-get install gnuplot-nox) and make the "
                "report again.\n",
                pg.no_gnuplot, a->outdir);
        rc = 1;
    }
    nc_plot_source_free(src);
    nc_result_free(res);
    nc_scenario_free(sc);
    return rc;
}

int nc_cli_report_html(int argc, char **argv)
{
    nc_cli_args a = {.cmd = "report"};
    nc_error err;
    nc_error_clear(&err);
    int rc = nc_cli_parse(&a, argc, argv, REPORT_HELP, NULL, NULL, NULL, 1, 1);
    if (!rc && strcmp(a.format, "table"))
        rc = (nc_cli_usage("report", "--format does not apply: the report is an HTML page"), -1);
    if (!rc && !a.outdir)
        rc = (nc_cli_usage("report", "where to? give -o REPORT.html"), -1);
    if (rc) {
        nc_cli_args_free(&a);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    rc = report(&a, &err);
    nc_cli_args_free(&a);
    return rc > 0 ? NC_EXIT_FAIL : rc ? nc_cli_report(&err) : NC_EXIT_OK;
}
