/* cli_common.c - error reporting, option values and atomic file writes (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_progress.h"
#include "cli/cli_signal.h"
#include "engine/engine.h"
#include "output/results.h"

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

static int write_failed(const char *path, const char *tmp, FILE *f, nc_error *err)
{
    int saved = errno;
    if (f)
        fclose(f);
    unlink(tmp);
    if (err->code == NC_OK || err->code == NC_EIO) {
        nc_error_set(err, NC_EIO, "cannot write: %s", strerror(saved ? saved : EIO));
        nc_error_at(err, path, 0, 0);
    }
    return NC_EIO;
}

int nc_cli_write_file(const char *path, nc_cli_writer write, const void *ctx, nc_error *err)
{
    return nc_cli_write_file_digest(path, write, ctx, NULL, err);
}

int nc_cli_write_file_digest(const char *path, nc_cli_writer write, const void *ctx,
                             nc_results_file *digest, nc_error *err)
{
    char tmp[4096];
    if (nc_cli_interrupted())
        return nc_error_set(err, NC_EINTR, "interrupted");
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
        return nc_error_set(err, NC_EINPUT, "path too long: %s", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        nc_error_set(err, NC_EIO, "cannot create a file next to it: %s", strerror(errno));
        nc_error_at(err, path, 0, 0);
        return NC_EIO;
    }
    nc_cli_signal_temp(tmp); /* removed if a signal stops the process while it is written */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return write_failed(path, tmp, NULL, err);
    }
    errno = 0;
    int rc = write(f, ctx, err);
    if (rc && rc != NC_EIO) {
        fclose(f);
        unlink(tmp);
        return rc;
    }
    mode_t mask = umask(0); /* mkstemp made it 0600: give it the mode a new file would get */
    umask(mask);
    /* through the descriptor: by name, a link put in its place would be followed */
    if (rc || fchmod(fileno(f), 0666 & ~mask) || fflush(f) || fsync(fileno(f)) ||
        (digest && nc_results_digest(digest, fileno(f), err)))
        return write_failed(path, tmp, f, err);
    if (fclose(f)) {
        f = NULL;
        return write_failed(path, tmp, f, err);
    }
    if (nc_cli_interrupted()) { /* stopped while writing: the old file, or none, stays */
        unlink(tmp);
        return nc_error_set(err, NC_EINTR, "interrupted");
    }
    if (rename(tmp, path))
        return write_failed(path, tmp, NULL, err);
    nc_cli_signal_temp(NULL);
    return 0;
}
