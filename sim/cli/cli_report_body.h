/*
 * cli_report_body.h - the report's page: its template (plots/report.html.in) with the title,
 * version and body filled in; the body's sections are the header, the estimate, what the
 * bands mean, the figures, the per-stage table, the equivalents, the inputs and this run.
 */
#ifndef NC_CLI_REPORT_BODY_H
#define NC_CLI_REPORT_BODY_H

#include <stdio.h>

#include "cli/cli_report_page.h"

/* Write the page 'ctx' (an nc_cli_page with its template and figures) to 'f': an
 * nc_cli_write_file writer. Returns 0, NC_ENOMEM or NC_EIO. */
int nc_cli_report_write(FILE *f, const void *ctx, nc_error *err);

#endif
