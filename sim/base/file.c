/* file.c - reading a file the user named (see file.h). */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular file is, for the message. */
static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode)                    ? "not a regular file but a directory"
           : S_ISFIFO(mode)                 ? "not a regular file but a FIFO (a named pipe)"
           : S_ISCHR(mode) || S_ISBLK(mode) ? "not a regular file but a device"
           : S_ISSOCK(mode)                 ? "not a regular file but a socket"
                                            : "not a regular file";
}

static int file_error(nc_error *err, int code, const char *path, const char *what,
                      const char *detail)
{
    nc_error_set(err, code, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    nc_error_at(err, path, 0, 0);
    return code;
}

static int too_large(nc_error *err, const char *path, size_t max_bytes)
{
    nc_error_set(err, NC_EINPUT, "larger than %zu MiB, the most nascost reads from one file",
                 max_bytes >> 20);
    nc_error_at(err, path, 0, 0);
    return NC_EINPUT;
}

/* Read all of 'fd' (of 'size' bytes by fstat; files in /proc say 0) into '*out'. */
static int read_all(char **out, size_t *len, int fd, size_t size, const char *path,
                    size_t max_bytes, nc_error *err)
{
    size_t cap = (size < max_bytes ? size : max_bytes) + 1, at = 0;
    cap = cap < 4096 ? 4096 : cap;
    char *buf = malloc(cap + 1);
    while (buf) {
        ssize_t n = read(fd, buf + at, cap - at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            return file_error(err, NC_EIO, path, "cannot read", strerror(errno));
        }
        at += (size_t)n;
        if (at > max_bytes) {
            free(buf);
            return too_large(err, path, max_bytes);
        }
        if (n == 0)
            break;
        if (at == cap) { /* the file grew, or /proc said 0: read on, up to the limit + 1 */
            size_t grown = cap * 2 < max_bytes + 1 ? cap * 2 : max_bytes + 1;
            char *more = realloc(buf, grown + 1);
            if (!more)
                free(buf);
            buf = more;
            cap = grown;
        }
    }
    if (!buf)
        return nc_error_set(err, NC_ENOMEM, "out of memory reading %s", path);
    buf[at] = '\0';
    *out = buf;
    *len = at;
    return 0;
}

/* Open 'path' for reading without blocking and check, on the descriptor, that it is a regular
 * file: '*fd' gets the descriptor and '*size' its size. Returns 0 or the error's code. */
static int open_regular(const char *path, int *fd, size_t *size, nc_error *err)
{
    struct stat st;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it */
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (*fd < 0)
        return file_error(err, NC_EIO, path, "cannot open", strerror(errno));
    int rc = 0;
    if (fstat(*fd, &st) != 0)
        rc = file_error(err, NC_EIO, path, "cannot read", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = file_error(err, NC_EINPUT, path, file_kind(st.st_mode), NULL);
    if (rc) {
        close(*fd);
        *fd = -1;
    }
    *size = rc ? 0 : (size_t)st.st_size;
    return rc;
}

int nc_file_read(char **out, size_t *len, const char *path, size_t max_bytes, nc_error *err)
{
    size_t size;
    int fd;
    *out = NULL;
    *len = 0;
    int rc = open_regular(path, &fd, &size, err);
    if (rc)
        return rc;
    rc = size > max_bytes ? too_large(err, path, max_bytes)
                          : read_all(out, len, fd, size, path, max_bytes, err);
    close(fd);
    return rc;
}

int nc_file_open(FILE **out, const char *path, nc_error *err)
{
    size_t size;
    int fd;
    *out = NULL;
    int rc = open_regular(path, &fd, &size, err);
    if (rc)
        return rc;
    /* a regular file ignores O_NONBLOCK, but the stream's reads should not see it */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    *out = fdopen(fd, "rb");
    if (!*out) {
        close(fd);
        return nc_error_set(err, NC_ENOMEM, "out of memory opening %s", path);
    }
    return 0;
}
