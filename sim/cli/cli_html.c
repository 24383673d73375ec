/* cli_html.c - text, numbers and sources as HTML, for the report (see cli_html.h). */
#include "cli/cli_html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/metrics.h"
#include "output/output_format.h"
#include "scenario/catalog.h"

/* 'len' bytes of 's' as HTML text or attribute value: & < > " ' escaped; other control
 * characters than tab and line breaks become spaces. */
void nc_cli_html_n(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; s && i < len && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c, f);
        }
    }
}

/* 's' escaped (see html_n). */
void nc_cli_html(FILE *f, const char *s)
{
    nc_cli_html_n(f, s, s ? strlen(s) : 0);
}

/* 's' escaped (see html_n) into 'buf' (cut short to fit 'size' bytes). */
void nc_cli_html_copy(char *buf, size_t size, const char *s)
{
    FILE *f = fmemopen(buf, size, "w");
    buf[0] = '\0';
    if (!f)
        return;
    setvbuf(f, NULL, _IONBF, 0);
    nc_cli_html(f, s);
    fclose(f);
    buf[size - 1] = '\0';
}

/* One of nascost's own labels, escaped, with "CO2" written CO₂. */
void nc_cli_html_label(FILE *f, const char *s)
{
    for (const char *co2; s && (co2 = strstr(s, "CO2")); s = co2 + 3) {
        nc_cli_html_n(f, s, (size_t)(co2 - s));
        fputs("CO\u2082", f);
    }
    nc_cli_html(f, s);
}

/* 'v' as a table writes it ("40,888", "0.427"), but a small whole number as one ("5", not
 * "5.00": trial counts). */
void nc_cli_html_number(FILE *f, double v)
{
    char buf[64];
    if (v == floor(v) && fabs(v) < 100)
        snprintf(buf, sizeof buf, "%.0f", v);
    else
        nc_output_number(buf, sizeof buf, v);
    fputs(buf, f);
}

/* 'v', a count, as a whole number ("4,789", "50"). */
void nc_cli_html_count(FILE *f, double v)
{
    char buf[64];
    nc_output_count(buf, sizeof buf, v);
    fputs(buf, f);
}

/* 'v', a value of metric 'm' (-1: none): a count as a whole number, else as html_number. */
void nc_cli_html_value(FILE *f, int m, double v)
{
    if (m >= 0 && nc_metric_is_count((nc_metric)m))
        nc_cli_html_count(f, v);
    else
        nc_cli_html_number(f, v);
}

/* "31,071 – 53,778": a P5-P95 band of metric 'm' (-1: none). */
void nc_cli_html_band(FILE *f, int m, const nc_summary *s)
{
    nc_cli_html_value(f, m, s->p5);
    fputs(" \u2013 ", f);
    nc_cli_html_value(f, m, s->p95);
}

/* " kg", " USD", "" for a count, "%" for a share. */
void nc_cli_html_unit(FILE *f, const char *unit)
{
    if (unit[0] && strcmp(unit, "%"))
        fputc(' ', f);
    nc_cli_html(f, unit);
}

/* "models/hardware.yaml:143": 'file' below the data directory (or as it is when it lies
 * elsewhere) and 'line' (none when 0). */
void nc_cli_html_where(FILE *f, const char *file, int line)
{
    const char *data = nc_catalog_data_dir();
    size_t len = strlen(data);
    if (file && !strncmp(file, data, len) && file[len] == '/')
        file += len + 1;
    fputs("<span class=\"where\">", f);
    nc_cli_html(f, file ? file : "?");
    if (line > 0)
        fprintf(f, ":%d", line);
    fputs("</span>", f);
}

/* A source's text, marked when it says it is UNVERIFIED. */
void nc_cli_html_source(FILE *f, const char *words, const char *file, int line)
{
    if (!strncasecmp(words, "UNVERIFIED", 10)) {
        fputs("<span class=\"unverified\">unverified</span> ", f);
        words += 10 + strspn(words + 10, ": ");
    }
    nc_cli_html(f, words);
    fputc(' ', f);
    nc_cli_html_where(f, file, line);
}

/* 'arg' for a POSIX shell: as it is when it is plain, else in single quotes. */
void nc_cli_html_shell_word(FILE *f, const char *arg)
{
    if (arg[0] && strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                              "_./=:,+-%@") == strlen(arg)) {
        nc_cli_html(f, arg);
        return;
    }
    fputc('\'', f);
    for (const char *s = arg; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else
            nc_cli_html_n(f, s, 1);
    fputc('\'', f);
}
