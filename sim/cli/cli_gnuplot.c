/*
 * cli_gnuplot.c - gnuplot: finding it, running it on a figure's script, and making the SVG it
 * writes fit to be an element of an HTML page (see cli_gnuplot.h).
 *
 * gnuplot runs in the output directory with the script's own file names, so no path of the
 * user's is ever quoted for it; it writes into a directory of its own, NAME.partial-XXXXXX
 * (mkdtemp: made anew, mode 0700, so nobody can plant a link at the names gnuplot opens),
 * whose images are renamed into place only when it succeeded, so a figure is either complete
 * or absent, like every file nascost writes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli_common.h"
#include "cli/cli_args.h"
#include "cli/cli_figure_kit.h" /* nc_cli_gp_string */
#include "cli/cli_gnuplot.h"
#include "cli/cli_output.h"
#include "cli/cli_signal.h"

/* Find gnuplot: $NASCOST_GNUPLOT when set, else the first executable 'gnuplot' on PATH. */
static void find_gnuplot(nc_cli_plotter *p)
{
    const char *env = getenv("NASCOST_GNUPLOT");
    p->gnuplot[0] = '\0';
    if (env && *env) {
        p->wanted = env;
        if (access(env, X_OK) == 0)
            snprintf(p->gnuplot, sizeof p->gnuplot, "%s", env);
        return;
    }
    p->wanted = "gnuplot on PATH";
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        char try[NC_CLI_PATH_MAX];
        if (len && snprintf(try, sizeof try, "%.*s/gnuplot", (int)len, path) < (int)sizeof try &&
            access(try, X_OK) == 0) {
            snprintf(p->gnuplot, sizeof p->gnuplot, "%s", try);
            return;
        }
        path = end ? end + 1 : NULL;
    }
}

int nc_cli_plotter_init(nc_cli_plotter *p, const char *dir, int list, nc_error *err)
{
    memset(p, 0, sizeof *p);
    p->dir = dir;
    p->list = list;
    find_gnuplot(p);
    return nc_cli_mkdir(dir, err);
}

static const char *const FORMATS[] = {"png", "svg", "pdf"};

/* 1 when format 'fmt' is among 'p's formats (a space-separated list; NULL: all). */
static int wants(const nc_cli_plotter *p, const char *fmt)
{
    size_t len = strlen(fmt);
    for (const char *s = p->formats; s && (s = strstr(s, fmt)); s += len)
        if ((s == p->formats || s[-1] == ' ') && (s[len] == '\0' || s[len] == ' '))
            return 1;
    return !p->formats;
}

/* Move PRIVATE/NAME.EXT to DIR/NAME.EXT for each format drawn, checking that each is a regular,
 * non-empty file; rename() replaces whatever is at the target, a symbolic link included, and
 * follows none. */
static int settle(const nc_cli_plotter *p, const char *name, const char *private_dir, nc_error *err)
{
    char from[NC_CLI_PATH_MAX], to[NC_CLI_PATH_MAX];
    int rc = 0;
    for (size_t i = 0; !rc && i < 3; i++) {
        if (!wants(p, FORMATS[i]))
            continue;
        int long_from = snprintf(from, sizeof from, "%s/%s.%s", private_dir, name, FORMATS[i]) >=
                        (int)sizeof from;
        int long_to =
            snprintf(to, sizeof to, "%s/%s.%s", p->dir, name, FORMATS[i]) >= (int)sizeof to;
        struct stat st;
        const char *why = long_from || long_to   ? "the path is too long"
                          : lstat(from, &st)     ? strerror(errno)
                          : !S_ISREG(st.st_mode) ? "not a regular file"
                          : st.st_size == 0      ? "the file is empty"
                          : rename(from, to)     ? strerror(errno)
                                                 : NULL;
        if (why) {
            rc =
                nc_error_set(err, NC_EIO, "gnuplot did not write %s.%s: %s", name, FORMATS[i], why);
            nc_error_at(err, to, 0, 0);
        }
    }
    return rc;
}

void nc_cli_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[NC_CLI_PATH_MAX];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
            unlink(path);
    if (d)
        closedir(d);
    rmdir(dir);
}

/* The child: into the directory, standard input and output to /dev/null, exec gnuplot; on
 * failure, the errno goes up 'report' (closed on exec when all is well). */
static void exec_gnuplot(const nc_cli_plotter *p, const char *expr, const char *script, int report)
{
    int null = open("/dev/null", O_RDWR);
    if (chdir(p->dir) == 0 && null >= 0 && dup2(null, 0) >= 0 && dup2(null, 1) >= 0)
        execl(p->gnuplot, "gnuplot", "-e", expr, script, (char *)NULL);
    int e = errno;
    if (write(report, &e, sizeof e) < 0)
        _exit(126);
    _exit(127);
}

/* gnuplot's settings on its command line: outbase, where it writes (PRIVATE/NAME, relative to
 * the output directory), and the formats when not all three. */
static int gnuplot_expr(char *buf, size_t size, const nc_cli_plotter *p, const char *name,
                        const char *private_dir)
{
    char outbase[NC_CLI_PATH_MAX];
    const char *slash = strrchr(private_dir, '/');
    if (snprintf(outbase, sizeof outbase, "%s/%s", slash ? slash + 1 : private_dir, name) >=
        (int)sizeof outbase)
        return -1;
    FILE *f = fmemopen(buf, size, "w");
    if (!f)
        return -1;
    fputs("outbase=", f);
    nc_cli_gp_string(f, outbase);
    if (p->formats) {
        fputs("; formats=", f);
        nc_cli_gp_string(f, p->formats);
    }
    int bad = fputc('\0', f) == EOF || ferror(f);
    return fclose(f) || bad ? -1 : 0;
}

/* Run gnuplot on NAME.gp in the output directory, writing into 'private_dir'; 0 when it ran
 * and exited with status 0. */
static int run_gnuplot(const nc_cli_plotter *p, const char *name, const char *private_dir,
                       nc_error *err)
{
    char expr[2 * NC_CLI_PATH_MAX], script[64];
    snprintf(script, sizeof script, "%s.gp", name);
    if (gnuplot_expr(expr, sizeof expr, p, name, private_dir))
        return nc_error_set(err, NC_EINPUT, "output path too long: %s", p->dir);
    int pipefd[2], status = 0, child_errno = 0;
    if (pipe(pipefd))
        return nc_error_set(err, NC_EIO, "cannot run gnuplot: %s", strerror(errno));
    fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    int fork_errno = errno;
    if (pid == 0)
        exec_gnuplot(p, expr, script, pipefd[1]);
    close(pipefd[1]);
    nc_cli_signal_child(pid); /* a signal to nascost stops gnuplot too */
    ssize_t got = pid > 0 ? read(pipefd[0], &child_errno, sizeof child_errno) : 0;
    close(pipefd[0]);
    if (pid < 0)
        return nc_error_set(err, NC_EIO, "cannot run gnuplot: %s", strerror(fork_errno));
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    nc_cli_signal_child(0);
    if (got > 0)
        return nc_error_set(err, NC_EIO, "cannot run %s in %s: %s", p->gnuplot, p->dir,
                            strerror(child_errno));
    if (WIFSIGNALED(status))
        return nc_error_set(err, NC_EIO, "gnuplot crashed on %s/%s (signal %d: %s)", p->dir, script,
                            WTERMSIG(status), strsignal(WTERMSIG(status)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return nc_error_set(err, NC_EIO,
                            "gnuplot failed on %s/%s (exit status %d; its messages are above)",
                            p->dir, script, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

int nc_cli_gnuplot_draw(const nc_cli_plotter *p, const char *name, nc_error *err)
{
    char private_dir[NC_CLI_PATH_MAX];
    if (snprintf(private_dir, sizeof private_dir, "%s/%s.partial-XXXXXX", p->dir, name) >=
        (int)sizeof private_dir)
        return nc_error_set(err, NC_EINPUT, "output path too long: %s", p->dir);
    if (!mkdtemp(private_dir)) { /* mode 0700, made anew: nothing planted in it */
        nc_error_set(err, NC_EIO, "cannot make a directory for gnuplot: %s", strerror(errno));
        nc_error_at(err, private_dir, 0, 0);
        return NC_EIO;
    }
    int rc = run_gnuplot(p, name, private_dir, err);
    rc = rc ? rc : settle(p, name, private_dir, err);
    nc_cli_remove_dir(private_dir);
    return rc;
}

int nc_cli_gnuplot_missing(const nc_cli_plotter *p)
{
    if (p->gnuplot[0] || !p->written)
        return 0;
    fprintf(stderr,
            "nascost: gnuplot not found (looked for %s), so the figures were not drawn.\n"
            "  Their data (NAME.csv) and gnuplot scripts (NAME.gp) are in %s/.\n"
            "  Install gnuplot (Debian/Ubuntu: apt-get install gnuplot-nox), then draw each with\n"
            "  `cd %s && gnuplot NAME.gp`, for NAME in:",
            p->wanted, p->dir, p->dir);
    for (size_t i = 0; i < p->written && i < NC_CLI_MAX_FIGURES; i++)
        fprintf(stderr, " %s", p->names[i]);
    fputc('\n', stderr);
    return 1;
}

/* ---- gnuplot's SVG, made an element of a page ---------------------------------------------- */

/* Elements that have no place in a figure: they run code, pull in other documents, or (the
 * animations) could set an attribute to something that does. */
static int forbidden_element(const char *name, size_t len)
{
    static const char *const names[] = {
        "script", "foreignObject", "iframe",        "object",
        "embed",  "link",          "style",         "a",
        "image",  "animate",       "animateMotion", "set",
        "audio",  "video",         "discard",       "animateTransform",
        NULL};
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == len && !strncasecmp(name, names[i], len))
            return 1;
    return 0;
}

/* 1 when attribute name 'name' ('len' bytes) is 'word', in any case (as HTML reads it). */
static int is_name(const char *name, size_t len, const char *word)
{
    return strlen(word) == len && !strncasecmp(name, word, len);
}

/* 0 when every url(...) in the attribute value 'value' is an in-page reference url(#ID); -1
 * when one refers to anything outside the figure. */
static int check_urls(const char *value, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (!strncasecmp(value + i, "url(", 4)) {
            size_t j = i + 4;
            while (j < len && (value[j] == ' ' || value[j] == '\'' || value[j] == '"'))
                j++;
            if (j >= len || value[j] != '#')
                return -1;
        }
    return 0;
}

/* 'value' copied with every in-page reference url(#ID) made url(#PREFIX-ID). */
static void copy_value(FILE *f, const char *value, size_t len, const char *prefix)
{
    for (size_t i = 0; i < len; i++) {
        fputc(value[i], f);
        if (value[i] == '#' && i >= 4 && !strncasecmp(value + i - 4, "url(", 4))
            fprintf(f, "%s-", prefix);
    }
}

/* One attribute 'name'='value' (quoted with 'quote') of a tag: dropped (xmlns), rewritten
 * (ids and references get 'prefix') or copied. -1 for an event handler or a reference out. */
static int write_attribute(FILE *f, const char *name, size_t nlen, const char *value, size_t vlen,
                           char quote, const char *prefix)
{
    int is_href = is_name(name, nlen, "href") || is_name(name, nlen, "xlink:href");
    if (nlen > 2 && !strncasecmp(name, "on", 2))
        return -1;
    if (is_name(name, nlen, "xmlns") || (nlen > 6 && !strncasecmp(name, "xmlns:", 6)))
        return 0;
    if ((is_href && (!vlen || value[0] != '#')) || check_urls(value, vlen))
        return -1;
    fprintf(f, " %.*s=%c", (int)nlen, name, quote);
    if (is_href)
        fprintf(f, "#%s-%.*s", prefix, (int)vlen - 1, value + 1);
    else if (is_name(name, nlen, "id"))
        fprintf(f, "%s-%.*s", prefix, (int)vlen, value);
    else
        copy_value(f, value, vlen, prefix);
    fputc(quote, f);
    return 0;
}

/* The tag at 's' (from '<' to its '>') rewritten; '*end' past it. -1 for a forbidden element
 * or attribute, or a tag gnuplot would not write. 'label' (HTML) goes on the root. */
static int write_tag(FILE *f, const char *s, const char **end, const char *prefix,
                     const char *label, int root)
{
    const char *p = s + 1 + (s[1] == '/');
    size_t len = strcspn(p, " \t\r\n/>");
    if (!len || forbidden_element(p, len) || (root && !is_name(p, len, "svg")))
        return -1;
    fprintf(f, "<%s%.*s", s[1] == '/' ? "/" : "", (int)len, p);
    p += len;
    if (root)
        fprintf(f, " role=\"img\" aria-label=\"%s\"", label);
    for (;;) {
        p += strspn(p, " \t\r\n");
        if (*p == '\0')
            return -1;
        if (*p == '>' || (p[0] == '/' && p[1] == '>'))
            break;
        const char *name = p;
        size_t nlen = strcspn(p, " \t\r\n=/>");
        p += nlen;
        p += strspn(p, " \t\r\n");
        if (*p != '=' || !nlen)
            return -1; /* gnuplot writes every attribute with a quoted value */
        p += 1 + strspn(p + 1, " \t\r\n");
        char quote = *p;
        const char *close = quote == '"' || quote == '\'' ? strchr(p + 1, quote) : NULL;
        if (!close || write_attribute(f, name, nlen, p + 1, (size_t)(close - p - 1), quote, prefix))
            return -1;
        p = close + 1;
    }
    fputs(*p == '/' ? "/>" : ">", f);
    *end = p + (*p == '/' ? 2 : 1);
    return 0;
}

int nc_cli_gnuplot_svg(FILE *f, const char *svg, const char *prefix, const char *label,
                       nc_error *err)
{
    static const char GNUPLOT_TITLE[] = "<title>Gnuplot</title>";
    const char *s = strstr(svg, "<svg");
    const char *title = strstr(svg, GNUPLOT_TITLE);
    int root = 1;
    while (s && *s) {
        if (s == title) {
            s += strlen(GNUPLOT_TITLE);
        } else if (!strncmp(s, "<title>gnuplot_plot_", 20)) { /* a tooltip naming no one */
            const char *at = strstr(s, "</title>");
            s = at ? at + 8 : NULL;
        } else if (*s != '<') {
            size_t text = strcspn(s, "<");
            fwrite(s, 1, text, f);
            s += text;
        } else if (s[1] == '!' || s[1] == '?') { /* a comment, a declaration */
            const char *closing = !strncmp(s, "<!--", 4) ? "-->" : ">";
            const char *at = strstr(s, closing);
            s = at ? at + strlen(closing) : NULL;
        } else if (write_tag(f, s, &s, prefix, label, root)) {
            break;
        } else if (root) {
            fprintf(f, "\n<title>%s</title>", label);
            root = 0;
        }
    }
    if (!s || *s || root)
        return nc_error_set(err, NC_EIO,
                            "gnuplot's SVG of the %s figure has a script, an event handler or a "
                            "reference outside itself, or is not SVG: not put in the page",
                            prefix);
    return 0;
}
