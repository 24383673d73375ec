/*
 * dist_incomplete.h - private to sim/dist/: the regularised incomplete gamma and beta functions
 * as CDFs (dist_incomplete.c), for the CDFs, quantiles and moments of the gamma, beta and PERT.
 */
#ifndef NC_DIST_INCOMPLETE_H
#define NC_DIST_INCOMPLETE_H

/*
 * P(X <= x) and P(X > x) for X ~ Gamma(shape, scale) and X ~ Beta(a, b), for any x and any
 * shapes the constructors accept (GSL's functions where they are right, an Edgeworth expansion
 * or a series' leading term where they are not).
 */
double nc_dist__gamma_P(double x, double shape, double scale);
double nc_dist__gamma_Q(double x, double shape, double scale);
double nc_dist__beta_P(double x, double a, double b);
double nc_dist__beta_Q(double x, double a, double b);

#endif
