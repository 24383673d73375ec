/*
 * cli_plot.c - `nascost plot` and `nascost run --plots`: a run's results read back from the
 * files `run -o` wrote (result.json, samples.csv, cumulative_co2e.csv), or taken from memory,
 * or a compare, sweep or sensitivity JSON document; their figures are built by cli_figures.c
 * and drawn by cli_gnuplot.c (see cli_plot.h).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_args.h"
#include "cli_plot.h"
#include "metrics.h"
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

/* 'dir'/'name' into 'out' (NC_CLI_PATH_MAX bytes). */
static int join(char *out, const char *dir, const char *name, nc_error *err)
{
    if (snprintf(out, NC_CLI_PATH_MAX, "%s/%s", dir, name) >= NC_CLI_PATH_MAX)
        return nc_error_set(err, NC_EINPUT, "path too long: %s/%s", dir, name);
    return 0;
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

/* 1 for a metric a run may leave undefined, written as an empty field (nc_metric_defined); it
 * stays NaN. */
static int undefinable(int m)
{
    return m == NC_M_UTILISATION || m == NC_M_ON_TIME;
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
            if (col_metric[i] >= 0 && !(undefinable(col_metric[i]) && !fields[i][0]) &&
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
    char path[NC_CLI_PATH_MAX];
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

int nc_cli_plot_result(const char *dir, const nc_result *res, const char *mass_unit, nc_error *err)
{
    nc_cli_plotter p;
    nc_plot_source *src = NULL;
    int rc = nc_cli_plotter_init(&p, dir, 0, err);
    if (!rc)
        rc = nc_plot_source_alloc(&src, res, err);
    if (!rc)
        rc = nc_cli_figures_run(&p, src, NC_M_CO2E_KG, mass_unit, err);
    if (!rc && src->past_timeline > 0)
        fprintf(stderr,
                "nascost: %lld replications ran past the %d days the timeline kept; "
                "its figure shows their first %d days\n",
                (long long)src->past_timeline, res->timeline_days, res->timeline_days);
    nc_plot_source_free(src);
    if (!rc)
        nc_cli_gnuplot_missing(&p);
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
    char path[NC_CLI_PATH_MAX];
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
        snprintf(json, NC_CLI_PATH_MAX, "%s", input);
        const char *slash = strrchr(input, '/');
        snprintf(dir, NC_CLI_PATH_MAX, "%.*s", slash ? (int)(slash - input) : 1,
                 slash ? input : ".");
        return 0;
    }
    snprintf(dir, NC_CLI_PATH_MAX, "%s", input);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(json, NC_CLI_PATH_MAX, "%s/%s", input, names[i]);
        if (access(json, R_OK) == 0)
            return 0;
    }
    nc_error_set(err, NC_EINPUT,
                 "no result.json, compare.json, sweep.json or sensitivity.json "
                 "here (write one with `nascost run SCENARIO -o DIR`)");
    nc_error_at(err, input, 0, 0);
    return NC_EINPUT;
}

static int plot_json(nc_cli_plotter *p, json_t *doc, const char *json_path, const char *dir,
                     const plot_args *a, nc_error *err)
{
    const char *analysis = json_string_value(json_object_get(doc, "analysis"));
    int rc;
    if (analysis && !strcmp(analysis, "sensitivity"))
        return nc_cli_figure_tornado(p, doc, a->units, err);
    if (analysis && json_array_size(json_object_get(doc, "runs"))) {
        rc = nc_cli_figure_forest(p, doc, a->metric, a->units, err);
        if (!rc && !strcmp(analysis, "sweep"))
            rc = nc_cli_figure_sweep_line(p, doc, a->metric, a->units, err);
        return rc;
    }
    nc_plot_source *src = NULL;
    rc = read_run(&src, doc, json_path, dir, err);
    if (!rc)
        rc = nc_cli_figures_run(p, src, a->metric, a->units, err);
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
    char json_path[NC_CLI_PATH_MAX], dir[NC_CLI_PATH_MAX];
    nc_error err;
    nc_cli_plotter p;
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
        rc = nc_cli_plotter_init(&p, a.outdir ? a.outdir : dir, !a.quiet, &err);
    if (!rc)
        rc = plot_json(&p, doc, json_path, dir, &a, &err);
    json_decref(doc);
    if (rc)
        return nc_cli_report(&err);
    return nc_cli_gnuplot_missing(&p) ? NC_EXIT_FAIL : NC_EXIT_OK;
}
