/*
 * input_load.h - reading an uncertain input from YAML (DESIGN.md, "Distributions").
 *
 *   250 W                                  a fixed quantity
 *   "380 to 480 g/kWh"                     lognormal with 380 and 480 as P5 and P95
 *   {dist: triangular, min: 1.3, mode: 1.58, max: 2.0}
 *   {dist: lognormal, mean: 50 h, sd: {dist: uniform, low: 40 h, high: 80 h}, min: 3 min}
 *
 * Every parameter takes the field's unit except gsd (a factor > 1), beta's mean and sd
 * (fractions) and choice weights (plain numbers). Any parameter, and the bounds, may be a
 * distribution: it is drawn once per replication under the path PATH.PARAM.
 */
#ifndef NC_INPUT_LOAD_H
#define NC_INPUT_LOAD_H

#include "scenario/input.h"
#include "load/node.h"

/* Domains used by scenario fields. */
extern const nc_domain NC_DOMAIN_ANY;         /* any finite number */
extern const nc_domain NC_DOMAIN_NONNEG;      /* >= 0: watts, prices, kWh */
extern const nc_domain NC_DOMAIN_POSITIVE;    /* > 0: durations, speeds, lifetimes */
extern const nc_domain NC_DOMAIN_FRACTION;    /* [0, 1] */
extern const nc_domain NC_DOMAIN_PUE;         /* >= 1 */

/*
 * Read the input at 'node' for the field 'path' of dimension 'dim' and domain 'dom' into
 * '*out' (caller frees with nc_input_free). Errors (NC_EINPUT) are positioned at the offending
 * node or key: unknown distribution, unknown or missing parameter, wrong unit, value outside
 * the domain, parameters that make no distribution (checked at their nominal values).
 */
int nc_input_load(nc_input **out, const nc_node *node, const char *path, nc_dim dim,
                  const nc_domain *dom, nc_error *err);

#endif
