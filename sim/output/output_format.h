/* output_format.h - numbers and units for people, shared by the tables, the figures, the report
 * and the budget (output_format.c). */
#ifndef NC_OUTPUT_FORMAT_H
#define NC_OUTPUT_FORMAT_H

#include <stddef.h>

#include "base/error.h"
#include "stats/stats.h"

/* Format 'v' for people: thousands separators, about 3 significant digits. */
void nc_output_number(char *buf, size_t size, double v);

/* 'v', a count, for people: a whole number with thousands separators ("4,789"). */
void nc_output_count(char *buf, size_t size, double v);

/* 'v', a value of metric 'm', for people: a count (nc_metric_is_count) as a whole number with
 * thousands separators ("4,789", "5"), anything else (and any value when 'm' < 0) as
 * nc_output_number. */
void nc_output_value(char *buf, size_t size, int m, double v);

/* "median [P5 - P95]" of metric 'm' (as nc_output_value), or the median alone when the band
 * is a point. */
void nc_output_band(char *buf, size_t size, int m, const nc_summary *s);

/*
 * How metric 'm' is shown to people: in '*unit', its canonical value times '*factor'. Masses
 * (kg) in 'mass_unit' ("kg", "t", "lb" or any mass unit units.c knows; NULL: kg), shares and
 * utilisation in percent, every other metric in its own unit (factor 1). The one conversion
 * of masses for tables, figures, the report and budgets. NC_EINPUT for a unit that is not a
 * mass ('*factor' 1 and '*unit' the metric's own then).
 */
int nc_output_scale(double *factor, const char **unit, int m, const char *mass_unit, nc_error *err);

/* Metric 'm''s summary 's' as a table shows it: masses in 'mass_unit' (kg, lb, t), fractions
 * as percentages; returns the unit to print. */
const char *nc_output_display(const char *mass_unit, int m, const nc_summary *s, nc_summary *out);

#endif
