/* input.c - uncertain inputs: nominal values and per-replication resolution (see input.h). */
#include "scenario/input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/dist_cdf.h"
#include "dist/dist_quantile.h"
#include "dist/dist_sample.h"
#include "dist/dist_trunc.h"
#include "rng/rng.h"

static char *dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

nc_input *nc_input_new_fixed(const char *path, nc_dim dim, double value)
{
    nc_input *in = calloc(1, sizeof *in);
    if (!in || !(in->path = dup_str(path))) {
        free(in);
        return NULL;
    }
    in->key = nc_rng_key(path);
    in->dim = dim;
    in->form = NC_FORM_FIXED;
    in->p[0].value = value;
    in->dom_lo = -HUGE_VAL;
    in->dom_hi = HUGE_VAL;
    return in;
}

void nc_input_free(nc_input *in)
{
    if (!in)
        return;
    for (int i = 0; i < 3; i++)
        nc_input_free(in->p[i].input);
    nc_input_free(in->min.input);
    nc_input_free(in->max.input);
    free(in->values);
    free(in->cum);
    free(in->path);
    free(in->file);
    free(in);
}

static int copy_param(nc_param *dst, const nc_param *src)
{
    dst->value = src->value;
    dst->input = NULL;
    if (src->input && !(dst->input = nc_input_copy(src->input)))
        return -1;
    return 0;
}

static double *copy_doubles(const double *src, size_t n)
{
    double *dst = malloc(n * sizeof *dst);
    if (dst)
        memcpy(dst, src, n * sizeof *dst);
    return dst;
}

nc_input *nc_input_copy(const nc_input *in)
{
    nc_input *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    *c = *in;
    c->path = c->file = NULL;
    c->values = c->cum = NULL;
    for (int i = 0; i < 3; i++)
        c->p[i].input = NULL;
    c->min.input = c->max.input = NULL;
    int bad = !(c->path = dup_str(in->path)) || (in->file && !(c->file = dup_str(in->file)));
    for (int i = 0; i < 3 && !bad; i++)
        bad = copy_param(&c->p[i], &in->p[i]);
    bad = bad || copy_param(&c->min, &in->min) || copy_param(&c->max, &in->max);
    if (!bad && in->values)
        bad = !(c->values = copy_doubles(in->values, in->n));
    if (!bad && in->cum)
        bad = !(c->cum = copy_doubles(in->cum, in->n));
    if (bad) {
        nc_input_free(c);
        return NULL;
    }
    return c;
}

/* ---- nominal values ------------------------------------------------------------------------ */

static double param_nominal(const nc_param *p)
{
    return p->input ? nc_input_nominal(p->input) : p->value;
}

static double most_likely_choice(const nc_input *in)
{
    size_t best = 0;
    double best_w = in->cum[0];
    for (size_t i = 1; i < in->n; i++) {
        double w = in->cum[i] - in->cum[i - 1];
        if (w > best_w) {
            best_w = w;
            best = i;
        }
    }
    return in->values[best];
}

static double unclamped_nominal(const nc_input *in)
{
    double a = param_nominal(&in->p[0]), b = param_nominal(&in->p[1]);
    switch (in->form) {
    case NC_FORM_UNIFORM:
        return 0.5 * (a + b);
    case NC_FORM_LN_P5P95:
        return sqrt(a * b); /* the median of a lognormal is the geometric mean of P5, P95 */
    case NC_FORM_TRIANGULAR:
    case NC_FORM_PERT:
        return b; /* the mode */
    case NC_FORM_EMPIRICAL:
        return in->values[(in->n - 1) / 2];
    case NC_FORM_CHOICE:
        return most_likely_choice(in);
    default: /* fixed, normal and gamma/beta/lognormal by mean: p[0]; lognormal median */
        return a;
    }
}

/* The lower end of the domain as a closed bound: an open end moves to the next double. */
static double domain_lo(const nc_input *in)
{
    return in->dom_lo_open ? nextafter(in->dom_lo, HUGE_VAL) : in->dom_lo;
}

double nc_input_nominal(const nc_input *in)
{
    double x = unclamped_nominal(in);
    double lo = domain_lo(in), hi = in->dom_hi;
    if (in->has_min)
        lo = fmax(lo, param_nominal(&in->min));
    if (in->has_max)
        hi = fmin(hi, param_nominal(&in->max));
    if (x >= lo && x <= hi)
        return x;
    nc_draw nominal = {NULL, 0, 0, 1, NULL};
    nc_dist d;
    if (nc_input_resolve(in, &nominal, &d, NULL) == 0) {
        double median = nc_dist_quantile(&d, 0.5);
        if (median >= lo && median <= hi)
            return median;
    }
    return x < lo ? lo : hi;
}

/* ---- resolution per replication ------------------------------------------------------------ */

static int build(const nc_input *in, const double p[3], nc_dist *out, nc_error *err)
{
    switch (in->form) {
    case NC_FORM_FIXED:
        return nc_dist_fixed(out, p[0], err);
    case NC_FORM_UNIFORM:
        return nc_dist_uniform(out, p[0], p[1], err);
    case NC_FORM_NORMAL:
        return nc_dist_normal(out, p[0], p[1], err);
    case NC_FORM_LN_MEDIAN:
        return nc_dist_lognormal_median_gsd(out, p[0], p[1], err);
    case NC_FORM_LN_MEAN:
        return nc_dist_lognormal_mean_sd(out, p[0], p[1], err);
    case NC_FORM_LN_P5P95:
        return nc_dist_lognormal_p5_p95(out, p[0], p[1], err);
    case NC_FORM_GAMMA:
        return nc_dist_gamma_mean_sd(out, p[0], p[1], err);
    case NC_FORM_BETA:
        return nc_dist_beta_mean_sd(out, p[0], p[1], err);
    case NC_FORM_TRIANGULAR:
        return nc_dist_triangular(out, p[0], p[1], p[2], err);
    case NC_FORM_PERT:
        return nc_dist_pert(out, p[0], p[1], p[2], err);
    case NC_FORM_EMPIRICAL:
        return nc_dist_empirical(out, in->values, in->n, err);
    case NC_FORM_CHOICE:
        return nc_dist_choice(out, in->values, in->cum, in->n, err);
    default:
        return nc_error_set(err, NC_EINTERNAL, "%s: unknown form %d", in->path, (int)in->form);
    }
}

static int param_value(const nc_param *p, const nc_draw *dw, double *out, nc_error *err)
{
    if (!p->input) {
        *out = p->value;
        return 0;
    }
    return nc_input_draw(p->input, dw, out, err);
}

int nc_input_resolve(const nc_input *in, const nc_draw *dw, nc_dist *out, nc_error *err)
{
    double p[3], lo = domain_lo(in), hi = in->dom_hi, bound;
    int rc = 0;
    for (int i = 0; i < 3 && !rc; i++)
        rc = param_value(&in->p[i], dw, &p[i], err);
    if (!rc && in->has_min && !(rc = param_value(&in->min, dw, &bound, err)))
        lo = fmax(lo, bound);
    if (!rc && in->has_max && !(rc = param_value(&in->max, dw, &bound, err)))
        hi = fmin(hi, bound);
    if (!rc)
        rc = build(in, p, out, err);
    /* Values below the smallest double come out as 0, which a domain open at 0 (a duration)
     * cannot take: refuse a distribution drawn so spread out (a gamma of shape below ~0.03,
     * say) that more than one draw in 10^9 would, unless a min above the smallest double
     * cuts those values off. Checked before the truncation to the domain, which would keep
     * only that mass's tiny complement. */
    int open_at_0 = in->dom_lo_open && in->dom_lo == 0.0;
    double zeros = !rc && open_at_0 && !(lo > 0x1p-1074) ? nc_dist_underflow_mass(out) : 0.0;
    if (zeros > 1e-9)
        rc = nc_error_set(err, NC_EINPUT,
                          "this distribution is too degenerate to sample: it would draw 0 (a "
                          "value below the smallest positive number) with probability %.2g; "
                          "narrow its spread",
                          zeros);
    if (!rc && (lo > -HUGE_VAL || hi < HUGE_VAL))
        rc = nc_dist_truncate(out, lo, hi, err);
    if (rc && err && err->code == NC_EINPUT && !err->file[0]) {
        nc_error_prefix(err, "%s (replication %llu): ", in->path, (unsigned long long)dw->rep);
        nc_error_at(err, in->file, in->line, in->col);
    }
    return rc;
}

int nc_input_draw(const nc_input *in, const nc_draw *dw, double *out, nc_error *err)
{
    if (dw->point || !in->random) {
        *out = nc_input_nominal(in);
        return 0;
    }
    nc_dist d;
    if (dw->u && in->sens > 0) {
        nc_draw nominal = {NULL, dw->seed, dw->rep, 1, NULL};
        int rc = nc_input_resolve(in, &nominal, &d, err);
        if (!rc)
            *out = nc_dist_quantile(&d, dw->u[in->sens - 1]);
        return rc;
    }
    int rc = nc_input_resolve(in, dw, &d, err);
    if (rc)
        return rc;
    nc_rng_seek(dw->r, dw->seed, in->key, dw->rep, 0, NC_RNG_REPLICATION);
    *out = nc_dist_sample(&d, dw->r);
    return 0;
}

/* ---- description --------------------------------------------------------------------------- */

/* Each form's name and parameter names, as a scenario writes them. */
static const struct {
    const char *name;
    const char *param[3];
} FORM_INFO[NC_FORM__COUNT] = {
    [NC_FORM_FIXED] = {"fixed", {"value", NULL, NULL}},
    [NC_FORM_UNIFORM] = {"uniform", {"low", "high", NULL}},
    [NC_FORM_NORMAL] = {"normal", {"mean", "sd", NULL}},
    [NC_FORM_LN_MEDIAN] = {"lognormal", {"median", "gsd", NULL}},
    [NC_FORM_LN_MEAN] = {"lognormal", {"mean", "sd", NULL}},
    [NC_FORM_LN_P5P95] = {"lognormal", {"p5", "p95", NULL}},
    [NC_FORM_GAMMA] = {"gamma", {"mean", "sd", NULL}},
    [NC_FORM_BETA] = {"beta", {"mean", "sd", NULL}},
    [NC_FORM_TRIANGULAR] = {"triangular", {"min", "mode", "max"}},
    [NC_FORM_PERT] = {"pert", {"min", "mode", "max"}},
    [NC_FORM_EMPIRICAL] = {"empirical", {NULL, NULL, NULL}},
    [NC_FORM_CHOICE] = {"choice", {NULL, NULL, NULL}},
};

const char *nc_form_name(nc_form form)
{
    return form < NC_FORM__COUNT ? FORM_INFO[form].name : "?";
}

static size_t describe_param(const nc_param *p, char *buf, size_t size)
{
    int n;
    if (p->input) {
        char inner[200];
        nc_input_describe(p->input, inner, sizeof inner);
        n = snprintf(buf, size, "[%s]", inner);
    } else
        n = snprintf(buf, size, "%.6g", p->value);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

void nc_input_describe(const nc_input *in, char *buf, size_t size)
{
    size_t at = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (in->form == NC_FORM_FIXED)
        at = describe_param(&in->p[0], buf, size);
    else if (in->form == NC_FORM_EMPIRICAL || in->form == NC_FORM_CHOICE)
        at = (size_t)snprintf(buf, size, "%s(%zu values)", FORM_INFO[in->form].name, in->n);
    else {
        at = (size_t)snprintf(buf, size, "%s(", FORM_INFO[in->form].name);
        for (int i = 0; i < 3 && FORM_INFO[in->form].param[i] && at < size; i++) {
            at += (size_t)snprintf(buf + at, size - at, "%s%s ", i ? ", " : "",
                                   FORM_INFO[in->form].param[i]);
            if (at < size)
                at += describe_param(&in->p[i], buf + at, size - at);
        }
        const nc_param *bound[2] = {in->has_min ? &in->min : NULL, in->has_max ? &in->max : NULL};
        for (int i = 0; i < 2 && at < size; i++)
            if (bound[i]) {
                at += (size_t)snprintf(buf + at, size - at, ", %s ", i ? "max" : "min");
                if (at < size)
                    at += describe_param(bound[i], buf + at, size - at);
            }
        if (at < size)
            at += (size_t)snprintf(buf + at, size - at, ")");
    }
    const char *unit = nc_dim_unit(in->dim);
    if (at < size && unit[0])
        snprintf(buf + at, size - at, " %s", unit);
}
