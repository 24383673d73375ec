/* output_sensitivity.c - the tornado and Sobol indices as a table, JSON and CSV (see
 * output_sensitivity.h). */
#include "output/output_sensitivity.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics.h"
#include "analysis/sensitivity.h"
#include "output/output_csv.h"
#include "output/output_format.h"
#include "output/output_json.h"

static double swing(const nc_sensitivity *s, size_t i)
{
    return fabs(s->high[i] - s->low[i]);
}

size_t *nc_output_sensitivity_ranking(const nc_sensitivity *s)
{
    size_t *order = malloc((s->k ? s->k : 1) * sizeof *order);
    for (size_t i = 0; order && i < s->k; i++)
        order[i] = i;
    for (size_t i = 1; order && i < s->k; i++) /* insertion sort: k is small */
        for (size_t j = i; j > 0 && swing(s, order[j]) > swing(s, order[j - 1]); j--) {
            size_t t = order[j];
            order[j] = order[j - 1], order[j - 1] = t;
        }
    return order;
}

static void print_sobol(FILE *f, const nc_sensitivity *s, const size_t *order, int width)
{
    const nc_sobol_result *r = s->sobol;
    double sum = 0.0;
    fprintf(f, "\nSobol indices (share of the variance; %zu base rows, %zu model runs, %.0f%% "
               "bootstrap intervals)\n",
            r->n, r->n * (r->k + 2), 100 * r->level);
    fprintf(f, "  %-*s %-24s %s\n", width, "input", "first order", "total");
    for (size_t j = 0; j < s->k; j++) {
        size_t i = order[j];
        sum += r->first[i];
        if (r->first_lo)
            fprintf(f, "  %-*s %6.3f [%6.3f, %5.3f]    %5.3f [%6.3f, %5.3f]\n", width, s->paths[i],
                    r->first[i], r->first_lo[i], r->first_hi[i], r->total[i], r->total_lo[i],
                    r->total_hi[i]);
        else
            fprintf(f, "  %-*s %6.3f                   %5.3f\n", width, s->paths[i], r->first[i],
                    r->total[i]);
    }
    fprintf(f, "  sum of first-order indices: %.3f (1 - sum: interactions and the trials' "
               "randomness not listed: hardware mix, failures, pre-emption, stopping, "
               "submission)\n",
            sum);
}

/* Factor 'i' is a per-trial input's own draws (sensitivity.h). */
static int per_trial(const nc_sensitivity *s, size_t i)
{
    return i >= s->k_rep;
}

/* "path (P5 .. P95 unit)" of input 'i'; "path (per trial: P5 .. P95 unit)" for a per-trial
 * input's draws. */
static void input_range(char *buf, size_t size, const nc_sensitivity *s, size_t i)
{
    snprintf(buf, size, "%s (%s%.3g .. %.3g%s%s)", s->paths[i],
             per_trial(s, i) ? "per trial: " : "", s->value_lo[i], s->value_hi[i],
             s->units[i][0] ? " " : "", s->units[i]);
}

static int column_width(const nc_sensitivity *s)
{
    size_t w = 20;
    for (size_t i = 0; i < s->k; i++) {
        char range[200];
        input_range(range, sizeof range, s, i);
        w = strlen(range) > w ? strlen(range) : w;
    }
    return (int)w;
}

int nc_output_sensitivity_table(FILE *f, const nc_sensitivity *s, nc_error *err)
{
    size_t *order = nc_output_sensitivity_ranking(s);
    int width = column_width(s);
    if (!order)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    const char *unit = nc_metric_unit((nc_metric)s->metric);
    char base[48];
    nc_output_number(base, sizeof base, s->base);
    fprintf(f, "sensitivity of %s (%s): tornado, each input alone at its P5 and P95, the others "
               "at their medians\n(mean of %lld replications each; baseline %s %s; a per-trial "
               "input's draws at the P5 and P95 of their average over the stage's trials)\n\n",
            nc_metric_name((nc_metric)s->metric), unit, (long long)s->tornado_reps, base, unit);
    fprintf(f, "  %-*s %-14s %-14s %s\n", width, "input (its P5 .. P95)", "at P5", "at P95",
            "swing");
    for (size_t j = 0; j < s->k; j++) {
        size_t i = order[j];
        char lo[48], hi[48], w[48], range[200];
        nc_output_number(lo, sizeof lo, s->low[i]);
        nc_output_number(hi, sizeof hi, s->high[i]);
        nc_output_number(w, sizeof w, swing(s, i));
        input_range(range, sizeof range, s, i);
        fprintf(f, "  %-*s %-14s %-14s %s\n", width, range, lo, hi, w);
    }
    if (s->sobol)
        print_sobol(f, s, order, width);
    free(order);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write the table") : 0;
}

static json_t *input_json(const nc_sensitivity *s, size_t i, int rank)
{
    json_t *o =
        json_pack("{s:o, s:o, s:i, s:f, s:f, s:f, s:f, s:f}", "path",
                  nc_output_json_text(s->paths[i]), "unit", nc_output_json_text(s->units[i]),
                  "rank", rank, "value_p5", s->value_lo[i], "value_p95", s->value_hi[i],
                  "metric_at_p5", s->low[i], "metric_at_p95", s->high[i], "swing", swing(s, i));
    const nc_sobol_result *r = s->sobol;
    if (o && (nc_output_json_set(o, "per_trial", json_boolean(per_trial(s, i))) ||
              (r && (nc_output_json_set(o, "sobol_first", json_real(r->first[i])) ||
                     nc_output_json_set(o, "sobol_total", json_real(r->total[i])) ||
                     (r->first_lo &&
                      nc_output_json_set(o, "sobol_intervals",
                                         json_pack("{s:[f,f], s:[f,f]}", "first", r->first_lo[i],
                                                   r->first_hi[i], "total", r->total_lo[i],
                                                   r->total_hi[i]))))))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int nc_output_sensitivity_json(FILE *f, const nc_sensitivity *s, const char *scenario,
                               nc_error *err)
{
    size_t *order = nc_output_sensitivity_ranking(s);
    json_t *inputs = order ? json_array() : NULL;
    for (size_t j = 0; inputs && j < s->k; j++)
        if (json_array_append_new(inputs, input_json(s, order[j], (int)j + 1))) {
            json_decref(inputs);
            inputs = NULL;
        }
    json_t *doc =
        json_pack("{s:{s:s}, s:s, s:o, s:s, s:f, s:I, s:o}", "nascost", "version", NC_VERSION,
                  "analysis", "sensitivity", "scenario", nc_output_json_text(scenario), "metric",
                  nc_metric_name((nc_metric)s->metric), "baseline", s->base, "tornado_replications",
                  (json_int_t)s->tornado_reps, "inputs", inputs);
    free(order);
    if (doc && s->sobol &&
        nc_output_json_set(doc, "sobol",
                           json_pack("{s:I, s:I, s:f, s:f, s:f}", "base_rows",
                                     (json_int_t)s->sobol->n, "bootstrap",
                                     (json_int_t)s->sobol->bootstrap, "level", s->sobol->level,
                                     "mean", s->sobol->mean, "variance", s->sobol->var))) {
        json_decref(doc);
        doc = NULL;
    }
    return nc_output_json_dump(f, doc, err);
}

int nc_output_sensitivity_csv(FILE *f, const nc_sensitivity *s, nc_error *err)
{
    const nc_sobol_result *r = s->sobol;
    fputs("input,unit,value_p5,value_p95,metric_at_p5,metric_at_p95,swing,sobol_first,"
          "sobol_total\n",
          f);
    for (size_t i = 0; i < s->k; i++) {
        nc_output_csv_field(f, s->paths[i]);
        fputc(',', f);
        nc_output_csv_field(f, s->units[i]);
        fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%.17g,", s->value_lo[i], s->value_hi[i], s->low[i],
                s->high[i], swing(s, i));
        if (r)
            fprintf(f, "%.17g,%.17g", r->first[i], r->total[i]);
        else
            fputc(',', f);
        fputc('\n', f);
    }
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}
