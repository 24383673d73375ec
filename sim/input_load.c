/* input_load.c - uncertain inputs from YAML nodes (see input_load.h). */
#include "input_load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "schema.h"
#include "suggest.h"

const nc_domain NC_DOMAIN_ANY = {-HUGE_VAL, HUGE_VAL, 0, "a finite number"};
const nc_domain NC_DOMAIN_NONNEG = {0.0, HUGE_VAL, 0, "at least 0"};
const nc_domain NC_DOMAIN_POSITIVE = {0.0, HUGE_VAL, 1, "greater than 0"};
const nc_domain NC_DOMAIN_FRACTION = {0.0, 1.0, 0, "between 0 and 1"};
const nc_domain NC_DOMAIN_PUE = {1.0, HUGE_VAL, 0, "at least 1 (a PUE)"};

static const nc_domain DOM_GSD = {1.0, HUGE_VAL, 1, "greater than 1 (a geometric sd)"};

/* What each `dist:` accepts. 'param' are the parameter keys in nc_param order. */
typedef struct form_spec {
    const char *dist;
    nc_form form;
    const char *param[3];
} form_spec;

static const form_spec FORMS[] = {
    {"fixed", NC_FORM_FIXED, {"value", NULL, NULL}},
    {"uniform", NC_FORM_UNIFORM, {"low", "high", NULL}},
    {"normal", NC_FORM_NORMAL, {"mean", "sd", NULL}},
    {"lognormal", NC_FORM_LN_MEDIAN, {"median", "gsd", NULL}},
    {"lognormal", NC_FORM_LN_MEAN, {"mean", "sd", NULL}},
    {"lognormal", NC_FORM_LN_P5P95, {"p5", "p95", NULL}},
    {"gamma", NC_FORM_GAMMA, {"mean", "sd", NULL}},
    {"beta", NC_FORM_BETA, {"mean", "sd", NULL}},
    {"triangular", NC_FORM_TRIANGULAR, {"min", "mode", "max"}},
    {"pert", NC_FORM_PERT, {"min", "mode", "max"}},
    {"empirical", NC_FORM_EMPIRICAL, {NULL, NULL, NULL}},
    {"choice", NC_FORM_CHOICE, {NULL, NULL, NULL}},
};
#define N_FORMS (sizeof FORMS / sizeof FORMS[0])

static const char *const DIST_NAMES[] = {"fixed",      "uniform", "normal",    "lognormal",
                                         "gamma",      "beta",    "triangular", "pert",
                                         "empirical", "choice",  NULL};

/* The dimension and domain of parameter 'i' of 'form', given the field's. */
static void param_kind(nc_form form, int i, nc_dim dim, const nc_domain *dom, nc_dim *pdim,
                       const nc_domain **pdom)
{
    *pdim = dim;
    *pdom = dom;
    int is_sd = i == 1 && (form == NC_FORM_NORMAL || form == NC_FORM_LN_MEAN ||
                           form == NC_FORM_GAMMA || form == NC_FORM_BETA);
    if (form == NC_FORM_BETA)
        *pdim = NC_DIM_NONE, *pdom = &NC_DOMAIN_FRACTION;
    if (is_sd)
        *pdom = &NC_DOMAIN_POSITIVE;
    if (form == NC_FORM_LN_MEDIAN && i == 1)
        *pdim = NC_DIM_NONE, *pdom = &DOM_GSD;
    if (form == NC_FORM_NORMAL && i == 0)
        *pdom = &NC_DOMAIN_ANY; /* a normal's mean may sit anywhere; it is truncated */
    if ((form == NC_FORM_LN_MEDIAN || form == NC_FORM_LN_MEAN || form == NC_FORM_LN_P5P95 ||
         form == NC_FORM_GAMMA) && !is_sd && !(form == NC_FORM_LN_MEDIAN && i == 1))
        *pdom = dom->lo > 0 ? dom : &NC_DOMAIN_POSITIVE;
}

static int check_domain(double v, const nc_node *node, const char *what, const nc_domain *dom,
                        nc_error *err)
{
    int below = v < dom->lo || (dom->lo_open && v == dom->lo);
    if (!below && v <= dom->hi)
        return 0;
    return nc_node_error(err, node, NC_EINPUT, "%s must be %s, got %g", what, dom->what, v);
}

static int load_param(nc_param *p, const nc_node *node, const char *path, const char *name,
                      nc_dim dim, const nc_domain *dom, nc_error *err)
{
    char sub[512];
    snprintf(sub, sizeof sub, "%s.%s", path, name);
    if (node->kind != NC_NODE_SCALAR)
        return nc_input_load(&p->input, node, sub, dim, dom, err);
    if (nc_quantity_parse(node->text, dim, &p->value, err)) {
        nc_error_prefix(err, "%s: ", name);
        nc_error_at(err, node->file, node->line, node->col);
        return NC_EINPUT;
    }
    return check_domain(p->value, node, name, dom, err);
}

/* Pick the spec for 'dist' from the keys present (lognormal has three forms). */
static const form_spec *find_form(const char *dist, const nc_node *map)
{
    const form_spec *first = NULL;
    for (size_t i = 0; i < N_FORMS; i++) {
        if (strcmp(FORMS[i].dist, dist) != 0)
            continue;
        if (!first)
            first = &FORMS[i];
        if (!FORMS[i].param[0] || nc_node_get(map, FORMS[i].param[0]))
            return &FORMS[i];
    }
    return first;
}

static int unknown_dist(const nc_node *node, const char *dist, nc_error *err)
{
    const char *near = nc_suggest(dist, DIST_NAMES, sizeof DIST_NAMES / sizeof *DIST_NAMES - 1);
    if (near)
        return nc_node_error(err, node, NC_EINPUT,
                             "unknown distribution '%s' (did you mean '%s'?)", dist, near);
    return nc_node_error(err, node, NC_EINPUT,
                         "unknown distribution '%s' (expected fixed, uniform, normal, "
                         "lognormal, gamma, beta, triangular, pert, empirical or choice)",
                         dist);
}

/* The allowed keys of a form: dist, its parameters, min, max, and for lists values/weights. */
static void allowed_keys(const form_spec *f, const char **keys)
{
    size_t k = 0;
    keys[k++] = "dist";
    for (int i = 0; i < 3 && f->param[i]; i++)
        keys[k++] = f->param[i];
    if (f->form == NC_FORM_EMPIRICAL || f->form == NC_FORM_CHOICE)
        keys[k++] = "values";
    if (f->form == NC_FORM_CHOICE)
        keys[k++] = "weights";
    if (f->form != NC_FORM_CHOICE && f->form != NC_FORM_FIXED) {
        keys[k++] = "min";
        keys[k++] = "max";
    }
    keys[k] = NULL;
}

static int load_list(double **out, size_t *n, const nc_node *node, const char *what, nc_dim dim,
                     const nc_domain *dom, nc_error *err)
{
    int rc = nc_schema_seq(node, what, err);
    if (rc)
        return rc;
    if (node->n == 0)
        return nc_node_error(err, node, NC_EINPUT, "%s: the list is empty", what);
    double *v = malloc(node->n * sizeof *v);
    if (!v)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < node->n && !rc; i++) {
        const nc_node *item = node->items[i];
        if (item->kind != NC_NODE_SCALAR)
            rc = nc_node_error(err, item, NC_EINPUT, "%s: expected a number, got %s", what,
                               nc_node_kind_name(item->kind));
        else if (nc_quantity_parse(item->text, dim, &v[i], err))
            rc = nc_node_error(err, item, NC_EINPUT, "%s: %s", what, err->message);
        else
            rc = check_domain(v[i], item, what, dom, err);
    }
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *n = node->n;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int load_values(nc_input *in, const nc_node *map, const nc_domain *dom, nc_error *err)
{
    const nc_node *values;
    int rc = nc_schema_require(&values, map, "values", "this distribution", err);
    if (!rc)
        rc = load_list(&in->values, &in->n, values, "values", in->dim, dom, err);
    if (rc || in->form == NC_FORM_EMPIRICAL) {
        if (!rc)
            qsort(in->values, in->n, sizeof *in->values, cmp_double);
        return rc;
    }
    const nc_node *weights = nc_node_get(map, "weights");
    double *w = NULL;
    size_t nw = in->n;
    if (weights && (rc = load_list(&w, &nw, weights, "weights", NC_DIM_NONE, &NC_DOMAIN_NONNEG,
                                   err)))
        return rc;
    if (nw != in->n) {
        free(w);
        return nc_node_error(err, weights, NC_EINPUT, "%zu weights for %zu values", nw, in->n);
    }
    in->cum = malloc(in->n * sizeof *in->cum);
    if (!in->cum) {
        free(w);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; !w && i < in->n; i++)
        in->cum[i] = (double)(i + 1) / (double)in->n;
    if (w && (rc = nc_dist_choice_cum(w, in->n, in->cum, err)))
        nc_error_at(err, weights->file, weights->line, weights->col);
    free(w);
    return rc;
}

static int load_params(nc_input *in, const form_spec *f, const nc_node *map,
                       const nc_domain *dom, nc_error *err)
{
    int rc = 0;
    for (int i = 0; i < 3 && f->param[i] && !rc; i++) {
        const nc_node *pnode;
        char what[64];
        snprintf(what, sizeof what, "a %s distribution", f->dist);
        nc_dim pdim;
        const nc_domain *pdom;
        param_kind(f->form, i, in->dim, dom, &pdim, &pdom);
        rc = nc_schema_require(&pnode, map, f->param[i], what, err);
        if (!rc)
            rc = load_param(&in->p[i], pnode, in->path, f->param[i], pdim, pdom, err);
    }
    const nc_node *lo = nc_node_get(map, "min"), *hi = nc_node_get(map, "max");
    if (!rc && lo && f->form != NC_FORM_TRIANGULAR && f->form != NC_FORM_PERT) {
        in->has_min = 1;
        rc = load_param(&in->min, lo, in->path, "min", in->dim, dom, err);
    }
    if (!rc && hi && f->form != NC_FORM_TRIANGULAR && f->form != NC_FORM_PERT) {
        in->has_max = 1;
        rc = load_param(&in->max, hi, in->path, "max", in->dim, dom, err);
    }
    if (!rc && (f->form == NC_FORM_EMPIRICAL || f->form == NC_FORM_CHOICE))
        rc = load_values(in, map, dom, err);
    return rc;
}

static int load_mapping(nc_input *in, const nc_node *node, const nc_domain *dom, nc_error *err)
{
    const nc_node *dist;
    const char *name;
    const char *keys[10];
    int rc = nc_schema_require(&dist, node, "dist", "a distribution", err);
    if (!rc)
        rc = nc_schema_text(&name, dist, "a distribution name", err);
    if (rc)
        return rc;
    const form_spec *f = find_form(name, node);
    if (!f)
        return unknown_dist(dist, name, err);
    char what[64];
    snprintf(what, sizeof what, "a %s distribution", f->dist);
    allowed_keys(f, keys);
    if ((rc = nc_schema_keys(node, keys, what, err)))
        return rc;
    in->form = f->form;
    return load_params(in, f, node, dom, err);
}

static int load_scalar(nc_input *in, const nc_node *node, const nc_domain *dom, nc_error *err)
{
    double lo, hi;
    int rc = nc_range_parse(node->text, in->dim, &lo, &hi, err);
    if (rc < 0)
        return nc_node_error(err, node, NC_EINPUT, "%s", err->message);
    if (rc == 1) {
        in->form = NC_FORM_LN_P5P95;
        in->p[0].value = lo;
        in->p[1].value = hi;
        const nc_domain *pdom = dom->lo > 0 ? dom : &NC_DOMAIN_POSITIVE;
        rc = check_domain(lo, node, "the low end of the range", pdom, err);
        return rc ? rc : check_domain(hi, node, "the high end of the range", dom, err);
    }
    in->form = NC_FORM_FIXED;
    if (nc_quantity_parse(node->text, in->dim, &in->p[0].value, err))
        return nc_node_error(err, node, NC_EINPUT, "%s", err->message);
    return check_domain(in->p[0].value, node, "the value", dom, err);
}

/* Build the distribution at nominal parameters once, so impossible ones fail at load. */
static int check_nominal(const nc_input *in, const nc_node *node, nc_error *err)
{
    nc_dist d;
    int rc = nc_input_resolve(in, NULL, 0, 0, 1, &d, err);
    if (rc == NC_EINPUT) {
        char msg[NC_ERROR_MSG_MAX];
        const char *m = strstr(err->message, "): ");
        snprintf(msg, sizeof msg, "%s", m ? m + 3 : err->message);
        return nc_node_error(err, node, NC_EINPUT, "%s", msg);
    }
    return rc;
}

static int is_random(const nc_input *in)
{
    if (in->form != NC_FORM_FIXED)
        return 1;
    return in->p[0].input != NULL;
}

int nc_input_load(nc_input **out, const nc_node *node, const char *path, nc_dim dim,
                  const nc_domain *dom, nc_error *err)
{
    *out = NULL;
    nc_input *in = nc_input_new_fixed(path, dim, 0.0);
    if (!in || !(in->file = malloc(strlen(node->file) + 1))) {
        nc_input_free(in);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    strcpy(in->file, node->file);
    in->line = node->line;
    in->col = node->col;
    in->dom_lo = dom->lo;
    in->dom_hi = dom->hi;
    int rc = node->kind == NC_NODE_MAP      ? load_mapping(in, node, dom, err)
             : node->kind == NC_NODE_SCALAR ? load_scalar(in, node, dom, err)
                                            : nc_node_error(err, node, NC_EINPUT,
                                                            "expected a value or a distribution, "
                                                            "got a list");
    if (!rc)
        rc = check_nominal(in, node, err);
    if (rc) {
        nc_input_free(in);
        return rc;
    }
    in->random = is_random(in);
    *out = in;
    return 0;
}
