/* cli_progress.c - the progress bar of a run on standard error (see cli_progress.h). */
#include "cli/cli_progress.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define QUIET_S 0.8       /* nothing is drawn in a run's first 0.8 s: short runs stay clean */
#define PERIOD_S 0.1      /* at most ten redraws a second */
#define MIN_ETA_S 0.5     /* a run this close to its end is not worth a first drawing */
#define BAR_COLUMNS 20
#define BAR_LINE_MAX 256
/* engine.c hands out replications in chunks of 16 (schedule(dynamic, 16)): when thread 0
 * finds no more work, each other thread holds at most one chunk. Twice that, for margin. */
#define ENGINE_CHUNK 16

/* The bar on the screen, if any: standard error is one per process, so is its bar line. */
static nc_cli_progress *g_shown;

static double monotonic_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Columns of the terminal on standard error, 80 when it does not say. */
static int terminal_columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/* 'n' with thousands separators: 20000 -> "20,000". */
static void grouped(char *out, size_t size, int64_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)n);
    size_t j = 0;
    for (int i = 0; i < len && j + 1 < size; i++) {
        if (i > 0 && digits[i - 1] != '-' && (len - i) % 3 == 0 && j + 2 < size)
            out[j++] = ',';
        out[j++] = digits[i];
    }
    out[j] = '\0';
}

/* Replications a second, with the precision a glance needs. */
static void rate_text(char *out, size_t size, double per_s)
{
    if (per_s >= 99.5)
        grouped(out, size, (int64_t)llround(per_s));
    else
        snprintf(out, size, per_s >= 9.95 ? "%.0f" : "%.2g", per_s);
}

/* Remaining time, rounded up: "6 s", "2 min 05 s", "1 h 12 min". */
static void eta_text(char *out, size_t size, double eta_s)
{
    long long s = (long long)ceil(eta_s);
    if (s < 60)
        snprintf(out, size, "%lld s", s < 1 ? 1 : s);
    else if (s < 3600)
        snprintf(out, size, "%lld min %02lld s", s / 60, s % 60);
    else
        snprintf(out, size, "%lld h %02lld min", s / 3600, s % 3600 / 60);
}

static void bar_text(char *out, int64_t done, int64_t total)
{
    int filled = (int)(done * BAR_COLUMNS / total);
    out[0] = '[';
    for (int i = 0; i < BAR_COLUMNS; i++)
        out[1 + i] = i < filled ? '=' : i == filled ? '>' : ' ';
    out[BAR_COLUMNS + 1] = ']';
    out[BAR_COLUMNS + 2] = '\0';
}

/* The longest form of the line that fits in 'columns' - 1 (a full row would wrap). */
static int compose(char *line, int columns, int64_t done, int64_t total, double per_s,
                   double eta_s)
{
    char bar[BAR_COLUMNS + 3], d[32], t[32], r[32], e[32];
    int pct = (int)(done * 100 / total);
    bar_text(bar, done, total);
    grouped(d, sizeof d, done), grouped(t, sizeof t, total);
    rate_text(r, sizeof r, per_s), eta_text(e, sizeof e, eta_s);
    int n = snprintf(line, BAR_LINE_MAX, "%s %3d%%  %s/%s replications  %s/s  ETA %s", bar, pct,
                     d, t, r, e);
    if (n >= columns)
        n = snprintf(line, BAR_LINE_MAX, "%s %3d%%  %s/%s  %s/s  ETA %s", bar, pct, d, t, r, e);
    if (n >= columns)
        n = snprintf(line, BAR_LINE_MAX, "%3d%%  %s/%s  ETA %s", pct, d, t, e);
    if (n >= columns)
        n = snprintf(line, BAR_LINE_MAX, "%3d%%  ETA %s", pct, e);
    if (n >= columns)
        n = columns > 1 ? columns - 1 : 0;
    if (n >= BAR_LINE_MAX)
        n = BAR_LINE_MAX - 1;
    line[n] = '\0';
    return n;
}

/* "\r", 'text', then blanks over what is left of the previous line, in one write. */
static void put_line(nc_cli_progress *p, const char *text, int len)
{
    char buf[2 * BAR_LINE_MAX + 2];
    int pad = p->width > len ? p->width - len : 0;
    buf[0] = '\r';
    memcpy(buf + 1, text, (size_t)len);
    memset(buf + 1 + len, ' ', (size_t)pad);
    size_t n = (size_t)(1 + len + pad);
    if (!len) /* erasing: leave the cursor at the start of the now empty row */
        buf[n++] = '\r';
    fwrite(buf, 1, n, stderr);
    fflush(stderr);
    p->width = len + pad;
    g_shown = p->width ? p : NULL;
}

static void erase(nc_cli_progress *p)
{
    if (p->width)
        put_line(p, "", 0);
    p->width = 0;
    if (g_shown == p)
        g_shown = NULL;
}

static void start_run(nc_cli_progress *p, int64_t done, int64_t total, double now_s)
{
    erase(p);
    p->total = total;
    p->done0 = done;
    p->t0_s = now_s;
    p->drawn_s = 0.0;
    p->finished = 0;
}

void nc_cli_progress_init(nc_cli_progress *p, int threads)
{
    memset(p, 0, sizeof *p);
    int n = threads > 0 ? threads : omp_get_max_threads();
    p->in_flight = 2 * ENGINE_CHUNK * (int64_t)(n > 0 ? n : 1);
}

void nc_cli_progress_update(void *ctx, int64_t done, int64_t total)
{
    nc_cli_progress *p = ctx;
    double now_s = monotonic_s();
    if (total != p->total || done <= p->last_done)
        start_run(p, done, total, now_s);
    p->last_done = done;
    if (p->finished)
        return;
    if (total - done <= p->in_flight) { /* thread 0 may not be called again: erase now */
        p->finished = 1;
        erase(p);
        return;
    }
    double elapsed_s = now_s - p->t0_s;
    if (elapsed_s < QUIET_S || now_s - p->drawn_s < PERIOD_S || done <= p->done0)
        return;
    double per_s = (double)(done - p->done0) / elapsed_s;
    double eta_s = (double)(total - done) / per_s;
    if (!p->width && eta_s < MIN_ETA_S)
        return;
    char line[BAR_LINE_MAX];
    int len = compose(line, terminal_columns(), done, total, per_s, eta_s);
    put_line(p, line, len);
    p->drawn_s = now_s;
}

void nc_cli_progress_end(nc_cli_progress *p)
{
    erase(p);
    p->total = 0;
    p->last_done = 0;
    p->finished = 0;
}

void nc_cli_progress_end_shown(void)
{
    if (g_shown)
        erase(g_shown);
}
