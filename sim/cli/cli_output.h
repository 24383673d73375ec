/*
 * cli_output.h - what a command writes: its result printed on standard output in the format
 * -f asks for, then, with -o DIR, its files in DIR, each written atomically. One function
 * serves every command (run, compare, sweep, budget, sensitivity); the figures and the report
 * write their files through nc_cli_write_file too.
 */
#ifndef NC_CLI_OUTPUT_H
#define NC_CLI_OUTPUT_H

#include <stdio.h>

#include "cli/cli_common.h" /* nc_error */
#include "cli/cli_args.h"

/* Writes 'ctx' to stream 'f'; 0, or an error code with 'err' filled. */
typedef int (*nc_cli_writer)(FILE *f, const void *ctx, nc_error *err);

/* Writes the files of 'ctx' into directory 'dir' (which exists). */
typedef int (*nc_cli_dir_writer)(const char *dir, const void *ctx, nc_error *err);

/* How a command's result is written: a writer per format of -f, and its files for -o DIR:
 * DIR/NAME.json and DIR/NAME.csv (the json and csv writers), or, when 'dir' is set, what
 * 'dir' writes. */
typedef struct nc_cli_output {
    nc_cli_writer table, json, csv;
    const char *name;      /* "compare", "budget" ...: the files' names without extension */
    nc_cli_dir_writer dir; /* NULL, or the writer of DIR's files (run's result folder) */
} nc_cli_output;

/*
 * Print 'ctx' on standard output with the writer of a->format (table, json or csv), unless
 * a->quiet; then, when a->outdir is set, make that directory if needed and write the files of
 * 'out' into it. Errors of the writers; NC_EIO (a directory or file that cannot be made),
 * NC_EINPUT (a path too long), NC_EINTR (stopped by a signal before a file was in place).
 */
int nc_cli_output_write(const nc_cli_args *a, const nc_cli_output *out, const void *ctx,
                        nc_error *err);

/* Write a file atomically: 'write' fills a temporary file in the same directory, which is
 * renamed over 'path' only when everything was written (NC_EINTR, and no file, when a signal
 * arrived before the rename). */
int nc_cli_write_file(const char *path, nc_cli_writer write, const void *ctx, nc_error *err);

/* nc_cli_write_file, and the size and FNV-1a digest of what was written into '*digest' (its
 * name left alone), taken from the temporary file before it is renamed: what result.json lists
 * so that `plot` can tell this file from another run's (results_file.h). */
struct nc_results_file;
int nc_cli_write_file_digest(const char *path, nc_cli_writer write, const void *ctx,
                             struct nc_results_file *digest, nc_error *err);

/* Make directory 'dir' if it is not there (for -o). */
int nc_cli_mkdir(const char *dir, nc_error *err);

#endif
