/*
 * unit_suggest.h - "did you mean" for units (unit_suggest.c). Private to base/units*.c; the
 * interface of quantities with units is units.h.
 */
#ifndef NC_UNIT_SUGGEST_H
#define NC_UNIT_SUGGEST_H

#include <stddef.h>

#include "base/dim.h"
#include "base/error.h"
#include "base/unit_scan.h"
#include "base/unit_table.h"

/* NC_EINPUT for the unknown unit 'symbol' of a field of dimension 'want' (NC_DIM__COUNT: any)
 * holding 'value', with the nearest known symbol of that dimension (a price per hour: also
 * plain money), the one that keeps 'value' plausible by 'p' (may be NULL) among equally near
 * ones; "GPU-h" and the like are told to be GPUs times time. */
int nc_unit_unknown(const char *symbol, nc_dim want, double value, const nc_plausible *p,
                    nc_error *err);

/* The unit, of dimension 'dim' and confusable with 'as_written' (another SI prefix; any unit
 * for a bare number), in which every number of 'q[0..n)' is plausible by 'p', the nearest to
 * its typical value; NULL if none. */
const char *nc_unit_reread_symbol(const nc_written *q, size_t n, nc_dim dim,
                                  const nc_unit *as_written, const nc_plausible *p);

/* "431 g/kWh", "380 to 480 g/kWh", "85%": the numbers of 'q[0..n)' as written, in 'symbol'. */
void nc_unit_write_reread(char *buf, size_t size, const nc_written *q, size_t n,
                          const char *symbol);

#endif
