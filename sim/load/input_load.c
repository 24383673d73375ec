/* input_load.c - uncertain inputs from YAML nodes (see input_load.h). */
#include "load/input_load.h"
#include "base/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_quantile.h"
#include "load/input_check.h"
#include "load/ranges.h"
#include "rng/rng.h"
#include "load/schema.h"
#include "base/suggest.h"

const nc_domain NC_DOMAIN_ANY = {-HUGE_VAL, HUGE_VAL, 0, "a finite number"};
const nc_domain NC_DOMAIN_NONNEG = {0.0, HUGE_VAL, 0, "at least 0"};
const nc_domain NC_DOMAIN_POSITIVE = {0.0, HUGE_VAL, 1, "greater than 0"};
const nc_domain NC_DOMAIN_FRACTION = {0.0, 1.0, 0, "between 0 and 1"};
const nc_domain NC_DOMAIN_PUE = {1.0, HUGE_VAL, 0,
                                 "at least 1 (a PUE is facility energy over IT energy)"};

static const nc_domain DOM_GSD = {1.0, HUGE_VAL, 1, "greater than 1 (a geometric sd is a factor)"};

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

#define ALL_DISTS                                                                                  \
    "fixed, uniform, normal, lognormal, gamma, beta, triangular, pert, empirical or choice"

static const char *const DIST_NAMES[] = {"fixed",     "uniform", "normal",     "lognormal",
                                         "gamma",     "beta",    "triangular", "pert",
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
         form == NC_FORM_GAMMA) &&
        !is_sd && !(form == NC_FORM_LN_MEDIAN && i == 1))
        *pdom = dom->lo > 0 ? dom : &NC_DOMAIN_POSITIVE;
}

/* A scalar that YAML reads as null: nothing, `~` or `null`. */
static int load_input(nc_input **out, const nc_node *node, const char *path, nc_dim dim,
                      const nc_domain *dom, const nc_field_range *r, nc_error *err);

/* Load parameter 'name' of the input at 'path'; 'r' is the field's range when the parameter
 * is one of its values (NULL for a spread, a bound or a weight). */
static int load_param(nc_param *p, const nc_node *node, const char *path, const char *name,
                      nc_dim dim, const nc_domain *dom, const nc_field_range *r, nc_error *err)
{
    char sub[512];
    snprintf(sub, sizeof sub, "%s.%s", path, name);
    if (node->kind != NC_NODE_SCALAR)
        return load_input(&p->input, node, sub, dim, dom, r, err);
    int rc = nc_input_parse_quantity(&p->value, node, sub, dim, r, err);
    return rc ? rc : nc_input_check_value(p->value, node, sub, dom, r, err);
}

/* How many of the parameters of 'f' the mapping 'map' gives. */
static int params_present(const form_spec *f, const nc_node *map)
{
    int n = 0;
    for (int i = 0; i < 3 && f->param[i]; i++)
        n += nc_node_get(map, f->param[i]) != NULL;
    return n;
}

/* Pick the spec for 'dist' from the keys present (lognormal has three forms): the form with
 * the most of its parameters given, the first on a tie. */
static const form_spec *find_form(const char *dist, const nc_node *map)
{
    const form_spec *best = NULL;
    int best_n = -1;
    for (size_t i = 0; i < N_FORMS; i++) {
        if (strcmp(FORMS[i].dist, dist) != 0)
            continue;
        int n = params_present(&FORMS[i], map);
        if (n > best_n)
            best = &FORMS[i], best_n = n;
    }
    return best;
}

/* "median and gsd, mean and sd, or p5 and p95": the parameters every form of 'dist' takes. */
static void list_params(const char *dist, char *buf, size_t size)
{
    size_t at = 0, forms = 0, done = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_FORMS; i++)
        forms += strcmp(FORMS[i].dist, dist) == 0;
    for (size_t i = 0; i < N_FORMS && at < size; i++) {
        const form_spec *f = &FORMS[i];
        if (strcmp(f->dist, dist) != 0)
            continue;
        done++;
        at += (size_t)snprintf(buf + at, size - at, "%s",
                               done == 1       ? ""
                               : done == forms ? ", or "
                                               : ", ");
        for (int k = 0; k < 3 && f->param[k] && at < size; k++) {
            int last = k == 2 || !f->param[k + 1];
            at += (size_t)snprintf(buf + at, size - at, "%s%s",
                                   k == 0 ? ""
                                   : last ? " and "
                                          : ", ",
                                   f->param[k]);
        }
    }
}

static int unknown_dist(const nc_node *node, const char *dist, nc_error *err)
{
    const char *near = nc_suggest(dist, DIST_NAMES, sizeof DIST_NAMES / sizeof *DIST_NAMES - 1);
    if (near)
        return nc_node_error(err, node, NC_EINPUT, "unknown distribution '%s' (did you mean '%s'?)",
                             nc_quote(dist).text, near);
    return nc_node_error(err, node, NC_EINPUT, "unknown distribution '%s' (expected %s)",
                         nc_quote(dist).text,
                         ALL_DISTS);
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

/* Is [s, s + n) all digits? */
static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

/*
 * In a flow list, YAML splits "[1,000, 2,500]" at every comma: into 1, 000, 2 and 500. Item
 * 'i' of 'seq' is such a split if it starts with three digits, not four, and follows the
 * previous item, a number ending in digits, with only the comma between them on the line.
 */
static int split_thousands(const nc_node *seq, size_t i, const char *path, nc_error *err)
{
    const nc_node *prev = i ? seq->items[i - 1] : NULL, *item = seq->items[i];
    if (!prev || prev->kind != NC_NODE_SCALAR || item->kind != NC_NODE_SCALAR || !prev->plain ||
        !item->plain || prev->line != item->line)
        return 0;
    size_t len = strlen(prev->text);
    if (item->col != prev->col + (int)len + 1 || !all_digits(item->text, 3) ||
        all_digits(item->text, 4) || !len || !all_digits(prev->text + len - 1, 1))
        return 0;
    return nc_node_error(err, prev, NC_EINPUT,
                         "%s: '%s,%.3s' in a flow list is two items to YAML, %s and %.3s: quote "
                         "it (\"%s,%.3s\") or write it without the comma",
                         path, prev->text, item->text, prev->text, item->text, prev->text,
                         item->text);
}

/* Read the list of quantities at 'node' for the field 'path' (e.g. "...duration.values"). */
static int load_list(double **out, size_t *n, const nc_node *node, const char *path, nc_dim dim,
                     const nc_domain *dom, const nc_field_range *r, nc_error *err)
{
    char what[600];
    snprintf(what, sizeof what, "%.500s (a list of values)", path);
    int rc = nc_schema_seq(node, what, err);
    if (rc)
        return rc;
    if (node->n == 0)
        return nc_node_error(err, node, NC_EINPUT, "%s is an empty list: give at least one value",
                             path);
    double *v = malloc(node->n * sizeof *v);
    if (!v)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < node->n && !rc; i++) {
        const nc_node *item = node->items[i];
        if ((rc = split_thousands(node, i, path, err)))
            break;
        if (item->kind != NC_NODE_SCALAR)
            rc = nc_node_error(err, item, NC_EINPUT, "%s: expected a number, got %s", path,
                               nc_node_kind_name(item->kind));
        else if (!(rc = nc_input_parse_quantity(&v[i], item, path, dim, r, err)))
            rc = nc_input_check_value(v[i], item, path, dom, r, err);
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

/* The `weights` of a choice: one per value, cumulated into in->cum (equal when absent). */
static int load_weights(nc_input *in, const nc_node *weights, nc_error *err)
{
    char path[600];
    double *w = NULL;
    size_t nw = in->n;
    snprintf(path, sizeof path, "%s.weights", in->path);
    int rc =
        weights ? load_list(&w, &nw, weights, path, NC_DIM_NONE, &NC_DOMAIN_NONNEG, NULL, err) : 0;
    if (!rc && nw != in->n)
        rc = nc_node_error(err, weights, NC_EINPUT,
                           "%s: %zu weight%s for %zu values; give one weight per value", path, nw,
                           nw == 1 ? "" : "s", in->n);
    if (!rc && !(in->cum = malloc(in->n * sizeof *in->cum)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && !w && i < in->n; i++)
        in->cum[i] = (double)(i + 1) / (double)in->n;
    if (!rc && w && (rc = nc_dist_choice_cum(w, in->n, in->cum, err)))
        nc_node_error(err, weights, rc, "%s: %s", path, err->message);
    free(w);
    return rc;
}

static int load_values(nc_input *in, const nc_node *map, const nc_domain *dom,
                       const nc_field_range *r, nc_error *err)
{
    const nc_node *values;
    char path[600];
    snprintf(path, sizeof path, "%s.values", in->path);
    int rc = nc_schema_require(&values, map, "values", "this distribution", err);
    if (!rc)
        rc = load_list(&in->values, &in->n, values, path, in->dim, dom, r, err);
    if (rc)
        return rc;
    if (in->form == NC_FORM_EMPIRICAL) {
        qsort(in->values, in->n, sizeof *in->values, cmp_double);
        return 0;
    }
    return load_weights(in, nc_node_get(map, "weights"), err);
}

/* "a normal distribution needs mean and sd: 'sd' is missing", at the mapping. */
static int missing_param(const form_spec *f, const nc_node *map, const char *path, const char *key,
                         nc_error *err)
{
    char params[200], pre[600];
    list_params(f->dist, params, sizeof params);
    nc_input_prefix(pre, sizeof pre, path, map);
    return nc_node_error(err, map, NC_EINPUT, "%sa %s distribution needs %s; '%s' is missing", pre,
                         f->dist, params, nc_quote(key).text);
}

/* Is parameter 'i' of 'form' a value the field takes (so its range applies)? Not a spread
 * (sd, gsd), not a normal's mean (which may sit outside, being truncated), and a beta's mean
 * only for a plain-number field. */
static int is_value_param(nc_form form, int i, nc_dim dim)
{
    switch (form) {
    case NC_FORM_NORMAL:
        return 0;
    case NC_FORM_LN_MEDIAN:
    case NC_FORM_LN_MEAN:
    case NC_FORM_GAMMA:
        return i == 0;
    case NC_FORM_BETA:
        return i == 0 && dim == NC_DIM_NONE;
    default: /* fixed, uniform, p5/p95, triangular, PERT: every parameter */
        return 1;
    }
}

static int load_params(nc_input *in, const form_spec *f, const nc_node *map, const nc_domain *dom,
                       const nc_field_range *r, nc_error *err)
{
    int rc = 0;
    for (int i = 0; i < 3 && f->param[i] && !rc; i++) {
        const nc_node *pnode = nc_node_get(map, f->param[i]);
        nc_dim pdim;
        const nc_domain *pdom;
        param_kind(f->form, i, in->dim, dom, &pdim, &pdom);
        const nc_field_range *pr = is_value_param(f->form, i, in->dim) ? r : NULL;
        rc = pnode ? load_param(&in->p[i], pnode, in->path, f->param[i], pdim, pdom, pr, err)
                   : missing_param(f, map, in->path, f->param[i], err);
    }
    const nc_node *lo = nc_node_get(map, "min"), *hi = nc_node_get(map, "max");
    if (!rc && lo && f->form != NC_FORM_TRIANGULAR && f->form != NC_FORM_PERT) {
        in->has_min = 1;
        rc = load_param(&in->min, lo, in->path, "min", in->dim, dom, NULL, err);
    }
    if (!rc && hi && f->form != NC_FORM_TRIANGULAR && f->form != NC_FORM_PERT) {
        in->has_max = 1;
        rc = load_param(&in->max, hi, in->path, "max", in->dim, dom, NULL, err);
    }
    if (!rc && (f->form == NC_FORM_EMPIRICAL || f->form == NC_FORM_CHOICE))
        rc = load_values(in, map, dom, r, err);
    return rc;
}

/* Is 'key' a parameter of some form of the distribution 'dist'? */
static int is_param_of(const char *dist, const char *key)
{
    for (size_t i = 0; i < N_FORMS; i++)
        for (int k = 0; k < 3 && FORMS[i].param[k]; k++)
            if (!strcmp(FORMS[i].dist, dist) && !strcmp(FORMS[i].param[k], key))
                return 1;
    return 0;
}

/* Every key of 'map' must belong to the form 'f'. A parameter of another form of the same
 * distribution (lognormal's mean with gsd) says which ones go together. */
static int check_keys(const form_spec *f, const nc_node *map, nc_error *err)
{
    const char *keys[10];
    char what[64], params[200];
    allowed_keys(f, keys);
    for (size_t i = 0; i < map->n; i++) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], map->keys[i]) != 0)
            k++;
        if (keys[k] || !is_param_of(f->dist, map->keys[i]))
            continue;
        int given = 0; /* f has a parameter given, or another form would have been chosen */
        for (int j = 2; j >= 0; j--)
            if (f->param[j] && nc_node_get(map, f->param[j]))
                given = j;
        list_params(f->dist, params, sizeof params);
        return nc_node_key_error(err, map, i, NC_EINPUT,
                                 "'%s' does not go with '%s' in a %s distribution (give %s)",
                                 nc_quote(map->keys[i]).text, f->param[given], f->dist, params);
    }
    snprintf(what, sizeof what, "a %s distribution", f->dist);
    return nc_schema_keys(map, keys, what, err);
}

static int load_mapping(nc_input *in, const nc_node *node, const nc_domain *dom,
                        const nc_field_range *r, nc_error *err)
{
    const nc_node *dist = nc_node_get(node, "dist");
    const char *name;
    char pre[600];
    nc_input_prefix(pre, sizeof pre, in->path, node);
    if (!dist)
        return nc_node_error(err, node, NC_EINPUT,
                             "%sa distribution needs 'dist:' to say which one (" ALL_DISTS ")",
                             pre);
    int rc = nc_schema_text(&name, dist, "a distribution name", err);
    if (rc)
        return rc;
    const form_spec *f = find_form(name, node);
    if (!f)
        return unknown_dist(dist, name, err);
    if ((rc = check_keys(f, node, err)))
        return rc;
    in->form = f->form;
    return load_params(in, f, node, dom, r, err);
}

/* The range shorthand "A to B UNIT": a lognormal with A and B as its P5 and P95. */
static int load_range(nc_input *in, const nc_node *node, double lo, double hi, const nc_domain *dom,
                      const nc_field_range *r, nc_error *err)
{
    char pre[600];
    nc_input_prefix(pre, sizeof pre, in->path, node);
    in->form = NC_FORM_LN_P5P95;
    in->p[0].value = lo;
    in->p[1].value = hi;
    if (!(lo > 0))
        return nc_node_error(err, node, NC_EINPUT,
                             "%sa range 'A to B' is a lognormal, so A must be greater than 0, "
                             "got '%s'",
                             pre, nc_quote(node->text).text);
    if (lo < dom->lo || hi > dom->hi)
        return nc_node_error(err, node, NC_EINPUT, "%sboth ends of the range must be %s, got '%s'",
                             pre, dom->what, nc_quote(node->text).text);
    int rc = nc_input_check_plausible(hi, node, in->path, r, err);
    return rc ? rc : nc_input_check_plausible(lo, node, in->path, r, err);
}

static int load_scalar(nc_input *in, const nc_node *node, const nc_domain *dom,
                       const nc_field_range *r, nc_error *err)
{
    double lo, hi;
    char pre[600];
    nc_plausible p;
    int near = r && nc_field_range_values(r, &p, NULL) == 0;
    int rc = nc_node_is_null(node)
                 ? 0
                 : nc_range_parse_near(node->text, in->dim, near ? &p : NULL, &lo, &hi, err);
    nc_input_prefix(pre, sizeof pre, in->path, node);
    if (rc < 0)
        return nc_node_error(err, node, NC_EINPUT, "%s%s", pre, err->message);
    if (rc == 1)
        return load_range(in, node, lo, hi, dom, r, err);
    in->form = NC_FORM_FIXED;
    rc = nc_input_parse_quantity(&in->p[0].value, node, in->path, in->dim, r, err);
    return rc ? rc : nc_input_check_value(in->p[0].value, node, in->path, dom, r, err);
}

static int is_random(const nc_input *in)
{
    if (in->form != NC_FORM_FIXED)
        return 1;
    return in->p[0].input != NULL;
}

static int not_a_list(const nc_node *node, const char *path, nc_error *err)
{
    char pre[600];
    nc_input_prefix(pre, sizeof pre, path, node);
    return nc_node_error(err, node, NC_EINPUT,
                         "%sexpected a number, a range 'A to B UNIT' or a distribution "
                         "{dist: ...}, got a list",
                         pre);
}

static int load_input(nc_input **out, const nc_node *node, const char *path, nc_dim dim,
                      const nc_domain *dom, const nc_field_range *r, nc_error *err)
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
    in->dom_lo_open = dom->lo_open;
    int rc = node->kind == NC_NODE_MAP      ? load_mapping(in, node, dom, r, err)
             : node->kind == NC_NODE_SCALAR ? load_scalar(in, node, dom, r, err)
                                            : not_a_list(node, path, err);
    if (!rc)
        rc = nc_input_check_nominal(in, node, err);
    if (!rc)
        rc = nc_input_check_spread(in, node, r, err);
    if (rc) {
        nc_input_free(in);
        return rc;
    }
    in->random = is_random(in);
    *out = in;
    return 0;
}

/* The field's plausible range is found by its path (ranges.c) and applies to the value, to
 * each parameter that is a value of the field, and to the distribution's spread. */
int nc_input_load(nc_input **out, const nc_node *node, const char *path, nc_dim dim,
                  const nc_domain *dom, nc_error *err)
{
    return load_input(out, node, path, dim, dom, nc_field_range_find(path, dim), err);
}
