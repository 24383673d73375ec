/*
 * test_stopping.c - early stopping of hyperparameter trials (sim/realism/stopping.h).
 *
 * The closed forms are checked against formulas written here independently: successive
 * halving's min_budget (s_max (1 - 1/eta) + 1), and Hyperband's resources counted bracket by
 * bracket as in Li et al. 2017, Algorithm 1 (in expectation, without floors). The sampler is
 * checked by Monte Carlo with fixed Philox addresses: means within 4.5 standard errors, rung
 * frequencies by a chi-square test at level 1e-6.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "rng/rng.h"
#include "testutil.h"
#include "realism/stopping.h"

enum { N_TRIALS = 200000 };

#define SEED  UINT64_C(20170611)
#define Z_MAX 4.5

/* A parameter set exercised by the Monte Carlo tests. */
typedef struct case_params {
    double eta, min_budget, max_budget;
} case_params;

static const case_params cases[] = {
    {3, 1.0 / 27, 1},   /* s_max 3 */
    {4, 1.0 / 64, 1},   /* s_max 3 */
    {3, 0.01, 0.5},     /* s_max 3, top step 0.09 -> 0.5, max_budget < 1 */
    {2.5, 0.004, 0.25}, /* s_max 4, a non-integer eta */
};

static const nc_stopping_policy policies[] = {NC_STOP_SH, NC_STOP_HYPERBAND, NC_STOP_ASHA};

#define N_CASES    (sizeof cases / sizeof cases[0])
#define N_POLICIES (sizeof policies / sizeof policies[0])

static nc_stopping make(nc_stopping_policy p, double eta, double min_budget, double max_budget)
{
    nc_stopping s;
    nc_error err;
    int rc = nc_stopping_init(&s, p, eta, min_budget, max_budget, 0, &err);
    if (rc)
        fail_msg("init failed: %s", err.message);
    return s;
}

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.17g, want %.17g (relative tolerance %g)", got, want, rel);
}

/* eta^s for integer eta, exactly. */
static long long int_pow(long long eta, int s)
{
    long long p = 1;
    for (int i = 0; i < s; i++)
        p *= eta;
    return p;
}

/* Li et al. 2017, Algorithm 1, for integer eta: n_s = ceil((s_max + 1) eta^s / (s + 1)). */
static long long hyperband_configs(int s_max, int s, long long eta)
{
    long long num = (long long)(s_max + 1) * int_pow(eta, s);
    return (num + s) / (s + 1);
}

/*
 * Hyperband's expected resource per configuration and evaluations per configuration, counted
 * as Algorithm 1 runs: bracket s starts n_s configurations at r = R eta^-s; stage i keeps
 * n_s eta^-i of them and raises each from r eta^(i-1) to r eta^i (they continue from their
 * checkpoints). No floors: the expectation over which configurations survive.
 */
static void hyperband_brute_force(int s_max, long long eta, double R, double *fraction,
                                  double *evals)
{
    double resource = 0, evaluations = 0, configs = 0;
    for (int s = s_max; s >= 0; s--) {
        double n = (double)hyperband_configs(s_max, s, eta);
        double r = R / (double)int_pow(eta, s), previous = 0;
        for (int i = 0; i <= s; i++) {
            double n_i = n / (double)int_pow(eta, i), r_i = r * (double)int_pow(eta, i);
            resource += n_i * (r_i - previous);
            evaluations += n_i;
            previous = r_i;
        }
        configs += n;
    }
    *fraction = resource / configs;
    *evals = evaluations / configs;
}

/* P(stop at rung k) written from the policy's definition, for the chi-square test. */
static double want_stop_probability(const nc_stopping *s, int k)
{
    double eta = s->eta;
    int top = s->s_max;
    if (s->policy != NC_STOP_HYPERBAND)
        return k < top ? pow(eta, -k) - pow(eta, -(k + 1)) : pow(eta, -top);
    double total = 0, p = 0;
    for (int b = 0; b <= top; b++)
        total += ceil((top + 1) * pow(eta, b) / (b + 1) * (1 - 1e-12));
    for (int b = 0; b <= top; b++) {
        int start = top - b, j = k - start;
        if (j < 0)
            continue;
        double w = ceil((top + 1) * pow(eta, b) / (b + 1) * (1 - 1e-12)) / total;
        p += w * (k < top ? pow(eta, -j) - pow(eta, -(j + 1)) : pow(eta, -j));
    }
    return p;
}

/* Sample statistics of N_TRIALS trials drawn at fixed addresses. */
typedef struct sample {
    double mean_fraction, sd_fraction, mean_evals, sd_evals;
    long counts[NC_STOP_MAX_RUNGS];
} sample;

static sample draw(const nc_stopping *s, gsl_rng *r, uint64_t key)
{
    sample out;
    memset(&out, 0, sizeof out);
    double sum = 0, sum2 = 0, esum = 0, esum2 = 0;
    for (uint32_t i = 0; i < N_TRIALS; i++) {
        nc_rng_seek(r, SEED, key, 0, i, NC_RNG_TRIAL);
        double u_bracket = gsl_rng_uniform(r), u_rung = gsl_rng_uniform(r);
        int rung = -1, reached = -1;
        double f = nc_stopping_fraction(s, u_bracket, u_rung, &rung, &reached);
        assert_true(rung >= 0 && rung <= s->s_max);
        assert_true(reached >= 1 && reached <= rung + 1);
        assert_true(f == s->budget[rung]);
        out.counts[rung]++;
        sum += f;
        sum2 += f * f;
        esum += reached;
        esum2 += (double)reached * reached;
    }
    double n = N_TRIALS;
    out.mean_fraction = sum / n;
    out.sd_fraction = sqrt((sum2 - sum * sum / n) / (n - 1));
    out.mean_evals = esum / n;
    out.sd_evals = sqrt((esum2 - esum * esum / n) / (n - 1));
    return out;
}

static void assert_within_se(double mean, double sd, double want, const char *what)
{
    double se = sd / sqrt((double)N_TRIALS);
    if (!(fabs(mean - want) <= Z_MAX * se))
        fail_msg("%s: sample mean %.8g, closed form %.8g, %.2f standard errors apart", what, mean,
                 want, fabs(mean - want) / se);
}

/* Successive halving and ASHA, max_budget = min_budget eta^s_max: the textbook closed form. */
static void test_stopping__sh_expected_fraction_matches_closed_form(void **state)
{
    (void)state;
    static const struct {
        double eta, min_budget;
        int s_max;
    } sh[] = {{3, 1.0 / 27, 3}, {4, 1.0 / 64, 3}, {3, 1.0 / 81, 4}, {2, 1.0 / 32, 5}};
    for (size_t i = 0; i < sizeof sh / sizeof sh[0]; i++) {
        double eta = sh[i].eta, m = sh[i].min_budget;
        double want = m * (sh[i].s_max * (1 - 1 / eta) + 1);
        nc_stopping s = make(NC_STOP_SH, eta, m, 1);
        assert_int_equal(s.s_max, sh[i].s_max);
        assert_close(nc_stopping_expected_fraction(&s), want, 1e-12);
        nc_stopping a = make(NC_STOP_ASHA, eta, m, 1);
        assert_close(nc_stopping_expected_fraction(&a), want, 1e-12);
    }
}

/* Evaluations per trial: a trial reaches rung k with probability eta^-k. */
static void test_stopping__sh_expected_evals_is_a_geometric_sum(void **state)
{
    (void)state;
    nc_stopping s = make(NC_STOP_SH, 3, 1.0 / 27, 1);
    assert_close(nc_stopping_expected_evals(&s), 1 + 1.0 / 3 + 1.0 / 9 + 1.0 / 27, 1e-12);
    nc_stopping a = make(NC_STOP_ASHA, 4, 1.0 / 64, 1);
    assert_close(nc_stopping_expected_evals(&a), 1 + 0.25 + 0.0625 + 0.015625, 1e-12);
}

/* Li et al. 2017, Table 1 (R = 81, eta = 3): brackets of 81, 34, 15, 8 and 5 configurations. */
static void test_stopping__hyperband_brackets_match_li_2017_table_1(void **state)
{
    (void)state;
    nc_stopping s = make(NC_STOP_HYPERBAND, 3, 1.0 / 81, 1);
    assert_int_equal(s.s_max, 4);
    static const double n[5] = {5, 8, 15, 34, 81}; /* bracket s = 0..4 */
    for (int b = 0; b <= 4; b++)
        assert_close(s.bracket_p[b], n[b] / 143, 1e-12);
    assert_true(s.bracket_tail[0] == 1);
}

static void test_stopping__hyperband_expected_fraction_matches_algorithm_1(void **state)
{
    (void)state;
    static const struct {
        long long eta;
        int s_max;
    } hb[] = {{3, 3}, {3, 4}, {4, 3}, {2, 5}, {5, 2}};
    for (size_t i = 0; i < sizeof hb / sizeof hb[0]; i++) {
        double eta = (double)hb[i].eta, fraction, evals;
        hyperband_brute_force(hb[i].s_max, hb[i].eta, 1, &fraction, &evals);
        nc_stopping s =
            make(NC_STOP_HYPERBAND, eta, 1 / (double)int_pow(hb[i].eta, hb[i].s_max), 1);
        assert_int_equal(s.s_max, hb[i].s_max);
        assert_close(nc_stopping_expected_fraction(&s), fraction, 1e-12);
        assert_close(nc_stopping_expected_evals(&s), evals, 1e-12);
    }
}

/* The same with R = max_budget < 1: every budget scales by R. */
static void test_stopping__hyperband_scales_with_max_budget(void **state)
{
    (void)state;
    double fraction, evals, R = 0.375;
    hyperband_brute_force(3, 4, R, &fraction, &evals);
    nc_stopping s = make(NC_STOP_HYPERBAND, 4, R / 64, R);
    assert_int_equal(s.s_max, 3);
    assert_close(nc_stopping_expected_fraction(&s), fraction, 1e-12);
    assert_close(nc_stopping_expected_evals(&s), evals, 1e-12);
}

static void test_stopping__budgets_rise_by_eta_to_max_budget(void **state)
{
    (void)state;
    nc_stopping s = make(NC_STOP_SH, 3, 0.01, 0.5);
    assert_int_equal(s.s_max, 3); /* log_3(50) = 3.56 */
    assert_close(s.budget[0], 0.01, 1e-15);
    assert_close(s.budget[1], 0.03, 1e-15);
    assert_close(s.budget[2], 0.09, 1e-15);
    assert_true(s.budget[3] == 0.5);
    nc_stopping one = make(NC_STOP_ASHA, 3, 0.375, 0.375);
    assert_int_equal(one.s_max, 0);
    assert_close(nc_stopping_expected_fraction(&one), 0.375, 1e-15);
}

static void test_stopping__stop_probabilities_sum_to_one(void **state)
{
    (void)state;
    for (size_t c = 0; c < N_CASES; c++)
        for (size_t p = 0; p < N_POLICIES; p++) {
            nc_stopping s =
                make(policies[p], cases[c].eta, cases[c].min_budget, cases[c].max_budget);
            double total = 0;
            for (int k = 0; k <= s.s_max; k++) {
                assert_close(nc_stopping_stop_probability(&s, k), want_stop_probability(&s, k),
                             1e-12);
                total += nc_stopping_stop_probability(&s, k);
            }
            assert_close(total, 1, 1e-12);
            assert_true(nc_stopping_stop_probability(&s, -1) == 0);
            assert_true(nc_stopping_stop_probability(&s, s.s_max + 1) == 0);
        }
}

static void test_stopping__monte_carlo_mean_matches_closed_form(void **state)
{
    gsl_rng *r = *state;
    char what[128];
    for (size_t c = 0; c < N_CASES; c++)
        for (size_t p = 0; p < N_POLICIES; p++) {
            nc_stopping s =
                make(policies[p], cases[c].eta, cases[c].min_budget, cases[c].max_budget);
            sample x = draw(&s, r, nc_rng_key("stages.search.early_stopping") + c);
            snprintf(what, sizeof what, "%s eta %g min %g max %g",
                     nc_stopping_policy_name(policies[p]), cases[c].eta, cases[c].min_budget,
                     cases[c].max_budget);
            assert_within_se(x.mean_fraction, x.sd_fraction, nc_stopping_expected_fraction(&s),
                             what);
            assert_within_se(x.mean_evals, x.sd_evals, nc_stopping_expected_evals(&s), what);
        }
}

static void test_stopping__rung_frequencies_match_probabilities(void **state)
{
    gsl_rng *r = *state;
    for (size_t c = 0; c < N_CASES; c++)
        for (size_t p = 0; p < N_POLICIES; p++) {
            nc_stopping s =
                make(policies[p], cases[c].eta, cases[c].min_budget, cases[c].max_budget);
            sample x = draw(&s, r, nc_rng_key("stages.search.rungs") + c);
            double chi2 = 0;
            for (int k = 0; k <= s.s_max; k++) {
                double expected = N_TRIALS * want_stop_probability(&s, k);
                double diff = (double)x.counts[k] - expected;
                chi2 += diff * diff / expected;
            }
            double critical = gsl_cdf_chisq_Qinv(1e-6, s.s_max);
            if (!(chi2 < critical))
                fail_msg("%s eta %g: chi-square %.2f >= %.2f (df %d)",
                         nc_stopping_policy_name(policies[p]), cases[c].eta, chi2, critical,
                         s.s_max);
        }
}

/* ASHA and SH share a cost model: the same uniforms give the same trial. */
static void test_stopping__asha_costs_as_successive_halving(void **state)
{
    (void)state;
    nc_stopping sh = make(NC_STOP_SH, 4, 1.0 / 64, 1), asha = make(NC_STOP_ASHA, 4, 1.0 / 64, 1);
    for (int i = 0; i < 1000; i++) {
        double u = (i + 0.385) / 1000;
        int k1, k2, e1, e2;
        assert_true(nc_stopping_fraction(&sh, 0.5, u, &k1, &e1) ==
                    nc_stopping_fraction(&asha, 0.5, u, &k2, &e2));
        assert_int_equal(k1, k2);
        assert_int_equal(e1, e2);
    }
}

/* The extremes of the uniforms: u_rung 0 promotes to the top, near 1 stops at the start;
 * u_bracket 0 is Hyperband's most exploratory bracket, near 1 its full-budget bracket. */
static void test_stopping__uniform_extremes_pick_extreme_rungs(void **state)
{
    (void)state;
    nc_stopping sh = make(NC_STOP_SH, 3, 1.0 / 27, 1);
    int k, e;
    assert_true(nc_stopping_fraction(&sh, 0, 0, &k, &e) == 1);
    assert_int_equal(k, 3);
    assert_int_equal(e, 4);
    assert_close(nc_stopping_fraction(&sh, 0, 0.9999, &k, &e), 1.0 / 27, 1e-15);
    assert_int_equal(k, 0);
    assert_int_equal(e, 1);

    nc_stopping hb = make(NC_STOP_HYPERBAND, 3, 1.0 / 27, 1);
    assert_close(nc_stopping_fraction(&hb, 0, 0.9999, &k, &e), 1.0 / 27, 1e-15);
    assert_int_equal(k, 0);
    assert_true(nc_stopping_fraction(&hb, 0.9999, 0.9999, &k, &e) == 1);
    assert_int_equal(k, 3);
    assert_int_equal(e, 1);
    assert_true(nc_stopping_fraction(&hb, 0.9999, 0.9999, NULL, NULL) == 1);
}

static void test_stopping__none_runs_the_full_budget(void **state)
{
    (void)state;
    nc_stopping s;
    nc_error err;
    /* eta and the budgets are not used, so nonsense values pass. */
    assert_int_equal(nc_stopping_init(&s, NC_STOP_NONE, 0.385, 0, 2.5, 0.25, &err), NC_OK);
    int k = -1, e = -1;
    assert_true(nc_stopping_fraction(&s, 0.385, 0.0001, &k, &e) == 1);
    assert_int_equal(k, 0);
    assert_int_equal(e, 0);
    assert_true(nc_stopping_expected_fraction(&s) == 1);
    assert_true(nc_stopping_expected_evals(&s) == 0);
    assert_true(nc_stopping_stop_probability(&s, 0) == 1);
}

static void assert_init_error(nc_stopping_policy p, double eta, double min_budget,
                              double max_budget, double overhead_h, const char *message)
{
    nc_stopping s;
    nc_error err;
    assert_int_equal(nc_stopping_init(&s, p, eta, min_budget, max_budget, overhead_h, &err),
                     NC_EINPUT);
    assert_int_equal(err.code, NC_EINPUT);
    assert_string_equal(err.message, message);
}

static void test_stopping__invalid_parameters_are_input_errors(void **state)
{
    (void)state;
    assert_init_error(NC_STOP_SH, 1, 0.1, 1, 0, "eta must be greater than 1, got 1");
    assert_init_error(NC_STOP_ASHA, 0.385, 0.1, 1, 0, "eta must be greater than 1, got 0.385");
    assert_init_error(NC_STOP_SH, (double)NAN, 0.1, 1, 0, "eta must be greater than 1, got nan");
    assert_init_error(NC_STOP_SH, HUGE_VAL, 0.1, 1, 0, "eta must be finite, got inf");
    assert_init_error(NC_STOP_HYPERBAND, 3, 0.5, 0.25, 0,
                      "min_budget 0.5 is above max_budget 0.25");
    assert_init_error(NC_STOP_SH, 3, 0, 1, 0, "min_budget must be in (0, 1], got 0");
    assert_init_error(NC_STOP_SH, 3, 1.5, 1, 0, "min_budget must be in (0, 1], got 1.5");
    assert_init_error(NC_STOP_SH, 3, 0.1, 2.385, 0, "max_budget must be in (0, 1], got 2.385");
    assert_init_error(NC_STOP_SH, 3, 0.1, -0.5, 0, "max_budget must be in (0, 1], got -0.5");
    assert_init_error(NC_STOP_SH, 3, 0.1, 1, -0.25,
                      "eval_overhead must be a non-negative number of hours, got -0.25");
    assert_init_error(NC_STOP_NONE, 3, 0.1, 1, HUGE_VAL,
                      "eval_overhead must be a non-negative number of hours, got inf");
    assert_init_error(NC_STOP_HYPERBAND, 3, 1e-20, 1, 0,
                      "min_budget 1e-20 and max_budget 1 with eta 3 need 42 rungs; at most 32 "
                      "are supported");
    assert_init_error((nc_stopping_policy)7, 3, 0.1, 1, 0, "unknown early-stopping policy 7");
}

/* The most rungs allowed: min_budget = 2^-31 at eta 2 gives rungs 0..31. */
static void test_stopping__deepest_ladder_is_accepted(void **state)
{
    (void)state;
    nc_stopping s = make(NC_STOP_HYPERBAND, 2, ldexp(1, -31), 1);
    assert_int_equal(s.s_max, NC_STOP_MAX_RUNGS - 1);
    assert_init_error(NC_STOP_HYPERBAND, 2, ldexp(1, -32), 1, 0,
                      "min_budget 2.32831e-10 and max_budget 1 with eta 2 need 33 rungs; at "
                      "most 32 are supported");
    double total = 0;
    for (int k = 0; k <= s.s_max; k++)
        total += nc_stopping_stop_probability(&s, k);
    assert_close(total, 1, 1e-12);
}

/* max_budget / min_budget an exact power of eta has its top rung there even where the
 * logarithms' quotient rounds just below the integer: log(1000)/log(10) is
 * 2.9999999999999996 and log(243)/log(3) 4.999999999999999 in doubles. Successive halving
 * then costs min_budget (s_max (1 - 1/eta) + 1) per trial (stopping.c). */
static void test_stopping__exact_powers_of_eta_reach_their_rung(void **state)
{
    (void)state;
    const struct {
        double eta, min_budget;
        int s_max;
    } powers[] = {{10, 0.001, 3}, {3, 1.0 / 243, 5}, {3, 1.0 / 27, 3}, {2, 1.0 / 1024, 10}};
    nc_stopping one;
    nc_error e;
    /* min_budget = max_budget is one rung: every trial runs the budget */
    assert_int_equal(nc_stopping_init(&one, NC_STOP_SH, 3, 0.5, 0.5, 0, &e), 0);
    assert_int_equal(one.s_max, 0);
    assert_true(nc_stopping_expected_fraction(&one) == 0.5);
    for (size_t i = 0; i < sizeof powers / sizeof powers[0]; i++) {
        nc_stopping s;
        nc_error err;
        assert_int_equal(
            nc_stopping_init(&s, NC_STOP_SH, powers[i].eta, powers[i].min_budget, 1, 0, &err), 0);
        assert_int_equal(s.s_max, powers[i].s_max);
        double want = powers[i].min_budget * (powers[i].s_max * (1 - 1 / powers[i].eta) + 1);
        assert_true(fabs(nc_stopping_expected_fraction(&s) - want) <= 1e-12 * want);
    }
}

static void test_stopping__policy_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"none", "successive_halving", "hyperband", "asha"};
    for (int p = 0; p < NC_STOP__COUNT; p++) {
        assert_string_equal(nc_stopping_policy_name((nc_stopping_policy)p), names[p]);
        assert_int_equal(nc_stopping_policy_lookup(names[p]), p);
    }
    assert_int_equal(nc_stopping_policy_lookup("Hyperband"), -1);
    assert_int_equal(nc_stopping_policy_lookup("sha"), -1);
    assert_int_equal(nc_stopping_policy_lookup(NULL), -1);
    assert_string_equal(nc_stopping_policy_name((nc_stopping_policy)9), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stopping__sh_expected_fraction_matches_closed_form),
        cmocka_unit_test(test_stopping__sh_expected_evals_is_a_geometric_sum),
        cmocka_unit_test(test_stopping__hyperband_brackets_match_li_2017_table_1),
        cmocka_unit_test(test_stopping__hyperband_expected_fraction_matches_algorithm_1),
        cmocka_unit_test(test_stopping__hyperband_scales_with_max_budget),
        cmocka_unit_test(test_stopping__budgets_rise_by_eta_to_max_budget),
        cmocka_unit_test(test_stopping__stop_probabilities_sum_to_one),
        cmocka_unit_test_setup_teardown(test_stopping__monte_carlo_mean_matches_closed_form,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test_setup_teardown(test_stopping__rung_frequencies_match_probabilities,
                                        tu_setup_rng, tu_teardown_rng),
        cmocka_unit_test(test_stopping__asha_costs_as_successive_halving),
        cmocka_unit_test(test_stopping__uniform_extremes_pick_extreme_rungs),
        cmocka_unit_test(test_stopping__none_runs_the_full_budget),
        cmocka_unit_test(test_stopping__invalid_parameters_are_input_errors),
        cmocka_unit_test(test_stopping__deepest_ladder_is_accepted),
        cmocka_unit_test(test_stopping__exact_powers_of_eta_reach_their_rung),
        cmocka_unit_test(test_stopping__policy_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
