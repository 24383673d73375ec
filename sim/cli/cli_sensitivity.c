/* cli_sensitivity.c - `nascost sensitivity`: which unknown matters most. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_sensitivity.h"
#include "cli/cli_common.h"
#include "cli/cli_output.h"
#include "cli/cli_args.h"
#include "cli/cli_estimate.h"
#include "base/metrics.h"
#include "output/output_sensitivity.h"
#include "analysis/sensitivity.h"

static const char SENS_HELP[] =
    "usage: nascost sensitivity SCENARIO.yaml [options]\n"
    "\n"
    "Which uncertain input drives a metric (default: the total CO2e)?\n"
    "  tornado: every per-replication input at its median, then each alone at its P5 and its\n"
    "           P95 (same trial draws); ranked by the swing of the metric's mean;\n"
    "  Sobol:   first-order and total variance-based indices (Saltelli sampling, Jansen\n"
    "           estimators) with bootstrap intervals; first-order indices near 1 in sum mean\n"
    "           the inputs act mostly alone.\n"
    "\n"
    "options:\n"
    "      --metric NAME      the metric to explain (default co2e_kg; any metric name)\n"
    "  -n, --replications N   replications per tornado setting (default 200)\n"
    "      --sobol N          Saltelli base rows, N (k + 2) replications in all (default\n"
    "                         1024; 0 for the tornado only)\n"
    "      --bootstrap B      bootstrap resamples for the intervals (default 500)\n"
    "      --seed S, -t T, --set PATH=VALUE, -f table|json|csv, -o DIR, -q, -h: as in run\n"
    "\n"
    "examples:\n"
    "  nascost sensitivity scenarios/lisa-rnd.yaml\n"
    "  nascost sensitivity scenarios/grant-phd.yaml --metric hardware_usd --sobol 2048\n";

enum { OPT_METRIC = NC_CLI_EXTRA, OPT_SOBOL, OPT_BOOTSTRAP };
static const struct option SENS_OPTIONS[] = {
    {"metric", required_argument, NULL, OPT_METRIC},
    {"sobol", required_argument, NULL, OPT_SOBOL},
    {"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
    {NULL, 0, NULL, 0},
};

typedef struct sens_ctx {
    nc_cli_args a;
    nc_sensitivity_opts o;
} sens_ctx;

static int on_sens_option(void *ctx, int id, const char *value)
{
    sens_ctx *c = ctx;
    long long x;
    if (id == OPT_METRIC) {
        c->o.metric = nc_metric_lookup(value);
        if (c->o.metric < 0)
            return nc_cli_usage("sensitivity", "unknown metric '%s' (e.g. co2e_kg, gpu_hours, "
                                               "facility_kwh, cloud_usd, makespan_days)",
                                value),
                   -1;
        return 0;
    }
    if (nc_cli_int("sensitivity", id == OPT_SOBOL ? "--sobol" : "--bootstrap", value,
                   id == OPT_SOBOL ? 0 : 2, id == OPT_SOBOL ? (1 << 20) : 100000, &x))
        return -1;
    if (id == OPT_SOBOL)
        c->o.sobol_n = (size_t)x;
    else
        c->o.bootstrap = (size_t)x;
    return 0;
}

typedef struct write_ctx {
    const nc_sensitivity *s;
    const char *name;
} write_ctx;

static int w_table(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_sensitivity_table(f, ((const write_ctx *)ctx)->s, err);
}

static int w_json(FILE *f, const void *ctx, nc_error *err)
{
    const write_ctx *w = ctx;
    return nc_output_sensitivity_json(f, w->s, w->name, err);
}

static int w_csv(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_sensitivity_csv(f, ((const write_ctx *)ctx)->s, err);
}

/* The table, JSON or CSV on standard output; DIR/sensitivity.json and .csv with -o. */
static int write_out(const nc_cli_args *a, const nc_sensitivity *s, const char *name,
                     nc_error *err)
{
    const write_ctx w = {s, name};
    const nc_cli_output out = {w_table, w_json, w_csv, "sensitivity", NULL};
    return nc_cli_output_write(a, &out, &w, err);
}

int nc_cli_sensitivity(int argc, char **argv)
{
    sens_ctx c = {.a = {.cmd = "sensitivity"},
                  .o = {NC_M_CO2E_KG, 200, 1024, 500, 0.95}};
    nc_error err;
    nc_error_clear(&err);
    int rc = nc_cli_parse(&c.a, argc, argv, SENS_HELP, SENS_OPTIONS, on_sens_option, &c, 1, 1);
    if (rc) {
        nc_cli_args_free(&c.a);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    if (c.a.run.replications > 0)
        c.o.tornado_reps = c.a.run.replications;
    nc_scenario *sc = NULL;
    nc_sensitivity *s = NULL;
    rc = nc_cli_load(&sc, &c.a, c.a.positional[0], NULL, 0, &err);
    if (!rc && !c.a.quiet)
        nc_cli_estimate_one(&c.a, sc, nc_sensitivity_replications(sc, &c.o),
                            "this analysis is");
    if (!rc)
        rc = nc_sensitivity_run(&s, sc, &c.a.run, &c.o, &err);
    if (!rc)
        rc = write_out(&c.a, s, sc->name, &err);
    nc_sensitivity_free(s);
    nc_scenario_free(sc);
    nc_cli_args_free(&c.a);
    return rc ? nc_cli_report(&err) : NC_EXIT_OK;
}
