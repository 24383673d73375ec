/*
 * fuzz_quantile.c - libFuzzer harness for the quantiles and CDFs of sim/dist*.c (issue 11,
 * "Quantiles bounded in time").
 *
 * The input's bytes pick one of the parameterisations the loader accepts (sim/scenario/input.c, build:
 * fixed, uniform, normal, the three lognormals, gamma, beta, triangular, PERT, empirical,
 * choice), its parameters (log-uniform magnitudes from 1e-300 to 1e300, raw doubles, values
 * of a table of extremes, or uniform fractions), an optional truncation, and probabilities
 * beside a fixed set (0, 2^-1074, 1e-300, 1e-12, 0.05, 0.5, 0.95, 1 - 1e-12, 1 - 2^-53, 1).
 * A distribution the constructors or the truncation refuse is skipped (the loader refuses
 * it too, with a message). For the others:
 *  - every nc_dist_quantile and nc_dist_cdf call takes at most MAX_CALL_SECONDS of this
 *    thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID): other processes on a busy
 *    machine do not count);
 *  - every quantile is a number inside the support [lo, hi] (never NaN: a quantile that
 *    cannot be computed for parameters the loader accepts is a bug);
 *  - quantiles do not decrease as p increases, except within the CDF's accuracy (tol below):
 *    for p1 < p2, q(p2) < q(p1) only where F(q(p1)) <= p2 + tol;
 *  - continuous kinds: CDF(quantile(p)) = p, within what double precision allows: F just
 *    below x (by x's own rounding error, see nc_test_perturbed()) is at most p + tol and F
 *    just above is at least p - tol, with tol = 2e-8 (GSL's incomplete gamma near shapes 5e4, the
 *    Edgeworth branch: sim/dist/dist_incomplete.c) + 1e-7 min(p, 1 - p) + (the untruncated
 *    CDF's error near the kept interval + 16 eps) / kept mass (a truncated CDF divides by the
 *    kept mass);
 *  - discrete kinds: the generalised inverse, F(x) >= p > F(just below x), within 1e-12.
 */
#include <float.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "../quantile_check.h"
#include "dist/dist.h"
#include "dist/dist_cdf.h"
#include "dist/dist_quantile.h"
#include "dist/dist_trunc.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The budget of one call (issue 11: "fails if one takes more than e.g. 50 ms"). */
#define MAX_CALL_SECONDS    0.05
#define MAX_VALUES          16
#define EXTRA_PROBABILITIES 6

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off(); /* as main() does: GSL errors are return codes */
    return 0;
}

/* ---------------------------------------------------------------- reading the input */

typedef struct reader {
    const uint8_t *data;
    size_t size, at;
} reader;

static uint8_t read_byte(reader *r)
{
    return r->at < r->size ? r->data[r->at++] : 0;
}

static uint64_t read_u64(reader *r)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | read_byte(r);
    return v;
}

/* A uniform fraction in [0, 1) from 53 bits. */
static double read_fraction(reader *r)
{
    return (double)(read_u64(r) >> 11) * 0x1p-53;
}

/* Values that have broken quantiles before, or sit at the edges of double precision. */
static const double EXTREMES[] = {0.5,  3e-4,  5e-4,   1e-6,  1e-3,      1e8,   1e-12,  1e12, 1e-30,
                                  1e30, 0.999, 1e-300, 1e300, 0.01,      2.385, 1.0,    0.1,  10.0,
                                  1e5,  1e6,   1e-100, 1e100, 0x1p-1074, 1e16,  1.7e308};
#define N_EXTREMES (sizeof EXTREMES / sizeof EXTREMES[0])

/* A parameter: a magnitude 10^[-300, 300) (or [-12, 12)), a raw double, an extreme, or a
 * fraction; negated when the mode byte says so. */
static double read_param(reader *r)
{
    uint8_t mode = read_byte(r);
    double v, u;
    switch (mode % 5) {
    case 0:
        v = pow(10.0, -300.0 + 600.0 * read_fraction(r));
        break;
    case 1:
        v = pow(10.0, -12.0 + 24.0 * read_fraction(r));
        break;
    case 2: {
        uint64_t bits = read_u64(r);
        memcpy(&v, &bits, sizeof v);
        break;
    }
    case 3:
        v = EXTREMES[read_byte(r) % N_EXTREMES];
        break;
    default:
        u = read_fraction(r);
        v = u;
        break;
    }
    return mode & 0x80 ? -v : v;
}

/* ---------------------------------------------------------------- building a distribution */

typedef struct subject {
    nc_dist d;
    double values[MAX_VALUES], cum[MAX_VALUES], weights[MAX_VALUES];
} subject;

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int build_discrete(subject *s, int choice, reader *r, nc_error *err)
{
    size_t n = 1 + read_byte(r) % MAX_VALUES;
    for (size_t i = 0; i < n; i++) {
        s->values[i] = read_param(r);
        s->weights[i] = fabs(read_param(r));
    }
    if (!choice) {
        for (size_t i = 0; i < n; i++)
            if (!isfinite(s->values[i]))
                s->values[i] = 0.0;
        qsort(s->values, n, sizeof s->values[0], compare_doubles);
        return nc_dist_empirical(&s->d, s->values, n, err);
    }
    int rc = nc_dist_choice_cum(s->weights, n, s->cum, err);
    return rc ? rc : nc_dist_choice(&s->d, s->values, s->cum, n, err);
}

/* The distribution of the input's form byte, as the loader's build() makes it. */
static int build(subject *s, reader *r, nc_error *err)
{
    int form = read_byte(r) % 12;
    double a = read_param(r), b = read_param(r), c = read_param(r);
    double lo = fmin(a, fmin(b, c)), hi = fmax(a, fmax(b, c)), mid = a + b + c - lo - hi;
    switch (form) {
    case 0:
        return nc_dist_fixed(&s->d, a, err);
    case 1:
        return nc_dist_uniform(&s->d, fmin(a, b), fmax(a, b), err);
    case 2:
        return nc_dist_normal(&s->d, a, fabs(b), err);
    case 3:
        return nc_dist_lognormal_median_gsd(&s->d, fabs(a), 1.0 + fabs(b), err);
    case 4:
        return nc_dist_lognormal_mean_sd(&s->d, fabs(a), fabs(b), err);
    case 5:
        return nc_dist_lognormal_p5_p95(&s->d, fmin(fabs(a), fabs(b)), fmax(fabs(a), fabs(b)), err);
    case 6:
        return nc_dist_gamma_mean_sd(&s->d, fabs(a), fabs(b), err);
    case 7: /* the mean as a fraction */
        return nc_dist_beta_mean_sd(&s->d, fabs(a) - floor(fabs(a)), fabs(b), err);
    case 8:
        return nc_dist_triangular(&s->d, lo, mid, hi, err);
    case 9:
        return nc_dist_pert(&s->d, lo, mid, hi, err);
    default:
        return build_discrete(s, form == 11, r, err);
    }
}

/* ---------------------------------------------------------------- the timed calls */

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void describe(const nc_dist *d, char *buf, size_t size)
{
    snprintf(buf, size, "%s(p1 %.17g, p2 %.17g, p3 %.17g, p4 %.17g, p5 %.17g) on [%.17g, %.17g]",
             nc_dist_kind_name(d->kind), d->p1, d->p2, d->p3, d->p4, d->p5, d->lo, d->hi);
}

static double timed_quantile(const nc_dist *d, double p)
{
    double start = cpu_seconds(), x = nc_dist_quantile(d, p), took = cpu_seconds() - start;
    char text[400];
    describe(d, text, sizeof text);
    FUZZ_CHECK(took <= MAX_CALL_SECONDS, "quantile(%.17g) of %s took %.3f s", p, text, took);
    FUZZ_CHECK(!isnan(x), "quantile(%.17g) of %s is NaN", p, text);
    FUZZ_CHECK(x >= d->lo && x <= d->hi, "quantile(%.17g) of %s is %.17g, outside the support", p,
               text, x);
    return x;
}

static double timed_cdf(const nc_dist *d, double x)
{
    double start = cpu_seconds(), f = nc_dist_cdf(d, x), took = cpu_seconds() - start;
    char text[400];
    describe(d, text, sizeof text);
    FUZZ_CHECK(took <= MAX_CALL_SECONDS, "cdf(%.17g) of %s took %.3f s", x, text, took);
    FUZZ_CHECK(f >= 0.0 && f <= 1.0, "cdf(%.17g) of %s is %.17g", x, text, f);
    return f;
}

/* How far a computed CDF of 'd' near probability 'p' may be from the truth (see the header). */
static double cdf_tolerance(const nc_dist *d, double p)
{
    /* the untruncated CDF's relative accuracy near the kept interval: ~1e-16 (a + b) for
     * GSL's incomplete beta (its prefactor), 1e-9 allowed; a few eps for the rest */
    int incomplete = d->kind == NC_DIST_BETA || d->kind == NC_DIST_GAMMA || d->kind == NC_DIST_PERT;
    double mass = d->cdf_hi - d->cdf_lo, near = fmin(d->cdf_hi, 1.0 - d->cdf_lo);
    double base = incomplete ? 1e-9 * near : 16.0 * DBL_EPSILON;
    return 2e-8 + 1e-7 * fmin(p, 1.0 - p) + (base + 16.0 * DBL_EPSILON) / mass;
}

/* CDF(quantile(p)) = p, as the header comment says. */
static void check_inverse(const nc_dist *d, double p, double x)
{
    char text[400];
    describe(d, text, sizeof text);
    double below = timed_cdf(d, nc_test_perturbed(x, -HUGE_VAL));
    double above = timed_cdf(d, nc_test_perturbed(x, HUGE_VAL));
    if (d->kind == NC_DIST_EMPIRICAL || d->kind == NC_DIST_CHOICE) {
        double at = timed_cdf(d, x), just_below = timed_cdf(d, nextafter(x, -HUGE_VAL));
        FUZZ_CHECK(at >= p - 1e-12 && (p == 0.0 || just_below < p + 1e-12),
                   "quantile(%.17g) = %.17g of %s: F there %.17g, just below %.17g", p, x, text, at,
                   just_below);
        return;
    }
    if (d->kind == NC_DIST_FIXED || p == 0.0 || p == 1.0)
        return;
    double tol = cdf_tolerance(d, p);
    FUZZ_CHECK(below <= p + tol && above >= p - tol,
               "quantile(%.17g) = %.17g of %s: F just below %.17g, just above %.17g (tol %.3g)", p,
               x, text, below, above, tol);
}

/* Truncate to bounds taken from the input: each a quantile of the untruncated distribution
 * or a raw parameter, each present or not. */
static int truncate_from(subject *s, reader *r, nc_error *err)
{
    uint8_t how = read_byte(r);
    if (!(how & 3))
        return 0;
    double lo = -HUGE_VAL, hi = HUGE_VAL;
    if (how & 1)
        lo = how & 4 ? timed_quantile(&s->d, read_fraction(r)) : read_param(r);
    if (how & 2)
        hi = how & 8 ? timed_quantile(&s->d, read_fraction(r)) : read_param(r);
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    return nc_dist_truncate(&s->d, lo, hi, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double FIXED_P[] = {0.0, 0x1p-1074, 1e-300,    1e-12,       0.05,
                                     0.5, 0.95,      1 - 1e-12, 1 - 0x1p-53, 1.0};
    enum { N_FIXED = sizeof FIXED_P / sizeof FIXED_P[0] };
    reader r = {data, size, 0};
    subject s;
    nc_error err = {0};
    if (fuzz_result(build(&s, &r, &err), &err, "the constructor"))
        return 0;
    if (fuzz_result(truncate_from(&s, &r, &err), &err, "nc_dist_truncate"))
        return 0;
    double p[N_FIXED + EXTRA_PROBABILITIES];
    memcpy(p, FIXED_P, sizeof FIXED_P);
    for (int i = 0; i < EXTRA_PROBABILITIES; i++)
        p[N_FIXED + i] = read_fraction(&r);
    qsort(p, N_FIXED + EXTRA_PROBABILITIES, sizeof p[0], compare_doubles);
    double previous = -HUGE_VAL, previous_p = 0.0;
    for (int i = 0; i < N_FIXED + EXTRA_PROBABILITIES; i++) {
        double x = timed_quantile(&s.d, p[i]);
        char text[400];
        describe(&s.d, text, sizeof text);
        /* a reversal is allowed only within the CDF's own accuracy: GSL's incomplete beta of
         * shapes 1e6 is monotone only to ~1e-10 relative, a few hundred ulps of x; and within
         * x's own rounding error (nc_test_perturbed, as check_inverse allows): a distribution
         * narrower than that (a beta of shapes 6e127 and 3e128 has sd 2e-65 around 0.17) is a
         * step that its own arithmetic (the mean a/(a+b), rounded) places only to that error */
        FUZZ_CHECK(x >= previous || previous <= nc_test_perturbed(x, HUGE_VAL) ||
                       timed_cdf(&s.d, previous) <= p[i] + cdf_tolerance(&s.d, p[i]),
                   "quantile(%.17g) = %.17g below quantile(%.17g) = %.17g of %s", p[i], x,
                   previous_p, previous, text);
        check_inverse(&s.d, p[i], x);
        previous = x;
        previous_p = p[i];
    }
    return 0;
}
