/*
 * cli_plot.c - `nascost plot` and `nascost run --plots`: a run's results read back from the
 * files `run -o` wrote (result.json, samples.csv, cumulative_co2e.csv), or taken from memory,
 * or a compare, sweep or sensitivity JSON document, read back into the objects the figures take
 * (results_run.h, results_analysis.h); the figures are built by cli_figures_run.c and
 * cli_figures_analysis.c and drawn by cli_gnuplot.c (see cli_plot.h).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_plot.h"
#include "cli/cli_args.h"
#include "cli/cli_common.h"
#include "cli/cli_figures_analysis.h"
#include "cli/cli_figures_run.h"
#include "cli/cli_gnuplot.h"
#include "cli/cli_output.h"
#include "base/metrics.h"
#include "output/results_analysis.h"
#include "output/results_file.h"
#include "output/results_run.h"

static const char PLOT_HELP[] =
    "usage: nascost plot RESULTS [options]\n"
    "\n"
    "Draw the figures of earlier results. RESULTS is a directory written by `run -o`\n"
    "(result.json and samples.csv; cumulative_co2e.csv too when the run had --plots), or the\n"
    "JSON of `compare -o`, `sweep -o` or `sensitivity -o` (or a directory holding one).\n"
    "A run's directory must hold one run's files: result.json, written last, lists the size\n"
    "and FNV-1a digest of the others, and a file of another run (two runs into one -o, or a\n"
    "run stopped while writing) is refused, exit status 2.\n"
    "\n"
    "  a run:         distribution (histogram with P5, P50, P95 and CO2e equivalents), stages\n"
    "                 (median per stage with P5-P95 whiskers), timeline (cumulative CO2e over\n"
    "                 calendar days, when the run kept one) and benchmarks (a flight, a\n"
    "                 person's year, an American's year, a car's lifetime, and the pipeline:\n"
    "                 Strubell et al. 2019, Table 1)\n"
    "  compare/sweep: forest (each run's band and its paired difference from the first);\n"
    "                 a sweep of one numeric input also gets sweep-line (P50 with a P5-P95 band)\n"
    "  sensitivity:   tornado (the metric with each input at its P5 and its P95)\n"
    "\n"
    "Each figure NAME is written as NAME.png (1200x800), NAME.svg and NAME.pdf, with its data\n"
    "NAME.csv and its gnuplot script NAME.gp beside it (`cd DIR && gnuplot NAME.gp` redraws it).\n"
    "Colours are the Okabe & Ito (2008) palette, with dashes and fills that survive greyscale.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR       where to write the figures (default: the RESULTS directory)\n"
    "      --metric NAME      the metric of the distribution, stages and comparison figures\n"
    "                         (default co2e_kg; e.g. gpu_hours, facility_kwh, cloud_usd)\n"
    "      --units U          mass unit of the figures: kg (default), t or lb\n"
    "  -q, --quiet            do not list the files written\n"
    "  -h, --help             this help\n"
    "\n"
    "gnuplot (Debian/Ubuntu: apt-get install gnuplot-nox) is found on PATH, or at\n"
    "$NASCOST_GNUPLOT. Without it the data and scripts are still written and the exit status\n"
    "is 1 (for `run --plots` it stays 0: the run itself succeeded).\n"
    "\n"
    "examples:\n"
    "  nascost run scenarios/lisa-rnd.yaml -n 2000 --plots figures/\n"
    "  nascost run scenarios/lisa-rnd.yaml -o out/ -q && nascost plot out/ --units t\n"
    "  nascost plot out/ --metric facility_kwh -o out/energy/\n"
    "  nascost compare scenarios/whatif/grid-search.yaml scenarios/whatif/asha.yaml -o cmp/ -q\n"
    "  nascost plot cmp/compare.json\n";

/* 'dir'/'name' into 'out' (NC_CLI_PATH_MAX bytes). */
static int join(char *out, const char *dir, const char *name, nc_error *err)
{
    if (snprintf(out, NC_CLI_PATH_MAX, "%s/%s", dir, name) >= NC_CLI_PATH_MAX)
        return nc_error_set(err, NC_EINPUT, "path too long: %s/%s", dir, name);
    return 0;
}

/* ---- the commands -------------------------------------------------------------------------- */

int nc_cli_plot_result(const char *dir, const nc_result *res, const char *mass_unit, nc_error *err)
{
    nc_cli_plotter p;
    nc_plot_source *src = NULL;
    int rc = nc_cli_plotter_init(&p, dir, 0, err);
    if (!rc)
        rc = nc_plot_source_alloc(&src, res, err);
    if (!rc)
        rc = nc_cli_figures_run(&p, src, NC_M_CO2E_KG, mass_unit, err);
    if (!rc && src->past_timeline > 0)
        fprintf(stderr,
                "nascost: %lld replications ran past the %d days the timeline kept; "
                "its figure shows their first %d days\n",
                (long long)src->past_timeline, res->timeline_days, res->timeline_days);
    nc_plot_source_free(src);
    if (!rc)
        nc_cli_gnuplot_missing(&p);
    return rc;
}

static int w_cumulative(FILE *f, const void *ctx, nc_error *err)
{
    const nc_plot_source *src = ctx;
    fputs("day,p5_kg,p50_kg,p95_kg\n", f);
    for (size_t i = 0; i < src->n_days; i++)
        fprintf(f, "%zu,%.17g,%.17g,%.17g\n", i + 1, src->cumulative[i].p5, src->cumulative[i].p50,
                src->cumulative[i].p95);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}

int nc_cli_plot_timeline(const char *dir, const nc_result *res, nc_results_file *digest,
                         nc_error *err)
{
    nc_plot_source src = {0};
    char path[NC_CLI_PATH_MAX];
    digest->name = NULL;
    if (!res->timeline)
        return 0;
    int rc = join(path, dir, "cumulative_co2e.csv", err);
    if (!rc)
        rc = nc_plot_timeline_bands(&src.cumulative, &src.n_days, res, err);
    if (!rc)
        rc = nc_cli_write_file_digest(path, w_cumulative, &src, digest, err);
    if (!rc)
        digest->name = NC_RESULTS_CUMULATIVE;
    free(src.cumulative);
    return rc;
}

typedef struct plot_args {
    const char *input, *outdir, *units;
    int metric, quiet;
} plot_args;

enum { OPT_METRIC = 256, OPT_UNITS };

static int parse_plot_args(plot_args *a, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"metric", required_argument, NULL, OPT_METRIC},
                                         {"units", required_argument, NULL, OPT_UNITS},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        if (c == 'h')
            return fputs(PLOT_HELP, stdout), 1;
        if (c == 'o')
            a->outdir = optarg;
        else if (c == 'q')
            a->quiet = 1;
        else if (c == OPT_METRIC && (a->metric = nc_metric_lookup(optarg)) < 0)
            return nc_cli_usage("plot",
                                "unknown metric '%s' (e.g. co2e_kg, gpu_hours, "
                                "facility_kwh, cloud_usd, makespan_days)",
                                optarg),
                   -1;
        else if (c == OPT_UNITS && strcmp(optarg, "kg") && strcmp(optarg, "t") &&
                 strcmp(optarg, "lb"))
            return nc_cli_usage("plot", "--units expects kg, t or lb; got '%s'", optarg), -1;
        else if (c == OPT_UNITS)
            a->units = optarg;
        else if (c == '?')
            return nc_cli_usage("plot", "unknown option or missing value"), -1;
    }
    if (argc - optind != 1)
        return nc_cli_usage("plot",
                            argc == optind ? "what to plot? give a directory written by "
                                             "`run -o`, or a compare/sweep JSON"
                                           : "give one RESULTS, not %d",
                            argc - optind),
               -1;
    a->input = argv[optind];
    return 0;
}

/* The JSON to read in 'input' (a file, or a directory holding result.json, compare.json,
 * sweep.json or sensitivity.json) into 'json'; its directory into 'dir'. */
static int locate(char *json, char *dir, const char *input, nc_error *err)
{
    static const char *const names[] = {"result.json", "compare.json", "sweep.json",
                                        "sensitivity.json"};
    struct stat st;
    if (stat(input, &st)) {
        nc_error_set(err, NC_EINPUT, "no such file or directory");
        nc_error_at(err, input, 0, 0);
        return NC_EINPUT;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(json, NC_CLI_PATH_MAX, "%s", input);
        const char *slash = strrchr(input, '/');
        snprintf(dir, NC_CLI_PATH_MAX, "%.*s", slash ? (int)(slash - input) : 1,
                 slash ? input : ".");
        return 0;
    }
    snprintf(dir, NC_CLI_PATH_MAX, "%s", input);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(json, NC_CLI_PATH_MAX, "%s/%s", input, names[i]);
        if (access(json, R_OK) == 0)
            return 0;
    }
    nc_error_set(err, NC_EINPUT,
                 "no result.json, compare.json, sweep.json or sensitivity.json "
                 "here (write one with `nascost run SCENARIO -o DIR`)");
    nc_error_at(err, input, 0, 0);
    return NC_EINPUT;
}

/* The figures of results document 'doc': read back (and checked) into the objects the figures
 * take, then drawn. */
static int plot_json(nc_cli_plotter *p, json_t *doc, const char *json_path, const char *dir,
                     const plot_args *a, nc_error *err)
{
    nc_results_kind kind = nc_results_kind_of(doc);
    int rc;
    if (kind == NC_RESULTS_SENSITIVITY) {
        nc_plot_tornado *t = NULL;
        rc = nc_results_read_tornado(&t, doc, json_path, err);
        if (!rc)
            rc = nc_cli_figure_tornado(p, t, a->units, err);
        nc_plot_tornado_free(t);
        return rc;
    }
    if (kind != NC_RESULTS_RUN) {
        nc_plot_versus *v = NULL;
        rc = nc_results_read_versus(&v, doc, json_path, a->metric, err);
        if (!rc)
            rc = nc_cli_figure_forest(p, v, a->units, err);
        if (!rc && kind == NC_RESULTS_SWEEP)
            rc = nc_cli_figure_sweep_line(p, v, a->units, err);
        nc_plot_versus_free(v);
        return rc;
    }
    nc_plot_source *src = NULL;
    rc = nc_results_read_run(&src, doc, json_path, dir, err);
    if (!rc)
        rc = nc_cli_figures_run(p, src, a->metric, a->units, err);
    if (!rc && !src->cumulative && !a->quiet)
        printf("(no timeline: run with --plots to keep one, then %s/cumulative_co2e.csv is "
               "written with -o)\n",
               dir);
    nc_plot_source_free(src);
    return rc;
}

int nc_cli_plot(int argc, char **argv)
{
    plot_args a = {NULL, NULL, "kg", NC_M_CO2E_KG, 0};
    char json_path[NC_CLI_PATH_MAX], dir[NC_CLI_PATH_MAX];
    nc_error err;
    nc_cli_plotter p;
    json_t *doc = NULL;
    nc_error_clear(&err);
    int rc = parse_plot_args(&a, argc, argv);
    if (rc)
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    rc = locate(json_path, dir, a.input, &err);
    if (!rc)
        rc = nc_results_load_json(&doc, json_path, &err);
    if (!rc)
        rc = nc_cli_plotter_init(&p, a.outdir ? a.outdir : dir, !a.quiet, &err);
    if (!rc)
        rc = plot_json(&p, doc, json_path, dir, &a, &err);
    json_decref(doc);
    if (rc)
        return nc_cli_report(&err);
    return nc_cli_gnuplot_missing(&p) ? NC_EXIT_FAIL : NC_EXIT_OK;
}
