/* cli_output.c - a command's result on standard output and in -o DIR (see cli_output.h). */
#include "cli/cli_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_signal.h"
#include "output/results_file.h"

#define PATH_BYTES 4096

/* The writer of format 'format' ("table", "json" or "csv"). */
static nc_cli_writer writer_of(const nc_cli_output *out, const char *format)
{
    return !strcmp(format, "json") ? out->json : !strcmp(format, "csv") ? out->csv : out->table;
}

/* DIR/NAME.EXT, written by 'write'. */
static int write_named(const char *dir, const char *name, const char *ext, nc_cli_writer write,
                       const void *ctx, nc_error *err)
{
    char path[PATH_BYTES];
    if (snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext) >= (int)sizeof path)
        return nc_error_set(err, NC_EINPUT, "output path too long: %s", dir);
    return nc_cli_write_file(path, write, ctx, err);
}

int nc_cli_output_write(const nc_cli_args *a, const nc_cli_output *out, const void *ctx,
                        nc_error *err)
{
    int rc = a->quiet ? 0 : writer_of(out, a->format)(stdout, ctx, err);
    if (rc || !a->outdir)
        return rc;
    rc = nc_cli_mkdir(a->outdir, err);
    if (!rc && out->dir)
        return out->dir(a->outdir, ctx, err);
    if (!rc)
        rc = write_named(a->outdir, out->name, "json", out->json, ctx, err);
    if (!rc)
        rc = write_named(a->outdir, out->name, "csv", out->csv, ctx, err);
    return rc;
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

int nc_cli_mkdir(const char *dir, nc_error *err)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0 || (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return 0;
    nc_error_set(err, NC_EIO, "cannot make the output directory: %s", strerror(errno));
    nc_error_at(err, dir, 0, 0);
    return NC_EIO;
}
