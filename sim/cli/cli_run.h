/* cli_run.h - `nascost run`: simulate a scenario and write its bands (cli_run.c). */
#ifndef NC_CLI_RUN_H
#define NC_CLI_RUN_H

int nc_cli_run(int argc, char **argv);

#endif
