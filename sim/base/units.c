/*
 * units.c - quantities with units (see units.h).
 *
 * One flat table lists every accepted symbol with its dimension and its factor to the
 * dimension's canonical unit. The factor is kept as a fraction scale/per, so that "2.385 min"
 * becomes 2.385 / 60, correctly rounded, rather than 2.385 times an inexact 1/60. Symbols are
 * case-sensitive ("mW" is not "MW", "t" is the tonne); a near miss is suggested in the message.
 *
 * A carbon intensity or a price is a quotient of two simple units, composed rather than listed:
 * any mass (with or without its gas: "tCO2e") over any energy, any money over any time (also
 * "per GPU-hour") or energy. So "tCO2e/MWh" is 1 kg/kWh and "lb/MWh" is eGRID's unit.
 *
 * A quantity is read in two steps: scan_quantity() splits the text into a number and a unit
 * symbol, then to_canonical() looks the symbol up and converts. nc_range_parse() scans both
 * ends before converting, so that a unit written only after the second end applies to both.
 *
 * Suggestions name only units of the dimension asked for, and among equally near spellings
 * the one that keeps the number's magnitude: in its field's plausible range (nc_plausible),
 * nearest its typical value, or without a range the one nearest the canonical unit.
 */
#include "base/units.h"
#include "base/text.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"

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

/* The simple units. A carbon intensity or a price is composed of two of them ("tCO2e/MWh",
 * "$/GPU-hour"): see resolve(). */
static const unit_def units[] = {
    {"%", NC_DIM_NONE, 1, 100},

    {"s", NC_DIM_TIME, 1, 3600},
    {"sec", NC_DIM_TIME, 1, 3600},
    {"secs", NC_DIM_TIME, 1, 3600},
    {"second", NC_DIM_TIME, 1, 3600},
    {"seconds", NC_DIM_TIME, 1, 3600},
    {"min", NC_DIM_TIME, 1, 60},
    {"mins", NC_DIM_TIME, 1, 60},
    {"minute", NC_DIM_TIME, 1, 60},
    {"minutes", NC_DIM_TIME, 1, 60},
    {"h", NC_DIM_TIME, 1, 1},
    {"hr", NC_DIM_TIME, 1, 1},
    {"hrs", NC_DIM_TIME, 1, 1},
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
    {"yrs", NC_DIM_TIME, H_PER_YEAR, 1},
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
    {"Mt", NC_DIM_MASS, 1e9, 1},
    {"lb", NC_DIM_MASS, KG_PER_LB, 1},
    {"lbs", NC_DIM_MASS, KG_PER_LB, 1},

    {"USD", NC_DIM_MONEY, 1, 1},
    {"$", NC_DIM_MONEY, 1, 1},
    {"kUSD", NC_DIM_MONEY, 1e3, 1},
    {"MUSD", NC_DIM_MONEY, 1e6, 1},
};

#define N_UNITS (sizeof units / sizeof units[0])

/* What a mass of greenhouse gas may say it is a mass of ("kgCO2e", "tCO2-eq/MWh"): the
 * notations of the GHG Protocol (CO2e), IPCC AR6 (CO2-eq) and common use (CO2, CO2eq). The
 * engine counts CO2-equivalents throughout; "CO2" is read as the same mass. */
static const char *const SPECIES[] = {"", "CO2", "CO2e", "CO2eq", "CO2-eq"};
#define N_SPECIES (sizeof SPECIES / sizeof SPECIES[0])

/* A price per hour is per accelerator-hour; "USD/GPU-h" says so explicitly. */
static const char *const PER_GPU[] = {"", "GPU-"};
#define N_PER_GPU (sizeof PER_GPU / sizeof PER_GPU[0])

/* The quotients a scenario uses: numerator dimension / denominator dimension -> dimension. */
static const struct quotient {
    nc_dim num, den, dim;
} quotients[] = {
    {NC_DIM_MASS, NC_DIM_ENERGY, NC_DIM_CI},
    {NC_DIM_MONEY, NC_DIM_TIME, NC_DIM_USD_PER_H},
    {NC_DIM_MONEY, NC_DIM_ENERGY, NC_DIM_USD_PER_KWH},
};
#define N_QUOTIENTS (sizeof quotients / sizeof quotients[0])

/* The units a number may have been meant in, when it is outside its field's plausible range
 * ("431 kg/kWh: did you mean 431 g/kWh?"): per dimension the units people write it in, one per
 * factor. "" is a plain number. */
static const char *const REREAD[] = {
    "",      "%",      "s",      "min",    "h",   "d",    "wk",   "month", "y",       "W",
    "kW",    "MW",     "Wh",     "kWh",    "MWh", "GWh",  "g",    "kg",    "t",       "lb",
    "g/kWh", "kg/kWh", "lb/kWh", "lb/MWh", "USD", "kUSD", "MUSD", "USD/h", "USD/kWh", "USD/MWh",
};
#define N_REREAD (sizeof REREAD / sizeof REREAD[0])

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

/* A unit once resolved: its dimension and its factor scale/per to the canonical unit. */
typedef struct unit {
    nc_dim dim;
    double scale, per;
} unit;

#define NUMBER_MAX 64 /* digits of a number with thousands separators, read through a copy */

/* A quantity as written: the text (trimmed, for messages), its number (as written, and as
 * read) and its unit symbol ("" when bare). A "$" before the number joins the symbol:
 * "$0.43/h" has the unit "$/h". */
typedef struct written {
    const char *text;
    int len;
    const char *number; /* the number's text, [number, number + number_len) */
    int number_len;
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

static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b))
            return 0;
    return *a == *b;
}

/* ---- resolving a symbol ---------------------------------------------------------------------- */

/* The simple unit [s, s + len) of dimension 'want' (NC_DIM__COUNT: any), or NULL. */
static const unit_def *find_simple(const char *s, size_t len, nc_dim want)
{
    for (size_t i = 0; i < N_UNITS; i++)
        if (strlen(units[i].symbol) == len && memcmp(units[i].symbol, s, len) == 0 &&
            (want == NC_DIM__COUNT || units[i].dim == want))
            return &units[i];
    return NULL;
}

/* Does [s, s + len) end with 'suffix'? Then store the length before it in '*stem'. */
static int ends_with(const char *s, size_t len, const char *suffix, size_t *stem)
{
    size_t n = strlen(suffix);
    if (n > len || memcmp(s + len - n, suffix, n) != 0)
        return 0;
    *stem = len - n;
    return 1;
}

/* A mass written with the gas it is a mass of ("kgCO2e"), or without ("kg"). */
static const unit_def *find_mass(const char *s, size_t len)
{
    for (size_t i = N_SPECIES; i-- > 0;) { /* longest suffixes last in SPECIES: try them first */
        size_t stem;
        if (ends_with(s, len, SPECIES[i], &stem) && stem > 0) {
            const unit_def *u = find_simple(s, stem, NC_DIM_MASS);
            if (u)
                return u;
        }
    }
    return NULL;
}

/* A simple unit of dimension 'want', a mass also with its gas, a time also per GPU. */
static const unit_def *find_part(const char *s, size_t len, nc_dim want)
{
    if (want == NC_DIM_MASS)
        return find_mass(s, len);
    if (want == NC_DIM_TIME && len > 4 && memcmp(s, "GPU-", 4) == 0)
        return find_simple(s + 4, len - 4, NC_DIM_TIME);
    return find_simple(s, len, want);
}

/*
 * Resolve 'symbol' into '*u': a simple unit ("min"), a mass with its gas ("tCO2e"), or a
 * quotient of the table 'quotients' ("tCO2e/MWh" = kg/kWh, "$/GPU-hour", "USD/MWh"), so that
 * every prefix, mass and energy compose without a list of their products. Returns 0, or -1 if
 * 'symbol' is none of these.
 */
static int resolve(const char *symbol, unit *u)
{
    size_t len = strlen(symbol);
    const unit_def *d = find_simple(symbol, len, NC_DIM__COUNT);
    if (!d)
        d = find_mass(symbol, len);
    if (d) {
        *u = (unit){d->dim, d->scale, d->per};
        return 0;
    }
    const char *slash = strchr(symbol, '/');
    if (!slash || slash == symbol || strchr(slash + 1, '/'))
        return -1;
    size_t n = (size_t)(slash - symbol), m = len - n - 1;
    for (size_t i = 0; i < N_QUOTIENTS; i++) {
        const unit_def *num = find_part(symbol, n, quotients[i].num);
        const unit_def *den = num ? find_part(slash + 1, m, quotients[i].den) : NULL;
        if (den) {
            *u = (unit){quotients[i].dim, num->scale * den->per, num->per * den->scale};
            return 0;
        }
    }
    return -1;
}

/* ---- symbols of a dimension, for suggestions ------------------------------------------------ */

typedef void (*symbol_fn)(void *ctx, const char *symbol, const unit *u);

static void each_quotient(const struct quotient *q, symbol_fn fn, void *ctx)
{
    char symbol[3 * UNIT_MAX];
    for (size_t i = 0; i < N_UNITS; i++) {
        const unit_def *a = &units[i];
        if (a->dim != q->num)
            continue;
        for (size_t s = 0; s < (q->num == NC_DIM_MASS ? N_SPECIES : 1); s++)
            for (size_t j = 0; j < N_UNITS; j++) {
                const unit_def *b = &units[j];
                if (b->dim != q->den)
                    continue;
                for (size_t g = 0; g < (q->den == NC_DIM_TIME ? N_PER_GPU : 1); g++) {
                    snprintf(symbol, sizeof symbol, "%s%s/%s%s", a->symbol, SPECIES[s], PER_GPU[g],
                             b->symbol);
                    unit u = {q->dim, a->scale * b->per, a->per * b->scale};
                    fn(ctx, symbol, &u);
                }
            }
    }
}

/* Call 'fn' with every symbol of dimension 'want' (NC_DIM__COUNT: of every dimension). */
static void each_symbol(nc_dim want, symbol_fn fn, void *ctx)
{
    char symbol[2 * UNIT_MAX];
    for (size_t i = 0; i < N_UNITS; i++) {
        const unit_def *d = &units[i];
        for (size_t s = 0; s < (d->dim == NC_DIM_MASS ? N_SPECIES : 1); s++) {
            unit u = {d->dim, d->scale, d->per};
            snprintf(symbol, sizeof symbol, "%s%s", d->symbol, SPECIES[s]);
            if (want == NC_DIM__COUNT || want == d->dim)
                fn(ctx, symbol, &u);
        }
    }
    for (size_t i = 0; i < N_QUOTIENTS; i++)
        if (want == NC_DIM__COUNT || want == quotients[i].dim)
            each_quotient(&quotients[i], fn, ctx);
}

/* How far the value 'x' read in unit 'u' is from what 'p' finds typical (natural log of the
 * ratio; +1000 outside the plausible range), or without 'p' how far 'u' is from the canonical
 * unit: the magnitude a suggestion should keep. */
static double magnitude_miss(double x, const unit *u, const nc_plausible *p)
{
    double v = fabs(x) * u->scale / u->per;
    if (!p || !(v > 0) || !(p->typical > 0))
        return fabs(log(u->scale / u->per));
    int inside = (v >= p->lo && v <= p->hi) || (v == 0 && p->zero_ok);
    return fabs(log(v / p->typical)) + (inside ? 0 : 1000);
}

typedef struct nearest {
    const char *symbol; /* the unknown symbol */
    size_t len;
    double value;
    const nc_plausible *p;
    int best_rank;
    double best_miss;
    char best[3 * UNIT_MAX];
} nearest;

/* Keep 'symbol' if it is nearer to the unknown one than the best so far: equal but for case
 * (rank 0), else fewer edits (at most 2, and fewer than the unknown symbol has characters, so
 * that "x" does not suggest "s"); equal ranks go to the nearer magnitude. */
static void keep_nearest(void *ctx, const char *symbol, const unit *u)
{
    nearest *n = ctx;
    int rank =
        same_ignoring_case(n->symbol, symbol) ? 0 : nc_suggest_distance_exact(n->symbol, symbol);
    if (rank > 2 || (rank > 0 && (size_t)rank >= n->len))
        return;
    double miss = magnitude_miss(n->value, u, n->p);
    if (rank < n->best_rank || (rank == n->best_rank && miss < n->best_miss)) {
        n->best_rank = rank;
        n->best_miss = miss;
        snprintf(n->best, sizeof n->best, "%s", symbol);
    }
}

/* Write into 'n->best' the symbol of dimension 'want' nearest to 'symbol' (a price per hour
 * may also be plain money); "" if none is near. */
static void suggest(nearest *n, nc_dim want)
{
    n->len = strlen(n->symbol);
    n->best_rank = 3;
    n->best_miss = HUGE_VAL;
    n->best[0] = '\0';
    each_symbol(want, keep_nearest, n);
    if (want == NC_DIM_USD_PER_H)
        each_symbol(NC_DIM_MONEY, keep_nearest, n);
}

/* "GPU-h" and the like count GPUs times time: a duration is the time one trial takes. */
static int gpu_hours(const char *symbol)
{
    size_t len = strlen(symbol);
    return len > 3 && strncmp(symbol, "GPU", 3) == 0 &&
           (find_simple(symbol + 3, len - 3, NC_DIM_TIME) ||
            (symbol[3] == '-' && find_simple(symbol + 4, len - 4, NC_DIM_TIME)));
}

static int unknown_unit(const char *symbol, nc_dim want, double value, const nc_plausible *p,
                        nc_error *err)
{
    if (!symbol[0])
        return nc_error_set(err, NC_EINPUT, "empty unit symbol");
    if (want == NC_DIM_TIME && gpu_hours(symbol))
        return nc_error_set(err, NC_EINPUT,
                            "'%s' is GPUs times time, not a time: give the wall-clock time one "
                            "trial takes (GPU-hours divided by its GPUs), e.g. '5 h'",
                            nc_quote(symbol).text);
    nearest n = {.symbol = symbol, .value = value, .p = p};
    suggest(&n, want);
    if (n.best[0])
        return nc_error_set(err, NC_EINPUT, "unknown unit '%s' (did you mean '%s'?)",
                            nc_quote(symbol).text,
                            n.best);
    return nc_error_set(err, NC_EINPUT, "unknown unit '%s'", nc_quote(symbol).text);
}

/* ---- re-reading a number in another unit ----------------------------------------------------- */

/* Is the canonical value 'v' plausible by 'p'? */
static int plausible(double v, const nc_plausible *p)
{
    return (v >= p->lo && v <= p->hi) || (v == 0 && p->zero_ok);
}

/* Could a number written in a unit of factor 'written' have been meant in one of factor
 * 'meant'? A bare number ('bare') in any unit of its dimension; a number with a unit only with
 * another SI prefix on it, a factor of 1,000 or a power of it (g/kWh for kg/kWh, kW for W).
 * Whoever wrote "0.1 s" meant seconds, and "0.1 wk" would only happen to be plausible. */
static int confusable(double as_written, double meant, int bare)
{
    if (meant == as_written)
        return 0;
    if (bare)
        return 1;
    double decades = log10(meant / as_written), k = nearbyint(decades / 3);
    return k != 0 && fabs(decades - 3 * k) < 1e-9;
}

/* The unit of REREAD, of dimension 'dim' and confusable with 'as_written', in which every
 * number of 'q[0..n)' is plausible by 'p', the nearest to its typical value; NULL if none. */
static const char *reread(const written *q, size_t n, nc_dim dim, const unit *as_written,
                          const nc_plausible *p)
{
    const char *best = NULL;
    double best_miss = HUGE_VAL;
    for (size_t i = 0; i < N_REREAD; i++) {
        unit u = {NC_DIM_NONE, 1, 1};
        if ((REREAD[i][0] && resolve(REREAD[i], &u)) || u.dim != dim ||
            !confusable(as_written->scale / as_written->per, u.scale / u.per, !q[0].unit[0]))
            continue;
        int all = 1;
        double log_sum = 0;
        for (size_t k = 0; k < n && all; k++) {
            double v = q[k].value * u.scale / u.per;
            all = plausible(v, p);
            log_sum += v > 0 ? log(v) : 0;
        }
        double miss = p->typical > 0 ? fabs(log_sum / (double)n - log(p->typical)) : 0;
        if (all && miss < best_miss) {
            best = REREAD[i];
            best_miss = miss;
        }
    }
    return best;
}

/* "431 g/kWh", "380 to 480 g/kWh", "85%": the numbers of 'q' as written, in 'symbol'. */
static void write_reread(char *buf, size_t size, const written *q, size_t n, const char *symbol)
{
    const char *space = symbol[0] && strcmp(symbol, "%") != 0 ? " " : "";
    if (n == 1)
        snprintf(buf, size, "%.*s%s%s", q[0].number_len, q[0].number, space, symbol);
    else
        snprintf(buf, size, "%.*s to %.*s%s%s", q[0].number_len, q[0].number, q[1].number_len,
                 q[1].number, space, symbol);
}

/* ---- scanning -------------------------------------------------------------------------------- */

/* "'4,78': ..." for a comma that does not separate groups of three digits. */
static int bad_grouping(const written *q, nc_error *err)
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
static int ungroup(const char *p, const char *digits, const char *end, const written *q, char *buf,
                   size_t *commas, nc_error *err)
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
static int scan_number(const char *p, const char *end, written *q, const char **stop, nc_error *err)
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
static int take_symbol(written *q, int dollar, const char *u, size_t len, nc_error *err)
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
    if (len + (dollar ? 1u : 0u) > UNIT_MAX)
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

/* "expected a time (h), got a power (kW) in '5 kW'"; the canonical unit is left out for
 * NC_DIM_NONE, which has none. */
static int wrong_dim(nc_dim want, const char *symbol, nc_dim got, const char *text, int len,
                     nc_error *err)
{
    const struct dim_info *w = &dims[want], *g = &dims[got];
    return nc_error_set(err, NC_EINPUT, "expected %s%s%s%s%s, got %s%s (%s) in '%.*s'", w->article,
                        w->name, w->unit[0] ? " (" : "", w->unit, w->unit[0] ? ")" : "", g->article,
                        g->name, symbol, len, text);
}

/* The unit 'q' is written in, for dimension 'dim' ('*u'); NC_EINPUT if unknown or of another
 * dimension. A price per GPU-hour may be written as plain money ("0.43 USD"): the field
 * itself says "per hour" (DESIGN.md's own example, `gpu_hour: {low: 0.43 USD}`). */
static int unit_of(const written *q, nc_dim dim, const char *text, int len, const nc_plausible *p,
                   unit *u, nc_error *err)
{
    *u = (unit){dim, 1, 1};
    if (!q->unit[0])
        return 0;
    if (resolve(q->unit, u))
        return unknown_unit(q->unit, dim, q->value, p, err);
    int per_hour_as_money = dim == NC_DIM_USD_PER_H && u->dim == NC_DIM_MONEY;
    if (u->dim != dim && !per_hour_as_money)
        return wrong_dim(dim, q->unit, u->dim, text, len, err);
    return 0;
}

/* Convert the scanned 'q' to the canonical unit of 'dim'; messages quote [text, text + len). */
static int to_canonical(const written *q, nc_dim dim, const char *text, int len,
                        const nc_plausible *p, double *out, nc_error *err)
{
    unit u;
    int rc = unit_of(q, dim, text, len, p, &u, err);
    if (rc)
        return rc;
    double value = q->value * u.scale / u.per;
    if (!isfinite(value))
        return nc_error_set(err, NC_EINPUT, "number too large in '%.*s' once converted to %s", len,
                            text, dims[dim].unit);
    if (fabs(value) > magnitude_limit(dim))
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s' is beyond any research pipeline: the limit is %g %s", len, text,
                            magnitude_limit(dim), dims[dim].unit);
    if (value != 0 && fabs(value) < DBL_MIN)
        return nc_error_set(err, NC_EINPUT,
                            "'%.*s' is too small to compute with (below %g); write 0 for none", len,
                            text, DBL_MIN);
    *out = value;
    return 0;
}

/* ---- the interface --------------------------------------------------------------------------- */

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
 * Look up 'symbol' exactly (case-sensitive), composed units included. On success store its
 * dimension and its factor to the canonical unit in '*dim' and '*factor'; on NC_EINPUT the
 * message suggests the nearest known symbol, and '*dim', '*factor' are untouched.
 */
int nc_unit_lookup(const char *symbol, nc_dim *dim, double *factor, nc_error *err)
{
    unit u;
    if (resolve(symbol, &u))
        return unknown_unit(symbol, NC_DIM__COUNT, 1, NULL, err);
    *dim = u.dim;
    *factor = u.scale / u.per;
    return 0;
}

int nc_quantity_parse(const char *text, nc_dim dim, double *out, nc_error *err)
{
    return nc_quantity_parse_near(text, dim, NULL, out, err);
}

/*
 * Parse the quantity 'text' as a value of 'dim' in its canonical unit, into '*out' (untouched
 * on error). A NULL 'text' reads as empty. 'p' (may be NULL) steers suggestions. Returns 0,
 * NC_EINPUT with a message that quotes the text, or NC_EINTERNAL if 'dim' is not an nc_dim.
 */
int nc_quantity_parse_near(const char *text, nc_dim dim, const nc_plausible *p, double *out,
                           nc_error *err)
{
    written q;
    if (!valid_dim(dim))
        return bad_dim(dim, err);
    if (!text)
        text = "";
    int rc = scan_quantity(text, text + strlen(text), &q, err);
    if (rc)
        return rc;
    return to_canonical(&q, dim, q.text, q.len, p, out, err);
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

/* Split 'text' at its " to " into 'q[0]', 'q[1]' with shared units; 0 if not a range. */
static int scan_range(const char *text, written q[2], const char **begin, int *len, nc_error *err)
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
    int rc = scan_quantity(text, to, &q[0], err);
    if (!rc)
        rc = scan_quantity(to + 4, end, &q[1], err);
    if (!rc)
        rc = share_unit(&q[0], &q[1], *begin, *len, err);
    return rc ? rc : 1;
}

int nc_range_parse(const char *text, nc_dim dim, double *lo, double *hi, nc_error *err)
{
    return nc_range_parse_near(text, dim, NULL, lo, hi, err);
}

/*
 * Parse "A to B" where A and B are quantities of 'dim', and a unit after B alone applies to
 * both ends. Returns 1 with the canonical ends in '*lo' < '*hi'; 0, touching nothing, if
 * 'text' has no " to "; NC_EINPUT (ends untouched) if it is a malformed range; NC_EINTERNAL if
 * 'dim' is not an nc_dim. 'p' (may be NULL) steers suggestions.
 */
int nc_range_parse_near(const char *text, nc_dim dim, const nc_plausible *p, double *lo, double *hi,
                        nc_error *err)
{
    if (!text || !strstr(text, " to "))
        return 0;
    if (!valid_dim(dim))
        return bad_dim(dim, err);
    written q[2];
    const char *begin;
    int len;
    double lo_value, hi_value;
    int rc = scan_range(text, q, &begin, &len, err);
    if (rc == 1)
        rc = to_canonical(&q[0], dim, begin, len, p, &lo_value, err);
    if (!rc)
        rc = to_canonical(&q[1], dim, begin, len, p, &hi_value, err);
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
 * The quantity or range 'text' of 'dim' read in another unit under which every number in it
 * is plausible by 'p' (the nearest to p->typical), written into 'buf' ("431 g/kWh",
 * "380 to 480 g/kWh", "85%"). Returns 1 with 'buf' written, 0 if no such unit (or 'text' does
 * not parse), leaving 'buf' empty.
 */
int nc_unit_reread(const char *text, nc_dim dim, const nc_plausible *p, char *buf, size_t size)
{
    written q[2];
    const char *begin;
    int len;
    unit u;
    size_t n = 2;
    if (size)
        buf[0] = '\0';
    if (!valid_dim(dim) || !text || !p || !size)
        return 0;
    int rc = scan_range(text, q, &begin, &len, NULL);
    if (rc == 0) {
        n = 1;
        rc = scan_quantity(text, text + strlen(text), &q[0], NULL) ? -1 : 1;
    }
    if (rc != 1 || (n == 2 && (!(q[0].value < q[1].value) || strcmp(q[0].unit, q[1].unit))) ||
        unit_of(&q[0], dim, text, 0, NULL, &u, NULL))
        return 0;
    const char *symbol = reread(q, n, dim, &u, p);
    if (!symbol)
        return 0;
    write_reread(buf, size, q, n, symbol);
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
    unit u;
    if (resolve(symbol, &u))
        return unknown_unit(symbol, dim, value, NULL, err);
    if (u.dim != dim)
        return nc_error_set(err, NC_EINPUT, "cannot express %s%s in '%s', a unit of %s",
                            dims[dim].article, dims[dim].name, nc_quote(symbol).text,
                            dims[u.dim].name);
    *out = value * u.per / u.scale;
    return 0;
}
