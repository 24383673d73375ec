/* cli_report_body.c - the report's page: the template filled with its sections (see
 * cli_report_body.h). */
#include "cli/cli_report_body.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_html.h"
#include "cli/cli_report_figures.h"
#include "cli/cli_report_sources.h"
#include "output/output_format.h"
#include "output/output_table.h"

static void write_header(FILE *f, const nc_cli_page *pg)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    fputs("<header class=\"page\">\n<p class=\"kicker\">nascost report \u00b7 <time datetime=\"",
          f);
    nc_cli_html(f, pg->date_iso);
    fputs("\">", f);
    nc_cli_html(f, pg->date);
    fputs("</time></p>\n<h1>", f);
    nc_cli_html(f, sc->title ? sc->title : sc->name);
    fputs("</h1>\n<p class=\"lede\">Scenario <code>", f);
    nc_cli_html(f, sc->name);
    fputs("</code> (<code>", f);
    nc_cli_html(f, sc->file);
    fputs("</code>)", f);
    if (sc->source) {
        fputs(" \u00b7 source: ", f);
        nc_cli_html(f, sc->source);
    }
    fputs("</p>\n", f);
    if (sc->description.text && sc->description.text[0]) {
        fputs("<p class=\"description\">", f);
        nc_cli_html(f, sc->description.text);
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
static void write_card(FILE *f, const nc_cli_page *pg, const char *label, int m)
{
    nc_summary s;
    const char *unit = nc_cli_page_total(pg, m, &s);
    fputs("<div class=\"metric\"><dt>", f);
    nc_cli_html_label(f, label);
    fputs("</dt><dd><span class=\"median\">", f);
    nc_cli_html_value(f, m, s.p50);
    fputs("<span class=\"unit\">", f);
    nc_cli_html_unit(f, unit);
    fputs("</span></span>", f);
    if (s.p5 != s.p95) {
        fputs("<span class=\"band\">P5\u2013P95: ", f);
        nc_cli_html_band(f, m, &s);
        fputs("</span>", f);
    }
    fputs("</dd></div>\n", f);
}

/* The probability of ending by the deadline, with its Monte Carlo standard error. */
static void write_on_time_card(FILE *f, const nc_cli_page *pg)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    const nc_summary *on_time = nc_report_get(pg->rep, NC_ROW_TOTAL, NC_M_ON_TIME);
    fputs("<div class=\"metric\"><dt>Finished within ", f);
    nc_cli_html_number(f, sc->deadline_h / 24.0);
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
static int total_nonzero(const nc_cli_page *pg, int m)
{
    const nc_summary *s = nc_report_get(pg->rep, NC_ROW_TOTAL, m);
    return s->max > 0 || s->min < 0;
}

/* The estimate: one sentence with the total CO2e and its band, then a card per headline
 * number (costs only when not zero everywhere; calendar time and the deadline when simulated). */
static void write_estimate(FILE *f, const nc_cli_page *pg)
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
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    nc_summary co2;
    const char *unit = nc_cli_page_total(pg, NC_M_CO2E_KG, &co2);
    fputs("<section id=\"estimate\" aria-labelledby=\"estimate-h\">\n"
          "<h2 id=\"estimate-h\">The estimate</h2>\n<p class=\"summary\">",
          f);
    if (pg->rep->res->point) {
        fputs("With every input at its nominal value, the pipeline emits <strong>", f);
        nc_cli_html_number(f, co2.p50);
        nc_cli_html_unit(f, unit);
        fputs(" CO\u2082e</strong>.", f);
    } else {
        fputs("Across ", f);
        nc_cli_html_count(f, (double)pg->rep->res->replications);
        fputs(" simulated versions of the world, the pipeline emits a median of <strong>", f);
        nc_cli_html_number(f, co2.p50);
        nc_cli_html_unit(f, unit);
        fputs(" CO\u2082e</strong>; in 90% of them, between ", f);
        nc_cli_html_number(f, co2.p5);
        fputs(" and ", f);
        nc_cli_html_number(f, co2.p95);
        nc_cli_html_unit(f, unit);
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
static void write_bands(FILE *f, const nc_cli_page *pg)
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
        nc_cli_html_count(f, (double)pg->rep->res->replications);
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

/* The columns of the table: each stage, then the total when there are several (one stage's
 * row is the total, which also holds the clusters' idle energy). */
static size_t table_columns(const nc_cli_page *pg, size_t *rows)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    if (sc->n_stages == 1) {
        rows[0] = NC_ROW_TOTAL;
        return 1;
    }
    for (size_t i = 0; i <= sc->n_stages; i++)
        rows[i] = nc_row_shown(i, sc->n_stages + 1);
    return sc->n_stages + 1;
}

/* One cell: the median, with its band below it when it has one; a dash when not shown. */
static void write_cell(FILE *f, const nc_cli_page *pg, size_t row, int m)
{
    nc_summary s;
    if (!nc_output_metric_shown(pg->rep, row, m)) {
        fputs("<td class=\"num\">\u2014</td>", f);
        return;
    }
    nc_output_display(pg->rep->mass_unit, m, nc_report_get(pg->rep, row, m), &s);
    fputs("<td class=\"num\">", f);
    nc_cli_html_value(f, m, s.p50);
    if (s.p5 != s.p95) {
        fputs("<span class=\"band\">", f);
        nc_cli_html_band(f, m, &s);
        fputs("</span>", f);
    }
    fputs("</td>", f);
}

/* Every metric per stage (rows: metrics shown somewhere; columns: stages, total). */
static int write_stage_table(FILE *f, const nc_cli_page *pg, nc_error *err)
{
    const nc_scenario *sc = nc_cli_page_scenario(pg);
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
            nc_cli_html(f, sc->stages[stage].name);
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
        nc_cli_html_label(f, label + strspn(label, " "));
        fputs("</th><td>", f);
        nc_cli_html(f, unit);
        fputs("</td>", f);
        for (size_t c = 0; c < n; c++)
            write_cell(f, pg, rows[c], m);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", f);
    free(rows);
    return 0;
}

/* The command that makes this page again (its numbers bit for bit; not its date). */
static void write_command(FILE *f, const nc_cli_page *pg)
{
    const nc_cli_args *a = pg->a;
    const nc_result *res = pg->rep->res;
    char n[32];
    fputs("<code class=\"command\">nascost report ", f);
    nc_cli_html_shell_word(f, a->positional[0]);
    snprintf(n, sizeof n, "%lld", (long long)res->replications);
    fputs(" -n ", f);
    nc_cli_html(f, n);
    fprintf(f, " --seed %llu", (unsigned long long)res->seed);
    for (size_t i = 0; i < a->n_sets; i++) {
        fputs(" --set ", f);
        nc_cli_html_shell_word(f, a->sets[i]);
    }
    if (pg->rep->mass_unit && strcmp(pg->rep->mass_unit, "kg")) {
        fputs(" --units ", f);
        nc_cli_html(f, pg->rep->mass_unit);
    }
    fputs(" -o ", f);
    nc_cli_html_shell_word(f, a->outdir);
    fputs("</code>", f);
}

/* "median 0.83%, P5 1.2%, P95 1.5%": the Monte Carlo standard errors of the total CO2e's
 * quantiles, relative to them; nothing when they are not defined. */
static void write_mc_error(FILE *f, const nc_cli_page *pg)
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
static void write_run(FILE *f, const nc_cli_page *pg)
{
    const nc_result *res = pg->rep->res;
    fputs("<section id=\"run\" aria-labelledby=\"run-h\">\n<h2 id=\"run-h\">This run</h2>\n"
          "<dl class=\"facts\">\n<dt>Scenario file</dt><dd><code>",
          f);
    nc_cli_html(f, nc_cli_page_scenario(pg)->file);
    fputs("</code></dd>\n<dt>Replications</dt><dd>", f);
    nc_cli_html_count(f, (double)res->replications);
    if (res->point)
        fputs(" (every input at its nominal value)", f);
    fprintf(f,
            "</dd>\n<dt>Seed</dt><dd>%llu</dd>\n<dt>Random numbers</dt><dd>Philox4x32-10 "
            "(Random123), each addressed by the input's path, the replication and the trial: the "
            "same seed gives the same numbers on any number of threads</dd>\n",
            (unsigned long long)res->seed);
    write_mc_error(f, pg);
    fputs("<dt>nascost</dt><dd>version " NC_VERSION ", built with ", f);
    nc_cli_html(f, NC_COMPILER);
    fprintf(f, "</dd>\n<dt>Ran in</dt><dd>%.2f s on %d thread%s</dd>\n<dt>Made</dt><dd>",
            res->elapsed_s, res->threads, res->threads == 1 ? "" : "s");
    nc_cli_html(f, pg->date);
    fputs("</dd>\n<dt>To make it again</dt><dd>", f);
    write_command(f, pg);
    fputs("</dd>\n</dl>\n</section>\n", f);
}

/* Everything between <body> and </body>. */
static int write_body(FILE *f, const nc_cli_page *pg, nc_error *err)
{
    write_header(f, pg);
    fputs("<main>\n", f);
    write_estimate(f, pg);
    write_bands(f, pg);
    nc_cli_report_figures(f, pg);
    int rc = write_stage_table(f, pg, err);
    if (rc)
        return rc;
    nc_cli_report_equivalents(f, pg);
    nc_cli_report_inputs(f, pg);
    write_run(f, pg);
    fputs("</main>\n", f);
    fputs("<footer class=\"page\"><p>Made by nascost " NC_VERSION
          ". This page is self-contained: it loads nothing from anywhere and runs no "
          "scripts.</p></footer>\n",
          f);
    return 0;
}

/* The page: the template with @TITLE@ (the page's title), @VERSION@ and @BODY@ filled in. */
int nc_cli_report_write(FILE *f, const void *ctx, nc_error *err)
{
    const nc_cli_page *pg = ctx;
    const nc_scenario *sc = nc_cli_page_scenario(pg);
    int rc = 0;
    for (const char *s = pg->template; !rc && *s;) {
        size_t plain = strcspn(s, "@");
        fwrite(s, 1, plain, f);
        s += plain;
        if (!strncmp(s, "@TITLE@", 7)) {
            nc_cli_html(f, sc->title ? sc->title : sc->name);
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
