/* main.c - the nascost command: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_budget.h"
#include "cli/cli_catalog.h"
#include "cli/cli_check.h"
#include "cli/cli_common.h"
#include "cli/cli_plot.h"
#include "cli/cli_report.h"
#include "cli/cli_run.h"
#include "cli/cli_sensitivity.h"
#include "cli/cli_versus.h"
#include "cli/cli_signal.h"

static const char HELP[] =
    "nascost " NC_VERSION " - what a machine-learning research pipeline costs, before it runs:\n"
    "energy, money and CO2e, with Monte Carlo uncertainty bands.\n"
    "\n"
    "usage: nascost COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml      simulate and print median [P5 - P95] per stage and in total\n"
    "  compare A.yaml B.yaml  variants with common random numbers: paired differences\n"
    "  sweep SCENARIO.yaml    one run per value of --vary PATH=V1,V2,..., paired\n"
    "  budget SCENARIO.yaml   what to ask for to be 90% sure; caps, most trials, fewest GPUs\n"
    "  sensitivity SCENARIO.yaml   tornado and Sobol indices: which unknown matters most\n"
    "  plot RESULTS           figures (PNG, SVG, PDF) of `run -o`, compare or sweep results\n"
    "  report SCENARIO.yaml   one self-contained HTML page: numbers, figures, inputs, sources\n"
    "  check SCENARIO.yaml    validate a scenario and print it as resolved\n"
    "  catalog [NAME]         list the hardware, grids, PUE presets and equivalents\n"
    "\n"
    "  nascost COMMAND --help shows each command's options and examples.\n"
    "  nascost --version      prints the version.\n"
    "\n"
    "example:\n"
    "  nascost run scenarios/lisa-rnd.yaml\n"
    "\n"
    "exit status: 0 success, 2 bad input or usage, 130 interrupted, 1 anything else.\n";

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} COMMANDS[] = {
    {"run", nc_cli_run},
    {"compare", nc_cli_compare},
    {"sweep", nc_cli_sweep},
    {"budget", nc_cli_budget},
    {"sensitivity", nc_cli_sensitivity},
    {"plot", nc_cli_plot},
    {"report", nc_cli_report_html},
    {"check", nc_cli_check},
    {"catalog", nc_cli_catalog},
};

/* Run command 'i'; a signal turns whatever it returns into 130 (cli_signal.h). */
static int run_command(size_t i, int argc, char **argv)
{
    nc_cli_signal_init();
    int rc = COMMANDS[i].run(argc, argv);
    if (nc_cli_interrupted() && rc != NC_EXIT_INTERRUPTED) { /* after its last poll */
        nc_cli_signal_say();
        rc = NC_EXIT_INTERRUPTED;
    }
    return rc;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return fputs(HELP, stderr), NC_EXIT_USAGE;
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
        return fputs(HELP, stdout), NC_EXIT_OK;
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))
        return printf("nascost %s (%s)\n", NC_VERSION, NC_COMPILER), NC_EXIT_OK;
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (!strcmp(cmd, COMMANDS[i].name))
            return run_command(i, argc - 1, argv + 1);
    fprintf(stderr, "nascost: unknown command '%s' (see 'nascost --help')\n", cmd);
    return NC_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    return nc_cli_finish(dispatch(argc, argv));
}
