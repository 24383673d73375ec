/*
 * cli_figures.c - each figure of `nascost plot` and `run --plots` (see cli_plot.h): its data
 * (NAME.csv) and the gnuplot script that draws it (NAME.gp: its settings, then
 * plots/common.gp and plots/NAME.gp), handed to cli_gnuplot.c to draw as NAME.png, NAME.svg
 * and NAME.pdf. The numbers come from plot.h; this file words them and writes them down.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/catalog.h"
#include "cli/cli_common.h"
#include "cli/cli_figures.h"
#include "cli/cli_output.h"
#include "base/utf8.h"
#include "base/metrics.h"
#include "output/output.h"
#include "output/figure_run.h"

#define NC_PLOT_TORNADO_ROWS 12 /* inputs a tornado shows, by swing */

/* ---- text ---------------------------------------------------------------------------------- */

/* A growing piece of text (open_memstream). */
typedef struct text {
    char *buf;
    size_t len;
    FILE *f;
} text;

static int text_open(text *t)
{
    t->buf = NULL, t->len = 0;
    t->f = open_memstream(&t->buf, &t->len);
    return t->f ? 0 : -1;
}

/* Close the stream so that 'buf' holds everything; 0, or -1 when a write had failed. */
static int text_close(text *t)
{
    int bad = !t->f || ferror(t->f);
    if (t->f && fclose(t->f))
        bad = 1;
    t->f = NULL;
    return bad ? -1 : 0;
}

static void text_free(text *t)
{
    if (t->f)
        fclose(t->f);
    free(t->buf);
    t->buf = NULL, t->f = NULL;
}

/* 's', or 'fallback' when it is NULL. */
static const char *or_else(const char *s, const char *fallback)
{
    return s ? s : fallback;
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
    text t = {NULL, 0, NULL};
    int rc = f && !text_open(&t) ? 0 : -1;
    char chunk[8192];
    size_t n;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, t.f);
    if (!rc && (ferror(f) || text_close(&t))) {
        text_free(&t);
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
static void gp_text(FILE *f, const char *name, const char *value)
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

static void gp_number(FILE *f, const char *name, double v)
{
    if (isfinite(v))
        fprintf(f, "%s = %.17g\n", name, v);
    else
        fprintf(f, "%s = NaN\n", name);
}

/* A text field of a figure's CSV (nc_output_csv_field), on one line: gnuplot reads a line
 * break even between quotes as the end of a row, so each becomes a space, and each control
 * character or byte that is not UTF-8 U+FFFD, as the figure draws it. */
static void csv_text(FILE *f, const char *s)
{
    text flat;
    if (text_open(&flat))
        return;
    for (size_t len; *s; s += len) {
        text_piece piece = next_piece(s, &len);
        if (piece == PIECE_BREAK)
            fputc(' ', flat.f);
        else
            fwrite(piece == PIECE_BAD ? REPLACEMENT_CHAR : s, 1, piece == PIECE_BAD ? 3 : len,
                   flat.f);
    }
    if (!text_close(&flat))
        nc_output_csv_field(f, flat.buf);
    text_free(&flat);
}

/* ", name_unit" for a CSV header: "p50_t", "p50_USD", "p50_pct", or "p50" without a unit. */
static void csv_column(FILE *f, const char *name, const char *unit)
{
    fprintf(f, ",%s%s%s", name, unit[0] ? "_" : "", !strcmp(unit, "%") ? "pct" : unit);
}

/* The first column of a CSV header, as csv_column. */
static void csv_first_column(FILE *f, const char *name, const char *unit)
{
    fprintf(f, "%s%s%s", name, unit[0] ? "_" : "", !strcmp(unit, "%") ? "pct" : unit);
}

/* "CO₂e" for "CO2e", without the table's indentation. */
static void metric_words(char *buf, size_t size, int m)
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
static const char *total_prefix(int m)
{
    return nc_metric_is_sum((nc_metric)m) ? "total " : "";
}

/* The metric for a title: "Total CO₂e", "GPU utilisation", "Calendar time". */
static void title_words(char *buf, size_t size, int m)
{
    char words[64];
    metric_words(words, sizeof words, m);
    snprintf(buf, size, "%s%s", nc_metric_is_sum((nc_metric)m) ? "Total " : "", words);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* "label (unit)" for an axis. */
static void axis_label(char *buf, size_t size, const char *prefix, int m, const char *unit)
{
    char words[96];
    metric_words(words, sizeof words, m);
    snprintf(buf, size, "%s%s%s%s%s", prefix, words, unit[0] ? " (" : "", unit, unit[0] ? ")" : "");
}

/* "40,888 [31,071 - 53,778] kg": a band of metric 'm' (-1: a ratio, an equivalent). */
static void band_words(char *buf, size_t size, int m, const nc_plot_band *b, const char *unit)
{
    nc_summary s = {0};
    char band[128];
    s.p5 = b->p5, s.p50 = b->p50, s.p95 = b->p95;
    nc_output_band(band, sizeof band, m, &s);
    snprintf(buf, size, "%s%s%s", band, unit[0] && strcmp(unit, "%") ? " " : "", unit);
}

/* ---- a figure ------------------------------------------------------------------------------ */

/* A figure being built: its CSV ('data'), its script's settings ('vars'), and per row of
 * the CSV a label and a text for the script (gnuplot 5.4 does not read quoted commas in CSV,
 * so text goes to the script as the arrays row_label, row_text and row_note, and last in
 * the CSV). */
typedef struct figure {
    const char *name;
    text data, vars, labels, texts, notes;
    size_t rows;
} figure;

static void figure_free(figure *fig)
{
    text_free(&fig->data);
    text_free(&fig->vars);
    text_free(&fig->labels);
    text_free(&fig->texts);
    text_free(&fig->notes);
}

static int figure_open(figure *fig, const char *name, const char *caption, nc_error *err)
{
    memset(fig, 0, sizeof *fig);
    fig->name = name;
    if (text_open(&fig->data) || text_open(&fig->vars) || text_open(&fig->labels) ||
        text_open(&fig->texts) || text_open(&fig->notes)) {
        figure_free(fig);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    char datafile[64];
    snprintf(datafile, sizeof datafile, "%s.csv", name);
    fputs("if (!exists(\"outbase\")) ", fig->vars.f);
    gp_text(fig->vars.f, "outbase", name);
    fputs("if (!exists(\"formats\")) formats = \"png svg pdf\"\n", fig->vars.f);
    gp_text(fig->vars.f, "datafile", datafile);
    gp_line(fig->vars.f, "caption", caption);
    return 0;
}

/* The label of the CSV's next row (its last field), and two texts to show beside it. */
static void figure_row(figure *fig, const char *label, const char *words, const char *note)
{
    const char *sep = fig->rows++ ? ", " : "";
    fputs(sep, fig->labels.f), nc_cli_gp_string(fig->labels.f, label);
    fputs(sep, fig->texts.f), nc_cli_gp_string(fig->texts.f, words);
    fputs(sep, fig->notes.f), nc_cli_gp_string(fig->notes.f, note);
    csv_text(fig->data.f, label);
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
static int figure_finish(nc_cli_plotter *p, figure *fig, nc_error *err)
{
    char *common = NULL, *own = NULL, head[1024];
    if (text_close(&fig->labels) || text_close(&fig->texts) || text_close(&fig->notes))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (fig->rows)
        fprintf(fig->vars.f,
                "array row_label[%zu] = [%s]\narray row_text[%zu] = [%s]\n"
                "array row_note[%zu] = [%s]\n",
                fig->rows, fig->labels.buf, fig->rows, fig->texts.buf, fig->rows, fig->notes.buf);
    if (text_close(&fig->data) || text_close(&fig->vars))
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

/* ---- the figures of a run ------------------------------------------------------------------ */

typedef struct run_figures {
    const nc_plot_source *src;
    int metric;
    const char *mass_unit;
    char caption[512];
    double *scratch; /* src->replications doubles */
} run_figures;

static void run_caption(run_figures *r)
{
    const nc_plot_source *s = r->src;
    char title[160] = "", reps[48];
    nc_output_count(reps, sizeof reps, (double)s->replications);
    if (s->title)
        snprintf(title, sizeof title, ": %s", s->title);
    if (strlen(title) > 70)
        strcpy(title + 66, "...");
    snprintf(r->caption, sizeof r->caption,
             "%s%s \u00b7 seed %llu \u00b7 %s%s replication%s "
             "\u00b7 nascost %s",
             s->scenario, title, (unsigned long long)s->seed, s->point ? "nominal inputs, " : "",
             reps, s->replications == 1 ? "" : "s", NC_VERSION);
}

/* 'words' into 'buf' as lines of at most 'width' characters (breaking at spaces), each
 * after 'indent'. */
static void wrap_words(char *buf, size_t size, const char *words, size_t width, const char *indent)
{
    size_t used = 0;
    buf[0] = '\0';
    while (*words && used + 1 < size) {
        size_t len = strlen(words);
        if (len > width) {
            len = width;
            while (len > 0 && words[len] != ' ')
                len--;
            len = len ? len : width;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s%s%.*s", used ? "\n" : "", indent,
                                 (int)len, words);
        words += len;
        while (*words == ' ')
            words++;
    }
}

/* The bands of the total in each labelled equivalent: the numbers, then the label below. */
static void equivalents_words(char *buf, size_t size, const run_figures *r, const nc_plot_band *kg)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->src->n_equivalents && used + 1 < size; i++) {
        const nc_plot_equivalent *e = &r->src->equivalents[i];
        if (!e->label || !(e->co2e_kg > 0))
            continue;
        nc_plot_band b = {kg->p5 / e->co2e_kg, kg->p50 / e->co2e_kg, kg->p95 / e->co2e_kg};
        char line[256], label[256];
        band_words(line, sizeof line, -1, &b, "");
        wrap_words(label, sizeof label, e->label, 32, "   ");
        used +=
            (size_t)snprintf(buf + used, size - used, "%s%s\n%s", used ? "\n\n" : "", line, label);
    }
}

static int fig_distribution(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    size_t total = NC_ROW_TOTAL, n = (size_t)s->replications;
    double scale;
    const char *unit;
    figure fig;
    gsl_histogram *h = NULL;
    int rc = nc_output_scale(&scale, &unit, r->metric, r->mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "distribution", r->caption, err);
    if (rc)
        return rc;
    nc_plot_column(r->scratch, s, total, r->metric, scale);
    rc = nc_plot_histogram(&h, r->scratch, n, err);
    nc_plot_band b = nc_plot_row_band(s, total, r->metric, scale, r->scratch);
    nc_plot_band kg = nc_plot_row_band(s, total, r->metric, 1.0, r->scratch);
    FILE *d = fig.data.f, *v = fig.vars.f;
    csv_first_column(d, "bin_low", unit), csv_column(d, "bin_high", unit);
    csv_column(d, "bin_mid", unit);
    fputs(",replications,share_pct\n", d);
    for (size_t i = 0; !rc && i < h->n; i++)
        fprintf(d, "%.17g,%.17g,%.17g,%.17g,%.17g\n", h->range[i], h->range[i + 1],
                0.5 * (h->range[i] + h->range[i + 1]), h->bin[i], 100.0 * h->bin[i] / (double)n);
    char words[96], label[256];
    title_words(words, sizeof words, r->metric);
    snprintf(label, sizeof label, "%s of %s", words, s->scenario);
    gp_text(v, "title_text", label);
    axis_label(label, sizeof label, total_prefix(r->metric), r->metric, unit);
    gp_text(v, "xlabel_text", label);
    gp_number(v, "p5", b.p5), gp_number(v, "p50", b.p50), gp_number(v, "p95", b.p95);
    const double q[3] = {b.p5, b.p50, b.p95};
    const char *qname[3] = {"p5", "p50", "p95"};
    for (int i = 0; i < 3; i++) {
        char num[64], var[16];
        nc_output_value(num, sizeof num, r->metric, q[i]);
        snprintf(label, sizeof label, "%s %s%s%s",
                 i == 1 ? "P50"
                 : i    ? "P95"
                        : "P5",
                 num, unit[0] && strcmp(unit, "%") ? " " : "", unit);
        snprintf(var, sizeof var, "%s_text", qname[i]);
        gp_text(v, var, label);
    }
    char equals[1100] = "";
    if (nc_plot_is_co2e(r->metric)) {
        char eq[900];
        equivalents_words(eq, sizeof eq, r, &kg);
        if (eq[0])
            snprintf(equals, sizeof equals, "%s equals\n\n%s", words, eq);
    }
    gp_text(v, "equiv_text", equals);
    gsl_histogram_free(h);
    rc = rc ? rc : figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}

/* Bands of every stage, then of the total when there are several stages. */
static int fig_stages(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    figure fig;
    int rc = nc_output_scale(&scale, &unit, r->metric, r->mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "stages", r->caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    size_t rows = s->n_rows > 2 ? s->n_rows : 1;
    fputs("total", d);
    csv_column(d, "p5", unit), csv_column(d, "p50", unit), csv_column(d, "p95", unit);
    fputs(",stage\n", d);
    for (size_t row = 0; row < rows; row++) {
        size_t at = nc_row_shown(row, s->n_rows); /* one stage: its own row */
        nc_plot_band b = nc_plot_row_band(s, at, r->metric, scale, r->scratch);
        char words[256];
        band_words(words, sizeof words, r->metric, &b, unit);
        fprintf(d, "%d,%.17g,%.17g,%.17g,", at == NC_ROW_TOTAL, b.p5, b.p50, b.p95);
        figure_row(&fig, s->row_names[at], words, "");
    }
    char words[128], label[256];
    metric_words(words, sizeof words, r->metric);
    if (words[0] >= 'a' && words[0] <= 'z')
        words[0] = (char)(words[0] - 'a' + 'A');
    snprintf(label, sizeof label, "%s per stage of %s", words, s->scenario);
    gp_text(v, "title_text", label);
    axis_label(label, sizeof label, "", r->metric, unit);
    gp_text(v, "xlabel_text", label);
    rc = figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}

static int fig_timeline(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    figure fig;
    int rc = nc_output_scale(&scale, &unit, NC_M_CO2E_KG, r->mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "timeline", r->caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    fputs("day", d);
    csv_column(d, "p5", unit), csv_column(d, "p50", unit), csv_column(d, "p95", unit);
    fputs("\n0,0,0,0\n", d);
    for (size_t i = 0; i < s->n_days; i++)
        fprintf(d, "%zu,%.17g,%.17g,%.17g\n", i + 1, s->cumulative[i].p5 * scale,
                s->cumulative[i].p50 * scale, s->cumulative[i].p95 * scale);
    char label[256], note[256] = "";
    snprintf(label, sizeof label, "Cumulative CO\u2082e of %s over the calendar", s->scenario);
    gp_text(v, "title_text", label);
    snprintf(label, sizeof label, "cumulative CO\u2082e (%s)", unit);
    gp_text(v, "ylabel_text", label);
    gp_number(v, "deadline", s->deadline_days);
    nc_plot_band idle = nc_plot_row_band(s, NC_ROW_TOTAL, NC_M_IDLE_KWH, 1.0, r->scratch);
    size_t used = (size_t)snprintf(note, sizeof note,
                                   "each trial's CO\u2082e (operational and "
                                   "embodied) spread over the hours it ran");
    if (idle.p95 > 0) /* the totals count idle GPUs; the days do not */
        used += (size_t)snprintf(note + used, sizeof note - used,
                                 "; idle GPUs' energy not "
                                 "included");
    if (s->past_timeline > 0)
        snprintf(note + used, sizeof note - used, "; %lld replication%s ran past day %zu",
                 (long long)s->past_timeline, s->past_timeline == 1 ? "" : "s", s->n_days);
    gp_text(v, "note_text", note);
    rc = figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}

static int fig_benchmarks(nc_cli_plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    figure fig;
    nc_plot_bar bars[NC_PLOT_N_BENCHMARKS + 1];
    char pipeline[160];
    nc_plot_band kg = nc_plot_row_band(s, NC_ROW_TOTAL, NC_M_CO2E_KG, 1.0, r->scratch);
    snprintf(pipeline, sizeof pipeline, "%s (P50, P5-P95)", s->scenario);
    size_t n = nc_plot_benchmarks(bars, s, &kg, pipeline);
    if (n < 2)
        return 0; /* no yardstick in the catalog: nothing to compare with */
    int rc = nc_output_scale(&scale, &unit, NC_M_CO2E_KG, r->mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "benchmarks", r->caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    fputs("pipeline", d);
    csv_column(d, "co2e", unit), csv_column(d, "p5", unit), csv_column(d, "p95", unit);
    fputs(",what\n", d);
    for (size_t i = 0; i < n; i++) {
        nc_plot_band b = {bars[i].p5_kg * scale, bars[i].kg * scale, bars[i].p95_kg * scale};
        char words[160], p5[48], p95[48];
        band_words(words, sizeof words, NC_M_CO2E_KG, &b, unit);
        if (bars[i].pipeline) { /* two lines: the median, then the band */
            nc_output_number(words, sizeof words, b.p50);
            nc_output_number(p5, sizeof p5, b.p5);
            nc_output_number(p95, sizeof p95, b.p95);
            snprintf(words + strlen(words), sizeof words - strlen(words), " %s\nP5-P95: %s - %s",
                     unit, p5, p95);
        }
        fprintf(d, "%d,%.17g,%.17g,%.17g,", bars[i].pipeline, b.p50, b.p5, b.p95);
        figure_row(&fig, bars[i].label, words, "");
    }
    int log_axis = nc_plot_log_axis(bars, n);
    char label[256];
    snprintf(label, sizeof label, "%s beside everyday CO\u2082e", s->scenario);
    gp_text(v, "title_text", label);
    gp_text(v, "note_text",
            "yardsticks as in Strubell, Ganesh & McCallum 2019, Table 1 "
            "(models/equivalents.yaml)");
    snprintf(label, sizeof label, "CO\u2082e (%s)%s", unit, log_axis ? ", log scale" : "");
    gp_text(v, "xlabel_text", label);
    gp_number(v, "log_axis", log_axis);
    rc = figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}

/* 1 when metric 'm' of the total has a value in some replication: an undefined one (samples.csv
 * leaves it empty: utilisation without a cluster, on_time without a deadline) has none. */
static int has_values(const run_figures *r, int m)
{
    nc_plot_column(r->scratch, r->src, NC_ROW_TOTAL, m, 1.0);
    for (int64_t i = 0; i < r->src->replications; i++)
        if (!isnan(r->scratch[i]))
            return 1;
    return 0;
}

int nc_cli_figures_run(nc_cli_plotter *p, const nc_plot_source *src, int metric,
                       const char *mass_unit, nc_error *err)
{
    run_figures r = {src, metric, mass_unit, "", NULL};
    run_caption(&r);
    if (!(r.scratch = malloc(((size_t)src->replications + 1) * sizeof *r.scratch)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = 0;
    if (!has_values(&r, metric))
        rc = nc_error_set(err, NC_EINPUT,
                          "the run has no %s to draw (utilisation needs a cluster, on_time a "
                          "deadline)",
                          nc_metric_name((nc_metric)metric));
    if (!rc)
        rc = fig_distribution(p, &r, err);
    if (!rc)
        rc = fig_stages(p, &r, err);
    if (!rc && src->cumulative)
        rc = fig_timeline(p, &r, err);
    if (!rc)
        rc = fig_benchmarks(p, &r, err);
    free(r.scratch);
    return rc;
}

/* ---- the figures of a comparison, a sweep, a sensitivity analysis -------------------------- */

static nc_plot_band band_of(json_t *summary)
{
    nc_plot_band b = {NAN, NAN, NAN};
    json_t *p5 = json_object_get(summary, "p5"), *p50 = json_object_get(summary, "p50"),
           *p95 = json_object_get(summary, "p95");
    if (json_is_number(p5) && json_is_number(p50) && json_is_number(p95))
        b.p5 = json_number_value(p5), b.p50 = json_number_value(p50),
        b.p95 = json_number_value(p95);
    return b;
}

static void versus_caption(char *buf, size_t size, json_t *doc, json_t *runs)
{
    json_t *first = json_array_get(runs, 0);
    snprintf(
        buf, size,
        "%s of %s \u00b7 seed %lld \u00b7 %lld replications, common random "
        "numbers \u00b7 nascost %s",
        json_string_value(json_object_get(doc, "analysis")),
        json_string_value(json_object_get(first, "scenario")),
        (long long)json_integer_value(json_object_get(json_object_get(doc, "nascost"), "seed")),
        (long long)json_integer_value(json_object_get(doc, "replications")), NC_VERSION);
}

int nc_cli_figure_forest(nc_cli_plotter *p, json_t *doc, int m, const char *mass_unit,
                         nc_error *err)
{
    json_t *runs = json_object_get(doc, "runs"), *paired = json_object_get(doc, "paired");
    const char *name = nc_metric_name((nc_metric)m), *unit;
    double scale;
    char caption[512], label[256], words[96];
    figure fig;
    size_t with_values = 0;
    for (size_t i = 0; i < json_array_size(runs); i++) {
        json_t *total = json_object_get(json_array_get(runs, i), "total");
        with_values += !isnan(band_of(json_object_get(total, name)).p50);
    }
    if (!with_values) /* null in every run: undefined (nc_metric_defined), or not there */
        return nc_error_set(err, NC_EINPUT,
                            "no run has %s to draw (utilisation needs a cluster, on_time a "
                            "deadline)",
                            name);
    versus_caption(caption, sizeof caption, doc, runs);
    int rc = nc_output_scale(&scale, &unit, m, mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "forest", caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    size_t width = 0;
    fputs("index", d);
    csv_column(d, "p5", unit), csv_column(d, "p50", unit), csv_column(d, "p95", unit);
    csv_column(d, "diff_p5", unit), csv_column(d, "diff_p50", unit);
    csv_column(d, "diff_p95", unit);
    fputs(",p_lower,run\n", d);
    for (size_t i = 0; i < json_array_size(runs); i++) {
        json_t *run = json_array_get(runs, i);
        const char *run_label = json_string_value(json_object_get(run, "label"));
        nc_plot_band b = band_of(json_object_get(json_object_get(run, "total"), name));
        json_t *pm =
            i ? json_object_get(json_object_get(json_array_get(paired, i - 1), "metrics"), name)
              : NULL;
        nc_plot_band dif = band_of(json_object_get(pm, "difference"));
        json_t *pl = json_object_get(pm, "p_lower");
        fprintf(d, "%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,", i, b.p5 * scale, b.p50 * scale,
                b.p95 * scale, dif.p5 * scale, dif.p50 * scale, dif.p95 * scale,
                json_is_number(pl) ? json_number_value(pl) : (double)NAN);
        figure_row(&fig, or_else(run_label, "?"), "", "");
        width = run_label && strlen(run_label) > width ? strlen(run_label) : width;
    }
    json_t *first = json_array_get(runs, 0);
    title_words(words, sizeof words, m);
    snprintf(label, sizeof label, "%s: each run, and its paired difference from %s", words,
             json_string_value(json_object_get(first, "label")));
    gp_text(v, "title_text", label);
    axis_label(label, sizeof label, total_prefix(m), m, unit);
    gp_text(v, "xlabel_text", label);
    snprintf(label, sizeof label, "difference from %s%s%s%s",
             json_string_value(json_object_get(first, "label")), unit[0] ? " (" : "", unit,
             unit[0] ? ")" : "");
    gp_text(v, "diff_xlabel_text", label);
    gp_number(v, "label_chars", (double)width);
    rc = figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}

/* The numeric value of a sweep label "PATH=12.5 h" ('*unit' gets " h"), or NaN. */
static double sweep_x(const char *label, const char **path_end, const char **unit)
{
    const char *eq = label ? strrchr(label, '=') : NULL;
    char *end;
    if (!eq || strstr(label, ", "))
        return NAN;
    double x = strtod(eq + 1, &end);
    if (end == eq + 1 || (*end && *end != ' '))
        return NAN;
    *path_end = eq;
    *unit = end;
    return x;
}

/* A sweep of one numeric input: the metric's P50 along it, with a P5-P95 band. */
int nc_cli_figure_sweep_line(nc_cli_plotter *p, json_t *doc, int m, const char *mass_unit,
                             nc_error *err)
{
    json_t *runs = json_object_get(doc, "runs");
    const char *name = nc_metric_name((nc_metric)m), *unit, *path_end = NULL, *x_unit = "";
    const char *first = json_string_value(json_object_get(json_array_get(runs, 0), "label"));
    for (size_t i = 0; i < json_array_size(runs); i++) {
        const char *l = json_string_value(json_object_get(json_array_get(runs, i), "label"));
        const char *pe, *u;
        if (isnan(sweep_x(l, &pe, &u)) ||
            (path_end && (pe - l != path_end - first || strncmp(l, first, (size_t)(pe - l)) ||
                          strcmp(u, x_unit))))
            return 0; /* not one numeric input: the forest plot shows it */
        if (i == 0)
            path_end = pe, x_unit = u;
    }
    double scale;
    char caption[512], label[256], words[96];
    figure fig;
    versus_caption(caption, sizeof caption, doc, runs);
    int rc = nc_output_scale(&scale, &unit, m, mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "sweep-line", caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    fputs("x", d);
    csv_column(d, "p5", unit), csv_column(d, "p50", unit), csv_column(d, "p95", unit);
    fputs("\n", d);
    for (size_t i = 0; i < json_array_size(runs); i++) {
        json_t *run = json_array_get(runs, i);
        const char *pe, *u;
        double x = sweep_x(json_string_value(json_object_get(run, "label")), &pe, &u);
        nc_plot_band b = band_of(json_object_get(json_object_get(run, "total"), name));
        fprintf(d, "%.15g,%.17g,%.17g,%.17g\n", x, b.p5 * scale, b.p50 * scale, b.p95 * scale);
    }
    title_words(words, sizeof words, m);
    snprintf(label, sizeof label, "%s along %.*s", words, (int)(path_end - first), first);
    gp_text(v, "title_text", label);
    snprintf(label, sizeof label, "%.*s%s%s%s", (int)(path_end - first), first,
             x_unit[0] ? " (" : "", x_unit[0] ? x_unit + 1 : "", x_unit[0] ? ")" : "");
    gp_text(v, "xlabel_text", label);
    axis_label(label, sizeof label, total_prefix(m), m, unit);
    gp_text(v, "ylabel_text", label);
    rc = figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}

/* The tornado of `sensitivity`: inputs by swing, the metric at each one's P5 and P95. */
int nc_cli_figure_tornado(nc_cli_plotter *p, json_t *doc, const char *mass_unit, nc_error *err)
{
    int m = nc_metric_lookup(or_else(json_string_value(json_object_get(doc, "metric")), ""));
    json_t *inputs = json_object_get(doc, "inputs");
    double scale;
    const char *unit;
    char caption[512], label[256], words[96];
    figure fig;
    if (m < 0)
        return nc_error_set(err, NC_EINPUT, "the sensitivity JSON names no known metric");
    snprintf(caption, sizeof caption,
             "sensitivity of %s \u00b7 %lld replications per setting "
             "\u00b7 nascost %s",
             json_string_value(json_object_get(doc, "scenario")),
             (long long)json_integer_value(json_object_get(doc, "tornado_replications")),
             NC_VERSION);
    int rc = nc_output_scale(&scale, &unit, m, mass_unit, err);
    if (!rc)
        rc = figure_open(&fig, "tornado", caption, err);
    if (rc)
        return rc;
    FILE *d = fig.data.f, *v = fig.vars.f;
    fputs("input_p5,input_p95", d);
    csv_column(d, "at_p5", unit), csv_column(d, "at_p95", unit);
    fputs(",input_unit,input\n", d);
    for (size_t i = 0; i < json_array_size(inputs) && fig.rows < NC_PLOT_TORNADO_ROWS; i++) {
        json_t *in = json_array_get(inputs, i);
        const char *path = or_else(json_string_value(json_object_get(in, "path")), "?");
        const char *in_unit = or_else(json_string_value(json_object_get(in, "unit")), "");
        double lo = json_number_value(json_object_get(in, "value_p5"));
        double hi = json_number_value(json_object_get(in, "value_p95"));
        double at_lo = json_number_value(json_object_get(in, "metric_at_p5")) * scale;
        double at_hi = json_number_value(json_object_get(in, "metric_at_p95")) * scale;
        if (at_lo == at_hi)
            continue; /* moves nothing: left out (the CSV of `sensitivity` lists it) */
        char lo_text[64], hi_text[64], num[48];
        nc_output_number(num, sizeof num, lo);
        snprintf(lo_text, sizeof lo_text, "%s%s%s", num, in_unit[0] ? " " : "", in_unit);
        nc_output_number(num, sizeof num, hi);
        snprintf(hi_text, sizeof hi_text, "%s%s%s", num, in_unit[0] ? " " : "", in_unit);
        fprintf(d, "%.17g,%.17g,%.17g,%.17g,", lo, hi, at_lo, at_hi);
        csv_text(d, in_unit);
        fputc(',', d);
        figure_row(&fig, path, lo_text, hi_text);
    }
    metric_words(words, sizeof words, m);
    snprintf(label, sizeof label, "What moves the total %s of %s most", words,
             json_string_value(json_object_get(doc, "scenario")));
    gp_text(v, "title_text", label);
    axis_label(label, sizeof label, "mean total ", m, unit);
    gp_text(v, "xlabel_text", label);
    gp_number(v, "baseline", json_number_value(json_object_get(doc, "baseline")) * scale);
    rc = figure_finish(p, &fig, err);
    figure_free(&fig);
    return rc;
}
