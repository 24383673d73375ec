/*
 * quantile_check.h - what tests/test_quantile.c and tests/fuzz/fuzz_quantile.c share when
 * they check CDF(quantile(p)) = p in double precision.
 */
#ifndef NC_QUANTILE_CHECK_H
#define NC_QUANTILE_CHECK_H

#include <float.h>
#include <math.h>

/* 'x' moved by its rounding error as a computed value, toward 'toward': 64 eps |x| (1 +
 * |ln |x||) (a lognormal's x = exp(mu + sigma z) carries mu's rounding, eps |ln x|, and a CDF
 * that takes ln x again cannot resolve x more finely), and at least 4 ulps. */
static inline double nc_test_perturbed(double x, double toward)
{
    double spread = 64.0 * DBL_EPSILON * fabs(x) * (1.0 + fabs(log(fabs(x))));
    double moved = isfinite(spread) && spread > 0.0 ? x + (toward > x ? spread : -spread) : x;
    for (int i = 0; i < 4; i++)
        x = nextafter(x, toward);
    return toward > x ? fmax(moved, x) : fmin(moved, x);
}

#endif
