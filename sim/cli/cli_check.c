/* cli_check.c - `nascost check`: validate a scenario and print it as resolved, through the
 * public API (nc_scenario_load, nc_scenario_write_check). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_check.h"
#include "cli/cli_common.h"
#include "nascost.h"

static const char CHECK_HELP[] =
    "usage: nascost check SCENARIO.yaml [--set PATH=VALUE]...\n"
    "\n"
    "Validate the scenario (extends and --set applied, units converted, catalog names bound)\n"
    "and print every input the model reads for it with its distribution and nominal value,\n"
    "in canonical units (h, W, kWh, kg, kg/kWh, USD): not the catalog's power fraction where\n"
    "a stage gives gpu_w, nor embodied values with 'embodied: false', nor prices of another\n"
    "pricing. The JSON, the report and the sensitivity analyses list the same inputs.\n"
    "Exit status 0 when valid, 2 when not.\n"
    "\n"
    "example:\n"
    "  nascost check scenarios/lisa-rnd.yaml\n";

int nc_cli_check(int argc, char **argv)
{
    static const struct option opts[] = {{"set", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char **sets = calloc((size_t)argc, sizeof *sets);
    size_t n_sets = 0;
    int c, status = NC_EXIT_OK;
    if (!sets)
        return NC_EXIT_FAIL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(CHECK_HELP, stdout);
            free(sets);
            return NC_EXIT_OK;
        }
        if (c != 's') {
            free(sets);
            return nc_cli_usage("check", "unknown or incomplete option");
        }
        sets[n_sets++] = optarg;
    }
    if (optind != argc - 1) {
        free(sets);
        return nc_cli_usage("check", "give one SCENARIO.yaml");
    }
    nc_scenario *sc = NULL;
    nc_error err = {0};
    nc_load_opts lo = NC_LOAD_OPTS_INIT;
    lo.sets = sets, lo.n_sets = n_sets;
    if (nc_scenario_load(&sc, argv[optind], &lo, &err) || nc_scenario_write_check(stdout, sc, &err))
        status = nc_cli_report(&err);
    else
        printf("ok: %s is valid\n", nc_scenario_file(sc));
    nc_scenario_free(sc);
    free(sets);
    return status;
}
