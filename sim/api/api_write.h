/*
 * api_write.h - the public writers of a result (include/nascost.h, "Results: writers"): the
 * output layer's table, JSON and CSV writers (output.h) over the result's own summaries.
 */
#ifndef NC_API_WRITE_H
#define NC_API_WRITE_H

#include "output/output_report.h"

/* The report the output layer's writers take for 'res' with public options 'opts' (NULL: kg,
 * no timing), checked: NC_EMISUSE for NULL 'f' or 'res' or an unknown version, NC_EINPUT for a
 * mass unit that is not one, NC_EINTERNAL for a result without summaries. */
int nc_api_report(nc_report *out, FILE *f, const nc_result *res, const nc_write_opts *opts,
                  const char *function, nc_error *err);

#endif
