/*
 * cli_common.h - what every command shares: exit statuses, errors printed, usage messages and
 * option values (cli_common.c). The CLI parses options, calls the library and writes; it
 * computes nothing. Each command is declared by its own header (cli_run.h, cli_plot.h ...).
 */
#ifndef NC_CLI_COMMON_H
#define NC_CLI_COMMON_H

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

#endif
