/*
 * cli_figure_kit.h - the plumbing every figure of the command line shares (cli_figure_kit.c):
 * a figure being built (its data NAME.csv and its script NAME.gp: settings, then
 * plots/common.gp and plots/NAME.gp), the texts it writes (gnuplot strings that gnuplot can
 * neither execute nor expand, CSV fields on one line) and the words of metrics and bands. The
 * figures of a run: cli_figures_run.h; of comparisons, sweeps, sensitivity analyses:
 * cli_figures_analysis.h; drawn by cli_gnuplot.h's plotter.
 */
#ifndef NC_CLI_FIGURE_KIT_H
#define NC_CLI_FIGURE_KIT_H

#include <stddef.h>
#include <stdio.h>

#include "cli/cli_common.h" /* nc_error */
#include "cli/cli_gnuplot.h"
#include "output/figure_run.h"

/* A growing piece of text (open_memstream): 'buf' holds everything once closed. */
typedef struct nc_cli_text {
    char *buf;
    size_t len;
    FILE *f;
} nc_cli_text;

/* Open 't' empty; 0, or -1 when out of memory. */
int nc_cli_text_open(nc_cli_text *t);

/* Close the stream so that 'buf' holds everything; 0, or -1 when a write had failed. */
int nc_cli_text_close(nc_cli_text *t);

/* Free the text (and its stream if still open). */
void nc_cli_text_free(nc_cli_text *t);

/* Read the whole file 'path' into a new NUL-terminated string ('*out', free it). NC_EIO
 * naming the file when it cannot be read. */
int nc_cli_read_text(char **out, const char *path, nc_error *err);

/*
 * Write 'value' (any bytes; NULL: empty) to 'f' as a gnuplot string expression that draws it
 * as it is and that gnuplot cannot execute or expand: single-quoted strings joined with "\n"
 * for line breaks, "\\" for backslashes and "'" for quotes; control characters and bytes
 * that are not UTF-8 drawn as U+FFFD. Every text a figure's script holds is written by it.
 */
void nc_cli_gp_string(FILE *f, const char *value);

/* NAME = "value" (nc_cli_gp_string), a line of a script's settings. */
void nc_cli_gp_text(FILE *f, const char *name, const char *value);

/* NAME = v (17 digits; NaN when not finite). */
void nc_cli_gp_number(FILE *f, const char *name, double v);

/* A text field of a figure's CSV (nc_output_csv_field) on one line: line breaks as spaces,
 * control characters and bytes that are not UTF-8 as U+FFFD, as the figure draws them. */
void nc_cli_csv_text(FILE *f, const char *s);

/* ",NAME_UNIT" for a CSV header ("p50_t", "p50_USD", "p50_pct", "p50" without a unit); the
 * first column without the comma. */
void nc_cli_csv_column(FILE *f, const char *name, const char *unit);
void nc_cli_csv_first_column(FILE *f, const char *name, const char *unit);

/* Metric 'm' in words: "CO₂e" for "CO2e", without the table's indentation. */
void nc_cli_metric_words(char *buf, size_t size, int m);

/* "total " for a metric summed over stages, "" for one that is not (makespan, utilisation). */
const char *nc_cli_total_prefix(int m);

/* The metric for a title: "Total CO₂e", "GPU utilisation", "Calendar time". */
void nc_cli_title_words(char *buf, size_t size, int m);

/* "PREFIXwords (unit)" for an axis. */
void nc_cli_axis_label(char *buf, size_t size, const char *prefix, int m, const char *unit);

/* "40,888 [31,071 - 53,778] kg": band 'b' of metric 'm' (-1: a ratio, an equivalent). */
void nc_cli_band_words(char *buf, size_t size, int m, const nc_plot_band *b, const char *unit);

/* A figure being built: its CSV ('data'), its script's settings ('vars'), and per row of
 * the CSV a label and a text for the script (gnuplot 5.4 does not read quoted commas in CSV,
 * so text goes to the script as the arrays row_label, row_text and row_note, and last in
 * the CSV). */
typedef struct nc_cli_figure {
    const char *name;
    nc_cli_text data, vars, labels, texts, notes;
    size_t rows;
} nc_cli_figure;

/* Start figure 'name' with its caption (one line); NC_ENOMEM. */
int nc_cli_figure_open(nc_cli_figure *fig, const char *name, const char *caption, nc_error *err);

/* End the CSV's current row with its label (its last field), and give the script two texts
 * to show beside it. */
void nc_cli_figure_row(nc_cli_figure *fig, const char *label, const char *words, const char *note);

/* Write DIR/NAME.csv and DIR/NAME.gp (atomically), then draw the figure when gnuplot is there.
 * NC_ENOMEM, NC_EIO, NC_EINPUT (plots/ scripts missing: set NASCOST_DATA). */
int nc_cli_figure_finish(nc_cli_plotter *p, nc_cli_figure *fig, nc_error *err);

/* Free what the figure holds. */
void nc_cli_figure_free(nc_cli_figure *fig);

#endif
