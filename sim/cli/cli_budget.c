/* cli_budget.c - `nascost budget`: what to ask for, whether a cap is enough, how many trials
 * fit under it and how many GPUs the deadline needs. The library (budget.h) computes; this
 * file parses options and writes. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/budget.h"
#include "cli/cli_budget.h"
#include "cli/cli_common.h"
#include "cli/cli_output.h"
#include "cli/cli_args.h"
#include "cli/cli_estimate.h"
#include "cli/cli_progress.h"
#include "base/metrics.h"
#include "output/output_csv.h"
#include "output/output_format.h"
#include "output/output_json.h"
#include "rng/rng.h"
#include "base/units.h"

static const char BUDGET_HELP[] =
    "usage: nascost budget SCENARIO.yaml [--confidence C] [--cap AMOUNT [--metric NAME]\n"
    "                      [--stage NAME]] [--gpus SITE] [options]\n"
    "\n"
    "How much to ask for so that you are C sure it is enough: the C-quantile over\n"
    "replications of the pipeline's GPU-hours, facility energy, CO2e, costs and calendar time.\n"
    "\n"
    "  --confidence C   how sure: 0.9 (default) or 90%; between 0 and 1\n"
    "  --cap AMOUNT     the probability that the total stays at or under AMOUNT (the fraction\n"
    "                   of replications that do, +/- its binomial standard error). The unit\n"
    "                   picks what is capped: a mass (20t, 45000 kg, 90000lb) caps co2e_kg, an\n"
    "                   energy (80MWh, 1.5 GWh) facility_kwh, GPU-hours (30000gpu_h, 30000 GPU-h)\n"
    "                   gpu_hours, money (50000USD, $50000, 50kUSD) cloud_usd when a stage has a\n"
    "                   cloud price, else electricity_usd + hardware_usd (owned hardware)\n"
    "  --metric NAME    cap this metric instead: any of `nascost run -f csv` (makespan_days\n"
    "                   with a time: --cap 150d), or cost_usd = cloud + electricity + hardware\n"
    "  --stage NAME     with --cap: the most trials of stage NAME that stay under the cap with\n"
    "                   confidence C. Each step reruns the scenario with\n"
    "                   --set stages.NAME.trials=N (fixed, even if the scenario's is uncertain),\n"
    "                   doubling from the scenario's count, then narrowing (ITP bisection);\n"
    "                   prints P at N and at N + 1, which breaks it. Adding trials does not\n"
    "                   change the earlier trials' draws, so summed metrics only grow with N\n"
    "                   (the makespan, and CO2e on an hourly grid, depend on when trials run\n"
    "                   and need not: the answer is checked at N and N + 1 either way)\n"
    "  --gpus SITE      the fewest GPUs in SITE's cluster to finish by the scenario's deadline\n"
    "                   with confidence C (needs `deadline:` and a cluster), by the same search\n"
    "                   over sites.SITE.cluster.gpus. List scheduling is not monotone in the\n"
    "                   number of GPUs (Graham 1969: more GPUs can finish later), so the answer\n"
    "                   K is checked at K and K - 1 only and both are printed. When no trial\n"
    "                   waits for a GPU any more, more GPUs cannot help: it says so\n"
    "\n"
    "  Each search step is a full run: use -n to keep them quick (-n 2000 is a good start).\n"
    "\n"
    "options:\n" NC_CLI_COMMON_HELP
    "  -o, --output DIR       also write DIR/budget.json and DIR/budget.csv\n"
    "\n"
    "output: a table; -f json one document (scenario, confidence, quantiles, cap, max_trials,\n"
    "gpus); -f csv one row per reported quantity: quantity,subject,at,unit,value,se\n"
    "('at': the trial count or the GPUs a probability is for).\n"
    "\n"
    "examples:\n"
    "  nascost budget scenarios/lisa-rnd.yaml -n 2000\n"
    "  nascost budget scenarios/lisa-rnd.yaml -n 2000 --confidence 0.95 --cap 50t\n"
    "  nascost budget scenarios/lisa-rnd.yaml -n 2000 --cap 40t --stage grid-searches\n"
    "  nascost budget scenarios/lisa-rnd.yaml -n 2000 --cap 250000USD --metric cost_usd\n"
    "  nascost budget scenarios/lisa-rnd.yaml -n 2000 --confidence 0.6 --gpus lab\n"
    "  nascost budget scenarios/lisa-rnd.yaml -n 2000 --cap 40t -f json > budget.json\n";

enum { OPT_CONFIDENCE = NC_CLI_EXTRA, OPT_CAP, OPT_METRIC, OPT_STAGE, OPT_GPUS };

static const struct option BUDGET_OPTIONS[] = {
    {"confidence", required_argument, NULL, OPT_CONFIDENCE},
    {"cap", required_argument, NULL, OPT_CAP},
    {"metric", required_argument, NULL, OPT_METRIC},
    {"stage", required_argument, NULL, OPT_STAGE},
    {"gpus", required_argument, NULL, OPT_GPUS},
    {NULL, 0, NULL, 0},
};

static int on_budget_option(void *ctx, int id, const char *value)
{
    nc_budget_request *req = ctx;
    nc_error err;
    nc_budget_cap cap;
    switch (id) {
    case OPT_CONFIDENCE:
        if (nc_quantity_parse(value, NC_DIM_NONE, &req->opts.confidence, &err) ||
            !(req->opts.confidence > 0.0 && req->opts.confidence < 1.0))
            return nc_cli_usage("budget",
                                "--confidence expects a number between 0 and 1 "
                                "(0.9 or 90%%), got '%s'",
                                value),
                   -1;
        return 0;
    case OPT_CAP:
        if (nc_budget_cap_parse(&cap, value, &err))
            return nc_cli_usage("budget", "%s", err.message), -1;
        return req->cap = value, 0;
    case OPT_METRIC:
        return req->metric = value, 0;
    case OPT_STAGE:
        return req->stage = value, 0;
    default:
        return req->site = value, 0;
    }
}

/* ---- numbers for people ---------------------------------------------------------------------- */

/* 'v' in the metric's unit, or in the table's mass unit for a mass. */
static const char *shown(double *v, const char *unit, const char *mass_unit)
{
    double factor;
    const char *mass;
    if (strcmp(unit, "kg") || nc_output_scale(&factor, &mass, NC_M_CO2E_KG, mass_unit, NULL))
        return unit;
    *v *= factor;
    return mass;
}

static void amount(char *buf, size_t size, double v, const char *unit, const char *mass_unit)
{
    char num[48];
    unit = shown(&v, unit, mass_unit);
    nc_output_number(num, sizeof num, v);
    snprintf(buf, size, "%s%s%s", num, unit[0] ? " " : "", unit);
}

static void percent(char *buf, size_t size, double confidence)
{
    snprintf(buf, size, "%.10g%%", confidence * 100.0);
}

/* ---- table ----------------------------------------------------------------------------------- */

static void table_quantiles(FILE *f, const nc_budget *b, const char *mass_unit)
{
    char conf[32], head[64];
    percent(conf, sizeof conf, b->confidence);
    fprintf(f, "\nto be %s sure it is enough, ask for\n", conf);
    snprintf(head, sizeof head, "P%.10g", b->confidence * 100.0);
    fprintf(f, "  %-22s %-24s %-18s %s\n", "", head, "(+/- MC error)", "median");
    for (size_t i = 0; i < b->n_quantiles; i++) {
        const nc_budget_amount *q = &b->quantiles[i];
        char value[64], se[48], median[64];
        amount(value, sizeof value, q->value, q->metric.unit, mass_unit);
        double e = q->se;
        shown(&e, q->metric.unit, mass_unit);
        if (isfinite(e))
            nc_output_number(se, sizeof se, e);
        else
            snprintf(se, sizeof se, "?");
        amount(median, sizeof median, q->median, q->metric.unit, mass_unit);
        char pm[64];
        snprintf(pm, sizeof pm, "(+/- %s)", se);
        fprintf(f, "  %-22s %-24s %-18s %s\n", q->metric.label, value, pm, median);
    }
}

static void table_cap(FILE *f, const nc_budget *b)
{
    fprintf(f, "\ncap %s on %s: P(total <= cap) = %.3f +/- %.3f (%lld of %lld replications)\n",
            b->cap.text, b->cap_metric.name, b->under.p, b->under.se, (long long)b->under.under,
            (long long)b->under.n);
}

/* A count with thousands separators: "3,608", "63". */
static void count(char *buf, size_t size, int64_t x)
{
    if (x < 100)
        snprintf(buf, size, "%lld", (long long)x);
    else
        nc_output_number(buf, size, (double)x);
}

static void table_probe(FILE *f, const nc_budget_probe *p, const char *what, const char *prob,
                        const char *note)
{
    char x[48];
    count(x, sizeof x, p->x);
    fprintf(f, "  %s %s: %s = %.4f +/- %.4f%s\n", x, what, prob, p->prob.p, p->prob.se, note);
}

static void table_runs(FILE *f, const nc_budget_search *s, const nc_budget *b)
{
    fprintf(f, "  (%zu runs of %lld replications, %.1f s)\n", s->n_probes,
            (long long)b->res->replications, s->elapsed_s);
}

static void table_trials(FILE *f, const nc_budget *b)
{
    const nc_budget_search *s = b->trials;
    char conf[32], prob[128];
    percent(conf, sizeof conf, b->confidence);
    snprintf(prob, sizeof prob, "P(%s <= %s)", b->cap_metric.name, b->cap.text);
    fprintf(f, "\nmost trials of stage %s under the cap with %s confidence: ", b->stage, conf);
    if (!s->met) {
        fprintf(f, "none, the cap cannot be met\n");
        table_probe(f, &s->at, "trials", prob, " (even without this stage's trials)");
    } else {
        char x[48];
        count(x, sizeof x, s->x);
        fprintf(f, "%s%s\n", x, s->limit ? " (the most a stage can have)" : "");
        table_probe(f, &s->at, "trials", prob, "");
        if (s->has_beside)
            table_probe(f, &s->beside, "trials", prob, " (one more breaks it)");
    }
    table_runs(f, s, b);
}

static void table_gpus(FILE *f, const nc_budget *b)
{
    const nc_budget_search *s = b->gpus;
    char conf[32], days[48], prob[96];
    percent(conf, sizeof conf, b->confidence);
    nc_output_number(days, sizeof days, b->deadline_days);
    snprintf(prob, sizeof prob, "P(on time)");
    fprintf(f, "\nfewest GPUs at site %s to finish within %s d with %s confidence: ", b->site, days,
            conf);
    if (!s->met) {
        fprintf(f, "%s\n",
                s->at.no_wait ? "not possible, more GPUs do not help"
                              : "not possible with the most GPUs a site can have");
        table_probe(f, &s->at, "GPUs", prob,
                    s->at.no_wait ? " (no trial waits for a GPU in any replication)" : "");
    } else {
        char x[48];
        count(x, sizeof x, s->x);
        fprintf(f, "%s%s\n", x, s->limit ? " (no fewer can run the largest trial)" : "");
        table_probe(f, &s->at, "GPUs", prob, "");
        if (s->has_beside) {
            table_probe(f, &s->beside, "GPUs", prob, " (one fewer)");
            fprintf(f, "  list scheduling is not monotone in the GPUs (Graham 1969): checked at "
                       "these two only\n");
        }
    }
    table_runs(f, s, b);
}

static int write_table(FILE *f, const nc_budget *b, const char *mass_unit, nc_error *err)
{
    const nc_scenario *sc = b->sc;
    fprintf(f, "%s%s%s\n", sc->name, sc->title ? ": " : "", sc->title ? sc->title : "");
    fprintf(f, "%lld replications, seed %llu; %.1f s in all\n", (long long)b->res->replications,
            (unsigned long long)b->res->seed, b->elapsed_s);
    table_quantiles(f, b, mass_unit);
    if (b->has_cap)
        table_cap(f, b);
    if (b->trials)
        table_trials(f, b);
    if (b->gpus)
        table_gpus(f, b);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write the table") : 0;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

/* A number, or null when it is not finite (a standard error with too few replications). */
static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *prob_json(const nc_budget_prob *p)
{
    return json_pack("{s:f, s:f, s:I, s:I}", "p", p->p, "se", p->se, "under", (json_int_t)p->under,
                     "replications", (json_int_t)p->n);
}

static json_t *quantiles_json(const nc_budget *b)
{
    json_t *obj = json_object();
    for (size_t i = 0; obj && i < b->n_quantiles; i++) {
        const nc_budget_amount *q = &b->quantiles[i];
        if (nc_output_json_set(obj, q->metric.name,
                               json_pack("{s:s, s:f, s:o, s:f}", "unit", q->metric.unit, "value",
                                         q->value, "se", real_or_null(q->se), "median",
                                         q->median))) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

static json_t *cap_json(const nc_budget *b)
{
    if (!b->has_cap)
        return json_null();
    return json_pack("{s:o, s:s, s:f, s:s, s:o}", "text", nc_output_json_text(b->cap.text),
                     "metric", b->cap_metric.name, "value", b->cap_value, "unit",
                     b->cap_metric.unit, "probability", prob_json(&b->under));
}

static json_t *probe_json(const nc_budget_probe *p, const char *key)
{
    return json_pack("{s:I, s:f, s:f, s:f}", key, (json_int_t)p->x, "probability", p->prob.p, "se",
                     p->prob.se, "quantile", p->q);
}

static json_t *search_json(const nc_budget_search *s, const char *what, const char *name,
                           const char *key, const char *beside)
{
    json_t *runs = json_array();
    for (size_t i = 0; runs && i < s->n_probes; i++)
        if (json_array_append_new(runs, probe_json(&s->probes[i], key))) {
            json_decref(runs);
            runs = NULL;
        }
    json_t *obj = json_pack("{s:o, s:b, s:I, s:b, s:o, s:o, s:f, s:o}", what,
                            nc_output_json_text(name), "met", s->met, key, (json_int_t)s->x,
                            "at_limit", s->limit, "at", probe_json(&s->at, key), beside,
                            s->has_beside ? probe_json(&s->beside, key) : json_null(), "elapsed_s",
                            s->elapsed_s, "runs", runs);
    return obj;
}

static json_t *budget_json(const nc_budget *b)
{
    const nc_scenario *sc = b->sc;
    const nc_result *res = b->res;
    json_t *meta = json_pack("{s:s, s:s, s:I, s:s, s:i, s:f}", "version", NC_VERSION, "rng",
                             nc_rng_philox->name, "seed", (json_int_t)res->seed, "compiler",
                             NC_COMPILER, "threads", res->threads, "elapsed_s", b->elapsed_s);
    json_t *scenario =
        json_pack("{s:o, s:o, s:o, s:I, s:o}", "name", nc_output_json_text(sc->name), "title",
                  nc_output_json_text(sc->title), "file", nc_output_json_text(sc->file),
                  "replications", (json_int_t)res->replications, "deadline_days",
                  b->deadline_days > 0 ? json_real(b->deadline_days) : json_null());
    json_t *trials =
        b->trials ? search_json(b->trials, "stage", b->stage, "trials", "next") : json_null();
    json_t *gpus = b->gpus ? search_json(b->gpus, "site", b->site, "gpus", "fewer") : json_null();
    return json_pack("{s:o, s:o, s:f, s:o, s:o, s:o, s:o}", "nascost", meta, "scenario", scenario,
                     "confidence", b->confidence, "quantiles", quantiles_json(b), "cap",
                     cap_json(b), "max_trials", trials, "gpus", gpus);
}

static int write_json(FILE *f, const nc_budget *b, nc_error *err)
{
    json_t *doc = budget_json(b);
    return nc_output_json_dump(f, doc, err);
}

/* ---- CSV ------------------------------------------------------------------------------------- */


/* One row: quantity,subject,at,unit,value,se ('at' < 0, and NaN values, are left empty). */
static void csv_row(FILE *f, const char *quantity, const char *subject, int64_t at,
                    const char *unit, double value, double se)
{
    fprintf(f, "%s,", quantity);
    nc_output_csv_field(f, subject);
    fputc(',', f);
    if (at >= 0)
        fprintf(f, "%lld", (long long)at);
    fprintf(f, ",%s,", unit);
    if (isfinite(value))
        fprintf(f, "%.17g", value);
    fputc(',', f);
    if (isfinite(se))
        fprintf(f, "%.17g", se);
    fputc('\n', f);
}

static void csv_search(FILE *f, const nc_budget_search *s, const char *name, const char *what,
                       const char *beside)
{
    char key[64];
    csv_row(f, what, name, -1, "", s->met ? (double)s->x : (double)NAN, NAN);
    snprintf(key, sizeof key, "p_at_%s", what);
    csv_row(f, key, name, s->at.x, "", s->at.prob.p, s->at.prob.se);
    snprintf(key, sizeof key, "p_at_%s_%s", what, beside);
    if (s->has_beside)
        csv_row(f, key, name, s->beside.x, "", s->beside.prob.p, s->beside.prob.se);
}

static int write_csv(FILE *f, const nc_budget *b, nc_error *err)
{
    fputs("quantity,subject,at,unit,value,se\n", f);
    csv_row(f, "confidence", "", -1, "", b->confidence, NAN);
    for (size_t i = 0; i < b->n_quantiles; i++) {
        const nc_budget_amount *q = &b->quantiles[i];
        csv_row(f, "quantile", q->metric.name, -1, q->metric.unit, q->value, q->se);
    }
    if (b->has_cap) {
        csv_row(f, "cap", b->cap_metric.name, -1, b->cap_metric.unit, b->cap_value, NAN);
        csv_row(f, "p_under_cap", b->cap_metric.name, -1, "", b->under.p, b->under.se);
    }
    if (b->trials)
        csv_search(f, b->trials, b->stage, "max_trials", "plus_1");
    if (b->gpus)
        csv_search(f, b->gpus, b->site, "min_gpus", "minus_1");
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}

/* ---- the command ----------------------------------------------------------------------------- */

/* A budget and the mass unit of its table, for the writers. */
typedef struct write_ctx {
    const nc_budget *b;
    const char *mass_unit;
} write_ctx;

static int w_table(FILE *f, const void *ctx, nc_error *err)
{
    const write_ctx *w = ctx;
    return write_table(f, w->b, w->mass_unit, err);
}

static int w_json(FILE *f, const void *ctx, nc_error *err)
{
    return write_json(f, ((const write_ctx *)ctx)->b, err);
}

static int w_csv(FILE *f, const void *ctx, nc_error *err)
{
    return write_csv(f, ((const write_ctx *)ctx)->b, err);
}

/* The table, JSON or CSV on standard output; DIR/budget.json and DIR/budget.csv with -o. */
static int write_all(const nc_cli_args *a, const nc_budget *b, nc_error *err)
{
    const write_ctx w = {b, a->units};
    const nc_cli_output out = {w_table, w_json, w_csv, "budget", NULL};
    return nc_cli_output_write(a, &out, &w, err);
}

/* Say how long the budget's runs will take, when that is long: the scenario as given, and at
 * least one more run for each search (the searches' own lengths are not known in advance). */
static void estimate(const nc_cli_args *a, const nc_budget_request *req)
{
    nc_scenario *sc = NULL;
    nc_error err;
    if (a->quiet || nc_cli_load(&sc, a, a->positional[0], NULL, 0, &err))
        return; /* the budget itself reports a scenario that does not load */
    nc_cli_estimate e = {0.0, 0.0, 0, 0};
    char what[64];
    int runs = 1 + (req->stage != NULL) + (req->site != NULL);
    double reps = (double)(a->run.replications ? a->run.replications : sc->replications);
    nc_cli_estimate_add(&e, a, sc, runs * reps);
    snprintf(what, sizeof what, runs > 1 ? "the first %d runs of this budget are"
                                         : "this budget's run is", runs);
    nc_cli_estimate_say(&e, a, what);
    nc_scenario_free(sc);
}

int nc_cli_budget(int argc, char **argv)
{
    nc_cli_args a = {.cmd = "budget"};
    nc_budget_request req = {.opts = {.confidence = NC_BUDGET_CONFIDENCE}};
    nc_budget *b = NULL;
    nc_error err;
    nc_error_clear(&err);
    int rc =
        nc_cli_parse(&a, argc, argv, BUDGET_HELP, BUDGET_OPTIONS, on_budget_option, &req, 1, 1);
    if (!rc && req.stage && !req.cap)
        rc = (nc_cli_usage("budget", "--stage needs --cap: it finds the most trials of the "
                                     "stage that stay under a cap"),
              -1);
    if (!rc && req.metric && !req.cap)
        rc = (nc_cli_usage("budget", "--metric needs --cap: it says what the cap bounds"), -1);
    if (rc) {
        nc_cli_args_free(&a);
        return rc > 0 ? NC_EXIT_OK : NC_EXIT_USAGE;
    }
    estimate(&a, &req);
    req.opts.path = a.positional[0];
    req.opts.sets = a.sets;
    req.opts.n_sets = a.n_sets;
    req.opts.run = a.run;
    rc = nc_budget_run(&b, &req, &err);
    if (a.run.progress == nc_cli_progress_update) /* the bar of the last run, if still shown */
        nc_cli_progress_end(&a.bar);
    if (!rc)
        rc = write_all(&a, b, &err);
    nc_budget_free(b);
    nc_cli_args_free(&a);
    return rc ? nc_cli_report(&err) : NC_EXIT_OK;
}
