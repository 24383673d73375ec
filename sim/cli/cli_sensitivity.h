/* cli_sensitivity.h - `nascost sensitivity` (cli_sensitivity.c). */
#ifndef NC_CLI_SENSITIVITY_H
#define NC_CLI_SENSITIVITY_H

int nc_cli_sensitivity(int argc, char **argv);

#endif
