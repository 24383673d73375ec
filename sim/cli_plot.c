/*
 * cli_plot.c - `nascost plot` and `nascost run --plots`: each figure as its data (NAME.csv),
 * the gnuplot script that draws it (NAME.gp: its settings, then plots/common.gp and
 * plots/NAME.gp) and, when gnuplot is installed, NAME.png, NAME.svg and NAME.pdf.
 *
 * gnuplot runs in the output directory with the script's own file names, so no path is ever
 * quoted for it; it writes NAME.partial-PID.* which are renamed into place only when it
 * succeeded, so a figure is either complete or absent, like every file nascost writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "cli.h"
#include "cli_args.h"
#include "metrics.h"
#include "output.h"
#include "plot.h"

static const char PLOT_HELP[] =
    "usage: nascost plot RESULTS [options]\n"
    "\n"
    "Draw the figures of earlier results. RESULTS is a directory written by `run -o`\n"
    "(result.json and samples.csv; cumulative_co2e.csv too when the run had --plots), or the\n"
    "JSON of `compare -o`, `sweep -o` or `sensitivity -o` (or a directory holding one).\n"
    "\n"
    "  a run:         distribution (histogram with P5, P50, P95 and CO2e equivalents), stages\n"
    "                 (median per stage with P5-P95 whiskers), timeline (cumulative CO2e over\n"
    "                 calendar days, when the run kept one) and benchmarks (a flight, a\n"
    "                 person's year, an American's year, a car's lifetime, and the pipeline:\n"
    "                 Strubell et al. 2019, Table 1)\n"
    "  compare/sweep: forest (each run's band and its paired difference from the first);\n"
    "                 a sweep of one numeric input also gets sweep-line (P50 with a P5-P95 band)\n"
    "  sensitivity:   tornado (the metric with each input at its P5 and its P95)\n"
    "\n"
    "Each figure NAME is written as NAME.png (1200x800), NAME.svg and NAME.pdf, with its data\n"
    "NAME.csv and its gnuplot script NAME.gp beside it (`cd DIR && gnuplot NAME.gp` redraws it).\n"
    "Colours are the Okabe & Ito (2008) palette, with dashes and fills that survive greyscale.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR       where to write the figures (default: the RESULTS directory)\n"
    "      --metric NAME      the metric of the distribution, stages and comparison figures\n"
    "                         (default co2e_kg; e.g. gpu_hours, facility_kwh, cloud_usd)\n"
    "      --units U          mass unit of the figures: kg (default), t or lb\n"
    "  -q, --quiet            do not list the files written\n"
    "  -h, --help             this help\n"
    "\n"
    "gnuplot (Debian/Ubuntu: apt-get install gnuplot-nox) is found on PATH, or at\n"
    "$NASCOST_GNUPLOT. Without it the data and scripts are still written and the exit status\n"
    "is 1 (for `run --plots` it stays 0: the run itself succeeded).\n"
    "\n"
    "examples:\n"
    "  nascost run scenarios/lisa-rnd.yaml -n 2000 --plots figures/\n"
    "  nascost run scenarios/lisa-rnd.yaml -o out/ -q && nascost plot out/ --units t\n"
    "  nascost plot out/ --metric facility_kwh -o out/energy/\n"
    "  nascost compare scenarios/whatif/grid-search.yaml scenarios/whatif/asha.yaml -o cmp/ -q\n"
    "  nascost plot cmp/compare.json\n";

#define PATH_MAX_LEN         4096
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

/* 'dir'/'name' into 'out' (PATH_MAX_LEN bytes). */
static int join(char *out, const char *dir, const char *name, nc_error *err)
{
    if (snprintf(out, PATH_MAX_LEN, "%s/%s", dir, name) >= PATH_MAX_LEN)
        return nc_error_set(err, NC_EINPUT, "path too long: %s/%s", dir, name);
    return 0;
}

static int w_parts(FILE *f, const void *ctx, nc_error *err)
{
    for (const char *const *part = ctx; *part; part++)
        fputs(*part, f);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write") : 0;
}

/* Read the whole file 'path' into a new string ('*out'). */
static int read_text(char **out, const char *path, nc_error *err)
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

/* 'value' as a gnuplot string: backslashes and quotes escaped, line breaks as \n, other
 * control characters as spaces. */
static void gp_quote(FILE *f, const char *value)
{
    fputc('"', f);
    for (const char *s = value ? value : ""; *s; s++) {
        if (*s == '\\' || *s == '"')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else
            fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
    }
    fputc('"', f);
}

/* 'name' = "value" */
static void gp_text(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s = ", name);
    gp_quote(f, value);
    fputc('\n', f);
}

static void gp_number(FILE *f, const char *name, double v)
{
    if (isfinite(v))
        fprintf(f, "%s = %.17g\n", name, v);
    else
        fprintf(f, "%s = NaN\n", name);
}

/* A CSV field, quoted when needed (RFC 4180). */
static void csv_text(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++)
        fputs(*s == '"' ? "\"\"" : (char[2]){*s, 0}, f);
    fputc('"', f);
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

/* "40,888 [31,071 - 53,778] kg" */
static void band_words(char *buf, size_t size, const nc_plot_band *b, const char *unit)
{
    nc_summary s = {0};
    char band[128];
    s.p5 = b->p5, s.p50 = b->p50, s.p95 = b->p95;
    nc_output_band(band, sizeof band, &s);
    snprintf(buf, size, "%s%s%s", band, unit[0] && strcmp(unit, "%") ? " " : "", unit);
}

/* ---- gnuplot ------------------------------------------------------------------------------- */

typedef struct plotter {
    const char *dir;            /* where the figures go */
    char gnuplot[PATH_MAX_LEN]; /* the executable, or "" when there is none */
    const char *wanted;         /* what was looked for ("gnuplot on PATH", $NASCOST_GNUPLOT) */
    int list;                   /* print each figure written */
    size_t written, drawn;
    char names[8][32]; /* the figures written, for the message when gnuplot is missing */
} plotter;

/* Find gnuplot: $NASCOST_GNUPLOT when set, else the first executable 'gnuplot' on PATH. */
static void find_gnuplot(plotter *p)
{
    const char *env = getenv("NASCOST_GNUPLOT");
    p->gnuplot[0] = '\0';
    if (env && *env) {
        p->wanted = env;
        if (access(env, X_OK) == 0)
            snprintf(p->gnuplot, sizeof p->gnuplot, "%s", env);
        return;
    }
    p->wanted = "gnuplot on PATH";
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        char try[PATH_MAX_LEN];
        if (len && snprintf(try, sizeof try, "%.*s/gnuplot", (int)len, path) < (int)sizeof try &&
            access(try, X_OK) == 0) {
            snprintf(p->gnuplot, sizeof p->gnuplot, "%s", try);
            return;
        }
        path = end ? end + 1 : NULL;
    }
}

static const char *const FORMATS[] = {"png", "svg", "pdf"};

/* Rename NAME.partial-PID.EXT to NAME.EXT for each format ('keep'), or remove them. */
static int settle(const plotter *p, const char *name, const char *partial, int keep, nc_error *err)
{
    char from[PATH_MAX_LEN], to[PATH_MAX_LEN];
    int rc = 0;
    for (size_t i = 0; i < 3; i++) {
        snprintf(from, sizeof from, "%s/%s.%s", p->dir, partial, FORMATS[i]);
        snprintf(to, sizeof to, "%s/%s.%s", p->dir, name, FORMATS[i]);
        if (!keep || rc) {
            unlink(from);
            continue;
        }
        struct stat st;
        const char *why = stat(from, &st)    ? strerror(errno)
                          : st.st_size == 0  ? "the file is empty"
                          : rename(from, to) ? strerror(errno)
                                             : NULL;
        if (why) {
            rc =
                nc_error_set(err, NC_EIO, "gnuplot did not write %s.%s: %s", name, FORMATS[i], why);
            nc_error_at(err, to, 0, 0);
            unlink(from);
        }
    }
    return rc;
}

/* The child: into the directory, standard input and output to /dev/null, exec gnuplot; on
 * failure, the errno goes up 'report' (closed on exec when all is well). */
static void exec_gnuplot(const plotter *p, const char *expr, const char *script, int report)
{
    int null = open("/dev/null", O_RDWR);
    if (chdir(p->dir) == 0 && null >= 0 && dup2(null, 0) >= 0 && dup2(null, 1) >= 0)
        execl(p->gnuplot, "gnuplot", "-e", expr, script, (char *)NULL);
    int e = errno;
    if (write(report, &e, sizeof e) < 0)
        _exit(126);
    _exit(127);
}

/* Run gnuplot on DIR/NAME.gp (fork and exec: no shell, no quoting). */
static int draw(const plotter *p, const char *name, nc_error *err)
{
    char partial[64], expr[128], script[64];
    snprintf(partial, sizeof partial, "%s.partial-%ld", name, (long)getpid());
    snprintf(expr, sizeof expr, "outbase='%s'", partial);
    snprintf(script, sizeof script, "%s.gp", name);
    int pipefd[2], status = 0, child_errno = 0;
    if (pipe(pipefd))
        return nc_error_set(err, NC_EIO, "cannot run gnuplot: %s", strerror(errno));
    fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
    fflush(NULL);
    pid_t pid = fork();
    int fork_errno = errno;
    if (pid == 0)
        exec_gnuplot(p, expr, script, pipefd[1]);
    close(pipefd[1]);
    ssize_t got = pid > 0 ? read(pipefd[0], &child_errno, sizeof child_errno) : 0;
    close(pipefd[0]);
    if (pid < 0)
        return nc_error_set(err, NC_EIO, "cannot run gnuplot: %s", strerror(fork_errno));
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int ok = got <= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
        settle(p, name, partial, 0, err);
        if (got > 0)
            nc_error_set(err, NC_EIO, "cannot run %s in %s: %s", p->gnuplot, p->dir,
                         strerror(child_errno));
        else
            nc_error_set(err, NC_EIO,
                         "gnuplot failed on %s/%s (exit status %d; its messages "
                         "are above)",
                         p->dir, script, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return NC_EIO;
    }
    return settle(p, name, partial, 1, err);
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
    fprintf(fig->vars.f, "datafile = \"%s.csv\"\n", name);
    gp_text(fig->vars.f, "caption", caption);
    return 0;
}

/* The label of the CSV's next row (its last field), and two texts to show beside it. */
static void figure_row(figure *fig, const char *label, const char *words, const char *note)
{
    const char *sep = fig->rows++ ? ", " : "";
    fputs(sep, fig->labels.f), gp_quote(fig->labels.f, label);
    fputs(sep, fig->texts.f), gp_quote(fig->texts.f, words);
    fputs(sep, fig->notes.f), gp_quote(fig->notes.f, note);
    csv_text(fig->data.f, label);
    fputc('\n', fig->data.f);
}

/* Write DIR/NAME.EXT, the concatenation of the NULL-terminated 'parts', atomically. */
static int write_file(const plotter *p, const char *name, const char *ext, const char *const *parts,
                      nc_error *err)
{
    char path[PATH_MAX_LEN];
    if (snprintf(path, sizeof path, "%s/%s.%s", p->dir, name, ext) >= (int)sizeof path)
        return nc_error_set(err, NC_EINPUT, "output path too long: %s", p->dir);
    return nc_cli_write_file(path, w_parts, parts, err);
}

/* The template plots/NAME.gp from the data directory. */
static int read_template(char **out, const char *name, nc_error *err)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/plots/%s.gp", nc_catalog_data_dir(), name);
    int rc = read_text(out, path, err);
    if (rc)
        nc_error_prefix(err, "the figure script is missing (set NASCOST_DATA to the directory "
                             "holding plots/): ");
    return rc;
}

/* Write the figure's CSV and script, then draw it when gnuplot is there. */
static int figure_finish(plotter *p, figure *fig, nc_error *err)
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
             "# for one format).\n"
             "if (!exists(\"outbase\")) outbase = \"%s\"\n"
             "if (!exists(\"formats\")) formats = \"png svg pdf\"\n",
             fig->name, NC_VERSION, fig->name, fig->name, fig->name, fig->name, fig->name,
             fig->name, fig->name, fig->name);
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
    if (p->written < 8)
        snprintf(p->names[p->written], sizeof p->names[0], "%s", fig->name);
    p->written++;
    if (!p->gnuplot[0]) {
        if (p->list)
            printf("%s/%s.csv, %s.gp (not drawn: no gnuplot)\n", p->dir, fig->name, fig->name);
        return 0;
    }
    rc = draw(p, fig->name, err);
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
    nc_output_number(reps, sizeof reps, (double)s->replications);
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
        band_words(line, sizeof line, &b, "");
        wrap_words(label, sizeof label, e->label, 32, "   ");
        used +=
            (size_t)snprintf(buf + used, size - used, "%s%s\n%s", used ? "\n\n" : "", line, label);
    }
}

static int fig_distribution(plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    size_t total = s->n_rows - 1, n = (size_t)s->replications;
    double scale;
    const char *unit;
    figure fig;
    gsl_histogram *h = NULL;
    int rc = nc_plot_scale(&scale, &unit, r->metric, r->mass_unit, err);
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
        nc_output_number(num, sizeof num, q[i]);
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
static int fig_stages(plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    figure fig;
    int rc = nc_plot_scale(&scale, &unit, r->metric, r->mass_unit, err);
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
        size_t at = row < s->n_rows - 1 ? row : s->n_rows - 1;
        nc_plot_band b = nc_plot_row_band(s, at, r->metric, scale, r->scratch);
        char words[256];
        band_words(words, sizeof words, &b, unit);
        fprintf(d, "%d,%.17g,%.17g,%.17g,", at == s->n_rows - 1, b.p5, b.p50, b.p95);
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

static int fig_timeline(plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    figure fig;
    int rc = nc_plot_scale(&scale, &unit, NC_M_CO2E_KG, r->mass_unit, err);
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
    nc_plot_band idle = nc_plot_row_band(s, s->n_rows - 1, NC_M_IDLE_KWH, 1.0, r->scratch);
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

static int fig_benchmarks(plotter *p, run_figures *r, nc_error *err)
{
    const nc_plot_source *s = r->src;
    double scale;
    const char *unit;
    figure fig;
    nc_plot_bar bars[NC_PLOT_N_BENCHMARKS + 1];
    char pipeline[160];
    nc_plot_band kg = nc_plot_row_band(s, s->n_rows - 1, NC_M_CO2E_KG, 1.0, r->scratch);
    snprintf(pipeline, sizeof pipeline, "%s (P50, P5-P95)", s->scenario);
    size_t n = nc_plot_benchmarks(bars, s, &kg, pipeline);
    if (n < 2)
        return 0; /* no yardstick in the catalog: nothing to compare with */
    int rc = nc_plot_scale(&scale, &unit, NC_M_CO2E_KG, r->mass_unit, err);
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
        band_words(words, sizeof words, &b, unit);
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

static int run_all_figures(plotter *p, const nc_plot_source *src, int metric, const char *mass_unit,
                           nc_error *err)
{
    run_figures r = {src, metric, mass_unit, "", NULL};
    run_caption(&r);
    if (!(r.scratch = malloc(((size_t)src->replications + 1) * sizeof *r.scratch)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int rc = fig_distribution(p, &r, err);
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

static int fig_forest(plotter *p, json_t *doc, int m, const char *mass_unit, nc_error *err)
{
    json_t *runs = json_object_get(doc, "runs"), *paired = json_object_get(doc, "paired");
    const char *name = nc_metric_name((nc_metric)m), *unit;
    double scale;
    char caption[512], label[256], words[96];
    figure fig;
    versus_caption(caption, sizeof caption, doc, runs);
    int rc = nc_plot_scale(&scale, &unit, m, mass_unit, err);
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
static int fig_sweep_line(plotter *p, json_t *doc, int m, const char *mass_unit, nc_error *err)
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
    int rc = nc_plot_scale(&scale, &unit, m, mass_unit, err);
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
static int fig_tornado(plotter *p, json_t *doc, const char *mass_unit, nc_error *err)
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
    int rc = nc_plot_scale(&scale, &unit, m, mass_unit, err);
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

/* ---- reading `run -o` results -------------------------------------------------------------- */

static int bad_file(nc_error *err, const char *path, int line, const char *what)
{
    nc_error_set(err, NC_EINPUT, "%s", what);
    nc_error_at(err, path, line, 0);
    return NC_EINPUT;
}

static char *json_text(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? strdup(s) : NULL;
}

static int read_equivalents(nc_plot_source *src, json_t *eqs)
{
    const char *id;
    json_t *e;
    src->equivalents = calloc(json_object_size(eqs) + 1, sizeof *src->equivalents);
    if (!src->equivalents)
        return -1;
    json_object_foreach(eqs, id, e)
    {
        nc_plot_equivalent *q = &src->equivalents[src->n_equivalents++];
        q->id = strdup(id);
        q->name = json_text(e, "name");
        q->label = json_text(e, "label");
        q->co2e_kg = json_number_value(json_object_get(e, "co2e_kg"));
        if (!q->id || !q->name)
            return -1;
    }
    return 0;
}

/* The scenario's name, seed, replications, stages and equivalents from result.json. */
static int read_result_json(nc_plot_source *src, json_t *doc, const char *path, nc_error *err)
{
    json_t *sc = json_object_get(doc, "scenario"), *stages = json_object_get(doc, "stages");
    if (!json_is_object(sc) || !json_is_array(stages) || !json_array_size(stages))
        return bad_file(err, path, 0, "not the result.json of `nascost run -o`");
    src->scenario = json_text(sc, "name");
    src->title = json_text(sc, "title");
    src->seed =
        (uint64_t)json_integer_value(json_object_get(json_object_get(doc, "nascost"), "seed"));
    src->replications = json_integer_value(json_object_get(sc, "replications"));
    src->point = json_is_true(json_object_get(sc, "point"));
    src->deadline_days = json_number_value(json_object_get(sc, "deadline_days")); /* 0: none */
    src->n_rows = json_array_size(stages) + 1;
    src->row_names = calloc(src->n_rows, sizeof *src->row_names);
    if (!src->scenario || src->replications < 1 || !src->row_names)
        return bad_file(err, path, 0, "result.json lacks the scenario's name or replications");
    for (size_t i = 0; i < src->n_rows; i++)
        if (!(src->row_names[i] = i + 1 < src->n_rows ? json_text(json_array_get(stages, i), "name")
                                                      : strdup("total")))
            return bad_file(err, path, 0, "result.json: a stage without a name");
    if (read_equivalents(src, json_object_get(doc, "equivalents")))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    return 0;
}

/* Split a CSV line in place into at most 'max' fields (quotes as RFC 4180); returns the count. */
static size_t csv_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *r = line, *w = line;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        fields[n++] = w;
        int quoted = *r == '"';
        r += quoted;
        while (*r && (quoted || *r != ',')) {
            if (quoted && *r == '"' && r[1] == '"')
                r++;
            else if (quoted && *r == '"') {
                quoted = 0, r++;
                continue;
            }
            *w++ = *r++;
        }
        int more = *r == ',';
        *w++ = '\0';
        r += more;
        if (!more)
            break;
    }
    return n;
}

static int parse_number(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

/* samples.csv: replication,stage,<metric>... in replication order, one row per stage + total. */
static int read_samples(nc_plot_source *src, const char *path, nc_error *err)
{
    enum { MAX_FIELDS = 64 };
    FILE *f = fopen(path, "r");
    char *line = NULL, *fields[MAX_FIELDS];
    size_t cap = 0, want = (size_t)src->replications * src->n_rows, got = 0;
    int col_metric[MAX_FIELDS], rc = 0, line_no = 1;
    if (!f) {
        nc_error_set(err, NC_EIO, "cannot read: %s", strerror(errno));
        nc_error_at(err, path, 0, 0);
        return NC_EIO;
    }
    src->samples = malloc(want * NC_M__COUNT * sizeof *src->samples);
    if (!src->samples || getline(&line, &cap, f) < 0)
        rc = bad_file(err, path, 1, "empty, or out of memory");
    size_t n = rc ? 0 : csv_split(line, fields, MAX_FIELDS);
    if (!rc && (n < 3 || strcmp(fields[0], "replication") || strcmp(fields[1], "stage")))
        rc = bad_file(err, path, 1, "expected the header replication,stage,<metrics>");
    for (size_t i = 0; !rc && i < n; i++)
        col_metric[i] = i < 2 ? -1 : nc_metric_lookup(fields[i]);
    for (size_t i = 0; !rc && src->samples && i < want * NC_M__COUNT; i++)
        src->samples[i] = NAN;
    while (!rc && getline(&line, &cap, f) >= 0) {
        line_no++;
        if (got == want) {
            rc = bad_file(err, path, line_no, "more rows than result.json's replications");
            break;
        }
        size_t k = csv_split(line, fields, MAX_FIELDS), row = got % src->n_rows;
        if (k != n || strcmp(fields[1], src->row_names[row])) {
            nc_error_set(err, NC_EINPUT, "expected %zu fields with stage '%s'", n,
                         src->row_names[row]);
            nc_error_at(err, path, line_no, 0);
            rc = NC_EINPUT;
        }
        for (size_t i = 2; !rc && i < n; i++)
            if (col_metric[i] >= 0 &&
                !parse_number(fields[i], &src->samples[got * NC_M__COUNT + (size_t)col_metric[i]]))
                rc = bad_file(err, path, line_no, "a value is not a number");
        got++;
    }
    if (!rc && got != want)
        rc = bad_file(err, path, line_no, "fewer rows than result.json's replications x rows");
    free(line);
    fclose(f);
    return rc;
}

/* cumulative_co2e.csv (optional): day,p5_kg,p50_kg,p95_kg for days 1, 2, ... */
static int read_cumulative(nc_plot_source *src, const char *path, nc_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *fields[8];
    size_t cap = 0, room = 0;
    int rc = 0, line_no = 1;
    if (!f)
        return 0;
    if (getline(&line, &cap, f) < 0 || csv_split(line, fields, 8) != 4 || strcmp(fields[0], "day"))
        rc = bad_file(err, path, 1, "expected the header day,p5_kg,p50_kg,p95_kg");
    while (!rc && getline(&line, &cap, f) >= 0) {
        line_no++;
        double day;
        nc_plot_band b;
        if (csv_split(line, fields, 8) != 4 || !parse_number(fields[0], &day) ||
            !parse_number(fields[1], &b.p5) || !parse_number(fields[2], &b.p50) ||
            !parse_number(fields[3], &b.p95) || day != (double)(src->n_days + 1)) {
            rc = bad_file(err, path, line_no, "expected the next day and three numbers");
            break;
        }
        if (src->n_days == room) {
            room = room ? 2 * room : 256;
            nc_plot_band *grown = realloc(src->cumulative, room * sizeof *grown);
            if (!grown) {
                rc = nc_error_set(err, NC_ENOMEM, "out of memory");
                break;
            }
            src->cumulative = grown;
        }
        src->cumulative[src->n_days++] = b;
    }
    free(line);
    fclose(f);
    return rc;
}

static int read_run(nc_plot_source **out, json_t *doc, const char *json_path, const char *dir,
                    nc_error *err)
{
    char path[PATH_MAX_LEN];
    nc_plot_source *src = calloc(1, sizeof *src);
    int rc = src ? read_result_json(src, doc, json_path, err)
                 : nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = join(path, dir, "samples.csv", err);
    if (!rc)
        rc = read_samples(src, path, err);
    if (!rc)
        rc = join(path, dir, "cumulative_co2e.csv", err);
    if (!rc)
        rc = read_cumulative(src, path, err);
    if (rc) {
        nc_plot_source_free(src);
        return rc;
    }
    *out = src;
    return 0;
}

/* ---- the commands -------------------------------------------------------------------------- */

/* Say what was drawn and, without gnuplot, what to do. Returns 1 when nothing could be drawn. */
static int report_missing(const plotter *p)
{
    if (p->gnuplot[0] || !p->written)
        return 0;
    fprintf(stderr,
            "nascost: gnuplot not found (looked for %s), so the figures were not drawn.\n"
            "  Their data (NAME.csv) and gnuplot scripts (NAME.gp) are in %s/.\n"
            "  Install gnuplot (Debian/Ubuntu: apt-get install gnuplot-nox), then draw each with\n"
            "  `cd %s && gnuplot NAME.gp`, for NAME in:",
            p->wanted, p->dir, p->dir);
    for (size_t i = 0; i < p->written && i < 8; i++)
        fprintf(stderr, " %s", p->names[i]);
    fputc('\n', stderr);
    return 1;
}

static int plotter_init(plotter *p, const char *dir, int list, nc_error *err)
{
    memset(p, 0, sizeof *p);
    p->dir = dir;
    p->list = list;
    find_gnuplot(p);
    return nc_cli_mkdir(dir, err);
}

int nc_cli_plot_result(const char *dir, const nc_result *res, const char *mass_unit, nc_error *err)
{
    plotter p;
    nc_plot_source *src = NULL;
    int rc = plotter_init(&p, dir, 0, err);
    if (!rc)
        rc = nc_plot_source_alloc(&src, res, err);
    if (!rc)
        rc = run_all_figures(&p, src, NC_M_CO2E_KG, mass_unit, err);
    if (!rc && src->past_timeline > 0)
        fprintf(stderr,
                "nascost: %lld replications ran past the %d days the timeline kept; "
                "its figure shows their first %d days\n",
                (long long)src->past_timeline, res->timeline_days, res->timeline_days);
    nc_plot_source_free(src);
    if (!rc)
        report_missing(&p);
    return rc;
}

static int w_cumulative(FILE *f, const void *ctx, nc_error *err)
{
    const nc_plot_source *src = ctx;
    fputs("day,p5_kg,p50_kg,p95_kg\n", f);
    for (size_t i = 0; i < src->n_days; i++)
        fprintf(f, "%zu,%.17g,%.17g,%.17g\n", i + 1, src->cumulative[i].p5, src->cumulative[i].p50,
                src->cumulative[i].p95);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}

int nc_cli_plot_timeline(const char *dir, const nc_result *res, nc_error *err)
{
    nc_plot_source src = {0};
    char path[PATH_MAX_LEN];
    if (!res->timeline)
        return 0;
    int rc = join(path, dir, "cumulative_co2e.csv", err);
    if (!rc)
        rc = nc_plot_cumulative(&src.cumulative, &src.n_days, res->timeline,
                                (size_t)res->replications, (size_t)res->timeline_days, err);
    if (!rc)
        rc = nc_cli_write_file(path, w_cumulative, &src, err);
    free(src.cumulative);
    return rc;
}

typedef struct plot_args {
    const char *input, *outdir, *units;
    int metric, quiet;
} plot_args;

enum { OPT_METRIC = 256, OPT_UNITS };

static int parse_plot_args(plot_args *a, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"metric", required_argument, NULL, OPT_METRIC},
                                         {"units", required_argument, NULL, OPT_UNITS},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        if (c == 'h')
            return fputs(PLOT_HELP, stdout), 1;
        if (c == 'o')
            a->outdir = optarg;
        else if (c == 'q')
            a->quiet = 1;
        else if (c == OPT_METRIC && (a->metric = nc_metric_lookup(optarg)) < 0)
            return nc_cli_usage("plot",
                                "unknown metric '%s' (e.g. co2e_kg, gpu_hours, "
                                "facility_kwh, cloud_usd, makespan_days)",
                                optarg),
                   -1;
        else if (c == OPT_UNITS && strcmp(optarg, "kg") && strcmp(optarg, "t") &&
                 strcmp(optarg, "lb"))
            return nc_cli_usage("plot", "--units expects kg, t or lb; got '%s'", optarg), -1;
        else if (c == OPT_UNITS)
            a->units = optarg;
        else if (c == '?')
            return nc_cli_usage("plot", "unknown option or missing value"), -1;
    }
    if (argc - optind != 1)
        return nc_cli_usage("plot",
                            argc == optind ? "what to plot? give a directory written by "
                                             "`run -o`, or a compare/sweep JSON"
                                           : "give one RESULTS, not %d",
                            argc - optind),
               -1;
    a->input = argv[optind];
    return 0;
}

/* The JSON to read in 'input' (a file, or a directory holding result.json, compare.json,
 * sweep.json or sensitivity.json) into 'json'; its directory into 'dir'. */
static int locate(char *json, char *dir, const char *input, nc_error *err)
{
    static const char *const names[] = {"result.json", "compare.json", "sweep.json",
                                        "sensitivity.json"};
    struct stat st;
    if (stat(input, &st)) {
        nc_error_set(err, NC_EINPUT, "no such file or directory");
        nc_error_at(err, input, 0, 0);
        return NC_EINPUT;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(json, PATH_MAX_LEN, "%s", input);
        const char *slash = strrchr(input, '/');
        snprintf(dir, PATH_MAX_LEN, "%.*s", slash ? (int)(slash - input) : 1, slash ? input : ".");
        return 0;
    }
    snprintf(dir, PATH_MAX_LEN, "%s", input);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(json, PATH_MAX_LEN, "%s/%s", input, names[i]);
        if (access(json, R_OK) == 0)
            return 0;
    }
    nc_error_set(err, NC_EINPUT,
                 "no result.json, compare.json, sweep.json or sensitivity.json "
                 "here (write one with `nascost run SCENARIO -o DIR`)");
    nc_error_at(err, input, 0, 0);
    return NC_EINPUT;
}

static int plot_json(plotter *p, json_t *doc, const char *json_path, const char *dir,
                     const plot_args *a, nc_error *err)
{
    const char *analysis = json_string_value(json_object_get(doc, "analysis"));
    int rc;
    if (analysis && !strcmp(analysis, "sensitivity"))
        return fig_tornado(p, doc, a->units, err);
    if (analysis && json_array_size(json_object_get(doc, "runs"))) {
        rc = fig_forest(p, doc, a->metric, a->units, err);
        if (!rc && !strcmp(analysis, "sweep"))
            rc = fig_sweep_line(p, doc, a->metric, a->units, err);
        return rc;
    }
    nc_plot_source *src = NULL;
    rc = read_run(&src, doc, json_path, dir, err);
    if (!rc)
        rc = run_all_figures(p, src, a->metric, a->units, err);
    if (!rc && !src->cumulative && !a->quiet)
        printf("(no timeline: run with --plots to keep one, then %s/cumulative_co2e.csv is "
               "written with -o)\n",
               dir);
    nc_plot_source_free(src);
    return rc;
}

int nc_cli_plot(int argc, char **argv)
{
    plot_args a = {NULL, NULL, "kg", NC_M_CO2E_KG, 0};
    char json_path[PATH_MAX_LEN], dir[PATH_MAX_LEN];
    nc_error err;
    plotter p;
    json_error_t jerr;
    json_t *doc = NULL;
    nc_error_clear(&err);
    int rc = parse_plot_args(&a, argc, argv);
    if (rc)
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    rc = locate(json_path, dir, a.input, &err);
    if (!rc && !(doc = json_load_file(json_path, 0, &jerr))) {
        nc_error_set(&err, NC_EINPUT, "not JSON: %s", jerr.text);
        nc_error_at(&err, json_path, jerr.line, jerr.column);
        rc = NC_EINPUT;
    }
    if (!rc)
        rc = plotter_init(&p, a.outdir ? a.outdir : dir, !a.quiet, &err);
    if (!rc)
        rc = plot_json(&p, doc, json_path, dir, &a, &err);
    json_decref(doc);
    if (rc)
        return nc_cli_report(&err);
    return report_missing(&p) ? NC_EXIT_FAIL : NC_EXIT_OK;
}
