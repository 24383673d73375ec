/*
 * units.c - quantities with units (see units.h).
 *
 * One flat table lists every accepted symbol with its dimension and its factor to the
 * dimension's canonical unit. The factor is kept as a fraction scale/per, so that "2.385 min"
 * becomes 2.385 / 60, correctly rounded, rather than 2.385 times an inexact 1/60. Symbols are
 * case-sensitive ("mW" is not "MW", "t" is the tonne); a near miss is suggested in the message.
 *
 * A quantity is read in two steps: scan_quantity() splits the text into a number and a unit
 * symbol, then to_canonical() looks the symbol up and converts. nc_range_parse() scans both
 * ends before converting, so that a unit written only after the second end applies to both.
 */
#include "units.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_MAX 32 /* longest unit symbol read; longer words are reported as unknown units */

/* 1 lb = 0.45359237 kg exactly: NIST SP 811 (2008 ed.), Appendix B.8, "pound (avoirdupois)". */
#define KG_PER_LB 0.45359237
/* 1 kWh = 3.6 MJ exactly: NIST SP 811 (2008 ed.), Appendix B.8, "kilowatt hour". */
#define J_PER_KWH 3.6e6
/* A 365-day year is 8760 h and a month is a twelfth of it, 730 h: the convention of cloud
 * price lists (e.g. AWS Pricing Calculator, "730 hours in a month"). */
#define H_PER_YEAR  8760
#define H_PER_MONTH 730

typedef struct unit_def {
    const char *symbol;
    nc_dim dim;
    double scale, per; /* value in canonical unit = value * scale / per */
} unit_def;

static const unit_def units[] = {
    {"%", NC_DIM_NONE, 1, 100},

    {"s", NC_DIM_TIME, 1, 3600},
    {"sec", NC_DIM_TIME, 1, 3600},
    {"second", NC_DIM_TIME, 1, 3600},
    {"seconds", NC_DIM_TIME, 1, 3600},
    {"min", NC_DIM_TIME, 1, 60},
    {"minute", NC_DIM_TIME, 1, 60},
    {"minutes", NC_DIM_TIME, 1, 60},
    {"h", NC_DIM_TIME, 1, 1},
    {"hr", NC_DIM_TIME, 1, 1},
    {"hour", NC_DIM_TIME, 1, 1},
    {"hours", NC_DIM_TIME, 1, 1},
    {"d", NC_DIM_TIME, 24, 1},
    {"day", NC_DIM_TIME, 24, 1},
    {"days", NC_DIM_TIME, 24, 1},
    {"wk", NC_DIM_TIME, 168, 1},
    {"week", NC_DIM_TIME, 168, 1},
    {"weeks", NC_DIM_TIME, 168, 1},
    {"month", NC_DIM_TIME, H_PER_MONTH, 1},
    {"months", NC_DIM_TIME, H_PER_MONTH, 1},
    {"y", NC_DIM_TIME, H_PER_YEAR, 1},
    {"yr", NC_DIM_TIME, H_PER_YEAR, 1},
    {"year", NC_DIM_TIME, H_PER_YEAR, 1},
    {"years", NC_DIM_TIME, H_PER_YEAR, 1},

    {"mW", NC_DIM_POWER, 1, 1000},
    {"W", NC_DIM_POWER, 1, 1},
    {"kW", NC_DIM_POWER, 1e3, 1},
    {"MW", NC_DIM_POWER, 1e6, 1},

    {"Wh", NC_DIM_ENERGY, 1, 1000},
    {"kWh", NC_DIM_ENERGY, 1, 1},
    {"MWh", NC_DIM_ENERGY, 1e3, 1},
    {"GWh", NC_DIM_ENERGY, 1e6, 1},
    {"J", NC_DIM_ENERGY, 1, J_PER_KWH},
    {"kJ", NC_DIM_ENERGY, 1e3, J_PER_KWH},
    {"MJ", NC_DIM_ENERGY, 1e6, J_PER_KWH},
    {"GJ", NC_DIM_ENERGY, 1e9, J_PER_KWH},

    {"g", NC_DIM_MASS, 1, 1000},
    {"kg", NC_DIM_MASS, 1, 1},
    {"t", NC_DIM_MASS, 1e3, 1},
    {"tonne", NC_DIM_MASS, 1e3, 1},
    {"tonnes", NC_DIM_MASS, 1e3, 1},
    {"kt", NC_DIM_MASS, 1e6, 1},
    {"lb", NC_DIM_MASS, KG_PER_LB, 1},
    {"lbs", NC_DIM_MASS, KG_PER_LB, 1},

    {"kg/kWh", NC_DIM_CI, 1, 1},
    {"kgCO2/kWh", NC_DIM_CI, 1, 1},
    {"kgCO2e/kWh", NC_DIM_CI, 1, 1},
    {"g/kWh", NC_DIM_CI, 1, 1000},
    {"gCO2/kWh", NC_DIM_CI, 1, 1000},
    {"gCO2e/kWh", NC_DIM_CI, 1, 1000},
    {"lb/kWh", NC_DIM_CI, KG_PER_LB, 1},
    {"lbs/kWh", NC_DIM_CI, KG_PER_LB, 1},
    {"t/MWh", NC_DIM_CI, 1, 1},
    {"kg/MWh", NC_DIM_CI, 1, 1000},

    {"USD", NC_DIM_MONEY, 1, 1},
    {"$", NC_DIM_MONEY, 1, 1},
    {"kUSD", NC_DIM_MONEY, 1e3, 1},
    {"MUSD", NC_DIM_MONEY, 1e6, 1},

    {"USD/h", NC_DIM_USD_PER_H, 1, 1},
    {"USD/hr", NC_DIM_USD_PER_H, 1, 1},
    {"USD/hour", NC_DIM_USD_PER_H, 1, 1},
    {"USD/GPU-h", NC_DIM_USD_PER_H, 1, 1},
    {"USD/GPU-hour", NC_DIM_USD_PER_H, 1, 1},
    {"$/h", NC_DIM_USD_PER_H, 1, 1},
    {"$/hr", NC_DIM_USD_PER_H, 1, 1},
    {"$/hour", NC_DIM_USD_PER_H, 1, 1},
    {"$/GPU-h", NC_DIM_USD_PER_H, 1, 1},
    {"$/GPU-hour", NC_DIM_USD_PER_H, 1, 1},

    {"USD/kWh", NC_DIM_USD_PER_KWH, 1, 1},
    {"USD/MWh", NC_DIM_USD_PER_KWH, 1, 1000},
    {"$/kWh", NC_DIM_USD_PER_KWH, 1, 1},
    {"$/MWh", NC_DIM_USD_PER_KWH, 1, 1000},
};

#define N_UNITS (sizeof units / sizeof units[0])

/* What messages call each dimension; 'article' makes "a time", "an energy", "money". */
static const struct dim_info {
    const char *name, *unit, *article;
} dims[NC_DIM__COUNT] = {
    [NC_DIM_NONE] = {"number", "", "a "},
    [NC_DIM_TIME] = {"time", "h", "a "},
    [NC_DIM_POWER] = {"power", "W", "a "},
    [NC_DIM_ENERGY] = {"energy", "kWh", "an "},
    [NC_DIM_MASS] = {"mass", "kg", "a "},
    [NC_DIM_CI] = {"carbon intensity", "kg/kWh", "a "},
    [NC_DIM_MONEY] = {"money", "USD", ""},
    [NC_DIM_USD_PER_H] = {"price per hour", "USD/h", "a "},
    [NC_DIM_USD_PER_KWH] = {"price per kWh", "USD/kWh", "a "},
};

/* A quantity as written: the text (trimmed, for messages), its number and its unit symbol
 * ("" when bare). A "$" before the number joins the symbol: "$0.43/h" has the unit "$/h". */
typedef struct written {
    const char *text;
    int len;
    double value;
    char unit[UNIT_MAX + 1];
} written;

static int valid_dim(nc_dim dim)
{
    return (unsigned)dim < NC_DIM__COUNT;
}

static int bad_dim(nc_dim dim, nc_error *err)
{
    return nc_error_set(err, NC_EINTERNAL, "invalid dimension %d", (int)dim);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
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

static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b))
            return 0;
    return *a == *b;
}

static const unit_def *find_unit(const char *symbol)
{
    for (size_t i = 0; i < N_UNITS; i++)
        if (strcmp(units[i].symbol, symbol) == 0)
            return &units[i];
    return NULL;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Levenshtein distance (insertions, deletions, substitutions), one row at a time;
 * 'b' is a table symbol, at most UNIT_MAX characters. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t row[UNIT_MAX + 1];
    size_t la = strlen(a), lb = strlen(b);
    if (lb > UNIT_MAX)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t subst = diag + (a[i - 1] != b[j - 1] ? 1u : 0u);
            row[j] = min3(up + 1, row[j - 1] + 1, subst);
            diag = up;
        }
    }
    return row[lb];
}

/*
 * The known symbol nearest to 'symbol': equal but for case, else within 2 edits (and fewer
 * edits than 'symbol' has characters, so "x" does not suggest "s"). Ties go to a unit of
 * dimension 'prefer', then to the first in the table. NULL if nothing is near.
 */
static const char *suggest(const char *symbol, nc_dim prefer)
{
    size_t len = strlen(symbol), best_rank = SIZE_MAX;
    const unit_def *best = NULL;
    for (size_t i = 0; i < N_UNITS; i++) {
        const unit_def *u = &units[i];
        size_t rank = same_ignoring_case(symbol, u->symbol) ? 0 : edit_distance(symbol, u->symbol);
        if (rank > 2 || (rank > 0 && rank >= len))
            continue;
        if (rank < best_rank || (rank == best_rank && best->dim != prefer && u->dim == prefer)) {
            best = u;
            best_rank = rank;
        }
    }
    return best ? best->symbol : NULL;
}

static int unknown_unit(const char *symbol, nc_dim prefer, nc_error *err)
{
    if (!symbol[0])
        return nc_error_set(err, NC_EINPUT, "empty unit symbol");
    const char *near = suggest(symbol, prefer);
    if (near)
        return nc_error_set(err, NC_EINPUT, "unknown unit '%s' (did you mean '%s'?)", symbol, near);
    return nc_error_set(err, NC_EINPUT, "unknown unit '%s'", symbol);
}

/* "expected a time (h), got a power (kW) in '5 kW'"; the canonical unit is left out for
 * NC_DIM_NONE, which has none. */
static int wrong_dim(nc_dim want, const unit_def *got, const char *text, int len, nc_error *err)
{
    const struct dim_info *w = &dims[want], *g = &dims[got->dim];
    return nc_error_set(err, NC_EINPUT, "expected %s%s%s%s%s, got %s%s (%s) in '%.*s'", w->article,
                        w->name, w->unit[0] ? " (" : "", w->unit, w->unit[0] ? ")" : "", g->article,
                        g->name, got->symbol, len, text);
}

/*
 * Read the number at 'p' (not blank, before 'end') into 'q->value' and '*stop'. strtod cannot
 * run past 'end': the spans we scan end at a blank or the NUL, and a number stops at a blank.
 * Infinities, NaN and hexadecimal are refused before strtod sees them; overflow after.
 */
static int scan_number(const char *p, const char *end, written *q, const char **stop, nc_error *err)
{
    const char *digits = p + (*p == '+' || *p == '-');
    if (starts_with_ci(digits, end, "nan"))
        return nc_error_set(err, NC_EINPUT, "NaN is not allowed in '%.*s'", q->len, q->text);
    if (starts_with_ci(digits, end, "inf"))
        return nc_error_set(err, NC_EINPUT, "infinity is not allowed in '%.*s'", q->len, q->text);
    if (starts_with_ci(digits, end, "0x"))
        return nc_error_set(err, NC_EINPUT, "hexadecimal numbers are not allowed in '%.*s'", q->len,
                            q->text);
    char *after;
    errno = 0;
    q->value = strtod(p, &after);
    if (after == p || after > end)
        return nc_error_set(err, NC_EINPUT, "expected a number with a unit, got '%.*s'", q->len,
                            q->text);
    if (errno == ERANGE && fabs(q->value) == HUGE_VAL)
        return nc_error_set(err, NC_EINPUT, "number too large in '%.*s'", q->len, q->text);
    if (errno == ERANGE && fabs(q->value) < DBL_MIN)
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s' is too small to compute with (below %g); write 0 for none",
                            q->len, q->text, DBL_MIN);
    *stop = after;
    return 0;
}

/* Store in 'q->unit' the symbol [u, u + len), after a "$" if 'dollar'. */
static int take_symbol(written *q, int dollar, const char *u, size_t len, nc_error *err)
{
    if (dollar && len > 0 && *u != '/')
        return nc_error_set(err, NC_EINPUT, "both '$' and '%.*s' in '%.*s': write one", (int)len, u,
                            q->len, q->text);
    if (len + (dollar ? 1u : 0u) > UNIT_MAX)
        return nc_error_set(err, NC_EINPUT, "unknown unit '%.*s'", (int)len, u);
    memcpy(q->unit, "$", dollar ? 1u : 0u);
    memcpy(q->unit + dollar, u, len);
    q->unit[(size_t)dollar + len] = '\0';
    return 0;
}

/*
 * Split [begin, end) into an optional "$", a number, an optional unit symbol (everything up
 * to the next blank) and nothing else. Converts nothing: see to_canonical().
 */
static int scan_quantity(const char *begin, const char *end, written *q, nc_error *err)
{
    begin = skip_blanks(begin, end);
    end = trim_end(begin, end);
    q->text = begin;
    q->len = (int)(end - begin);
    if (begin == end)
        return nc_error_set(err, NC_EINPUT, "expected a number with a unit");
    int dollar = *begin == '$';
    const char *p = skip_blanks(begin + dollar, end), *unit;
    if (p == end)
        return nc_error_set(err, NC_EINPUT, "expected a number with a unit, got '%.*s'", q->len,
                            q->text);
    int rc = scan_number(p, end, q, &p, err);
    if (rc)
        return rc;
    unit = p = skip_blanks(p, end);
    while (p < end && !is_blank(*p))
        p++;
    const char *rest = skip_blanks(p, end);
    if (rest < end)
        return nc_error_set(err, NC_EINPUT, "unexpected '%.*s' after '%.*s'", (int)(end - rest),
                            rest, (int)(p - begin), begin);
    return take_symbol(q, dollar, unit, (size_t)(p - unit), err);
}

/*
 * The largest magnitude a quantity may have, in the canonical unit: far above any real
 * pipeline, low enough that sums over 10^9 trials and 10^8 replications stay finite. A
 * duration is at most 1,000 years; everything else at most 10^15 of its unit (the world's
 * yearly electricity is about 3 x 10^13 kWh, IEA 2023).
 */
static double magnitude_limit(nc_dim dim)
{
    return dim == NC_DIM_TIME ? 1000.0 * 8760.0 : 1e15;
}

/* Convert the scanned 'q' to the canonical unit of 'dim'; messages quote [text, text + len). */
static int to_canonical(const written *q, nc_dim dim, const char *text, int len, double *out,
                        nc_error *err)
{
    double scale = 1, per = 1;
    if (q->unit[0]) {
        const unit_def *u = find_unit(q->unit);
        if (!u)
            return unknown_unit(q->unit, dim, err);
        /* A price per GPU-hour may be written as plain money ("0.43 USD"): the field itself
         * says "per hour" (DESIGN.md's own example, `gpu_hour: {low: 0.43 USD}`). */
        int per_hour_as_money = dim == NC_DIM_USD_PER_H && u->dim == NC_DIM_MONEY;
        if (u->dim != dim && !per_hour_as_money)
            return wrong_dim(dim, u, text, len, err);
        scale = u->scale;
        per = u->per;
    }
    double value = q->value * scale / per;
    if (!isfinite(value))
        return nc_error_set(err, NC_EINPUT, "number too large in '%.*s' once converted to %s", len,
                            text, dims[dim].unit);
    if (fabs(value) > magnitude_limit(dim))
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s' is beyond any research pipeline: the limit is %g %s", len,
                            text, magnitude_limit(dim), dims[dim].unit);
    if (value != 0 && fabs(value) < DBL_MIN)
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s' is too small to compute with (below %g); write 0 for none", len,
                            text, DBL_MIN);
    *out = value;
    return 0;
}

/* The dimension's name for messages; "unknown" for a value outside nc_dim. */
const char *nc_dim_name(nc_dim dim)
{
    return valid_dim(dim) ? dims[dim].name : "unknown";
}

/* The canonical unit's symbol ("" for NC_DIM_NONE); "?" for a value outside nc_dim. */
const char *nc_dim_unit(nc_dim dim)
{
    return valid_dim(dim) ? dims[dim].unit : "?";
}

/*
 * Look up 'symbol' exactly (case-sensitive). On success store its dimension and its factor
 * to the canonical unit in '*dim' and '*factor'; on NC_EINPUT the message suggests the
 * nearest known symbol, and '*dim', '*factor' are untouched.
 */
int nc_unit_lookup(const char *symbol, nc_dim *dim, double *factor, nc_error *err)
{
    const unit_def *u = find_unit(symbol);
    if (!u)
        return unknown_unit(symbol, NC_DIM__COUNT, err);
    *dim = u->dim;
    *factor = u->scale / u->per;
    return 0;
}

/*
 * Parse the quantity 'text' as a value of 'dim' in its canonical unit, into '*out' (untouched
 * on error). A NULL 'text' reads as empty. Returns 0, NC_EINPUT with a message that quotes the
 * text, or NC_EINTERNAL if 'dim' is not an nc_dim.
 */
int nc_quantity_parse(const char *text, nc_dim dim, double *out, nc_error *err)
{
    written q;
    if (!valid_dim(dim))
        return bad_dim(dim, err);
    if (!text)
        text = "";
    int rc = scan_quantity(text, text + strlen(text), &q, err);
    if (rc)
        return rc;
    return to_canonical(&q, dim, q.text, q.len, out, err);
}

/* Give the low end the unit of the high one when only the high end has one ("3 to 9 d"). */
static int share_unit(written *a, const written *b, const char *text, int len, nc_error *err)
{
    if (a->unit[0] && !b->unit[0])
        return nc_error_set(err, NC_EINPUT, "missing unit after '%.*s' in '%.*s'", b->len, b->text,
                            len, text);
    if (!a->unit[0])
        memcpy(a->unit, b->unit, sizeof a->unit);
    return 0;
}

/*
 * Parse "A to B" where A and B are quantities of 'dim', and a unit after B alone applies to
 * both ends. Returns 1 with the canonical ends in '*lo' < '*hi'; 0, touching nothing, if
 * 'text' has no " to "; NC_EINPUT (ends untouched) if it is a malformed range; NC_EINTERNAL if
 * 'dim' is not an nc_dim.
 */
int nc_range_parse(const char *text, nc_dim dim, double *lo, double *hi, nc_error *err)
{
    const char *to = text ? strstr(text, " to ") : NULL;
    if (!to)
        return 0;
    if (!valid_dim(dim))
        return bad_dim(dim, err);
    const char *end = text + strlen(text), *begin = skip_blanks(text, end);
    int len = (int)(trim_end(begin, end) - begin);
    if (strstr(to + 4, " to "))
        return nc_error_set(err, NC_EINPUT, "a range has one 'to', not several: '%.*s'", len,
                            begin);
    written a, b;
    double lo_value, hi_value;
    int rc = scan_quantity(text, to, &a, err);
    if (!rc)
        rc = scan_quantity(to + 4, end, &b, err);
    if (!rc)
        rc = share_unit(&a, &b, begin, len, err);
    if (!rc)
        rc = to_canonical(&a, dim, begin, len, &lo_value, err);
    if (!rc)
        rc = to_canonical(&b, dim, begin, len, &hi_value, err);
    if (rc)
        return rc;
    if (!(lo_value < hi_value))
        return nc_error_set(err, NC_EINPUT, "the range must go from low to high: '%.*s'", len,
                            begin);
    *lo = lo_value;
    *hi = hi_value;
    return 1;
}

/*
 * Express the canonical 'value' of 'dim' in the unit 'symbol' into '*out' (untouched on
 * error). The canonical symbol itself, including "" for NC_DIM_NONE, returns 'value' as is.
 * Returns 0, NC_EINPUT if 'symbol' is unknown or of another dimension, or NC_EINTERNAL if
 * 'dim' is not an nc_dim.
 */
int nc_unit_convert(double value, nc_dim dim, const char *symbol, double *out, nc_error *err)
{
    if (!valid_dim(dim))
        return bad_dim(dim, err);
    if (strcmp(symbol, dims[dim].unit) == 0) {
        *out = value;
        return 0;
    }
    const unit_def *u = find_unit(symbol);
    if (!u)
        return unknown_unit(symbol, dim, err);
    if (u->dim != dim)
        return nc_error_set(err, NC_EINPUT, "cannot express %s%s in '%s', a unit of %s",
                            dims[dim].article, dims[dim].name, symbol, dims[u->dim].name);
    *out = value * u->per / u->scale;
    return 0;
}
