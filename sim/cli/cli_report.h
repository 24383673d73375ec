/* cli_report.h - `nascost report`: a run of a scenario as one self-contained HTML page. */
#ifndef NC_CLI_REPORT_H
#define NC_CLI_REPORT_H

/* `nascost report`: one self-contained HTML page of a run. */
int nc_cli_report_html(int argc, char **argv);

#endif
