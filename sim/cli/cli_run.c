/* cli_run.c - `nascost run`: simulate a scenario and write its bands. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_run.h"
#include "cli/cli_common.h"
#include "cli/cli_output.h"
#include "cli/cli_plot.h"
#include "cli/cli_args.h"
#include "cli/cli_estimate.h"
#include "engine/engine.h"
#include "output/output_csv.h"
#include "output/output_json.h"
#include "output/output_table.h"
#include "output/results_file.h"
#include "output/figure_run.h"
#include "analysis/precision.h"
#include "base/units.h"

static const char RUN_HELP[] =
    "usage: nascost run SCENARIO.yaml [options]\n"
    "\n"
    "Simulate the scenario's pipeline and print each metric per stage and in total as\n"
    "median [P5 - P95], then CO2e equivalents.\n"
    "\n"
    "options:\n"
    "  -n, --replications N   Monte Carlo replications (default: the scenario's `replications`)\n"
    "      --seed S           master seed (default: the scenario's `seed`)\n"
    "  -t, --threads T        OpenMP threads (default: all cores); results do not depend on it\n"
    "      --set PATH=VALUE   override one input, e.g. --set stages.search.trials=1000\n"
    "                         or --set 'sites.lab.pue={dist: uniform, low: 1.1, high: 1.3}'\n"
    "      --point            every input at its nominal value, one replication\n"
    "      --replication K    replay replication K alone (same draws as in a full run)\n"
    "      --precision P      add replications until the Monte Carlo standard error of the\n"
    "                         mean, P5 and P95 of every headline total is below P (e.g. 1%)\n"
    "      --max-replications N   stop there even if not precise enough (default 1,000,000)\n"
    "  -f, --format F         table (default), json or csv (a summary row per stage x metric)\n"
    "      --units U          mass unit of the table: kg (default), lb or t\n"
    "  -o, --output DIR       also write DIR/result.json, DIR/summary.csv, DIR/samples.csv\n"
    "                         (and DIR/cumulative_co2e.csv with --plots)\n"
    "      --plots DIR        also draw the figures into DIR: distribution, stages, timeline,\n"
    "                         benchmarks, each as PNG, SVG and PDF with its CSV and gnuplot\n"
    "                         script (see `nascost plot --help`)\n"
    "  -q, --quiet            print nothing on standard output (with -o), and no progress bar\n"
    "  -h, --help             this help\n"
    "\n"
    "examples:\n"
    "  nascost run scenarios/lisa-rnd.yaml\n"
    "  nascost run scenarios/strubell2019/nas-p100.yaml --point --units lb\n"
    "  nascost run scenarios/lisa-rnd.yaml -n 2000 --set stages.grid-searches.trials=1000\n"
    "  nascost run scenarios/lisa-rnd.yaml -f json > result.json\n"
    "  nascost run scenarios/lisa-rnd.yaml -n 2000 --plots figures/ --units t\n";

enum { OPT_POINT = NC_CLI_EXTRA, OPT_REPLICATION, OPT_PRECISION, OPT_MAX_REPLICATIONS, OPT_PLOTS };

static const struct option RUN_OPTIONS[] = {
    {"point", no_argument, NULL, OPT_POINT},
    {"replication", required_argument, NULL, OPT_REPLICATION},
    {"precision", required_argument, NULL, OPT_PRECISION},
    {"max-replications", required_argument, NULL, OPT_MAX_REPLICATIONS},
    {"plots", required_argument, NULL, OPT_PLOTS},
    {NULL, 0, NULL, 0},
};

typedef struct run_ctx {
    nc_cli_args a;
    double precision;     /* 0: a plain run */
    long long cap;        /* --max-replications */
    const char *plots;    /* --plots DIR, or NULL */
} run_ctx;

static int on_run_option(void *ctx, int id, const char *value)
{
    run_ctx *r = ctx;
    nc_cli_args *a = &r->a;
    long long x;
    nc_error err;
    switch (id) {
    case OPT_POINT:
        return a->run.point = 1, 0;
    case OPT_PLOTS:
        return r->plots = value, 0;
    case OPT_PRECISION:
        if (nc_quantity_parse(value, NC_DIM_NONE, &r->precision, &err) || !(r->precision > 0) ||
            r->precision >= 0.5)
            return nc_cli_usage("run", "--precision expects a relative standard error such as "
                                       "1%% or 0.005, got '%s'",
                                value),
                   -1;
        return 0;
    case OPT_MAX_REPLICATIONS:
        if (nc_cli_int("run", "--max-replications", value, 1, NC_MAX_REPLICATIONS, &x))
            return -1;
        return r->cap = x, 0;
    default:
        if (nc_cli_int("run", "--replication", value, 0, NC_MAX_REPLICATIONS - 1, &x))
            return -1;
        a->run.first = x, a->run.replications = 1;
        return 0;
    }
}

/* ---- writing ------------------------------------------------------------------------------- */

static int w_table(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_table(f, ctx, err);
}

static int w_json(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_json(f, ctx, err);
}

static int w_summary(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_csv_summary(f, ctx, err);
}

static int w_samples(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_csv_samples(f, ctx, err);
}

/* A result.json and the files it lists. */
typedef struct listing {
    const nc_report *rep;
    const nc_results_file *files;
    size_t n_files;
} listing;

static int w_listing(FILE *f, const void *ctx, nc_error *err)
{
    const listing *l = ctx;
    return nc_output_json_listing(f, l->rep, l->files, l->n_files, err);
}

/* DIR/result.json last, listing the size and digest of the files written before it
 * (results_file.h): a folder into which two runs wrote at once, or whose run was stopped half-way
 * over an older one, never holds a set that `plot` takes for one run's. A timeline left by an
 * earlier run with --plots is removed, since this run has none. */
static int write_outdir(const char *dir, const void *ctx, nc_error *err)
{
    const nc_report *rep = ctx;
    static const char *const names[] = {NC_RESULTS_SAMPLES, NC_RESULTS_SUMMARY, "result.json"};
    const nc_cli_writer writers[] = {w_samples, w_summary, w_listing};
    nc_results_file files[3] = {{NC_RESULTS_SAMPLES, 0, 0}, {NC_RESULTS_SUMMARY, 0, 0}};
    listing listed = {rep, files, 2};
    char path[4096];
    int rc = nc_cli_plot_timeline(dir, rep->res, &files[2], err);
    if (!rc && !files[2].name &&
        snprintf(path, sizeof path, "%s/%s", dir, NC_RESULTS_CUMULATIVE) < (int)sizeof path &&
        unlink(path) && errno != ENOENT) {
        nc_error_set(err, NC_EIO, "cannot remove an earlier run's timeline: %s", strerror(errno));
        nc_error_at(err, path, 0, 0);
        rc = NC_EIO;
    }
    listed.n_files += files[2].name != NULL;
    for (int i = 0; !rc && i < 3; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            return nc_error_set(err, NC_EINPUT, "output path too long: %s", dir);
        rc = i < 2 ? nc_cli_write_file_digest(path, writers[i], rep, &files[i], err)
                   : nc_cli_write_file(path, writers[i], &listed, err);
    }
    return rc;
}

/* The table, JSON or CSV summary on standard output; the result folder with -o. */
static const nc_cli_output RUN_OUTPUT = {w_table, w_json, w_summary, NULL, write_outdir};

/* ---- the command ------------------------------------------------------------------------------ */

/* A --precision run: rounds until the target, then the summaries. */
static int simulate_precise(nc_result **res, nc_summary **sum, nc_precision *p,
                            const nc_scenario *sc, const run_ctx *r, nc_error *err)
{
    int rc = nc_run_to_precision(res, p, sc, &r->a.run, r->precision, r->cap, err);
    if (!rc)
        rc = nc_stats_attach(*res, err);
    if (!rc)
        *sum = (*res)->summary;
    return rc;
}

/* The replications of a plain run, or of a --precision run's first round. */
static int64_t planned(const run_ctx *r, const nc_scenario *sc)
{
    const nc_engine_opts *o = &r->a.run;
    int64_t n = o->replications ? o->replications
                : o->point      ? 1
                : r->precision  ? NC_PRECISION_FIRST
                                : sc->replications;
    return r->precision > 0 && n > r->cap ? r->cap : n;
}

static int simulate(run_ctx *r, nc_error *err)
{
    nc_cli_args *a = &r->a;
    nc_scenario *sc = NULL;
    nc_result *res = NULL;
    nc_summary *sum = NULL;
    nc_precision precision;
    int rc = nc_cli_load(&sc, a, a->positional[0], NULL, 0, err);
    if (!rc)
        nc_cli_estimate_one(a, sc, (double)planned(r, sc),
                            r->precision > 0 ? "this run's first round is" : "this run is");
    if (!rc && r->plots) /* keep CO2e per day for the timeline figure */
        a->run.timeline_days = nc_plot_timeline_days(sc, a->run.replications ? a->run.replications
                                                         : a->run.point      ? 1
                                                                             : sc->replications);
    if (!rc && r->precision > 0)
        rc = simulate_precise(&res, &sum, &precision, sc, r, err);
    else if (!rc)
        rc = nc_cli_simulate(&res, &sum, sc, a, err);
    if (!rc) {
        nc_report rep = {res, sum, a->units, 1, r->precision > 0 ? &precision : NULL};
        rc = nc_cli_output_write(a, &RUN_OUTPUT, &rep, err);
        if (!rc && r->plots)
            rc = nc_cli_plot_result(r->plots, res, a->units, err);
    }
    nc_result_free(res);
    nc_scenario_free(sc);
    return rc;
}

int nc_cli_run(int argc, char **argv)
{
    run_ctx r = {.a = {.cmd = "run"}, .precision = 0, .cap = 1000000, .plots = NULL};
    nc_error err;
    nc_error_clear(&err);
    int rc = nc_cli_parse(&r.a, argc, argv, RUN_HELP, RUN_OPTIONS, on_run_option, &r, 1, 1);
    if (!rc && r.precision > 0 && r.a.run.point)
        rc = (nc_cli_usage("run", "--precision and --point do not go together"), -1);
    if (rc) {
        nc_cli_args_free(&r.a);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    rc = simulate(&r, &err);
    nc_cli_args_free(&r.a);
    return rc ? nc_cli_report(&err) : NC_EXIT_OK;
}
