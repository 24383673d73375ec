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
#include "cli/cli_report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/cli_args.h"
#include "cli/cli_estimate.h"
#include "cli/cli_figure_kit.h"
#include "cli/cli_output.h"
#include "cli/cli_report_body.h"
#include "cli/cli_report_figures.h"
#include "output/figure_run.h"
#include "scenario/catalog.h"

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

/* When the page is made, for people and as an ISO date: now, or SOURCE_DATE_EPOCH when set
 * (reproducible builds), in UTC. */
static void page_date(nc_cli_page *pg)
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

/* Simulate (keeping the timeline the figures need) and summarise. */
static int simulate(nc_scenario **sc, nc_result **res, nc_summary **sum, nc_cli_args *a,
                    nc_error *err)
{
    int rc = nc_cli_load(sc, a, a->positional[0], NULL, 0, err);
    if (!rc)
        nc_cli_estimate_one(
            a, *sc, (double)(a->run.replications ? a->run.replications : (*sc)->replications),
            "this report's run is");
    if (!rc)
        a->run.timeline_days = nc_plot_timeline_days(
            *sc, a->run.replications ? a->run.replications : (*sc)->replications);
    return rc ? rc : nc_cli_simulate(res, sum, *sc, a, err);
}

/* Make the page: figures in a temporary directory (removed after), then the file. */
static int make_page(nc_cli_page *pg, nc_error *err)
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
        rc = nc_cli_report_draw_figures(pg, dir, err);
        nc_cli_remove_dir(dir);
    }
    pg->template = template;
    if (!rc)
        rc = nc_cli_write_file(pg->a->outdir, nc_cli_report_write, pg, err);
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
    nc_cli_page pg;
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
