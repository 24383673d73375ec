/*
 * ranges.h - what each dimensioned field of a scenario or the catalog plausibly holds.
 *
 * A bare number takes its field's canonical unit (units.h), so `carbon_intensity: 431` is
 * 431 kg/kWh, 1,000 times what was meant, and `lifetime: 6` is 6 hours. Every field with a
 * dimension has a plausible range in ONE table (ranges.c, each row with its source); a value
 * outside it is refused, bare or with a unit, with the unit it was likely meant in:
 * "'431', read as 431 kg/kWh, is above any grid's carbon intensity (at most 1.5 kg/kWh):
 * did you mean 431 g/kWh?". The ranges are wide on purpose: they catch a wrong unit (a factor
 * of 60 to 10^6), not an unusual but real value.
 *
 * For a distribution, each parameter that is a value of the field (low, high, mean, median,
 * mode, min and max of triangular and PERT, p5, p95, each of `values`) must be plausible, and
 * so must its 0.1st to 99.9th percentiles at nominal parameters (see input_load.c).
 */
#ifndef NC_RANGES_H
#define NC_RANGES_H

#include "base/units.h"

typedef struct nc_field_range {
    const char *pattern; /* "sites.*.pue": '*' stands for any name */
    nc_dim dim;
    const char *low, *typical, *high; /* quantities as a scenario writes them */
    int zero_ok;                      /* 0 (none) is plausible too */
    const char *what;                 /* "grid's carbon intensity", read after "any" */
    const char *hint;                 /* said after the message, or NULL */
} nc_field_range;

/* The table, for tests and documentation; 'n' receives its length. */
const nc_field_range *nc_field_ranges(size_t *n);

/* The row whose pattern matches the input path 'path' (e.g. "sites.lab.pue") and whose
 * dimension is 'dim'; NULL if none. */
const nc_field_range *nc_field_range_find(const char *path, nc_dim dim);

/* Read the row's low, typical and high into '*out' (canonical units). Returns 0, or
 * NC_EINTERNAL if the table's text does not parse. */
int nc_field_range_values(const nc_field_range *r, nc_plausible *out, nc_error *err);

/*
 * Is the canonical 'value', written as 'text', plausible for 'r'? Returns 0, or NC_EINPUT with
 * a message (no position: the caller adds it) that says how the value was read, the bound it
 * crosses and, when one exists, the unit it was likely meant in. A NULL 'r' accepts anything.
 */
int nc_field_range_check(const nc_field_range *r, const char *text, double value, nc_error *err);

/*
 * The same for a distribution whose 0.1st and 99.9th percentiles are 'q_lo' and 'q_hi'
 * (canonical units): both must be plausible (or 0 for a 'zero_ok' field, whose lower
 * percentile is only held to 0). Returns 0 or NC_EINPUT (message without position).
 */
int nc_field_range_check_spread(const nc_field_range *r, double q_lo, double q_hi, nc_error *err);

/* "the value (if it is ..." wording of a domain error: the unit 'text' was likely meant in,
 * written into 'buf' ("85%"); 1 if there is one, else 0. */
int nc_field_range_suggest(const nc_field_range *r, const char *text, char *buf, size_t size);

#endif
