/*
 * file.h - reading a file the user named: only a regular file, and only up to a stated size.
 *
 * A scenario can name other files (`extends:`, an hourly profile), and a user can name any
 * path. Read naively, a FIFO blocks forever, /dev/zero or /dev/urandom fills memory, and a
 * directory gives a puzzling error. nc_file_read opens without blocking, checks with fstat on
 * the opened descriptor (so the file checked is the file read: no race between a stat and
 * the open) that it is a regular file no larger than the caller's limit, and reads it whole.
 * Every file the library reads goes through it (or, to stream a file, nc_file_open).
 */
#ifndef NC_FILE_H
#define NC_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

/* The most a scenario, a catalog file or an hourly profile may hold: 16 MiB. The largest
 * shipped file is under 80 KiB (a profile, 8,760 hourly values); a generated what-if with the
 * 200,000 values a document may hold (node.h) fits in a few MiB. */
#define NC_FILE_MAX_BYTES (16u << 20)

/*
 * Read the regular file at 'path', at most 'max_bytes' bytes, into '*out' (malloc'd, with a
 * NUL after the '*len' bytes read; the caller frees it). Errors, each at 'path' without a
 * line, with a message that reads after the file's name ("cannot open: ...", "not a regular
 * file but a FIFO (a named pipe)", ...): NC_EIO when it cannot be opened or read,
 * NC_EINPUT when it is not a regular file or is larger than 'max_bytes', NC_ENOMEM.
 */
int nc_file_read(char **out, size_t *len, const char *path, size_t max_bytes, nc_error *err);

/*
 * Open the regular file at 'path' as a stream for reading into '*out' (the caller fcloses it),
 * for readers that go through a file line by line and bound what they keep themselves (a
 * results folder's samples.csv may be gigabytes). The same checks and errors as nc_file_read,
 * without the size limit.
 */
int nc_file_open(FILE **out, const char *path, nc_error *err);

#endif
