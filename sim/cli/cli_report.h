/* cli_report.h - `nascost report`: one self-contained HTML page of a run (cli_report.c). */
#ifndef NC_CLI_REPORT_H
#define NC_CLI_REPORT_H

int nc_cli_report_html(int argc, char **argv);

#endif
