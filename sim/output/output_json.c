/* output_json.c - one JSON document per run, with jansson (see output_json.h). */
#include "output/output_json.h"
#include "output/results_file.h"

#include <jansson.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "base/metrics.h"
#include "analysis/precision.h"
#include "rng/rng.h"
#include "base/utf8.h"

/* A number, or null where it is not defined (JSON has no NaN). */
static json_t *number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

struct json_t *nc_output_summary_json(const nc_summary *s)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:o, s:o}", "mean", s->mean,
                     "sd", s->sd, "se", s->se, "min", s->min, "max", s->max, "p5", s->p5, "p50",
                     s->p50, "p95", s->p95, "se_p5", number(s->se_p5), "se_p50",
                     number(s->se_p50), "se_p95", number(s->se_p95));
}

#define summary_json nc_output_summary_json
#define jtext        nc_output_json_text
#define jset         nc_output_json_set

json_t *nc_output_json_text(const char *s)
{
    if (!s)
        return json_null();
    if (nc_utf8_is_valid(s))
        return json_string(s);
    char *valid = nc_utf8_repair(s);
    json_t *str = valid ? json_string(valid) : NULL;
    free(valid);
    return str;
}

int nc_output_json_set(json_t *obj, const char *key, json_t *value)
{
    if (nc_utf8_is_valid(key))
        return json_object_set_new(obj, key, value);
    char *valid = nc_utf8_repair(key);
    int rc = valid ? json_object_set_new(obj, valid, value) : (json_decref(value), -1);
    free(valid);
    return rc;
}

static json_t *metrics_json(const nc_report *rep, size_t row)
{
    json_t *obj = json_object();
    for (int m = 0; obj && m < NC_M__COUNT; m++)
        if (jset(obj, nc_metric_name((nc_metric)m),
                 nc_output_defined(rep, row, m) ? summary_json(nc_report_get(rep, row, m))
                                                : json_null())) {
            json_decref(obj);
            return NULL;
        }
    return obj;
}

static json_t *meta_json(const nc_report *rep)
{
    const nc_result *res = rep->res;
    json_t *meta = json_pack("{s:s, s:s, s:I, s:s}", "version", NC_VERSION, "rng",
                             nc_rng_philox->name, "seed", (json_int_t)res->seed, "compiler",
                             NC_COMPILER);
    if (meta && rep->timing &&
        (jset(meta, "threads", json_integer(res->threads)) ||
         jset(meta, "elapsed_s", json_real(res->elapsed_s)) ||
         jset(meta, "trials_per_s",
              json_real(res->elapsed_s > 0 ? res->trials_run / res->elapsed_s : 0)))) {
        json_decref(meta);
        return NULL;
    }
    return meta;
}

static json_t *scenario_json(const nc_report *rep)
{
    const nc_result *res = rep->res;
    const nc_scenario *sc = res->sc;
    json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:I, s:I, s:b}", "name", jtext(sc->name), "title",
                          jtext(sc->title), "source", jtext(sc->source), "file", jtext(sc->file),
                          "replications", (json_int_t)res->replications, "first_replication",
                          (json_int_t)res->first, "point", res->point);
    if (o && sc->deadline_h > 0 && jset(o, "deadline_days", json_real(sc->deadline_h / 24.0))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int add_input(void *ctx, const nc_input *in)
{
    char text[512];
    nc_input_describe(in, text, sizeof text);
    json_t *entry =
        json_pack("{s:o, s:s, s:f, s:b}", "distribution", nc_output_json_text(text), "unit",
                  nc_dim_unit(in->dim), "nominal", nc_input_nominal(in), "uncertain", in->random);
    return jset((json_t *)ctx, in->path, entry);
}

static json_t *stages_json(const nc_report *rep)
{
    const nc_scenario *sc = rep->res->sc;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < sc->n_stages; i++)
        if (json_array_append_new(arr, json_pack("{s:o, s:o}", "name", jtext(sc->stages[i].name),
                                                 "metrics", metrics_json(rep, nc_row_of_stage(i))))) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

static json_t *equivalents_json(const nc_report *rep)
{
    const nc_catalog *cat = rep->res->sc->catalog;
    const nc_summary *co2 = nc_report_get(rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    json_t *obj = json_object();
    for (size_t i = 0; obj && i < cat->n_equivalents; i++) {
        const nc_equivalent *e = &cat->equivalents[i];
        nc_summary s = nc_stats_scale(co2, e->co2e_kg);
        if (jset(obj, e->id,
                 json_pack("{s:o, s:o, s:f, s:f, s:f, s:f}", "name", jtext(e->name), "label",
                           jtext(e->label), "co2e_kg", e->co2e_kg, "p5", s.p5, "p50", s.p50, "p95",
                           s.p95))) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

/* The files of a run's folder that result.json vouches for (results_file.h). */
static json_t *files_json(const nc_results_file *files, size_t n_files)
{
    json_t *obj = json_object();
    for (size_t i = 0; obj && i < n_files; i++) {
        const nc_results_file *file = &files[i];
        char hex[17];
        snprintf(hex, sizeof hex, "%016" PRIx64, file->fnv1a64);
        if (jset(obj, file->name,
                 json_pack("{s:I, s:s}", "bytes", (json_int_t)file->bytes, "fnv1a64", hex))) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

int nc_output_json_dump(FILE *f, json_t *doc, nc_error *err)
{
    if (!doc)
        return nc_error_set(err, NC_ENOMEM,
                            "cannot build the JSON document: out of memory, or "
                            "a value JSON cannot hold (NaN or infinity)");
    int rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (rc || fputc('\n', f) == EOF || ferror(f))
        return nc_error_set(err, NC_EIO, "cannot write JSON");
    return 0;
}

int nc_output_json(FILE *f, const nc_report *rep, nc_error *err)
{
    return nc_output_json_listing(f, rep, NULL, 0, err);
}

int nc_output_json_listing(FILE *f, const nc_report *rep, const nc_results_file *files,
                           size_t n_files, nc_error *err)
{
    json_t *inputs = json_object();
    if (inputs && nc_scenario_each_input(rep->res->sc, add_input, inputs)) {
        json_decref(inputs);
        inputs = NULL;
    }
    json_t *doc = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "nascost", meta_json(rep), "scenario",
                            scenario_json(rep), "inputs", inputs, "total",
                            metrics_json(rep, NC_ROW_TOTAL), "stages", stages_json(rep),
                            "equivalents", equivalents_json(rep));
    const nc_precision *p = rep->precision;
    if (doc && p &&
        jset(doc, "precision",
             json_pack("{s:f, s:o, s:s, s:s, s:i, s:b}", "target", p->target, "achieved",
                       number(p->achieved), "metric", nc_metric_name((nc_metric)p->metric),
                       "statistic", p->statistic, "rounds", p->rounds, "met", p->met))) {
        json_decref(doc);
        doc = NULL;
    }
    if (doc && files && jset(doc, "files", files_json(files, n_files))) {
        json_decref(doc);
        doc = NULL;
    }
    return nc_output_json_dump(f, doc, err);
}
