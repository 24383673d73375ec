/*
 * unit_table.c - the units nascost reads (unit_table.h).
 *
 * One flat table lists every accepted symbol with its dimension and its factor to the
 * dimension's canonical unit. The factor is kept as a fraction scale/per, so that "2.385 min"
 * becomes 2.385 / 60, correctly rounded, rather than 2.385 times an inexact 1/60. Symbols are
 * case-sensitive ("mW" is not "MW", "t" is the tonne).
 *
 * A carbon intensity or a price is a quotient of two simple units, composed rather than listed:
 * any mass (with or without its gas: "tCO2e") over any energy, any money over any time (also
 * "per GPU-hour") or energy. So "tCO2e/MWh" is 1 kg/kWh and "lb/MWh" is eGRID's unit.
 */
#include "base/unit_table.h"

#include <stdio.h>
#include <string.h>

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
 * "$/GPU-hour"): see nc_unit_resolve(). */
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
int nc_unit_resolve(const char *symbol, nc_unit *u)
{
    size_t len = strlen(symbol);
    const unit_def *d = find_simple(symbol, len, NC_DIM__COUNT);
    if (!d)
        d = find_mass(symbol, len);
    if (d) {
        *u = (nc_unit){d->dim, d->scale, d->per};
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
            *u = (nc_unit){quotients[i].dim, num->scale * den->per, num->per * den->scale};
            return 0;
        }
    }
    return -1;
}

/* Whether [s, s + len) is a simple unit of dimension 'want' (NC_DIM__COUNT: any). */
int nc_unit_simple(const char *s, size_t len, nc_dim want)
{
    return find_simple(s, len, want) != NULL;
}

/* ---- symbols of a dimension, for suggestions ------------------------------------------------ */

static void each_quotient(const struct quotient *q, nc_unit_fn fn, void *ctx)
{
    char symbol[3 * NC_UNIT_MAX];
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
                    nc_unit u = {q->dim, a->scale * b->per, a->per * b->scale};
                    fn(ctx, symbol, &u);
                }
            }
    }
}

/* Call 'fn' with every symbol of dimension 'want' (NC_DIM__COUNT: of every dimension). */
void nc_unit_each(nc_dim want, nc_unit_fn fn, void *ctx)
{
    char symbol[2 * NC_UNIT_MAX];
    for (size_t i = 0; i < N_UNITS; i++) {
        const unit_def *d = &units[i];
        for (size_t s = 0; s < (d->dim == NC_DIM_MASS ? N_SPECIES : 1); s++) {
            nc_unit u = {d->dim, d->scale, d->per};
            snprintf(symbol, sizeof symbol, "%s%s", d->symbol, SPECIES[s]);
            if (want == NC_DIM__COUNT || want == d->dim)
                fn(ctx, symbol, &u);
        }
    }
    for (size_t i = 0; i < N_QUOTIENTS; i++)
        if (want == NC_DIM__COUNT || want == quotients[i].dim)
            each_quotient(&quotients[i], fn, ctx);
}
