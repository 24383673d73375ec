/* cli_versus.c - `nascost compare` and `nascost sweep`: variants run with common random
 * numbers and compared, replication by replication, against the first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_versus.h"
#include "cli/cli_common.h"
#include "cli/cli_output.h"
#include "cli/cli_args.h"
#include "cli/cli_estimate.h"
#include "output/output_versus.h"
#include "analysis/paired.h"
#include "analysis/sweep.h"

static const char COMPARE_HELP[] =
    "usage: nascost compare BASE.yaml VARIANT.yaml [MORE.yaml...] [options]\n"
    "\n"
    "Run every scenario over the same replications with the same seed. Inputs the files share\n"
    "(by path, e.g. sites.lab.pue) get the same draws, so each variant's difference from the\n"
    "first is measured replication by replication: for every metric, each variant's band,\n"
    "the paired difference and ratio with their own bands, and P(lower), the probability\n"
    "that the variant is below the first. A variant is usually `extends: base.yaml` plus one\n"
    "change.\n"
    "\n"
    "options:\n" NC_CLI_COMMON_HELP
    "  -o, --output DIR       also write DIR/compare.json and DIR/compare.csv\n"
    "\n"
    "examples:\n"
    "  nascost compare scenarios/whatif/grid-search.yaml scenarios/whatif/asha.yaml\n"
    "  nascost compare a.yaml b.yaml c.yaml -n 5000 -f json > comparison.json\n";

static const char SWEEP_HELP[] =
    "usage: nascost sweep SCENARIO.yaml --vary PATH=V1,V2,... [--vary PATH2=...] [options]\n"
    "\n"
    "Run the scenario once per value of PATH (with common random numbers), and compare each\n"
    "run with the first value's, replication by replication. Two --vary give a grid.\n"
    "Values are YAML (`1000`, `5 h`, `{dist: uniform, low: 1.1, high: 1.3}`); PATH=LO:HI:STEPS\n"
    "gives STEPS evenly spaced values (`1000:5000:5`, `1h:10h:4`).\n"
    "\n"
    "options:\n"
    "      --vary PATH=VALUES the input to vary (once or twice)\n" NC_CLI_COMMON_HELP
    "  -o, --output DIR       also write DIR/sweep.json and DIR/sweep.csv\n"
    "\n"
    "examples:\n"
    "  nascost sweep scenarios/lisa-rnd.yaml --vary stages.grid-searches.trials=1000:5000:5\n"
    "  nascost sweep scenarios/lisa-rnd.yaml --vary sites.lab.pue=1.1,1.3,1.58,2.0 -n 2000\n";

/* ---- running the variants ------------------------------------------------------------------ */

typedef struct variant {
    const char *file;
    char *sets[2];       /* extra --set for a sweep point (owned) */
    size_t n_sets;
    char *label;
} variant;

/* Load every variant; the first gives the seed and replications (unless given). */
static int load_all(nc_scenario **scs, nc_cli_args *a, const variant *vs, size_t n,
                    nc_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = nc_cli_load(&scs[i], a, vs[i].file, (const char *const *)vs[i].sets,
                         vs[i].n_sets, err);
        if (!rc && i == 0 && !a->run.has_seed)
            a->run.has_seed = 1, a->run.seed = scs[0]->seed;
        if (!rc && i == 0 && a->run.replications == 0)
            a->run.replications = scs[0]->replications;
    }
    return rc;
}

/* Say how long the runs will take, when that is long. */
static void estimate_all(const nc_cli_args *a, nc_scenario *const *scs, size_t n)
{
    nc_cli_estimate e = {0.0, 0.0, 0, 0};
    char what[64];
    for (size_t i = 0; i < n; i++)
        nc_cli_estimate_add(&e, a, scs[i], (double)a->run.replications);
    snprintf(what, sizeof what, "these %zu runs are", n);
    nc_cli_estimate_say(&e, a, what);
}

/* Run every variant with the first's seed and replications (unless given) into '*out'. */
static int run_all(nc_versus **out, nc_cli_args *a, variant *vs, size_t n, nc_error *err)
{
    nc_scenario **scs = calloc(n, sizeof *scs);
    int rc = scs ? nc_versus_alloc(out, n, err) : nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = load_all(scs, a, vs, n, err);
    if (!rc)
        estimate_all(a, scs, n);
    for (size_t i = 0; i < n && !rc; i++) {
        rc = nc_engine_run(&(*out)->runs[i], scs[i], &a->run, err);
        (*out)->labels[i] = vs[i].label;
    }
    if (!rc)
        rc = nc_versus_compute(*out, err);
    if (!rc) {
        free(scs); /* the scenarios stay alive with the results: freed by free_all */
        return 0;
    }
    for (size_t i = 0; i < n && scs; i++)
        nc_scenario_free(scs[i]);
    free(scs);
    nc_versus_free(*out);
    *out = NULL;
    return rc;
}

static void free_all(nc_versus *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        if (v->runs[i])
            nc_scenario_free((nc_scenario *)v->runs[i]->sc);
    nc_versus_free(v);
}

/* ---- writing ------------------------------------------------------------------------------- */

typedef struct write_ctx {
    const nc_versus *v;
    const char *kind, *mass_unit;
} write_ctx;

static int w_table(FILE *f, const void *ctx, nc_error *err)
{
    const write_ctx *w = ctx;
    return nc_output_versus_table(f, w->v, w->mass_unit, err);
}

static int w_json(FILE *f, const void *ctx, nc_error *err)
{
    const write_ctx *w = ctx;
    return nc_output_versus_json(f, w->v, w->kind, err);
}

static int w_csv(FILE *f, const void *ctx, nc_error *err)
{
    return nc_output_versus_csv(f, ((const write_ctx *)ctx)->v, err);
}

/* The table, JSON or CSV on standard output; DIR/KIND.json and DIR/KIND.csv with -o. */
static int write_out(const nc_cli_args *a, const nc_versus *v, const char *kind, nc_error *err)
{
    const write_ctx w = {v, kind, a->units};
    const nc_cli_output out = {w_table, w_json, w_csv, kind, NULL};
    return nc_cli_output_write(a, &out, &w, err);
}

static int finish(nc_cli_args *a, variant *vs, size_t n, const char *kind)
{
    nc_error err;
    nc_versus *v = NULL;
    nc_error_clear(&err);
    int rc = run_all(&v, a, vs, n, &err);
    if (!rc)
        rc = write_out(a, v, kind, &err);
    free_all(v);
    for (size_t i = 0; i < n; i++)
        free(vs[i].label), free(vs[i].sets[0]), free(vs[i].sets[1]);
    free(vs);
    nc_cli_args_free(a);
    return rc ? nc_cli_report(&err) : NC_EXIT_OK;
}

/* ---- compare --------------------------------------------------------------------------------- */

/* A label per file: its scenario name is not known before loading, so use the file's name
 * without directory and .yaml. */
static char *file_label(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t len = strlen(base);
    if (len > 5 && !strcmp(base + len - 5, ".yaml"))
        len -= 5;
    char *s = malloc(len + 1);
    if (s) {
        memcpy(s, base, len);
        s[len] = '\0';
    }
    return s;
}

int nc_cli_compare(int argc, char **argv)
{
    nc_cli_args a = {.cmd = "compare"};
    int rc = nc_cli_parse(&a, argc, argv, COMPARE_HELP, NULL, NULL, NULL, 2, 64);
    if (rc) {
        nc_cli_args_free(&a);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    variant *vs = calloc(a.n_positional, sizeof *vs);
    for (size_t i = 0; vs && i < a.n_positional; i++)
        vs[i].file = a.positional[i], vs[i].label = file_label(a.positional[i]);
    return finish(&a, vs, vs ? a.n_positional : 0, "compare");
}

/* ---- sweep ----------------------------------------------------------------------------------- */

typedef struct sweep_args {
    nc_vary vary[2];
    int n_vary;
    nc_error err;
} sweep_args;

enum { OPT_VARY = NC_CLI_EXTRA };
static const struct option SWEEP_OPTIONS[] = {{"vary", required_argument, NULL, OPT_VARY},
                                              {NULL, 0, NULL, 0}};

static int on_sweep_option(void *ctx, int id, const char *value)
{
    sweep_args *s = ctx;
    (void)id;
    if (s->n_vary == 2)
        return nc_cli_usage("sweep", "at most two --vary (a grid)"), -1;
    if (nc_vary_parse(&s->vary[s->n_vary], value, &s->err))
        return nc_cli_usage("sweep", "%s", s->err.message), -1;
    s->n_vary++;
    return 0;
}

static char *point_label(const char *a, const char *b)
{
    size_t n = strlen(a) + (b ? strlen(b) + 2 : 0) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, b ? ", " : "", b ? b : "");
    return s;
}

/* The grid of sweep points: every value of the first --vary, times the second's. */
static variant *sweep_points(const nc_cli_args *a, sweep_args *s, size_t *n)
{
    size_t n0 = s->vary[0].n, n1 = s->n_vary > 1 ? s->vary[1].n : 1;
    variant *vs = calloc(n0 * n1, sizeof *vs);
    for (size_t i = 0; vs && i < n0 * n1; i++) {
        variant *v = &vs[i];
        v->file = a->positional[0];
        v->n_sets = (size_t)s->n_vary;
        for (int k = 0; k < s->n_vary; k++) {
            const nc_vary *vy = &s->vary[k];
            size_t j = k == 0 ? i / n1 : i % n1;
            size_t len = strlen(vy->path) + strlen(vy->values[j]) + 2;
            char *set = malloc(len);
            if (set)
                snprintf(set, len, "%s=%s", vy->path, vy->values[j]);
            v->sets[k] = set;
        }
        v->label = point_label(v->sets[0], v->n_sets > 1 ? v->sets[1] : NULL);
    }
    *n = vs ? n0 * n1 : 0;
    return vs;
}

int nc_cli_sweep(int argc, char **argv)
{
    nc_cli_args a = {.cmd = "sweep"};
    sweep_args s = {.n_vary = 0};
    int rc = nc_cli_parse(&a, argc, argv, SWEEP_HELP, SWEEP_OPTIONS, on_sweep_option, &s, 1, 1);
    if (!rc && s.n_vary == 0)
        rc = (nc_cli_usage("sweep", "what to vary? give --vary PATH=V1,V2,..."), -1);
    if (rc) {
        nc_vary_free(&s.vary[0]), nc_vary_free(&s.vary[1]);
        nc_cli_args_free(&a);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    size_t n;
    variant *vs = sweep_points(&a, &s, &n);
    rc = finish(&a, vs, n, "sweep");
    nc_vary_free(&s.vary[0]), nc_vary_free(&s.vary[1]);
    return rc;
}
