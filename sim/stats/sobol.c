/*
 * sobol.c - Sobol' indices by Saltelli sampling, Jansen's total effect, bootstrap intervals
 * (see sobol.h for the estimators and their sources).
 *
 * Phases: build the design [A | B], evaluate f on its n (k + 2) points in parallel, check the
 * outputs, estimate on all rows, estimate again on each bootstrap resample of the rows, take
 * percentiles. Every output lives at its row's index and every sum runs in row order on one
 * thread, so nothing depends on the number of threads.
 */
#include "stats/sobol.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "rng/rng.h"

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
    double *ab;     /* n x 2k: row j is A_j then B_j */
    double *y;      /* n x (k + 2) outputs */
    double *u;      /* threads x k: the row of A_B^i a thread is evaluating */
    double *reps;   /* bootstrap x 2k: each resample's first then total indices */
    double *sorted; /* bootstrap: one index's replicates, sorted */
    gsl_rng **rngs; /* threads Philox generators */
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
            if (m == 1)
                strcpy(matrix, "B");
            else if (m > 1)
                snprintf(matrix, sizeof matrix, "A_B^%zu", m - 2);
            return nc_error_set(err, NC_EINPUT, "the model returned %s at row %zu (matrix %s)",
                                isnan(y)   ? "NaN"
                                : isinf(y) ? "an infinity"
                                           : "a value beyond +-1e100",
                                j, matrix);
        }
    return NC_OK;
}

/* The mean f0 of the 2n outputs f(A) and f(B), summed in row order. */
static double output_mean(const workspace *w)
{
    double sum = 0;
    for (size_t j = 0; j < w->n; j++)
        sum += w->y[j * (w->k + 2)] + w->y[j * (w->k + 2) + 1];
    return sum / (2.0 * (double)w->n);
}

/*
 * The indices from n rows: rows 0..n-1 in order when 'r' is NULL, otherwise n rows drawn
 * with replacement from 'r'. Outputs are shifted by 'f0' (sobol.h); the variance is the
 * shifted one-pass formula (s2 - s1^2 / m) / (m - 1), accurate because f0 is near the mean.
 * Stores k first-order indices at 'first', k total at 'total', the variance at '*var';
 * returns 1 (indices 0) when the variance is rounding noise, else 0.
 */
static int estimate(const workspace *w, gsl_rng *r, double f0, double *first, double *total,
                    double *var)
{
    size_t k = w->k;
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < k; i++)
        first[i] = total[i] = 0;
    for (size_t draw = 0; draw < w->n; draw++) {
        size_t j = r ? (size_t)gsl_rng_uniform_int(r, w->n) : draw;
        const double *y = w->y + j * (k + 2);
        double ya = y[0] - f0, yb = y[1] - f0;
        s1 += ya + yb;
        s2 += ya * ya + yb * yb;
        for (size_t i = 0; i < k; i++) {
            double d = y[2 + i] - y[0];
            first[i] += yb * d; /* Saltelli 2010, Table 2 (b) */
            total[i] += d * d;  /* Jansen 1999; Saltelli 2010, Table 2 (f) */
        }
    }
    double m = 2.0 * (double)w->n;
    *var = (s2 - s1 * s1 / m) / (m - 1);
    double noise = ZERO_SD_RTOL * f0;
    int zero = !(*var > noise * noise);
    for (size_t i = 0; i < k; i++) {
        first[i] = zero ? 0 : first[i] / ((double)w->n * *var);
        total[i] = zero ? 0 : total[i] / (m * *var);
    }
    return zero;
}

/* The indices of every bootstrap resample into w->reps; resample b draws its rows from
 * stream (seed, "sobol/bootstrap"; replication b), whichever thread runs it. */
static void resample(workspace *w, double f0, uint64_t seed)
{
    uint64_t key = nc_rng_key("sobol/bootstrap");
    size_t k = w->k;
#pragma omp parallel for num_threads(w->threads) schedule(dynamic, 1)
    for (size_t b = 0; b < w->bootstrap; b++) {
        gsl_rng *r = w->rngs[omp_get_thread_num()];
        double var;
        nc_rng_seek(r, seed, key, b, 0, NC_RNG_REPLICATION);
        estimate(w, r, f0, w->reps + b * 2 * k, w->reps + b * 2 * k + k, &var);
    }
}

/* The percentile interval at 'level' of column 'c' of w->reps. */
static void percentile(workspace *w, size_t c, double level, double *lo, double *hi)
{
    for (size_t b = 0; b < w->bootstrap; b++)
        w->sorted[b] = w->reps[b * 2 * w->k + c];
    gsl_sort(w->sorted, 1, w->bootstrap);
    *lo = gsl_stats_quantile_from_sorted_data(w->sorted, 1, w->bootstrap, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(w->sorted, 1, w->bootstrap, (1 + level) / 2);
}

static nc_sobol_result *result_alloc(size_t k, size_t n, size_t bootstrap, double level)
{
    nc_sobol_result *res = calloc(1, sizeof *res);
    double *x = calloc((bootstrap ? 6 : 2) * k, sizeof *x);
    if (!res || !x) {
        free(res);
        free(x);
        return NULL;
    }
    *res = (nc_sobol_result){.k = k, .n = n, .bootstrap = bootstrap, .level = level};
    res->first = x;
    res->total = x + k;
    if (bootstrap) {
        res->first_lo = x + 2 * k;
        res->first_hi = x + 3 * k;
        res->total_lo = x + 4 * k;
        res->total_hi = x + 5 * k;
    }
    return res;
}

/* Design, evaluation and the checks of the outputs, into 'w'. */
static int run_design(workspace *w, nc_sobol_model f, void *ctx, uint64_t seed, nc_error *err)
{
    int rc = NC_OK;
    if (w->k <= NC_SOBOL_QRNG_MAX_K)
        rc = fill_sobol(w, err);
    else
        fill_philox(w, seed);
    if (rc)
        return rc;
    evaluate(w, f, ctx);
    return check_outputs(w, err);
}

/* The estimates on all rows and, with resamples, their intervals, into 'res'. */
static void run_estimates(nc_sobol_result *res, workspace *w, uint64_t seed)
{
    double f0 = output_mean(w);
    res->mean = f0;
    res->zero_variance = estimate(w, NULL, f0, res->first, res->total, &res->var);
    if (!w->bootstrap)
        return;
    resample(w, f0, seed);
    for (size_t i = 0; i < w->k; i++) {
        percentile(w, i, res->level, &res->first_lo[i], &res->first_hi[i]);
        percentile(w, w->k + i, res->level, &res->total_lo[i], &res->total_hi[i]);
    }
}

/*
 * Sobol' indices of model 'f' by Saltelli sampling (see sobol.h for the estimators, the
 * design and the errors). Uses omp_get_max_threads() threads; the result does not depend
 * on their number.
 */
int nc_sobol_run(nc_sobol_result **out, size_t k, size_t n, nc_sobol_model f, void *ctx,
                 size_t bootstrap, double level, uint64_t seed, nc_error *err)
{
    if (!out)
        return nc_error_set(err, NC_EINPUT, "Sobol' analysis needs somewhere to put the result");
    *out = NULL;
    int threads = omp_get_max_threads();
    int rc = check_args(k, n, f, bootstrap, level, err);
    if (!rc)
        rc = check_size(k, n, bootstrap, threads, err);
    if (rc)
        return rc;
    workspace w;
    rc = workspace_alloc(&w, k, n, bootstrap, threads, err);
    if (rc)
        return rc;
    nc_sobol_result *res = result_alloc(k, n, bootstrap, level);
    if (!res) {
        rc = nc_error_set(err, NC_ENOMEM, "out of memory for a Sobol' result");
        goto done;
    }
    res->quasi_random = k <= NC_SOBOL_QRNG_MAX_K;
    rc = run_design(&w, f, ctx, seed, err);
    if (rc)
        goto done;
    run_estimates(res, &w, seed);
    *out = res;
    res = NULL;
done:
    nc_sobol_result_free(res);
    workspace_free(&w);
    return rc;
}

/* Free a result of nc_sobol_run and its arrays (one block, owned by 'first'). */
void nc_sobol_result_free(nc_sobol_result *r)
{
    if (!r)
        return;
    free(r->first);
    free(r);
}
