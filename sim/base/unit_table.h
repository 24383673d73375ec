/*
 * unit_table.h - the units nascost reads (unit_table.c): simple units with their dimension and
 * factor, masses with their gas, and the quotients they compose (carbon intensities, prices).
 * Private to base/units*.c; the interface of quantities with units is units.h.
 */
#ifndef NC_UNIT_TABLE_H
#define NC_UNIT_TABLE_H

#include <stddef.h>

#include "base/dim.h"

#define NC_UNIT_MAX 32 /* longest unit symbol read; longer words are reported as unknown units */

/* A unit once resolved: its dimension and its factor scale/per to the canonical unit. */
typedef struct nc_unit {
    nc_dim dim;
    double scale, per; /* value in canonical unit = value * scale / per */
} nc_unit;

/*
 * Resolve 'symbol' into '*u': a simple unit ("min"), a mass with its gas ("tCO2e"), or a
 * quotient ("tCO2e/MWh" = kg/kWh, "$/GPU-hour", "USD/MWh"). Returns 0, or -1 if 'symbol' is
 * none of these.
 */
int nc_unit_resolve(const char *symbol, nc_unit *u);

/* Whether [s, s + len) is a simple unit of dimension 'want' (NC_DIM__COUNT: any). */
int nc_unit_simple(const char *s, size_t len, nc_dim want);

/* Call 'fn' with every symbol of dimension 'want' (NC_DIM__COUNT: of every dimension) and its
 * unit, composed ones included. */
typedef void (*nc_unit_fn)(void *ctx, const char *symbol, const nc_unit *u);
void nc_unit_each(nc_dim want, nc_unit_fn fn, void *ctx);

#endif
