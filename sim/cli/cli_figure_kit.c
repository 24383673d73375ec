/*
 * cli_figure_kit.c - the plumbing every figure shares (see cli_figure_kit.h): growing texts,
 * gnuplot strings that cannot run anything, CSV fields on one line, the words of metrics and
 * bands, and a figure's CSV and script written (then drawn by cli_gnuplot.c).
 */
#include "cli/cli_figure_kit.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics.h"
#include "base/utf8.h"
#include "cli/cli_output.h"
#include "output/output_csv.h"
#include "output/output_format.h"
#include "scenario/catalog.h"

/* ---- text ---------------------------------------------------------------------------------- */

int nc_cli_text_open(nc_cli_text *t)
{
    t->buf = NULL, t->len = 0;
    t->f = open_memstream(&t->buf, &t->len);
    return t->f ? 0 : -1;
}

/* Close the stream so that 'buf' holds everything; 0, or -1 when a write had failed. */
int nc_cli_text_close(nc_cli_text *t)
{
    int bad = !t->f || ferror(t->f);
    if (t->f && fclose(t->f))
        bad = 1;
    t->f = NULL;
    return bad ? -1 : 0;
}

void nc_cli_text_free(nc_cli_text *t)
{
    if (t->f)
        fclose(t->f);
    free(t->buf);
    t->buf = NULL, t->f = NULL;
}

static int w_parts(FILE *f, const void *ctx, nc_error *err)
{
    for (const char *const *part = ctx; *part; part++)
        fputs(*part, f);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write") : 0;
}

/* Read the whole file 'path' into a new string ('*out'). */
int nc_cli_read_text(char **out, const char *path, nc_error *err)
{
    FILE *f = fopen(path, "rb");
    nc_cli_text t = {NULL, 0, NULL};
    int rc = f && !nc_cli_text_open(&t) ? 0 : -1;
    char chunk[8192];
    size_t n;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, t.f);
    if (!rc && (ferror(f) || nc_cli_text_close(&t))) {
        nc_cli_text_free(&t);
        rc = -1;
    }
    int saved = errno;
    if (f)
        fclose(f);
    if (rc) {
        nc_error_set(err, NC_EIO, "cannot read: %s", strerror(saved ? saved : EIO));
        nc_error_at(err, path, 0, 0);
        return NC_EIO;
    }
    *out = t.buf;
    return 0;
}

/* What a byte sequence of a text is to a figure (see nc_cli_gp_string). */
typedef enum text_piece {
    PIECE_PLAIN,     /* one character, drawn as it is */
    PIECE_BREAK,     /* a line break: LF, CR or CRLF */
    PIECE_BACKSLASH, /* \ */
    PIECE_QUOTE,     /* ' */
    PIECE_BAD        /* a control character (C0, DEL, C1) or a byte that is not UTF-8 */
} text_piece;

/* The piece of text at 's' and its length in bytes ('*len'). */
static text_piece next_piece(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    *len = u[0] == '\r' && u[1] == '\n' ? 2 : nc_utf8_decode(u, SIZE_MAX, NULL);
    if (u[0] == '\n' || u[0] == '\r')
        return PIECE_BREAK;
    if (u[0] == '\\' || u[0] == '\'')
        return u[0] == '\\' ? PIECE_BACKSLASH : PIECE_QUOTE;
    if (!*len || u[0] < 0x20 || u[0] == 0x7F || (u[0] == 0xC2 && u[1] < 0xA0)) {
        *len = *len ? *len : 1;
        return PIECE_BAD;
    }
    return PIECE_PLAIN;
}

#define REPLACEMENT_CHAR "\xEF\xBF\xBD" /* U+FFFD, Unicode 15.0 section 23.8 */

/* nc_cli_gp_string, with each line break drawn as a space when 'one_line'. */
static void gp_string(FILE *f, const char *value, int one_line)
{
    static const char *const constant[] = {
        [PIECE_BREAK] = "\"\\n\"", [PIECE_BACKSLASH] = "\"\\\\\"", [PIECE_QUOTE] = "\"'\""};
    const char *s = value ? value : "";
    int open = 0; /* inside a single-quoted part */
    if (!*s)
        fputs("''", f);
    for (size_t len; *s; s += len) {
        text_piece piece = next_piece(s, &len);
        const char *shown = piece == PIECE_BAD ? REPLACEMENT_CHAR : s;
        size_t n = piece == PIECE_BAD ? 3 : len;
        if (piece == PIECE_BREAK && one_line)
            piece = PIECE_PLAIN, shown = " ", n = 1;
        int plain = piece == PIECE_PLAIN || piece == PIECE_BAD;
        if (!plain && open)
            fputc('\'', f), open = 0;
        if (s != value && !open)
            fputs(" . ", f);
        if (!plain) {
            fputs(constant[piece], f);
            continue;
        }
        if (!open)
            fputc('\'', f), open = 1;
        fwrite(shown, 1, n, f);
    }
    if (open)
        fputc('\'', f);
}

/*
 * Write 'value' to 'f' as a gnuplot string expression that gnuplot can neither execute nor
 * expand, for any bytes: single-quoted strings, in which gnuplot substitutes no backquoted
 * command and no @macro and reads no backslash escape (gnuplot 5.4 documentation, "quotes"
 * and "substitution"), joined by `.` with the double-quoted constants "\n" for each line
 * break, "\\" for each backslash and "'" for each single quote. A single-quoted part so holds
 * neither a backslash (gnuplot 6 reads \U+XXXX escapes even in single quotes) nor a quote
 * (gnuplot 5.4.4 misreads runs of the doubled quote: 'a''''b' is read as an empty string).
 * Control characters and bytes that are not UTF-8 are drawn as U+FFFD. NULL is written as ''.
 */
void nc_cli_gp_string(FILE *f, const char *value)
{
    gp_string(f, value, 0);
}

/* 'name' = "value" */
void nc_cli_gp_text(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s = ", name);
    gp_string(f, value, 0);
    fputc('\n', f);
}

/* 'name' = "value", on one line (a caption: a line more would fall off the figure). */
static void gp_line(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s = ", name);
    gp_string(f, value, 1);
    fputc('\n', f);
}

void nc_cli_gp_number(FILE *f, const char *name, double v)
{
    if (isfinite(v))
        fprintf(f, "%s = %.17g\n", name, v);
    else
        fprintf(f, "%s = NaN\n", name);
}

/* A text field of a figure's CSV (nc_output_csv_field), on one line: gnuplot reads a line
 * break even between quotes as the end of a row, so each becomes a space, and each control
 * character or byte that is not UTF-8 U+FFFD, as the figure draws it. */
void nc_cli_csv_text(FILE *f, const char *s)
{
    nc_cli_text flat;
    if (nc_cli_text_open(&flat))
        return;
    for (size_t len; *s; s += len) {
        text_piece piece = next_piece(s, &len);
        if (piece == PIECE_BREAK)
            fputc(' ', flat.f);
        else
            fwrite(piece == PIECE_BAD ? REPLACEMENT_CHAR : s, 1, piece == PIECE_BAD ? 3 : len,
                   flat.f);
    }
    if (!nc_cli_text_close(&flat))
        nc_output_csv_field(f, flat.buf);
    nc_cli_text_free(&flat);
}

/* ", name_unit" for a CSV header: "p50_t", "p50_USD", "p50_pct", or "p50" without a unit. */
void nc_cli_csv_column(FILE *f, const char *name, const char *unit)
{
    fprintf(f, ",%s%s%s", name, unit[0] ? "_" : "", !strcmp(unit, "%") ? "pct" : unit);
}

/* The first column of a CSV header, as csv_column. */
void nc_cli_csv_first_column(FILE *f, const char *name, const char *unit)
{
    fprintf(f, "%s%s%s", name, unit[0] ? "_" : "", !strcmp(unit, "%") ? "pct" : unit);
}

/* "CO₂e" for "CO2e", without the table's indentation. */
void nc_cli_metric_words(char *buf, size_t size, int m)
{
    const char *label = nc_metric_label((nc_metric)m);
    while (*label == ' ')
        label++;
    const char *co2 = strstr(label, "CO2");
    if (co2)
        snprintf(buf, size, "%.*sCO\u2082%s", (int)(co2 - label), label, co2 + 3);
    else
        snprintf(buf, size, "%s", label);
}

/* "total " for a metric summed over stages, "" for one that is not (makespan, utilisation). */
const char *nc_cli_total_prefix(int m)
{
    return nc_metric_is_sum((nc_metric)m) ? "total " : "";
}

/* The metric for a title: "Total CO₂e", "GPU utilisation", "Calendar time". */
void nc_cli_title_words(char *buf, size_t size, int m)
{
    char words[64];
    nc_cli_metric_words(words, sizeof words, m);
    snprintf(buf, size, "%s%s", nc_metric_is_sum((nc_metric)m) ? "Total " : "", words);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* "label (unit)" for an axis. */
void nc_cli_axis_label(char *buf, size_t size, const char *prefix, int m, const char *unit)
{
    char words[96];
    nc_cli_metric_words(words, sizeof words, m);
    snprintf(buf, size, "%s%s%s%s%s", prefix, words, unit[0] ? " (" : "", unit, unit[0] ? ")" : "");
}

/* "40,888 [31,071 - 53,778] kg": a band of metric 'm' (-1: a ratio, an equivalent). */
void nc_cli_band_words(char *buf, size_t size, int m, const nc_plot_band *b, const char *unit)
{
    nc_summary s = {0};
    char band[128];
    s.p5 = b->p5, s.p50 = b->p50, s.p95 = b->p95;
    nc_output_band(band, sizeof band, m, &s);
    snprintf(buf, size, "%s%s%s", band, unit[0] && strcmp(unit, "%") ? " " : "", unit);
}

/* ---- a figure ------------------------------------------------------------------------------ */

void nc_cli_figure_free(nc_cli_figure *fig)
{
    nc_cli_text_free(&fig->data);
    nc_cli_text_free(&fig->vars);
    nc_cli_text_free(&fig->labels);
    nc_cli_text_free(&fig->texts);
    nc_cli_text_free(&fig->notes);
}

int nc_cli_figure_open(nc_cli_figure *fig, const char *name, const char *caption, nc_error *err)
{
    memset(fig, 0, sizeof *fig);
    fig->name = name;
    if (nc_cli_text_open(&fig->data) || nc_cli_text_open(&fig->vars) ||
        nc_cli_text_open(&fig->labels) || nc_cli_text_open(&fig->texts) ||
        nc_cli_text_open(&fig->notes)) {
        nc_cli_figure_free(fig);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    char datafile[64];
    snprintf(datafile, sizeof datafile, "%s.csv", name);
    fputs("if (!exists(\"outbase\")) ", fig->vars.f);
    nc_cli_gp_text(fig->vars.f, "outbase", name);
    fputs("if (!exists(\"formats\")) formats = \"png svg pdf\"\n", fig->vars.f);
    nc_cli_gp_text(fig->vars.f, "datafile", datafile);
    gp_line(fig->vars.f, "caption", caption);
    return 0;
}

/* The label of the CSV's next row (its last field), and two texts to show beside it. */
void nc_cli_figure_row(nc_cli_figure *fig, const char *label, const char *words, const char *note)
{
    const char *sep = fig->rows++ ? ", " : "";
    fputs(sep, fig->labels.f), nc_cli_gp_string(fig->labels.f, label);
    fputs(sep, fig->texts.f), nc_cli_gp_string(fig->texts.f, words);
    fputs(sep, fig->notes.f), nc_cli_gp_string(fig->notes.f, note);
    nc_cli_csv_text(fig->data.f, label);
    fputc('\n', fig->data.f);
}

/* Write DIR/NAME.EXT, the concatenation of the NULL-terminated 'parts', atomically. */
static int write_file(const nc_cli_plotter *p, const char *name, const char *ext,
                      const char *const *parts, nc_error *err)
{
    char path[NC_CLI_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s.%s", p->dir, name, ext) >= (int)sizeof path)
        return nc_error_set(err, NC_EINPUT, "output path too long: %s", p->dir);
    return nc_cli_write_file(path, w_parts, parts, err);
}

/* The template plots/NAME.gp from the data directory. */
static int read_template(char **out, const char *name, nc_error *err)
{
    char path[NC_CLI_PATH_MAX];
    snprintf(path, sizeof path, "%s/plots/%s.gp", nc_catalog_data_dir(), name);
    int rc = nc_cli_read_text(out, path, err);
    if (rc)
        nc_error_prefix(err, "the figure script is missing (set NASCOST_DATA to the directory "
                             "holding plots/): ");
    return rc;
}

/* Write the figure's CSV and script, then draw it when gnuplot is there. */
int nc_cli_figure_finish(nc_cli_plotter *p, nc_cli_figure *fig, nc_error *err)
{
    char *common = NULL, *own = NULL, head[1024];
    if (nc_cli_text_close(&fig->labels) || nc_cli_text_close(&fig->texts) ||
        nc_cli_text_close(&fig->notes))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (fig->rows)
        fprintf(fig->vars.f,
                "array row_label[%zu] = [%s]\narray row_text[%zu] = [%s]\n"
                "array row_note[%zu] = [%s]\n",
                fig->rows, fig->labels.buf, fig->rows, fig->texts.buf, fig->rows, fig->notes.buf);
    if (nc_cli_text_close(&fig->data) || nc_cli_text_close(&fig->vars))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    snprintf(head, sizeof head,
             "# %s.gp - a figure by nascost %s (plots/common.gp and plots/%s.gp with the\n"
             "# settings below). Redraw it in this directory: gnuplot %s.gp\n"
             "# (writes %s.png, %s.svg, %s.pdf from %s.csv; gnuplot -e \"formats='png'\" %s.gp\n"
             "# for one format).\n",
             fig->name, NC_VERSION, fig->name, fig->name, fig->name, fig->name, fig->name,
             fig->name, fig->name);
    int rc = read_template(&common, "common", err);
    if (!rc)
        rc = read_template(&own, fig->name, err);
    const char *data[] = {fig->data.buf, NULL};
    const char *script[] = {head, fig->vars.buf, "\n", common, "\n", own, NULL};
    if (!rc)
        rc = write_file(p, fig->name, "csv", data, err);
    if (!rc)
        rc = write_file(p, fig->name, "gp", script, err);
    free(common);
    free(own);
    if (rc)
        return rc;
    if (p->written < NC_CLI_MAX_FIGURES)
        snprintf(p->names[p->written], sizeof p->names[0], "%s", fig->name);
    p->written++;
    if (!p->gnuplot[0]) {
        if (p->list)
            printf("%s/%s.csv, %s.gp (not drawn: no gnuplot)\n", p->dir, fig->name, fig->name);
        return 0;
    }
    rc = nc_cli_gnuplot_draw(p, fig->name, err);
    if (!rc) {
        p->drawn++;
        if (p->list)
            printf("%s/%s.png, .svg, .pdf (data %s.csv, script %s.gp)\n", p->dir, fig->name,
                   fig->name, fig->name);
    }
    return rc;
}
