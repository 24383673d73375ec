/*
 * units.c - quantities with units (see units.h).
 *
 * A quantity is read in two steps: nc_unit_scan() (unit_scan.c) splits the text into a number
 * and a unit symbol, then to_canonical() looks the symbol up in the unit table (unit_table.c)
 * and converts. nc_range_parse() scans both ends before converting, so that a unit written
 * only after the second end applies to both. An unknown symbol's message suggests the nearest
 * known one (unit_suggest.c).
 */
#include "base/units.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "base/text.h"
#include "base/unit_scan.h"
#include "base/unit_suggest.h"
#include "base/unit_table.h"

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

static int valid_dim(nc_dim dim)
{
    return (unsigned)dim < NC_DIM__COUNT;
}

static int bad_dim(nc_dim dim, nc_error *err)
{
    return nc_error_set(err, NC_EINTERNAL, "invalid dimension %d", (int)dim);
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
static int unit_of(const nc_written *q, nc_dim dim, const char *text, int len,
                   const nc_plausible *p, nc_unit *u, nc_error *err)
{
    *u = (nc_unit){dim, 1, 1};
    if (!q->unit[0])
        return 0;
    if (nc_unit_resolve(q->unit, u))
        return nc_unit_unknown(q->unit, dim, q->value, p, err);
    int per_hour_as_money = dim == NC_DIM_USD_PER_H && u->dim == NC_DIM_MONEY;
    if (u->dim != dim && !per_hour_as_money)
        return wrong_dim(dim, q->unit, u->dim, text, len, err);
    return 0;
}

/* Convert the scanned 'q' to the canonical unit of 'dim'; messages quote [text, text + len). */
static int to_canonical(const nc_written *q, nc_dim dim, const char *text, int len,
                        const nc_plausible *p, double *out, nc_error *err)
{
    nc_unit u;
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
    nc_unit u;
    if (nc_unit_resolve(symbol, &u))
        return nc_unit_unknown(symbol, NC_DIM__COUNT, 1, NULL, err);
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
    nc_written q;
    if (!valid_dim(dim))
        return bad_dim(dim, err);
    if (!text)
        text = "";
    int rc = nc_unit_scan(text, text + strlen(text), &q, err);
    if (rc)
        return rc;
    return to_canonical(&q, dim, q.text, q.len, p, out, err);
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
    nc_written q[2];
    const char *begin;
    int len;
    double lo_value, hi_value;
    int rc = nc_unit_scan_range(text, q, &begin, &len, err);
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
    nc_written q[2];
    const char *begin;
    int len;
    nc_unit u;
    size_t n = 2;
    if (size)
        buf[0] = '\0';
    if (!valid_dim(dim) || !text || !p || !size)
        return 0;
    int rc = nc_unit_scan_range(text, q, &begin, &len, NULL);
    if (rc == 0) {
        n = 1;
        rc = nc_unit_scan(text, text + strlen(text), &q[0], NULL) ? -1 : 1;
    }
    if (rc != 1 || (n == 2 && (!(q[0].value < q[1].value) || strcmp(q[0].unit, q[1].unit))) ||
        unit_of(&q[0], dim, text, 0, NULL, &u, NULL))
        return 0;
    const char *symbol = nc_unit_reread_symbol(q, n, dim, &u, p);
    if (!symbol)
        return 0;
    nc_unit_write_reread(buf, size, q, n, symbol);
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
    nc_unit u;
    if (nc_unit_resolve(symbol, &u))
        return nc_unit_unknown(symbol, dim, value, NULL, err);
    if (u.dim != dim)
        return nc_error_set(err, NC_EINPUT, "cannot express %s%s in '%s', a unit of %s",
                            dims[dim].article, dims[dim].name, nc_quote(symbol).text,
                            dims[u.dim].name);
    *out = value * u.per / u.scale;
    return 0;
}
