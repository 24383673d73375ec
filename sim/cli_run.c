/* cli_run.c - `nascost run`: simulate a scenario and write its bands. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "output.h"

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
    "  -f, --format F         table (default), json or csv (a summary row per stage x metric)\n"
    "      --units U          mass unit of the table: kg (default), lb or t\n"
    "  -o, --output DIR       also write DIR/result.json, DIR/summary.csv, DIR/samples.csv\n"
    "  -q, --quiet            print nothing on standard output (with -o)\n"
    "  -h, --help             this help\n"
    "\n"
    "examples:\n"
    "  nascost run scenarios/lisa-rnd.yaml\n"
    "  nascost run scenarios/strubell2019/nas-p100.yaml --point --units lb\n"
    "  nascost run scenarios/lisa-rnd.yaml -n 2000 --set stages.grid-searches.trials=1000\n"
    "  nascost run scenarios/lisa-rnd.yaml -f json > result.json\n";

typedef struct run_args {
    const char *scenario, *format, *outdir, *units;
    const char **sets;
    size_t n_sets;
    nc_run_opts run;
    int quiet;
} run_args;

enum { OPT_SEED = 256, OPT_SET, OPT_POINT, OPT_UNITS, OPT_REPLICATION };

static const struct option RUN_OPTIONS[] = {
    {"replications", required_argument, NULL, 'n'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, 't'},
    {"set", required_argument, NULL, OPT_SET},
    {"point", no_argument, NULL, OPT_POINT},
    {"replication", required_argument, NULL, OPT_REPLICATION},
    {"format", required_argument, NULL, 'f'},
    {"units", required_argument, NULL, OPT_UNITS},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_value(run_args *a, int c, const char *v)
{
    long long x;
    switch (c) {
    case 'n':
        if (nc_cli_int("run", "--replications", v, 1, NC_MAX_REPLICATIONS, &x))
            return -1;
        a->run.replications = x;
        return 0;
    case OPT_SEED:
        if (nc_cli_int("run", "--seed", v, 0, INT64_MAX, &x))
            return -1;
        a->run.has_seed = 1, a->run.seed = (uint64_t)x;
        return 0;
    case 't':
        if (nc_cli_int("run", "--threads", v, 1, 1024, &x))
            return -1;
        a->run.threads = (int)x;
        return 0;
    case OPT_REPLICATION:
        if (nc_cli_int("run", "--replication", v, 0, NC_MAX_REPLICATIONS - 1, &x))
            return -1;
        a->run.first = x, a->run.replications = 1;
        return 0;
    default:
        return 0;
    }
}

static int parse_choice(const char *opt, const char *v, const char *const *choices)
{
    for (size_t i = 0; choices[i]; i++)
        if (!strcmp(v, choices[i]))
            return 0;
    nc_cli_usage("run", "%s expects one of %s, %s, %s; got '%s'", opt, choices[0], choices[1],
                 choices[2], v);
    return -1;
}

static int parse_run_args(run_args *a, int argc, char **argv)
{
    static const char *const formats[] = {"table", "json", "csv", NULL};
    static const char *const units[] = {"kg", "lb", "t", NULL};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:t:f:o:qh", RUN_OPTIONS, NULL)) != -1) {
        if (c == 'h')
            return fputs(RUN_HELP, stdout), 1;
        if (c == '?')
            return nc_cli_usage("run", "unknown or incomplete option"), -1;
        if (c == OPT_SET)
            a->sets[a->n_sets++] = optarg;
        else if (c == OPT_POINT)
            a->run.point = 1;
        else if (c == 'f' && !parse_choice("--format", optarg, formats))
            a->format = optarg;
        else if (c == OPT_UNITS && !parse_choice("--units", optarg, units))
            a->units = optarg;
        else if (c == 'o')
            a->outdir = optarg;
        else if (c == 'q')
            a->quiet = 1;
        else if (c == 'f' || c == OPT_UNITS || parse_value(a, c, optarg))
            return -1;
    }
    if (optind != argc - 1)
        return nc_cli_usage("run", optind >= argc ? "which scenario? give one SCENARIO.yaml"
                                                  : "give one scenario, not %d",
                            argc - optind),
               -1;
    a->scenario = argv[optind];
    return 0;
}

/* ---- writing ------------------------------------------------------------------------------- */

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

static int write_outdir(const char *dir, const nc_report *rep, nc_error *err)
{
    static const char *const names[] = {"result.json", "summary.csv", "samples.csv"};
    const nc_cli_writer writers[] = {w_json, w_summary, w_samples};
    char path[4096];
    struct stat st;
    if (mkdir(dir, 0777) && (stat(dir, &st) || !S_ISDIR(st.st_mode))) {
        nc_error_set(err, NC_EIO, "cannot make the output directory");
        nc_error_at(err, dir, 0, 0);
        return NC_EIO;
    }
    for (int i = 0; i < 3; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            return nc_error_set(err, NC_EINPUT, "output path too long: %s", dir);
        int rc = nc_cli_write_file(path, writers[i], rep, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int print_result(const run_args *a, const nc_report *rep, nc_error *err)
{
    if (a->quiet)
        return 0;
    if (!strcmp(a->format, "json"))
        return nc_output_json(stdout, rep, err);
    if (!strcmp(a->format, "csv"))
        return nc_output_csv_summary(stdout, rep, err);
    return nc_output_table(stdout, rep, err);
}

/* ---- the command ------------------------------------------------------------------------------ */

static volatile sig_atomic_t g_cancel;

static void on_signal(int sig)
{
    (void)sig;
    g_cancel = 1;
}

static int simulate(run_args *a, nc_error *err)
{
    nc_scenario *sc = NULL;
    nc_result *res = NULL;
    nc_summary *sum = NULL;
    nc_load_opts lo = {a->sets, a->n_sets, NULL};
    int rc = nc_scenario_load(&sc, a->scenario, &lo, err);
    a->run.cancel = &g_cancel;
    if (!rc)
        rc = nc_engine_run(&res, sc, &a->run, err);
    if (!rc && !(sum = malloc(res->n_rows * NC_M__COUNT * sizeof *sum)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = nc_stats_result(sum, res, err);
    if (!rc) {
        nc_report rep = {res, sum, a->units, 1};
        rc = print_result(a, &rep, err);
        if (!rc && a->outdir)
            rc = write_outdir(a->outdir, &rep, err);
    }
    free(sum);
    nc_result_free(res);
    nc_scenario_free(sc);
    return rc;
}

int nc_cli_run(int argc, char **argv)
{
    run_args a = {NULL, "table", NULL, "kg", NULL, 0, NC_RUN_OPTS_INIT, 0};
    nc_error err;
    nc_error_clear(&err);
    a.sets = calloc((size_t)argc, sizeof *a.sets);
    if (!a.sets)
        return fputs("nascost: out of memory\n", stderr), NC_EXIT_FAIL;
    int rc = parse_run_args(&a, argc, argv);
    if (rc) {
        free(a.sets);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    rc = simulate(&a, &err);
    free(a.sets);
    return rc ? nc_cli_report(&err) : NC_EXIT_OK;
}
