/* cli_report_page.c - what the report's parts share about its run (see cli_report_page.h). */
#include "cli/cli_report_page.h"

#include "output/output_format.h"

/* The scenario the page is about. */
const nc_scenario *nc_cli_page_scenario(const nc_cli_page *pg)
{
    return pg->rep->res->sc;
}

/* The summary of metric 'm' of the pipeline's total, as displayed (masses in the page's
 * unit, shares in %); returns its unit. */
const char *nc_cli_page_total(const nc_cli_page *pg, int m, nc_summary *out)
{
    const nc_report *rep = pg->rep;
    return nc_output_display(rep->mass_unit, m, nc_report_get(rep, NC_ROW_TOTAL, m), out);
}
