/*
 * dist_moments.c - mean and variance of an nc_dist (dist_moments.h): closed forms for the
 * untruncated kinds and, for truncated ones, partial moments through incomplete gamma, beta and
 * normal integrals (exact Gauss-Legendre for the triangular).
 */
#include "dist/dist_moments.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "dist/dist_impl.h"
#include "dist/dist_incomplete.h"

typedef struct moments {
    double mean, variance;
} moments;

static moments from_raw(double m1, double m2)
{
    moments m = {m1, fmax(0.0, m2 - m1 * m1)};
    return m;
}

/* P(a < Z <= b) for a standard normal Z, from the accurate side. */
static double gauss_mass(double a, double b)
{
    if (a > 0.0)
        return gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b);
    return gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
}

/* P(lo < X <= hi) for X ~ Gamma(shape, scale) and X ~ Beta(a, b), from the accurate side. */
static double gamma_mass(double shape, double scale, double lo, double hi)
{
    double p_lo = nc_dist__gamma_P(lo, shape, scale);
    if (p_lo > 0.5)
        return nc_dist__gamma_Q(lo, shape, scale) - nc_dist__gamma_Q(hi, shape, scale);
    return nc_dist__gamma_P(hi, shape, scale) - p_lo;
}

static double beta_mass(double a, double b, double lo, double hi)
{
    double p_lo = nc_dist__beta_P(lo, a, b);
    if (p_lo > 0.5)
        return nc_dist__beta_Q(lo, a, b) - nc_dist__beta_Q(hi, a, b);
    return nc_dist__beta_P(hi, a, b) - p_lo;
}

/* z * phi(z), zero at infinite z. */
static double z_phi(double z)
{
    return isinf(z) ? 0.0 : z * gsl_ran_ugaussian_pdf(z);
}

/*
 * Normal(mu, sigma) truncated to [lo, hi] (Johnson, Kotz & Balakrishnan 1994, Continuous
 * Univariate Distributions vol. 1, 2nd ed., ch. 13 sec. 10.1): with a, b the standardised
 * bounds and Z = Phi(b) - Phi(a),
 *   mean = mu + sigma (phi(a) - phi(b)) / Z,
 *   var  = sigma^2 [1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2].
 */
static moments normal_truncated(double mu, double sigma, double lo, double hi)
{
    double a = (lo - mu) / sigma, b = (hi - mu) / sigma, z = gauss_mass(a, b);
    double shift = (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) / z;
    moments m = {mu + sigma * shift,
                 sigma * sigma * fmax(0.0, 1.0 + (z_phi(a) - z_phi(b)) / z - shift * shift)};
    return m;
}

/*
 * Lognormal(mu, sigma) truncated to [lo, hi], from x^j f(x; mu, sigma) =
 * exp(j mu + j^2 sigma^2 / 2) f(x; mu + j sigma^2, sigma) (JKB 1994 vol. 1, ch. 14):
 * E[X^j | lo <= X <= hi] = exp(j mu + j^2 sigma^2/2) Z(a - j sigma, b - j sigma) / Z(a, b).
 */
static moments lognormal_truncated(double mu, double sigma, double lo, double hi)
{
    double a = (log(lo) - mu) / sigma, b = (log(hi) - mu) / sigma, z = gauss_mass(a, b);
    double m1 = exp(mu + 0.5 * sigma * sigma) * gauss_mass(a - sigma, b - sigma) / z;
    double m2 =
        exp(2.0 * mu + 2.0 * sigma * sigma) * gauss_mass(a - 2.0 * sigma, b - 2.0 * sigma) / z;
    return from_raw(m1, m2);
}

/*
 * Gamma(k, theta) truncated to [lo, hi], from x f(x; k, theta) = k theta f(x; k + 1, theta)
 * (JKB 1994 vol. 1, ch. 17): E[X^j | kept] = theta^j Gamma(k + j)/Gamma(k) * mass(k + j)/mass(k).
 */
static moments gamma_truncated(double k, double theta, double lo, double hi)
{
    double z = gamma_mass(k, theta, lo, hi);
    double m1 = k * theta * gamma_mass(k + 1.0, theta, lo, hi) / z;
    double m2 = k * (k + 1.0) * theta * theta * gamma_mass(k + 2.0, theta, lo, hi) / z;
    return from_raw(m1, m2);
}

/*
 * Beta(a, b) truncated to [lo, hi] within [0, 1], from x f(x; a, b) = a/(a + b) f(x; a + 1, b)
 * (JKB 1995, Continuous Univariate Distributions vol. 2, 2nd ed., ch. 25).
 */
static moments beta_truncated(double a, double b, double lo, double hi)
{
    double z = beta_mass(a, b, lo, hi);
    double m1 = a / (a + b) * beta_mass(a + 1.0, b, lo, hi) / z;
    double m2 = a * (a + 1.0) / ((a + b) * (a + b + 1.0)) * beta_mass(a + 2.0, b, lo, hi) / z;
    return from_raw(m1, m2);
}

static double triangular_pdf(const nc_dist *d, double x)
{
    double a = d->p1, c = d->p2, b = d->p3;
    if (x < c)
        return 2.0 * (x - a) / ((b - a) * (c - a));
    return 2.0 * (b - x) / ((b - a) * (b - c));
}

/*
 * Integral over [x1, x2] of (x - center)^power times the triangular pdf, where the pdf is
 * linear: 3-point Gauss-Legendre, exact for these polynomials of degree <= 3 (Abramowitz &
 * Stegun 1964, 25.4.29).
 */
static double triangular_piece(const nc_dist *d, double x1, double x2, double center, int power)
{
    static const double node[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
    static const double weight[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
    double half = 0.5 * (x2 - x1), mid = 0.5 * (x1 + x2), sum = 0.0;
    if (!(x2 > x1))
        return 0.0;
    for (int i = 0; i < 3; i++) {
        double x = mid + half * node[i], dx = x - center;
        sum += weight[i] * triangular_pdf(d, x) * (power == 0 ? 1.0 : power == 1 ? dx : dx * dx);
    }
    return half * sum;
}

static double triangular_integral(const nc_dist *d, double center, int power)
{
    double c = d->p2;
    return triangular_piece(d, d->lo, fmin(d->hi, c), center, power) +
           triangular_piece(d, fmax(d->lo, c), d->hi, center, power);
}

/* Triangular truncated to [lo, hi]: central moments integrated piece by piece. */
static moments triangular_truncated(const nc_dist *d)
{
    double mass = triangular_integral(d, 0.0, 0);
    double mean = d->lo + triangular_integral(d, d->lo, 1) / mass;
    moments m = {mean, triangular_integral(d, mean, 2) / mass};
    return m;
}

static moments empirical_moments(const nc_dist *d)
{
    size_t first = empirical_first(d), end = empirical_end(d);
    double count = (double)(end - first), sum = 0.0, ss = 0.0;
    for (size_t i = first; i < end; i++)
        sum += d->values[i];
    double mean = sum / count;
    for (size_t i = first; i < end; i++)
        ss += (d->values[i] - mean) * (d->values[i] - mean);
    moments m = {mean, ss / count};
    return m;
}

static moments choice_moments(const nc_dist *d)
{
    double mass = 0.0, sum = 0.0, ss = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i], w = choice_weight(d, i);
        if (v >= d->lo && v <= d->hi) {
            mass += w;
            sum += w * v;
        }
    }
    double mean = sum / mass;
    for (size_t i = 0; i < d->n; i++) {
        double v = d->values[i];
        if (v >= d->lo && v <= d->hi)
            ss += choice_weight(d, i) * (v - mean) * (v - mean);
    }
    moments m = {mean, ss / mass};
    return m;
}

static moments scaled(moments m, double offset, double width)
{
    moments s = {offset + width * m.mean, width * width * m.variance};
    return s;
}

/* Closed forms of the untruncated continuous kinds (JKB 1994/1995, the kinds' chapters). */
static moments untruncated_moments(const nc_dist *d)
{
    double p1 = d->p1, p2 = d->p2, p3 = d->p3, ab = d->p4 + d->p5;
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return (moments){0.5 * (p1 + p2), (p2 - p1) * (p2 - p1) / 12.0};
    case NC_DIST_NORMAL:
        return (moments){p1, p2 * p2};
    case NC_DIST_LOGNORMAL:
        return (moments){exp(p1 + 0.5 * p2 * p2), expm1(p2 * p2) * exp(2.0 * p1 + p2 * p2)};
    case NC_DIST_GAMMA:
        return (moments){p1 * p2, p1 * p2 * p2};
    case NC_DIST_BETA:
        return (moments){p1 / (p1 + p2), p1 * p2 / ((p1 + p2) * (p1 + p2) * (p1 + p2 + 1.0))};
    case NC_DIST_TRIANGULAR:
        return (moments){(p1 + p2 + p3) / 3.0,
                         (p1 * p1 + p2 * p2 + p3 * p3 - p1 * p2 - p1 * p3 - p2 * p3) / 18.0};
    case NC_DIST_PERT:
        return scaled((moments){d->p4 / ab, d->p4 * d->p5 / (ab * ab * (ab + 1.0))}, p1, p3 - p1);
    default:
        return (moments){NAN, NAN};
    }
}

static moments truncated_moments(const nc_dist *d)
{
    double w;
    switch (d->kind) {
    case NC_DIST_UNIFORM:
        return (moments){0.5 * (d->lo + d->hi), (d->hi - d->lo) * (d->hi - d->lo) / 12.0};
    case NC_DIST_NORMAL:
        return normal_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_LOGNORMAL:
        return lognormal_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_GAMMA:
        return gamma_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_BETA:
        return beta_truncated(d->p1, d->p2, d->lo, d->hi);
    case NC_DIST_TRIANGULAR:
        return triangular_truncated(d);
    case NC_DIST_PERT:
        w = d->p3 - d->p1;
        return scaled(beta_truncated(d->p4, d->p5, pert_unit(d, d->lo), pert_unit(d, d->hi)), d->p1,
                      w);
    default:
        return (moments){NAN, NAN};
    }
}

static moments dist_moments(const nc_dist *d)
{
    switch (d->kind) {
    case NC_DIST_FIXED:
        return (moments){d->p1, 0.0};
    case NC_DIST_EMPIRICAL:
        return empirical_moments(d);
    case NC_DIST_CHOICE:
        return choice_moments(d);
    default:
        return d->truncated ? truncated_moments(d) : untruncated_moments(d);
    }
}

/*
 * Mean and variance of the (truncated) distribution: closed forms, including the truncated
 * ones (partial moments through incomplete gamma/beta/normal integrals, exact Gauss-Legendre
 * for the triangular). Truncated variances are E[X^2] - E[X]^2 for lognormal, gamma, beta and
 * PERT: relative accuracy degrades as E[X]^2/Var grows (~1e-16 times that ratio).
 */
double nc_dist_mean(const nc_dist *d)
{
    return dist_moments(d).mean;
}

/* See nc_dist_mean. */
double nc_dist_variance(const nc_dist *d)
{
    return dist_moments(d).variance;
}
