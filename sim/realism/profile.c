/* profile.c - hourly carbon-intensity profiles: loading, integrals, carbon-aware starts. */
#include "realism/profile.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "base/file.h"

#define HOURS    ((size_t)NC_PROFILE_HOURS)
#define YEAR_H   ((double)NC_PROFILE_HOURS)
#define SHOW_MAX 40 /* characters of a bad token quoted in a message */

/* The reader's position in the file. */
typedef struct reader {
    const char *path;
    int line;          /* 1-based number of the line in 'text' */
    char *text;        /* the current line, without its end of line */
    size_t n_hours;    /* values read so far */
    int ended_newline; /* the last line read ended with '\n' */
} reader;

/* Place the error just recorded (code 'code') at column 'col' of the current line; returns
 * 'code'. */
static int at(reader *r, int col, int code, nc_error *err)
{
    nc_error_at(err, r->path, r->line, col);
    return code;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* A line that holds no hour: blank, or a comment. */
static int is_skipped(const char *text)
{
    const char *s = skip_blanks(text);
    return *s == '\0' || *s == '#';
}

/* Length of the token at 's': up to a blank, a comma, a semicolon or the end. */
static size_t token_len(const char *s)
{
    return strcspn(s, " \t,;");
}

/* The header line must name the unit: NC_PROFILE_HEADER, blanks around it allowed. */
static int check_header(reader *r, nc_error *err)
{
    const char *s = skip_blanks(r->text);
    size_t n = strlen(NC_PROFILE_HEADER);
    if (strncmp(s, NC_PROFILE_HEADER, n) == 0 && *skip_blanks(s + n) == '\0')
        return 0;
    int rc = nc_error_set(err, NC_EINPUT,
                          "expected the header '" NC_PROFILE_HEADER "' (carbon intensity in kg "
                          "CO2e per kWh, one value per hour), found '%.*s'",
                          SHOW_MAX, s);
    return at(r, (int)(s - r->text) + 1, rc, err);
}

/*
 * Read the token at 's' (non-empty, 'len' characters) as a carbon intensity into *ci_out.
 * NaN, infinities and hexadecimal are refused before strtod sees them (as in base/unit_scan.c).
 */
static int scan_value(const char *s, size_t len, double *ci_out, nc_error *err)
{
    const char *digits = s + (*s == '+' || *s == '-');
    int shown = len > SHOW_MAX ? SHOW_MAX : (int)len;
    if (strncasecmp(digits, "nan", 3) == 0)
        return nc_error_set(err, NC_EINPUT, "NaN is not allowed: '%.*s'", shown, s);
    if (strncasecmp(digits, "inf", 3) == 0)
        return nc_error_set(err, NC_EINPUT, "infinity is not allowed: '%.*s'", shown, s);
    if (strncasecmp(digits, "0x", 2) == 0)
        return nc_error_set(err, NC_EINPUT, "hexadecimal numbers are not allowed: '%.*s'", shown,
                            s);
    char *after;
    errno = 0;
    double ci = strtod(s, &after);
    if (after != s + len)
        return nc_error_set(err, NC_EINPUT, "not a number: '%.*s'", shown, s);
    if (errno == ERANGE && fabs(ci) == HUGE_VAL)
        return nc_error_set(err, NC_EINPUT, "number too large: '%.*s'", shown, s);
    if (ci < 0)
        return nc_error_set(err, NC_EINPUT, "negative carbon intensity '%.*s' kg/kWh", shown, s);
    if (ci > NC_PROFILE_CI_MAX)
        return nc_error_set(err, NC_EINPUT,
                            "carbon intensity '%.*s' kg/kWh is above %g kg/kWh: is the file in "
                            "g/kWh?",
                            shown, s, NC_PROFILE_CI_MAX);
    *ci_out = ci + 0.0; /* -0 becomes +0 */
    return 0;
}

/* Read the line of hour r->n_hours into p->ci: one number, nothing after it but blanks. */
static int read_hour(reader *r, nc_profile *p, nc_error *err)
{
    const char *s = skip_blanks(r->text);
    int col = (int)(s - r->text) + 1;
    int rc;
    if (r->n_hours == HOURS)
        return at(r, col,
                  nc_error_set(err, NC_EINPUT, "more than %d hours: a profile is one 365-day year",
                               NC_PROFILE_HOURS),
                  err);
    size_t len = token_len(s);
    if (len == 0)
        return at(r, col, nc_error_set(err, NC_EINPUT, "not a number: '%.*s'", SHOW_MAX, s), err);
    if ((rc = scan_value(s, len, &p->ci[r->n_hours], err)))
        return at(r, col, rc, err);
    const char *rest = skip_blanks(s + len);
    if (*rest != '\0') {
        rc = nc_error_set(err, NC_EINPUT, "expected one value per line, found more: '%.*s'",
                          SHOW_MAX, rest);
        return at(r, (int)(rest - r->text) + 1, rc, err);
    }
    r->n_hours++;
    return 0;
}

/* Fail unless exactly a year of hours was read; the position is the end of the file. */
static int check_count(reader *r, nc_error *err)
{
    if (r->n_hours == HOURS)
        return 0;
    int rc;
    if (r->line == 0)
        rc = nc_error_set(err, NC_EINPUT,
                          "empty file: expected the header '" NC_PROFILE_HEADER "' and %d values",
                          NC_PROFILE_HOURS);
    else
        rc = nc_error_set(err, NC_EINPUT, "has %zu hours, expected %d (one 365-day year)",
                          r->n_hours, NC_PROFILE_HOURS);
    r->line += r->ended_newline || r->line == 0;
    return at(r, 1, rc, err);
}

/*
 * Read the next line into r->text, without its "\n" or "\r\n". Returns 1 for a line, 0 at the
 * end of the file, or a negative nc_err (a read error, a NUL byte in the line).
 */
static int next_line(reader *r, FILE *f, size_t *cap, nc_error *err)
{
    errno = 0;
    ssize_t n = getline(&r->text, cap, f);
    if (n < 0) {
        if (ferror(f) || errno == ENOMEM) {
            int code = errno == ENOMEM ? NC_ENOMEM : NC_EIO;
            return at(r, 0, nc_error_set(err, code, "cannot read the profile: %s", strerror(errno)),
                      err);
        }
        return 0;
    }
    r->line++;
    r->ended_newline = n > 0 && r->text[n - 1] == '\n';
    n -= r->ended_newline;
    if (n > 0 && r->text[n - 1] == '\r')
        n--;
    r->text[n] = '\0';
    if (strlen(r->text) != (size_t)n) {
        return at(r, (int)strlen(r->text) + 1,
                  nc_error_set(err, NC_EINPUT, "NUL byte in the line: not a text file"), err);
    }
    if (r->line == 1 && strncmp(r->text, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte-order mark */
        memmove(r->text, r->text + 3, (size_t)n - 2);
    return 1;
}

/* Read the header and the hours of the open file 'f' into 'p'. */
static int read_profile(reader *r, FILE *f, nc_profile *p, nc_error *err)
{
    size_t cap = 0;
    int header_seen = 0, rc;
    while ((rc = next_line(r, f, &cap, err)) == 1) {
        if (is_skipped(r->text))
            continue;
        rc = header_seen ? read_hour(r, p, err) : check_header(r, err);
        if (rc)
            break;
        header_seen = 1;
    }
    if (rc == 0)
        rc = check_count(r, err);
    free(r->text);
    r->text = NULL;
    return rc;
}

/* prefix[i] = ci[0] + ... + ci[i-1], with Neumaier's compensated summation (Neumaier 1974,
 * ZAMM 54:39-51) so that each prefix is within an ulp or so of the exact sum. */
static void fill_prefix(nc_profile *p)
{
    double sum = 0.0, carry = 0.0;
    p->prefix[0] = 0.0;
    for (size_t i = 0; i < HOURS; i++) {
        double x = p->ci[i], next = sum + x;
        carry += fabs(sum) >= fabs(x) ? (sum - next) + x : (x - next) + sum;
        sum = next;
        p->prefix[i + 1] = sum + carry;
    }
    p->mean = p->prefix[HOURS] / YEAR_H;
}

int nc_profile_load(nc_profile **out, const char *path, nc_error *err)
{
    int rc = NC_OK;
    nc_profile *p = NULL;
    FILE *f = NULL;
    char *text = NULL;
    size_t len = 0;
    reader r = {path, 0, NULL, 0, 0};
    *out = NULL;
    nc_error_clear(err);
    p = calloc(1, sizeof *p);
    if (!p || !(p->name = strdup(path))) {
        rc = nc_error_set(err, NC_ENOMEM, "out of memory loading a profile");
        goto done;
    }
    /* a regular file of at most NC_FILE_MAX_BYTES (a FIFO would hang, /dev/zero fill memory),
     * read as lines from memory */
    if ((rc = nc_file_read(&text, &len, path, NC_FILE_MAX_BYTES, err)))
        goto done;
    f = fmemopen(text, len, "r"); /* size 0 is allowed since glibc 2.22 */
    if (!f) {
        rc = nc_error_set(err, NC_ENOMEM, "out of memory loading a profile");
        goto done;
    }
    rc = read_profile(&r, f, p, err);
    if (rc == 0) {
        fill_prefix(p);
        *out = p;
        p = NULL;
    }
done:
    if (f)
        fclose(f);
    free(text);
    nc_profile_free(p);
    return rc;
}

void nc_profile_free(nc_profile *p)
{
    if (!p)
        return;
    free(p->name);
    free(p);
}

/* 'x' hours modulo one year, in [0, 8760), and the whole years taken off in *years. */
static double wrap_year(double x, double *years)
{
    double k = floor(x / YEAR_H);
    double r = x - k * YEAR_H;
    if (r < 0) {
        r += YEAR_H;
        k -= 1;
    }
    if (r >= YEAR_H) {
        r -= YEAR_H;
        k += 1;
    }
    if (!(r >= 0 && r < YEAR_H)) /* NaN or infinite 'x': a caller's bug */
        r = 0;
    *years = k;
    return r;
}

/* The integral of the repeated profile from hour 0 to hour 'x' (>= 0), kg/kWh x h. */
static double cumulative(const nc_profile *p, double x)
{
    double years;
    double r = wrap_year(x, &years);
    size_t i = (size_t)r;
    return years * p->prefix[HOURS] + p->prefix[i] + (r - (double)i) * p->ci[i];
}

double nc_profile_integral(const nc_profile *p, double offset_h, double t0, double t1)
{
    assert(!(t1 < t0));
    if (!(t1 > t0))
        return 0.0;
    double years, d = t1 - t0;
    double a = wrap_year(offset_h + t0, &years);
    size_t i = (size_t)a;
    if (a + d <= (double)(i + 1)) /* within one hour: no cancellation of prefix sums */
        return d * p->ci[i];
    return cumulative(p, a + d) - cumulative(p, a);
}

int nc_profile_argmin_window(const nc_profile *p, int window_h, int *delay_out, nc_error *err)
{
    if (window_h < 0)
        return nc_error_set(err, NC_EINPUT, "a carbon-aware window must be 0 hours or more, got %d",
                            window_h);
    size_t w = (size_t)window_h < HOURS - 1 ? (size_t)window_h : HOURS - 1;
    size_t n = HOURS + w; /* hours j = 0 .. 8759 + w, hour j of the year being j mod 8760 */
    /* The candidates for the minimum of the window, oldest first, their intensities
     * non-decreasing (Lemire 2006). Each hour enters once: n slots, no ring buffer. */
    size_t *deque = malloc(n * sizeof *deque);
    if (!deque)
        return nc_error_set(err, NC_ENOMEM, "out of memory for a carbon-aware window");
    size_t head = 0, tail = 0;
    for (size_t j = 0; j < n; j++) {
        double ci = p->ci[j % HOURS];
        /* Drop only strictly dirtier hours: an equal earlier hour stays ahead, so ties go to
         * the earliest. */
        while (tail > head && p->ci[deque[tail - 1] % HOURS] > ci)
            tail--;
        deque[tail++] = j;
        if (j < w)
            continue;
        size_t h = j - w; /* the window [h, h + w] is complete */
        while (deque[head] < h)
            head++;
        delay_out[h] = (int)(deque[head] - h);
    }
    free(deque);
    return 0;
}

double nc_profile_best_start(const nc_profile *p, const int *delay, double offset_h, double t)
{
    double years;
    double r = wrap_year(offset_h + t, &years);
    size_t h = (size_t)r;
    size_t k = (size_t)delay[h];
    (void)p;
    assert(p->ci[(h + k) % HOURS] <= p->ci[h]);
    if (k == 0)
        return t; /* t's own hour is the cleanest: start now */
    return t + ((double)(h + k) - r);
}
