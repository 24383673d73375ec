/*
 * unit_suggest.c - "did you mean" for units (unit_suggest.h): the known symbol nearest an
 * unknown one, and the unit a number outside its field's plausible range was probably meant in.
 *
 * Suggestions name only units of the dimension asked for, and among equally near spellings
 * the one that keeps the number's magnitude: in its field's plausible range (nc_plausible),
 * nearest its typical value, or without a range the one nearest the canonical unit.
 */
#include "base/unit_suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"
#include "base/text.h"

/* The units a number may have been meant in, when it is outside its field's plausible range
 * ("431 kg/kWh: did you mean 431 g/kWh?"): per dimension the units people write it in, one per
 * factor. "" is a plain number. */
static const char *const REREAD[] = {
    "",      "%",      "s",      "min",    "h",   "d",    "wk",   "month", "y",       "W",
    "kW",    "MW",     "Wh",     "kWh",    "MWh", "GWh",  "g",    "kg",    "t",       "lb",
    "g/kWh", "kg/kWh", "lb/kWh", "lb/MWh", "USD", "kUSD", "MUSD", "USD/h", "USD/kWh", "USD/MWh",
};
#define N_REREAD (sizeof REREAD / sizeof REREAD[0])

/* How far the value 'x' read in unit 'u' is from what 'p' finds typical (natural log of the
 * ratio; +1000 outside the plausible range), or without 'p' how far 'u' is from the canonical
 * unit: the magnitude a suggestion should keep. */
static double magnitude_miss(double x, const nc_unit *u, const nc_plausible *p)
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
    char best[3 * NC_UNIT_MAX];
} nearest;

/* Keep 'symbol' if it is nearer to the unknown one than the best so far: equal but for case
 * (rank 0), else fewer edits (at most 2, and fewer than the unknown symbol has characters, so
 * that "x" does not suggest "s"); equal ranks go to the nearer magnitude. */
static void keep_nearest(void *ctx, const char *symbol, const nc_unit *u)
{
    nearest *n = ctx;
    int rank = nc_suggest_distance(n->symbol, symbol) == 0
                   ? 0
                   : nc_suggest_distance_exact(n->symbol, symbol);
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
    nc_unit_each(want, keep_nearest, n);
    if (want == NC_DIM_USD_PER_H)
        nc_unit_each(NC_DIM_MONEY, keep_nearest, n);
}

/* "GPU-h" and the like count GPUs times time: a duration is the time one trial takes. */
static int gpu_hours(const char *symbol)
{
    size_t len = strlen(symbol);
    return len > 3 && strncmp(symbol, "GPU", 3) == 0 &&
           (nc_unit_simple(symbol + 3, len - 3, NC_DIM_TIME) ||
            (symbol[3] == '-' && nc_unit_simple(symbol + 4, len - 4, NC_DIM_TIME)));
}

int nc_unit_unknown(const char *symbol, nc_dim want, double value, const nc_plausible *p,
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
                            nc_quote(symbol).text, n.best);
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
const char *nc_unit_reread_symbol(const nc_written *q, size_t n, nc_dim dim,
                                  const nc_unit *as_written, const nc_plausible *p)
{
    const char *best = NULL;
    double best_miss = HUGE_VAL;
    for (size_t i = 0; i < N_REREAD; i++) {
        nc_unit u = {NC_DIM_NONE, 1, 1};
        if ((REREAD[i][0] && nc_unit_resolve(REREAD[i], &u)) || u.dim != dim ||
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
void nc_unit_write_reread(char *buf, size_t size, const nc_written *q, size_t n, const char *symbol)
{
    const char *space = symbol[0] && strcmp(symbol, "%") != 0 ? " " : "";
    if (n == 1)
        snprintf(buf, size, "%.*s%s%s", q[0].number_len, q[0].number, space, symbol);
    else
        snprintf(buf, size, "%.*s to %.*s%s%s", q[0].number_len, q[0].number, q[1].number_len,
                 q[1].number, space, symbol);
}
