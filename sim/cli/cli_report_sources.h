/*
 * cli_report_sources.h - the report's sections that cite: the total in the catalog's CO2e
 * equivalents, and every input with its distribution, nominal value and where it comes from
 * (a catalog entry's name, year and source, the scenario's file:line, the command line, or
 * nascost's default).
 */
#ifndef NC_CLI_REPORT_SOURCES_H
#define NC_CLI_REPORT_SOURCES_H

#include <stdio.h>

#include "cli/cli_report_page.h"

/* The section "Equivalents": the total CO2e in the catalog's labelled yardsticks. */
void nc_cli_report_equivalents(FILE *f, const nc_cli_page *pg);

/* The section "Inputs and sources": every input the scenario uses (nc_scenario_each_input). */
void nc_cli_report_inputs(FILE *f, const nc_cli_page *pg);

#endif
