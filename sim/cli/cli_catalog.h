/* cli_catalog.h - `nascost catalog`: the hardware, grids, PUE presets and equivalents
 * (cli_catalog.c). */
#ifndef NC_CLI_CATALOG_H
#define NC_CLI_CATALOG_H

int nc_cli_catalog(int argc, char **argv);

#endif
