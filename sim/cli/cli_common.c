/* cli_common.c - error reporting and option values (see cli_common.h). */
#include "cli/cli_common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_progress.h"
#include "cli/cli_signal.h"
#include "engine/engine.h" /* NC_EINTR */

int nc_cli_report(const nc_error *err)
{
    char buf[NC_ERROR_FILE_MAX + NC_ERROR_MSG_MAX + 64];
    nc_cli_progress_end_shown(); /* an error starts on a line of its own */
    if (nc_cli_interrupted()) { /* whatever failed, it failed because it was stopped */
        nc_cli_signal_say();
        return NC_EXIT_INTERRUPTED;
    }
    nc_error_format(err, buf, sizeof buf);
    fprintf(stderr, "nascost: %s\n", buf);
    return err->code == NC_EINPUT ? NC_EXIT_USAGE
           : err->code == NC_EINTR ? NC_EXIT_INTERRUPTED
                                   : NC_EXIT_FAIL;
}

int nc_cli_finish(int status)
{
    errno = 0;
    int failed = fflush(stdout) != 0 || ferror(stdout);
    int saved = errno;
    if (fclose(stdout) && !failed)
        failed = 1, saved = errno;
    if (!failed)
        return status;
    fprintf(stderr, "nascost: cannot write standard output: %s\n", strerror(saved ? saved : EIO));
    return status == NC_EXIT_OK ? NC_EXIT_FAIL : status;
}

int nc_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "nascost %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'nascost %s --help')\n", cmd);
    return NC_EXIT_USAGE;
}

int nc_cli_int(const char *cmd, const char *opt, const char *text, long long lo, long long hi,
               long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end || errno || v < lo || v > hi) {
        nc_cli_usage(cmd, "%s expects a whole number from %lld to %lld, got '%s'", opt, lo, hi,
                     text);
        return -1;
    }
    *out = v;
    return 0;
}
