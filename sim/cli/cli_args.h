/*
 * cli_args.h - the options every simulating command shares (run, compare, sweep, budget,
 * sensitivity), parsed once: -n, --seed, -t, --set, -f, --units, -o, -q, -h; plus whatever a
 * command adds.
 */
#ifndef NC_CLI_ARGS_H
#define NC_CLI_ARGS_H

#include <getopt.h>

#include "cli/cli_progress.h"
#include "engine/engine.h"
#include "stats/stats.h"
#include "base/error.h"
#include "scenario/scenario.h"

typedef struct nc_cli_args {
    const char *cmd;
    const char **sets;       /* --set PATH=VALUE, in order */
    size_t n_sets;
    char **positional;       /* the scenario files */
    size_t n_positional;
    nc_engine_opts run;
    const char *format;      /* table | json | csv */
    const char *units;       /* kg | lb | t */
    const char *outdir;      /* -o DIR, or NULL */
    int quiet;
    nc_cli_progress bar;     /* the progress bar, when run.progress is set (see nc_cli_parse) */
} nc_cli_args;

/* A command's own options: ids from NC_CLI_EXTRA up; 'on_extra' gets each with its value
 * (NULL for flags) and returns 0, or -1 after printing a usage error. */
enum { NC_CLI_EXTRA = 512 };
typedef int (*nc_cli_on_extra)(void *ctx, int id, const char *value);

/*
 * Parse 'argv' for command 'a->cmd' (set it first). 'extra' is NULL or an array of options
 * ending with a zeroed entry. Returns 0; 1 when --help was asked for ('help' printed); -1 on a
 * usage error (printed). 'min_files'..'max_files' positional arguments are required. When
 * standard error is a terminal and -q was not given, a->run.progress draws a progress bar
 * there (a->bar); nc_cli_simulate erases it when the run ends.
 */
int nc_cli_parse(nc_cli_args *a, int argc, char **argv, const char *help,
                 const struct option *extra, nc_cli_on_extra on_extra, void *ctx,
                 size_t min_files, size_t max_files);

void nc_cli_args_free(nc_cli_args *a);

/* Load 'path' with the --set overrides and then 'more' (n_more further PATH=VALUE). */
int nc_cli_load(nc_scenario **out, const nc_cli_args *a, const char *path,
                const char *const *more, size_t n_more, nc_error *err);

/* Run 'sc' with the parsed run options; '*sum' gets the summaries, which the result owns
 * (free the result only). */
int nc_cli_simulate(nc_result **res, nc_summary **sum, const nc_scenario *sc,
                    const nc_cli_args *a, nc_error *err);

/* The help text's shared options, to paste into each command's help. */
#define NC_CLI_COMMON_HELP                                                                         \
    "  -n, --replications N   Monte Carlo replications (default: the scenario's)\n"               \
    "      --seed S           master seed (default: the scenario's)\n"                            \
    "  -t, --threads T        OpenMP threads (default: all cores); results do not depend on it\n" \
    "      --set PATH=VALUE   override one input, e.g. --set stages.search.trials=1000\n"          \
    "  -f, --format F         table (default), json or csv\n"                                     \
    "      --units U          mass unit of the table: kg (default), lb or t\n"                    \
    "  -q, --quiet            print nothing on standard output (with -o), and no progress bar\n"  \
    "  -h, --help             this help\n"

#endif
