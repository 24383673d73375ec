/*
 * sobol.c - Sobol' indices by Saltelli sampling, Jansen's total effect, bootstrap intervals
 * (see sobol.h for the estimators and their sources).
 *
 * Phases: build the design [A | B], evaluate f on its n (k + 2) points in parallel, check the
 * outputs, estimate on all rows, estimate again on each bootstrap resample of the rows, take
 * percentiles. Every output lives at its row's index and every sum runs in row order on one
 * thread, so nothing depends on the number of threads.
 */
#include "sobol.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "rng.h"

/* Outputs this large could overflow the sums of squares (2n (2 * 1e100)^2 < DBL_MAX for any
 * n <= NC_SOBOL_MAX_N); no cost in kWh, money or kg CO2e comes near it. */
#define MAX_ABS_OUTPUT 1e100

/* A standard deviation below 16 ulps of the mean is rounding noise, not variation: the mean
 * of 2n equal outputs need not equal them exactly. */
#define ZERO_SD_RTOL (16 * DBL_EPSILON)

/* Everything one run allocates besides its result. Outputs are y[j (k + 2) + m] with
 * m = 0 for f(A), 1 for f(B) and 2 + i for f(A_B^i). */
typedef struct workspace {
    size_t k, n, bootstrap;
    int threads;
    double *ab;      /* n x 2k: row j is A_j then B_j */
    double *y;       /* n x (k + 2) outputs */
    double *u;       /* threads x k: the row of A_B^i a thread is evaluating */
    double *reps;    /* bootstrap x 2k: each resample's first then total indices */
    double *sorted;  /* bootstrap: one index's replicates, sorted */
    gsl_rng **rngs;  /* threads Philox generators */
} workspace;

static int check_args(size_t k, size_t n, nc_sobol_model f, size_t bootstrap, double level,
                      nc_error *err)
{
    if (k == 0)
        return nc_error_set(err, NC_EINPUT, "Sobol' analysis needs at least one input, got 0");
    if (n < 2 || n > NC_SOBOL_MAX_N)
        return nc_error_set(err, NC_EINPUT, "Sobol' analysis needs 2 to %zu rows, got %zu",
                            NC_SOBOL_MAX_N, n);
    if (!f)
        return nc_error_set(err, NC_EINPUT, "Sobol' analysis needs a model function");
    if (bootstrap == 1 || bootstrap > NC_SOBOL_MAX_BOOTSTRAP)
        return nc_error_set(err, NC_EINPUT,
                            "bootstrap resamples must be 0 (none) or 2 to %d, got %zu",
                            NC_SOBOL_MAX_BOOTSTRAP, bootstrap);
    if (!(level > 0 && level < 1))
        return nc_error_set(err, NC_EINPUT, "the confidence level must be in (0, 1), got %g",
                            level);
    return NC_OK;
}

/* Refuse a design whose arrays would exceed NC_SOBOL_MAX_BYTES (counted in double, which
 * cannot overflow), before allocating any of it. */
static int check_size(size_t k, size_t n, size_t bootstrap, int threads, nc_error *err)
{
    double kd = (double)k, nd = (double)n, bd = (double)bootstrap;
    double doubles = nd * 2 * kd + nd * (kd + 2) + bd * (2 * kd + 1) + threads * kd + 6 * kd;
    double bytes = doubles * (double)sizeof(double);
    if (bytes > NC_SOBOL_MAX_BYTES)
        return nc_error_set(err, NC_EINPUT,
                            "a Sobol' design of %zu inputs x %zu rows (%zu resamples) needs "
                            "%.3g GB, above the limit of %.3g GB",
                            k, n, bootstrap, bytes / 1e9, NC_SOBOL_MAX_BYTES / 1e9);
    return NC_OK;
}

static void workspace_free(workspace *w)
{
    free(w->ab);
    free(w->y);
    free(w->u);
    free(w->reps);
    free(w->sorted);
    for (int t = 0; w->rngs && t < w->threads; t++)
        gsl_rng_free(w->rngs[t]);
    free(w->rngs);
}

static int workspace_alloc(workspace *w, size_t k, size_t n, size_t bootstrap, int threads,
                           nc_error *err)
{
    *w = (workspace){.k = k, .n = n, .bootstrap = bootstrap, .threads = threads};
    w->ab = malloc(n * 2 * k * sizeof *w->ab);
    w->y = malloc(n * (k + 2) * sizeof *w->y);
    w->u = malloc((size_t)threads * k * sizeof *w->u);
    w->reps = malloc((bootstrap ? bootstrap : 1) * 2 * k * sizeof *w->reps);
    w->sorted = malloc((bootstrap ? bootstrap : 1) * sizeof *w->sorted);
    w->rngs = calloc((size_t)threads, sizeof *w->rngs);
    int ok = w->ab && w->y && w->u && w->reps && w->sorted && w->rngs;
    for (int t = 0; ok && t < threads; t++)
        ok = (w->rngs[t] = gsl_rng_alloc(nc_rng_philox)) != NULL;
    if (ok)
        return NC_OK;
    workspace_free(w);
    return nc_error_set(err, NC_ENOMEM, "out of memory for a Sobol' design of %zu x %zu", n, k);
}

/* A and B from dimensions 0..k-1 and k..2k-1 of the Sobol' sequence (GSL skips its all-zero
 * first point, so every coordinate is in (0, 1)). */
static int fill_sobol(workspace *w, nc_error *err)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * w->k));
    if (!q)
        return nc_error_set(err, NC_ENOMEM, "out of memory for the Sobol' sequence");
    int rc = NC_OK;
    for (size_t j = 0; j < w->n && !rc; j++)
        if (gsl_qrng_get(q, w->ab + j * 2 * w->k))
            rc = nc_error_set(err, NC_EINTERNAL, "the Sobol' sequence failed at row %zu", j);
    gsl_qrng_free(q);
    return rc;
}

/* A and B from Philox: row j is stream (seed, "sobol/matrices"; trial j), uniforms in (0, 1). */
static void fill_philox(workspace *w, uint64_t seed)
{
    uint64_t key = nc_rng_key("sobol/matrices");
    for (size_t j = 0; j < w->n; j++) {
        nc_rng_seek(w->rngs[0], seed, key, 0, (uint32_t)j, NC_RNG_TRIAL);
        for (size_t c = 0; c < 2 * w->k; c++)
            w->ab[j * 2 * w->k + c] = gsl_rng_uniform_pos(w->rngs[0]);
    }
}

/* f on A_j, B_j and every A_B^i_j, for each row j, into w->y. */
static void evaluate(workspace *w, nc_sobol_model f, void *ctx)
{
    size_t k = w->k;
#pragma omp parallel for num_threads(w->threads) schedule(dynamic, 16)
    for (size_t j = 0; j < w->n; j++) {
        const double *a = w->ab + j * 2 * k, *b = a + k;
        double *y = w->y + j * (k + 2);
        double *u = w->u + (size_t)omp_get_thread_num() * k;
        y[0] = f(ctx, a, j);
        y[1] = f(ctx, b, j);
        memcpy(u, a, k * sizeof *u);
        for (size_t i = 0; i < k; i++) {
            u[i] = b[i];
            y[2 + i] = f(ctx, u, j);
            u[i] = a[i];
        }
    }
}

/* The first output, in row order, that is not finite or too large, as an error. */
static int check_outputs(const workspace *w, nc_error *err)
{
    size_t width = w->k + 2;
    for (size_t j = 0; j < w->n; j++)
        for (size_t m = 0; m < width; m++) {
            double y = w->y[j * width + m];
            if (isfinite(y) && fabs(y) <= MAX_ABS_OUTPUT)
                continue;
            char matrix[32] = "A";
            if (m > 0)
                snprintf(matrix, sizeof matrix, m == 1 ? "B" : "A_B^%zu", m - 2);
            return nc_error_set(err, NC_EINPUT,
                                "the model returned %s at row %zu (matrix %s)",
                                isnan(y) ? "NaN" : isinf(y) ? "an infinity" : "a value above 1e100",
                                j, matrix);
        }
    return NC_OK;
}
