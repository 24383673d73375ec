/* cli_budget.h - `nascost budget` (cli_budget.c). */
#ifndef NC_CLI_BUDGET_H
#define NC_CLI_BUDGET_H

int nc_cli_budget(int argc, char **argv);

#endif
