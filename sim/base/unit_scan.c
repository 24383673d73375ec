/*
 * unit_scan.c - a quantity's text split into its number and its unit symbol (unit_scan.h),
 * converting nothing: the number read as written (thousands grouped by commas, no NaN,
 * infinity or hexadecimal), the symbol as the text after it up to the next blank.
 */
#include "base/unit_scan.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

#define NUMBER_MAX 64 /* digits of a number with thousands separators, read through a copy */

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && is_blank(*p))
        p++;
    return p;
}

static const char *trim_end(const char *begin, const char *end)
{
    while (end > begin && is_blank(end[-1]))
        end--;
    return end;
}

static int lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Does [p, end) start with the lowercase word 'word', ignoring case? */
static int starts_with_ci(const char *p, const char *end, const char *word)
{
    for (; *word; p++, word++)
        if (p >= end || lower(*p) != *word)
            return 0;
    return 1;
}

/* ---- scanning -------------------------------------------------------------------------------- */

/* "'4,78': ..." for a comma that does not separate groups of three digits. */
static int bad_grouping(const nc_written *q, nc_error *err)
{
    return nc_error_set(err, NC_EINPUT,
                        "'%.*s': a comma in a number separates thousands, so the digits after "
                        "each comma come in threes (4,789 or 1,082,990); the decimal mark is "
                        "'.'",
                        q->len, q->text);
}

/*
 * Copy the number at 'digits' (after any sign, 'sign' chars before it at 'p') into 'buf'
 * without its thousands separators, if it has any: one to three digits, not starting with 0,
 * then groups ",ddd" (the English convention; a comma is never a decimal mark here). Store
 * the count of commas removed in '*commas'. Returns 0 (nothing to copy when '*commas' is 0),
 * or NC_EINPUT for a malformed grouping.
 */
static int ungroup(const char *p, const char *digits, const char *end, const nc_written *q,
                   char *buf, size_t *commas, nc_error *err)
{
    const char *s = digits;
    *commas = 0;
    while (s < end && is_digit(*s))
        s++;
    if (s == end || *s != ',')
        return 0;
    if (s - digits > 3 || s == digits || *digits == '0')
        return bad_grouping(q, err);
    while (s < end && *s == ',') {
        for (int k = 1; k <= 3; k++)
            if (s + k >= end || !is_digit(s[k]))
                return bad_grouping(q, err);
        if (s + 4 < end && is_digit(s[4]))
            return bad_grouping(q, err);
        s += 4;
        (*commas)++;
    }
    size_t at = 0;
    for (const char *c = p; c < end && at < NUMBER_MAX - 1 && !is_blank(*c); c++)
        if (*c != ',' || c >= s)
            buf[at++] = *c;
    buf[at] = '\0';
    return 0;
}

/*
 * Read the number at 'p' (not blank, before 'end') into 'q->value' and '*stop'. strtod cannot
 * run past 'end': the spans we scan end at a blank or the NUL, and a number stops at a blank.
 * Infinities, NaN and hexadecimal are refused before strtod sees them; overflow after.
 * Thousands separators are removed first (ungroup).
 */
static int scan_number(const char *p, const char *end, nc_written *q, const char **stop,
                       nc_error *err)
{
    const char *digits = p + (*p == '+' || *p == '-');
    char buf[NUMBER_MAX];
    size_t commas;
    if (starts_with_ci(digits, end, "nan"))
        return nc_error_set(err, NC_EINPUT, "NaN is not allowed in '%.*s'", q->len, q->text);
    if (starts_with_ci(digits, end, "inf"))
        return nc_error_set(err, NC_EINPUT, "infinity is not allowed in '%.*s'", q->len, q->text);
    if (starts_with_ci(digits, end, "0x"))
        return nc_error_set(err, NC_EINPUT, "hexadecimal numbers are not allowed in '%.*s'", q->len,
                            q->text);
    int rc = ungroup(p, digits, end, q, buf, &commas, err);
    if (rc)
        return rc;
    char *read_to;
    const char *from = commas ? buf : p;
    errno = 0;
    q->value = strtod(from, &read_to);
    /* the commas all lie inside what strtod read: it reads every digit of the groups */
    const char *after = p + (read_to - from) + (read_to > from ? commas : 0);
    if (after == p || after > end)
        return nc_error_set(err, NC_EINPUT, "expected a number with a unit, got '%.*s'", q->len,
                            q->text);
    if (errno == ERANGE && fabs(q->value) == HUGE_VAL)
        return nc_error_set(err, NC_EINPUT, "number too large in '%.*s'", q->len, q->text);
    if (errno == ERANGE && fabs(q->value) < DBL_MIN)
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s' is too small to compute with (below %g); write 0 for none",
                            q->len, q->text, DBL_MIN);
    q->number = p;
    q->number_len = (int)(after - p);
    *stop = after;
    return 0;
}

/* Store in 'q->unit' the symbol [u, u + len), after a "$" if 'dollar'. Digits grouped by a
 * space or an underscore ("4 789", "4_789") are refused: only the comma groups digits. */
static int take_symbol(nc_written *q, int dollar, const char *u, size_t len, nc_error *err)
{
    if (len > 0 && (is_digit(*u) || (*u == '_' && len > 1 && is_digit(u[1]))))
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s': %s does not group digits; write %.*s%.*s or group "
                            "thousands with commas",
                            q->len, q->text, *u == '_' ? "an underscore" : "a space", q->number_len,
                            q->number, (int)len - (*u == '_'), u + (*u == '_'));
    if (dollar && len > 0 && *u != '/')
        return nc_error_set(err, NC_EINPUT, "both '$' and '%.*s' in '%.*s': write one", (int)len, u,
                            q->len, q->text);
    if (len + (dollar ? 1u : 0u) > NC_UNIT_MAX)
        return nc_error_set(err, NC_EINPUT, "unknown unit '%.*s%s'",
                            (int)(len > NC_TEXT_QUOTE_CHARS ? NC_TEXT_QUOTE_CHARS : len), u,
                            len > NC_TEXT_QUOTE_CHARS ? "..." : ""); /* short, as nc_quote */
    memcpy(q->unit, "$", dollar ? 1u : 0u);
    memcpy(q->unit + dollar, u, len);
    q->unit[(size_t)dollar + len] = '\0';
    return 0;
}

/*
 * Split [begin, end) into an optional "$", a number, an optional unit symbol (everything up
 * to the next blank) and nothing else. Converts nothing: see units.c, to_canonical().
 */
int nc_unit_scan(const char *begin, const char *end, nc_written *q, nc_error *err)
{
    begin = skip_blanks(begin, end);
    end = trim_end(begin, end);
    q->text = begin;
    q->len = (int)(end - begin);
    if (begin == end)
        return nc_error_set(err, NC_EINPUT, "expected a number with a unit");
    int dollar = *begin == '$';
    const char *p = skip_blanks(begin + dollar, end), *sym;
    if (p == end)
        return nc_error_set(err, NC_EINPUT, "expected a number with a unit, got '%.*s'", q->len,
                            q->text);
    int rc = scan_number(p, end, q, &p, err);
    if (rc)
        return rc;
    sym = p = skip_blanks(p, end);
    while (p < end && !is_blank(*p))
        p++;
    const char *rest = skip_blanks(p, end);
    if (rest < end && is_digit(*rest) && p > sym && is_digit(*sym))
        p = end; /* "4 789 123": report the spaces, not what follows */
    else if (rest < end)
        return nc_error_set(err, NC_EINPUT, "unexpected '%.*s' after '%.*s'", (int)(end - rest),
                            rest, (int)(p - begin), begin);
    return take_symbol(q, dollar, sym, (size_t)(p - sym), err);
}

/* Give the low end the unit of the high one when only the high end has one ("3 to 9 d"). */
static int share_unit(nc_written *a, const nc_written *b, const char *text, int len, nc_error *err)
{
    if (a->unit[0] && !b->unit[0])
        return nc_error_set(err, NC_EINPUT, "missing unit after '%.*s' in '%.*s'", b->len, b->text,
                            len, text);
    if (!a->unit[0])
        memcpy(a->unit, b->unit, sizeof a->unit);
    return 0;
}

/* Split 'text' at its " to " into 'q[0]', 'q[1]' with shared units; 0 if not a range. */
int nc_unit_scan_range(const char *text, nc_written q[2], const char **begin, int *len,
                       nc_error *err)
{
    const char *to = text ? strstr(text, " to ") : NULL;
    if (!to)
        return 0;
    const char *end = text + strlen(text);
    *begin = skip_blanks(text, end);
    *len = (int)(trim_end(*begin, end) - *begin);
    if (strstr(to + 4, " to "))
        return nc_error_set(err, NC_EINPUT, "a range has one 'to', not several: '%.*s'", *len,
                            *begin);
    int rc = nc_unit_scan(text, to, &q[0], err);
    if (!rc)
        rc = nc_unit_scan(to + 4, end, &q[1], err);
    if (!rc)
        rc = share_unit(&q[0], &q[1], *begin, *len, err);
    return rc ? rc : 1;
}
