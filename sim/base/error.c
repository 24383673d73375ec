/* error.c - the error record (see error.h). */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

void nc_error_clear(nc_error *err)
{
    if (!err)
        return;
    err->code = NC_OK;
    err->file[0] = '\0';
    err->line = err->col = 0;
    err->message[0] = '\0';
}

int nc_error_set(nc_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    char raw[NC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap); /* first: the arguments may point into 'err' */
    va_end(ap);
    nc_error_clear(err);
    err->code = code;
    nc_text_escape(err->message, sizeof err->message, raw, 0); /* never a control character */
    return code;
}

void nc_error_at(nc_error *err, const char *file, int line, int col)
{
    if (!err)
        return;
    char raw[NC_ERROR_FILE_MAX];
    snprintf(raw, sizeof raw, "%s", file ? file : ""); /* 'file' may be err->file */
    nc_text_escape(err->file, sizeof err->file, raw, 0);
    err->line = line;
    err->col = col;
}

void nc_error_prefix(nc_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char old[NC_ERROR_MSG_MAX], raw[NC_ERROR_MSG_MAX];
    memcpy(old, err->message, sizeof old);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    size_t at = nc_text_escape(err->message, sizeof err->message, raw, 0);
    size_t rest = strlen(old);
    if (rest > sizeof err->message - 1 - at)
        rest = sizeof err->message - 1 - at;
    memmove(err->message + at, old, rest);
    err->message[at + rest] = '\0';
}

size_t nc_error_format(const nc_error *err, char *buf, size_t size)
{
    int n;
    if (err->file[0] && err->line > 0)
        n = snprintf(buf, size, "%s:%d:%d: error: %s", err->file, err->line, err->col,
                     err->message);
    else if (err->file[0])
        n = snprintf(buf, size, "%s: error: %s", err->file, err->message);
    else
        n = snprintf(buf, size, "error: %s", err->message);
    if (n < 0)
        return 0;
    return (size_t)n < size ? (size_t)n : (size ? size - 1 : 0);
}
