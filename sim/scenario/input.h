/*
 * input.h - an uncertain input of a scenario: a number, a range or a distribution whose
 * parameters may themselves be distributions (DESIGN.md, "Two levels of uncertainty").
 *
 * Each input has a path ("sites.lab.pue", "stages.search.duration") that addresses its random
 * numbers, a dimension (its canonical unit) and a domain (PUE >= 1, fractions in [0, 1],
 * durations > 0). A distribution whose support reaches outside the domain is truncated to it;
 * declared bounds (`min`, `max`) outside the domain are errors.
 *
 * Life of an input in a run:
 *   nc_input_resolve()  once per replication: draw every uncertain parameter (each from its
 *                       own addressed stream) and build the concrete nc_dist;
 *   nc_dist_sample()    per trial (the engine), or nc_input_draw() once per replication for
 *                       systematic inputs.
 * In point mode every draw is replaced by the nominal value (nc_input_nominal).
 */
#ifndef NC_INPUT_H
#define NC_INPUT_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "dist/dist.h"
#include "base/error.h"
#include "base/units.h"

/* How the user wrote the distribution: decides the constructor and the nominal value. */
typedef enum nc_form {
    NC_FORM_FIXED = 0,
    NC_FORM_UNIFORM,     /* low, high */
    NC_FORM_NORMAL,      /* mean, sd */
    NC_FORM_LN_MEDIAN,   /* median, gsd */
    NC_FORM_LN_MEAN,     /* mean, sd */
    NC_FORM_LN_P5P95,    /* p5, p95 (also the "A to B UNIT" shorthand) */
    NC_FORM_GAMMA,       /* mean, sd */
    NC_FORM_BETA,        /* mean, sd */
    NC_FORM_TRIANGULAR,  /* min, mode, max */
    NC_FORM_PERT,        /* min, mode, max */
    NC_FORM_EMPIRICAL,   /* values */
    NC_FORM_CHOICE,      /* values, weights */
    NC_FORM__COUNT
} nc_form;

typedef struct nc_input nc_input;

/* A parameter: a constant, or an input of its own drawn once per replication. */
typedef struct nc_param {
    double value;
    nc_input *input; /* NULL when constant */
} nc_param;

struct nc_input {
    char *path;          /* "stages.search.duration" */
    uint64_t key;        /* nc_rng_key(path) */
    nc_dim dim;
    nc_form form;
    nc_param p[3];       /* in the order of the comments on nc_form */
    int has_min, has_max;
    nc_param min, max;   /* declared truncation bounds */
    double dom_lo, dom_hi; /* the field's domain */
    int dom_lo_open;     /* 1: dom_lo itself is outside it (durations > 0) */
    double *values;      /* EMPIRICAL: sorted; CHOICE: as given (owned) */
    double *cum;         /* CHOICE: normalised cumulative weights (owned) */
    size_t n;
    int random;          /* 0 when the input is a plain constant */
    int sens;            /* sensitivity analysis: 1 + its index in nc_draw.u; 0: drawn as usual */
    int used;            /* 1 when the model reads it for its scenario (nc_scenario_mark_used) */
    int sens_trials;     /* sensitivity analysis of a per-trial input: 1 + the index in nc_draw.u
                            of the factor "its own per-trial draws" (nc_trial_sensitivity) */
    char *file;          /* where it was written, for messages at run time */
    int line, col;
};

/* The domain of a field, for nc_input_new and the loaders. */
typedef struct nc_domain {
    double lo, hi;
    int lo_open;         /* 1: lo itself is not allowed (durations > 0) */
    const char *what;    /* for messages: "a PUE is at least 1" */
} nc_domain;

/* A new constant input (a default); NULL on ENOMEM. */
nc_input *nc_input_new_fixed(const char *path, nc_dim dim, double value);

/* Free an input and its parameter inputs. NULL does nothing. */
void nc_input_free(nc_input *in);

/* A deep copy (same paths, so the copy shares the original's draws); NULL on ENOMEM. */
nc_input *nc_input_copy(const nc_input *in);

/* The point-mode value: the fixed value, the midpoint of a uniform, the mean of a
 * distribution given by its mean, the median of a range (p5/p95 or median/gsd), the mode of
 * a triangular or PERT, the median of empirical values, the most likely choice. When that
 * falls outside the bounds and domain (a normal duration with a negative mean), the median of
 * the truncated distribution instead. Parameters that are inputs take their nominal value. */
double nc_input_nominal(const nc_input *in);

/* Where a replication's draws come from. */
typedef struct nc_draw {
    gsl_rng *r;       /* any nc_rng_philox generator; NULL is fine with 'point' */
    uint64_t seed, rep;
    int point;        /* every input at its nominal value */
    const double *u;  /* NULL; or, for a sensitivity analysis, a uniform in (0, 1) for each
                         input with sens > 0 (at u[sens - 1]): it takes its quantile there */
} nc_draw;

/*
 * Build the concrete distribution of 'in' for replication dw->rep into '*out': each uncertain
 * parameter is drawn with nc_input_draw. With dw->point, parameters take their nominal values.
 * Fails (NC_EINPUT, message naming the input's path and the replication) only when drawn
 * parameters make an impossible distribution.
 */
int nc_input_resolve(const nc_input *in, const nc_draw *dw, nc_dist *out, nc_error *err);

/*
 * One draw of 'in' for replication dw->rep from stream (seed, key; rep, 0, REPLICATION); its
 * nominal value with dw->point; its quantile at dw->u[sens - 1] (parameters nominal) when a
 * sensitivity analysis sets it. For systematic inputs: PUE, prices, counts, parameters.
 */
int nc_input_draw(const nc_input *in, const nc_draw *dw, double *out, nc_error *err);

/* The name of a form as a scenario writes it ("lognormal"). */
const char *nc_form_name(nc_form form);

/* Write a short human description: "triangular(1.3, 1.58, 2)" in canonical units. */
void nc_input_describe(const nc_input *in, char *buf, size_t size);

#endif
