/*
 * cli_html.h - text, numbers and sources written as HTML for `nascost report`. Every string from
 * a scenario or the catalog goes through nc_cli_html_n, the one escaping function.
 */
#ifndef NC_CLI_HTML_H
#define NC_CLI_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "cli/cli_args.h" /* the library as the command line sees it: nc_summary, nc_written */

/* 'len' bytes of 's' as HTML text or attribute value: & < > " ' escaped; other control
 * characters than tab and line breaks become spaces. */
void nc_cli_html_n(FILE *f, const char *s, size_t len);

/* 's' escaped (see nc_cli_html_n); NULL writes nothing. */
void nc_cli_html(FILE *f, const char *s);

/* 's' escaped into 'buf' (cut short to fit 'size' bytes). */
void nc_cli_html_copy(char *buf, size_t size, const char *s);

/* One of nascost's own labels, escaped, with "CO2" written CO₂. */
void nc_cli_html_label(FILE *f, const char *s);

/* 'v' as a table writes it ("40,888", "0.427"), but a small whole number as one ("5", not
 * "5.00": trial counts). */
void nc_cli_html_number(FILE *f, double v);

/* 'v', a count, as a whole number ("4,789", "50"). */
void nc_cli_html_count(FILE *f, double v);

/* 'v', a value of metric 'm' (-1: none): a count as a whole number, else as a number. */
void nc_cli_html_value(FILE *f, int m, double v);

/* "31,071 – 53,778": the P5-P95 band of 's', of metric 'm' (-1: none). */
void nc_cli_html_band(FILE *f, int m, const nc_summary *s);

/* " kg", " USD", "" for a count, "%" for a share. */
void nc_cli_html_unit(FILE *f, const char *unit);

/* "models/hardware.yaml:143": 'file' below the data directory (or as it is when it lies
 * elsewhere) and 'line' (none when 0). */
void nc_cli_html_where(FILE *f, const char *file, int line);

/* A source's text 'words' and where it is written ('file':'line'), marked when it says it is
 * UNVERIFIED. */
void nc_cli_html_source(FILE *f, const char *words, const char *file, int line);

/* 'arg' for a POSIX shell: as it is when it is plain, else in single quotes; escaped. */
void nc_cli_html_shell_word(FILE *f, const char *arg);

#endif
