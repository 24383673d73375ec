/* cli_check.h - `nascost check`: validate a scenario and print it as resolved (cli_check.c). */
#ifndef NC_CLI_CHECK_H
#define NC_CLI_CHECK_H

int nc_cli_check(int argc, char **argv);

#endif
