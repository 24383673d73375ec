/*
 * cli.h - the command line's shared pieces. The CLI parses options, calls the library and
 * writes; it computes nothing.
 */
#ifndef NC_CLI_H
#define NC_CLI_H

#include <stdio.h>

#include "base/error.h"

enum { NC_EXIT_OK = 0, NC_EXIT_FAIL = 1, NC_EXIT_USAGE = 2, NC_EXIT_INTERRUPTED = 130 };

/* Print 'err' to standard error as "nascost: file:line:col: error: ..." and return the exit
 * status it calls for (2 for bad input, 130 when interrupted, 1 otherwise). */
int nc_cli_report(const nc_error *err);

/* The exit status of a command that returned 'status', once its standard output is flushed and
 * closed: a write error there (a full disk, a closed pipe, /dev/full) is reported on standard
 * error as "nascost: cannot write standard output: REASON" and gives 1 when 'status' was 0 (an
 * earlier failure keeps its own status). main() calls it once for every command. */
int nc_cli_finish(int status);

/* Print "nascost CMD: message" and a hint to use --help to standard error; return 2. */
int nc_cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Parse a whole number in [lo, hi] from an option value; 0 or -1 on error (after a usage
 * message). */
int nc_cli_int(const char *cmd, const char *opt, const char *text, long long lo, long long hi,
               long long *out);

/* Write a file atomically: 'write' fills a temporary file in the same directory, which is
 * renamed over 'path' only when everything was written. */
typedef int (*nc_cli_writer)(FILE *f, const void *ctx, nc_error *err);
int nc_cli_write_file(const char *path, nc_cli_writer write, const void *ctx, nc_error *err);

/* nc_cli_write_file, and the size and FNV-1a digest of what was written into '*digest' (its
 * name left alone), taken from the temporary file before it is renamed: what result.json lists
 * so that `plot` can tell this file from another run's (results.h). */
struct nc_results_file;
int nc_cli_write_file_digest(const char *path, nc_cli_writer write, const void *ctx,
                             struct nc_results_file *digest, nc_error *err);

/* The commands. */
int nc_cli_run(int argc, char **argv);
int nc_cli_check(int argc, char **argv);
int nc_cli_catalog(int argc, char **argv);
int nc_cli_budget(int argc, char **argv);
int nc_cli_compare(int argc, char **argv);
int nc_cli_sweep(int argc, char **argv);
int nc_cli_plot(int argc, char **argv);

/* Figures of a finished run (cli_plot.c), for `run --plots DIR`: the distribution, stages,
 * timeline (when 'res' kept one) and benchmark figures of the total CO2e, masses in
 * 'mass_unit'. Returns 0 also when gnuplot is missing: the data and scripts are written and a
 * message says how to install it. */
struct nc_result;
int nc_cli_plot_result(const char *dir, const struct nc_result *res, const char *mass_unit,
                       nc_error *err);

/* DIR/cumulative_co2e.csv (the P5, P50, P95 of the CO2e emitted by each day's end) when 'res'
 * kept a timeline, its size and digest into '*digest' (name NC_RESULTS_CUMULATIVE); nothing
 * otherwise ('digest->name' NULL). */
int nc_cli_plot_timeline(const char *dir, const struct nc_result *res,
                         struct nc_results_file *digest, nc_error *err);
int nc_cli_sensitivity(int argc, char **argv);

#endif
