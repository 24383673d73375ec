/* cli_versus.h - `nascost compare` and `nascost sweep` (cli_versus.c). */
#ifndef NC_CLI_VERSUS_H
#define NC_CLI_VERSUS_H

int nc_cli_compare(int argc, char **argv);
int nc_cli_sweep(int argc, char **argv);

#endif
