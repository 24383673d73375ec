/*
 * input_check.h - the checks of an uncertain input's values as input_load.c reads them: the
 * field's domain (PUE >= 1, fractions in [0, 1]), its plausible range (ranges.h, with "did you
 * mean" another unit), a distribution's nominal parameters and its spread. Messages name the
 * field by its path, except where the location already says it (`--set PATH=VALUE`).
 */
#ifndef NC_INPUT_CHECK_H
#define NC_INPUT_CHECK_H

#include "load/node.h"
#include "load/ranges.h"
#include "scenario/input.h"

/* "PATH: " into 'buf' ('size' bytes) to start a message about the field 'path' written at
 * 'node'; "" when the location names it. */
void nc_input_prefix(char *buf, size_t size, const char *path, const nc_node *node);

/* The value 'v' written at 'node' for the field 'path' must be plausible for 'r' (ranges.h;
 * NULL: anything is). Returns 0, or the range's error positioned at 'node'. */
int nc_input_check_plausible(double v, const nc_node *node, const char *path,
                             const nc_field_range *r, nc_error *err);

/* Both checks of a value: within 'dom' (else NC_EINPUT, suggesting a unit that would make it
 * plausible for 'r'), then plausible. */
int nc_input_check_value(double v, const nc_node *node, const char *path, const nc_domain *dom,
                         const nc_field_range *r, nc_error *err);

/* Parse the quantity written at scalar 'node' for the field 'path' of dimension 'dim' into
 * '*out'; 'r' (may be NULL) steers the suggestions of a unit error. */
int nc_input_parse_quantity(double *out, const nc_node *node, const char *path, nc_dim dim,
                            const nc_field_range *r, nc_error *err);

/* Build the distribution of 'in' (read from 'node') at nominal parameters once, so impossible
 * ones fail at load, the message at the parameter it names. */
int nc_input_check_nominal(const nc_input *in, const nc_node *node, nc_error *err);

/* The 0.1st to 99.9th percentiles of 'in' at nominal parameters must lie in 'r'. */
int nc_input_check_spread(const nc_input *in, const nc_node *node, const nc_field_range *r,
                          nc_error *err);

/*
 * The plausibility check of nc_input_load (ranges.h) for a quantity 'value' of 'dim' that a
 * loader read itself from the scalar 'node' for the field 'path' ("deadline"). Returns 0, or
 * NC_EINPUT positioned at 'node'.
 */
int nc_quantity_check(const nc_node *node, const char *path, nc_dim dim, double value,
                      nc_error *err);

#endif
