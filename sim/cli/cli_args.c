/* cli_args.c - the shared options of the simulating commands (see cli_args.h). */
#include "cli/cli_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/cli_signal.h"

enum { OPT_SEED = 256, OPT_SET, OPT_UNITS };

static const struct option COMMON[] = {
    {"replications", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, OPT_SEED},
    {"threads", required_argument, NULL, 't'},      {"set", required_argument, NULL, OPT_SET},
    {"format", required_argument, NULL, 'f'},       {"units", required_argument, NULL, OPT_UNITS},
    {"output", required_argument, NULL, 'o'},       {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
};
#define N_COMMON (sizeof COMMON / sizeof COMMON[0])

static int one_of(const char *cmd, const char *opt, const char *v, const char *a, const char *b,
                  const char *c)
{
    if (!strcmp(v, a) || !strcmp(v, b) || !strcmp(v, c))
        return 0;
    nc_cli_usage(cmd, "%s expects %s, %s or %s; got '%s'", opt, a, b, c, v);
    return -1;
}

static int common_value(nc_cli_args *a, int c, const char *v)
{
    long long x;
    switch (c) {
    case 'n':
        if (nc_cli_int(a->cmd, "--replications", v, 1, NC_MAX_REPLICATIONS, &x))
            return -1;
        return a->run.replications = x, 0;
    case OPT_SEED:
        if (nc_cli_int(a->cmd, "--seed", v, 0, INT64_MAX, &x))
            return -1;
        return a->run.has_seed = 1, a->run.seed = (uint64_t)x, 0;
    case 't':
        if (nc_cli_int(a->cmd, "--threads", v, 1, 1024, &x))
            return -1;
        return a->run.threads = (int)x, 0;
    case OPT_SET:
        return a->sets[a->n_sets++] = v, 0;
    case 'f':
        return one_of(a->cmd, "--format", v, "table", "json", "csv") ? -1 : (a->format = v, 0);
    case OPT_UNITS:
        return one_of(a->cmd, "--units", v, "kg", "lb", "t") ? -1 : (a->units = v, 0);
    case 'o':
        return a->outdir = v, 0;
    case 'q':
        return a->quiet = 1, 0;
    default:
        return -1;
    }
}

/* The common options followed by the command's, ending with a zeroed entry. */
static struct option *all_options(const struct option *extra)
{
    size_t n = 0;
    while (extra && extra[n].name)
        n++;
    struct option *all = calloc(N_COMMON + n + 1, sizeof *all);
    if (all) {
        memcpy(all, COMMON, sizeof COMMON);
        if (n)
            memcpy(all + N_COMMON, extra, n * sizeof *extra);
    }
    return all;
}

static int check_files(nc_cli_args *a, int argc, char **argv, size_t lo, size_t hi)
{
    size_t n = (size_t)(argc - optind);
    if (n < lo || n > hi) {
        if (n < lo)
            nc_cli_usage(a->cmd, n ? "give at least %zu scenario files" : "which scenario? give "
                                                                          "SCENARIO.yaml",
                         lo);
        else
            nc_cli_usage(a->cmd, "give at most %zu scenario file%s, not %zu", hi,
                         hi > 1 ? "s" : "", n);
        return -1;
    }
    a->positional = argv + optind;
    a->n_positional = n;
    return 0;
}

int nc_cli_parse(nc_cli_args *a, int argc, char **argv, const char *help,
                 const struct option *extra, nc_cli_on_extra on_extra, void *ctx,
                 size_t min_files, size_t max_files)
{
    nc_engine_opts init = NC_ENGINE_OPTS_INIT;
    a->run = init;
    a->run.cancel = nc_cli_cancel_flag(); /* every run stops on SIGINT or SIGTERM */
    a->format = "table", a->units = "kg", a->outdir = NULL, a->quiet = 0, a->n_sets = 0;
    a->sets = calloc((size_t)argc + 1, sizeof *a->sets);
    struct option *all = all_options(extra);
    int c, rc = 0;
    if (!a->sets || !all) {
        free(all);
        return fputs("nascost: out of memory\n", stderr), -1;
    }
    optind = 1;
    while (!rc && (c = getopt_long(argc, argv, "n:t:f:o:qh", all, NULL)) != -1) {
        if (c == 'h')
            rc = (fputs(help, stdout), 1);
        else if (c == '?')
            rc = (nc_cli_usage(a->cmd, "unknown option or missing value"), -1);
        else if (c >= NC_CLI_EXTRA)
            rc = on_extra(ctx, c, optarg);
        else
            rc = common_value(a, c, optarg);
    }
    free(all);
    if (!rc)
        rc = check_files(a, argc, argv, min_files, max_files);
    if (!rc && !a->quiet && isatty(STDERR_FILENO)) { /* a bar only where someone watches */
        nc_cli_progress_init(&a->bar, a->run.threads);
        a->run.progress = nc_cli_progress_update, a->run.progress_ctx = &a->bar;
    }
    return rc;
}

void nc_cli_args_free(nc_cli_args *a)
{
    free(a->sets);
    a->sets = NULL;
}

int nc_cli_load(nc_scenario **out, const nc_cli_args *a, const char *path,
                const char *const *more, size_t n_more, nc_error *err)
{
    const char **sets = calloc(a->n_sets + n_more + 1, sizeof *sets);
    if (!sets)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    memcpy(sets, a->sets, a->n_sets * sizeof *sets);
    if (n_more)
        memcpy(sets + a->n_sets, more, n_more * sizeof *sets);
    nc_load_opts lo = {.version = NC_LOAD_OPTS_VERSION, .sets = sets, .n_sets = a->n_sets + n_more};
    int rc = nc_scenario_load(out, path, &lo, err);
    free(sets);
    return rc;
}

int nc_cli_simulate(nc_result **res, nc_summary **sum, const nc_scenario *sc,
                    const nc_cli_args *a, nc_error *err)
{
    *sum = NULL;
    int rc = nc_engine_run(res, sc, &a->run, err);
    if (a->run.progress == nc_cli_progress_update)
        nc_cli_progress_end(a->run.progress_ctx);
    if (!rc)
        rc = nc_stats_attach(*res, err);
    if (!rc)
        *sum = (*res)->summary;
    return rc;
}
