/*
 * units.h - quantities with units (DESIGN.md, "Scenario format": quantities carry units).
 *
 * Every number in a scenario has a dimension, and is converted on reading to the dimension's
 * canonical unit, which is what the engine computes in:
 *
 *   dimension          canonical   also accepted (examples)
 *   NC_DIM_NONE        1           "12%" (= 0.12); plain numbers (PUE, fractions, counts)
 *   NC_DIM_TIME        h           s, sec, min, h, hr, hour(s), d, day(s), wk, week(s),
 *                                  month(s) (730 h), y, yr, year(s) (8760 h)
 *   NC_DIM_POWER       W           mW, W, kW, MW
 *   NC_DIM_ENERGY      kWh         Wh, kWh, MWh, GWh, J, kJ, MJ, GJ
 *   NC_DIM_MASS        kg          g, kg, t, tonne(s), kt, Mt, lb, lbs (0.45359237 kg exactly),
 *                                  each also with its gas: kgCO2e, tCO2, lbCO2-eq, gCO2eq
 *   NC_DIM_CI          kg/kWh      MASS/ENERGY, composed: g/kWh, gCO2e/kWh, tCO2e/MWh (= kg/kWh),
 *                                  kgCO2e/MWh, lb/MWh, lbs/kWh, g/MJ, ...
 *   NC_DIM_MONEY       USD         USD, $ (prefix "$0.43" or suffix), kUSD, MUSD
 *   NC_DIM_USD_PER_H   USD/h       MONEY/TIME, composed: USD/h, $/hr, USD/GPU-hour, $/GPU-h, ...
 *   NC_DIM_USD_PER_KWH USD/kWh     MONEY/ENERGY, composed: USD/kWh, $/kWh, USD/MWh, ...
 *
 * A bare number takes the canonical unit of the dimension asked for. A price per hour may also
 * be written as plain money ("0.43 USD" for a GPU-hour's price). A unit of another
 * dimension is an error that names both ("expected a time (h), got a power (W)").
 * The number and the unit may be separated by spaces or not ("20t", "3 min").
 * Thousands may be grouped with commas, in threes ("4,789", "1,082,990 h"); a comma is never
 * a decimal mark ("4,78" is an error), and spaces or underscores do not group digits.
 *
 * The table of units is unit_table.c, the scanning of a quantity's text unit_scan.c, the
 * suggestions for unknown units and implausible numbers unit_suggest.c.
 */
#ifndef NC_UNITS_H
#define NC_UNITS_H

#include <stddef.h>

#include "base/dim.h"
#include "base/error.h"

/* The dimension's name for messages ("time", "power", ...). */
const char *nc_dim_name(nc_dim dim);

/* The canonical unit's symbol ("h", "W", "kWh", "kg", "kg/kWh", "USD", "USD/h", "USD/kWh";
 * "" for NC_DIM_NONE). */
const char *nc_dim_unit(nc_dim dim);

/*
 * Look up a unit symbol (e.g. "min", "lb/kWh"). On success store its dimension in '*dim' and
 * the factor that converts a value in that unit to the canonical unit of that dimension in
 * '*factor' (e.g. "min" -> NC_DIM_TIME, 1/60). Returns 0, or NC_EINPUT if unknown (with a
 * message that suggests the nearest known unit).
 */
int nc_unit_lookup(const char *symbol, nc_dim *dim, double *factor, nc_error *err);

/*
 * Parse a quantity such as "3 min", "0.954 lb/kWh", "$0.43", "1.2e3 W", "250", "12%" as a
 * value of dimension 'dim', converted to the canonical unit, into '*out'. Leading and trailing
 * spaces are allowed; anything else after the unit is an error. NaN, infinities and values
 * that overflow are errors. Returns 0 or NC_EINPUT (message only; the caller adds the position).
 */
int nc_quantity_parse(const char *text, nc_dim dim, double *out, nc_error *err);

/* nc_quantity_parse for a field whose plausible values are 'p' (NULL: unknown): a suggested
 * unit for an unknown or wrong-dimension one keeps the number plausible. */
int nc_quantity_parse_near(const char *text, nc_dim dim, const nc_plausible *p, double *out,
                           nc_error *err);

/*
 * Parse the range shorthand "A to B UNIT", e.g.
 * "380 to 480 g/kWh" or "40 to 90 W"; the unit may also follow each end ("3 min to 9 d").
 * Returns 1 and stores the canonical ends in '*lo', '*hi' if 'text' is a range; returns 0
 * without touching them if 'text' is not of the range form at all (so the caller can try
 * nc_quantity_parse); returns NC_EINPUT if it is a range but malformed (bad unit, wrong
 * dimension, lo >= hi).
 */
int nc_range_parse(const char *text, nc_dim dim, double *lo, double *hi, nc_error *err);

/* nc_range_parse with the field's plausible values 'p' (NULL: unknown) for suggestions. */
int nc_range_parse_near(const char *text, nc_dim dim, const nc_plausible *p, double *lo, double *hi,
                        nc_error *err);

/*
 * Read the quantity or range 'text' of 'dim' again in another unit of 'dim' in which all its
 * numbers are plausible by 'p', the one nearest p->typical; write it into 'buf' as the user
 * would ("431 g/kWh", "380 to 480 g/kWh", "85%"). Returns 1, or 0 (buf empty) if there is none.
 */
int nc_unit_reread(const char *text, nc_dim dim, const nc_plausible *p, char *buf, size_t size);

/* Express the canonical 'value' of 'dim' in the unit 'symbol' (e.g. kg -> "lb"). Returns 0,
 * or NC_EINPUT if 'symbol' is unknown or of another dimension. */
int nc_unit_convert(double value, nc_dim dim, const char *symbol, double *out, nc_error *err);

#endif
