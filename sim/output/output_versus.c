/* output_versus.c - comparisons and sweeps as a table, JSON and CSV (see output_versus.h). */
#include "output/output_versus.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "base/metrics.h"
#include "analysis/paired.h"
#include "output/output_csv.h"
#include "output/output_format.h"
#include "output/output_json.h"
#include "rng/rng.h"
#include "scenario/scenario_metrics.h"

/* Tables list the headline metrics (JSON and CSV have them all): what a planner asks
 * about, leaving out costs that are zero in every run and the deadline when there is none. */
static int listed(const nc_versus *v, int m)
{
    static const int headline[] = {NC_M_GPU_HOURS,       NC_M_FACILITY_KWH, NC_M_CO2E_KG,
                                   NC_M_CLOUD_USD,       NC_M_ELECTRICITY_USD,
                                   NC_M_HARDWARE_USD,    NC_M_MAKESPAN_DAYS, NC_M_ON_TIME};
    int is_headline = 0;
    for (size_t i = 0; i < sizeof headline / sizeof *headline; i++)
        is_headline |= headline[i] == m;
    if (!is_headline)
        return 0;
    if (m == NC_M_ON_TIME)
        return v->runs[0]->sc->deadline_h > 0;
    for (size_t i = 0; i < v->n; i++) {
        const nc_summary *s = &v->sums[i][NC_ROW_TOTAL * NC_M__COUNT + m];
        if (s->max != 0 || s->min != 0)
            return 1;
    }
    return !nc_metric_is_optional((nc_metric)m);
}

static const nc_summary *total_of(const nc_versus *v, size_t i, int m)
{
    return &v->sums[i][NC_ROW_TOTAL * NC_M__COUNT + m];
}

static void print_versus_row(FILE *f, const nc_versus *v, size_t i, int m, const char *mass,
                             int width)
{
    nc_summary s, d;
    char text[160], diff[160], ratio[160];
    const char *unit = nc_output_display(mass, m, total_of(v, i, m), &s);
    nc_output_band(text, sizeof text, m, &s);
    fprintf(f, "  %-*s %-34s", width, v->labels[i], text);
    if (i > 0) {
        const nc_paired *p = &v->pairs[(i - 1) * NC_M__COUNT + m];
        nc_output_display(mass, m, &p->diff, &d);
        nc_output_band(diff, sizeof diff, m, &d);
        if (p->has_ratio)
            snprintf(ratio, sizeof ratio, "%.3g [%.3g - %.3g]", p->ratio.p50, p->ratio.p5,
                     p->ratio.p95);
        else
            snprintf(ratio, sizeof ratio, "-");
        fprintf(f, " %-30s %-24s %.3f", diff, ratio, p->p_lower);
    }
    (void)unit;
    fputc('\n', f);
}

int nc_output_versus_table(FILE *f, const nc_versus *v, const char *mass_unit, nc_error *err)
{
    const nc_result *base = v->runs[0];
    int width = 8;
    for (size_t i = 0; i < v->n; i++)
        width = (int)fmax(width, (double)strlen(v->labels[i]));
    fprintf(f, "%lld replications, seed %llu, common random numbers; median [P5 - P95]\n",
            (long long)base->replications, (unsigned long long)base->seed);
    fprintf(f, "each variant against %s, replication by replication: the difference, the "
               "ratio and P(lower)\n", v->labels[0]);
    for (int m = 0; m < NC_M__COUNT; m++) {
        if (!listed(v, m))
            continue;
        nc_summary s;
        const char *unit = nc_output_display(mass_unit, m, total_of(v, 0, m), &s);
        fprintf(f, "\n%s%s%s%s\n", nc_metric_label((nc_metric)m), unit[0] ? " (" : "", unit,
                unit[0] ? ")" : "");
        fprintf(f, "  %-*s %-34s %-30s %-24s %s\n", width, "", "value", "difference", "ratio",
                "P(lower)");
        for (size_t i = 0; i < v->n; i++)
            print_versus_row(f, v, i, m, mass_unit, width);
    }
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write the table") : 0;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

#define summary_json nc_output_summary_json
#define jtext        nc_output_json_text

/* 1 when metric 'm' of run 'i' means something (nc_metric_defined), and of the baseline too
 * when 'paired'. */
static int defined(const nc_versus *v, size_t i, int m, int paired)
{
    return nc_metric_defined((nc_metric)m, v->runs[i]->sc, 1) &&
           (!paired || nc_metric_defined((nc_metric)m, v->runs[0]->sc, 1));
}

static json_t *run_json(const nc_versus *v, size_t i)
{
    json_t *total = json_object();
    for (int m = 0; total && m < NC_M__COUNT; m++)
        if (nc_output_json_set(total, nc_metric_name((nc_metric)m),
                               defined(v, i, m, 0) ? summary_json(total_of(v, i, m))
                                                   : json_null())) {
            json_decref(total);
            total = NULL;
        }
    const nc_scenario *sc = v->runs[i]->sc;
    return json_pack("{s:o, s:o, s:o, s:o}", "label", jtext(v->labels[i]), "scenario",
                     jtext(sc->name), "file", jtext(sc->file), "total", total);
}

static json_t *pair_json(const nc_versus *v, size_t i)
{
    json_t *metrics = json_object();
    for (int m = 0; metrics && m < NC_M__COUNT; m++) {
        const nc_paired *p = &v->pairs[(i - 1) * NC_M__COUNT + m];
        json_t *value = !defined(v, i, m, 1)
                            ? json_null()
                            : json_pack("{s:o, s:o, s:f, s:f}", "difference",
                                        summary_json(&p->diff), "ratio",
                                        p->has_ratio ? summary_json(&p->ratio) : json_null(),
                                        "p_lower", p->p_lower, "p_equal", p->p_equal);
        if (nc_output_json_set(metrics, nc_metric_name((nc_metric)m), value)) {
            json_decref(metrics);
            metrics = NULL;
        }
    }
    return json_pack("{s:o, s:o, s:o}", "variant", jtext(v->labels[i]), "baseline",
                     jtext(v->labels[0]), "metrics", metrics);
}

int nc_output_versus_json(FILE *f, const nc_versus *v, const char *kind, nc_error *err)
{
    const nc_result *base = v->runs[0];
    json_t *runs = json_array(), *pairs = json_array();
    int failed = !runs || !pairs;
    for (size_t i = 0; !failed && i < v->n; i++)
        failed = json_array_append_new(runs, run_json(v, i)) ||
                 (i > 0 && json_array_append_new(pairs, pair_json(v, i)));
    if (failed) { /* a run left out would look like a smaller comparison: none at all */
        json_decref(runs);
        json_decref(pairs);
        runs = pairs = NULL;
    }
    json_t *doc = json_pack("{s:{s:s, s:s, s:I, s:s}, s:s, s:I, s:o, s:o}", "nascost", "version",
                            NC_VERSION, "rng", nc_rng_philox->name, "seed", (json_int_t)base->seed,
                            "compiler", NC_COMPILER, "analysis", kind, "replications",
                            (json_int_t)base->replications, "runs", runs, "paired", pairs);
    return nc_output_json_dump(f, doc, err);
}

/* ---- CSV ----------------------------------------------------------------------------------- */

static void csv_row(FILE *f, const char *label, const char *metric, const char *stat,
                    const nc_summary *s, double p_lower)
{
    nc_output_csv_field(f, label);
    if (!s) { /* undefined (nc_metric_defined): empty, not 0 */
        fprintf(f, ",%s,%s,,,,,,,,,\n", metric, stat);
        return;
    }
    fprintf(f, ",%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,", metric, stat, s->mean, s->sd, s->se, s->min, s->max, s->p5, s->p50, s->p95);
    if (p_lower >= 0)
        fprintf(f, "%.17g", p_lower);
    fputc('\n', f);
}

int nc_output_versus_csv(FILE *f, const nc_versus *v, nc_error *err)
{
    fputs("run,metric,statistic,mean,sd,se,min,max,p5,p50,p95,p_lower\n", f);
    for (size_t i = 0; i < v->n; i++)
        for (int m = 0; m < NC_M__COUNT; m++) {
            const char *name = nc_metric_name((nc_metric)m);
            csv_row(f, v->labels[i], name, "value",
                    defined(v, i, m, 0) ? total_of(v, i, m) : NULL, -1);
            if (i == 0)
                continue;
            const nc_paired *p = &v->pairs[(i - 1) * NC_M__COUNT + m];
            csv_row(f, v->labels[i], name, "difference", defined(v, i, m, 1) ? &p->diff : NULL,
                    p->p_lower);
            if (p->has_ratio && defined(v, i, m, 1))
                csv_row(f, v->labels[i], name, "ratio", &p->ratio, -1);
        }
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}
