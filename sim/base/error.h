/*
 * error.h - errors are values (STYLE.md, habit 3).
 *
 * Every fallible nascost function returns 0 on success or a negative nc_err code, and fills a
 * caller-owned nc_error record with what went wrong and, where the fault is in a file, where.
 * Modules that know no position (units, dist) fill the message only; the loader adds the
 * position with nc_error_at().
 */
#ifndef NC_ERROR_H
#define NC_ERROR_H

#include <stddef.h>

/* nc_err (NC_OK, NC_EINPUT, NC_ENOMEM, NC_EIO, NC_EINTERNAL, NC_EINTR, NC_EMISUSE) and the
 * caller-owned nc_error record are the public ones: the library's errors are its users'. */
#include "nascost.h"

/* Forget any recorded error. 'err' may be NULL. */
void nc_error_clear(nc_error *err);

/*
 * Record error 'code' with a printf-style message (no position) and return 'code', so that
 * `return nc_error_set(err, NC_EINPUT, "...")` reads naturally. 'err' may be NULL. The
 * message is stored escaped (text.h): whatever the arguments hold, a message never carries a
 * control character to the terminal. User text in it should still go through nc_quote(), which
 * also keeps it short.
 */
int nc_error_set(nc_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Attach a position to the recorded error ('line', 'col' 1-based; 0 for none). The file name
 * is stored escaped, as the message is. */
void nc_error_at(nc_error *err, const char *file, int line, int col);

/* Prefix the message with 'fmt' (e.g. the name of the field being read). */
void nc_error_prefix(nc_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Format as the compilers do: "file:line:col: error: message" (the parts that are known).
 * Returns the number of characters written, excluding the NUL, truncated to 'size'.
 */
size_t nc_error_format(const nc_error *err, char *buf, size_t size);

#endif
