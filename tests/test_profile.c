/*
 * test_profile.c - hourly carbon-intensity profiles (sim/realism/profile.h): the O(1) integral against
 * a brute-force hourly sum, the shipped profiles in models/grids/, every loader error path
 * with its golden message and position, and the carbon-aware window against brute force.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "realism/profile.h"
#include "rng/rng.h"

#define H     NC_PROFILE_HOURS
#define GRIDS NC_SOURCE_DIR "/models/grids/"
#define SEED  23851u /* fixed: every random case below is reproducible */

/* ---- helpers */

/* A fresh temporary file name (the file exists, empty); free with drop_temp. */
static char *temp_path(void)
{
    char *path = strdup("/tmp/nascost-profile-XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    return path;
}

static void drop_temp(char *path)
{
    unlink(path);
    free(path);
}

/*
 * Write a profile file: 'preamble' (may be NULL) verbatim, the header, then 'n' values; value
 * i is 'bad' (a token) when i == 'bad_at', else a high-entropy 0.2385 + i mod 97 / 1000.
 */
static char *write_profile(const char *preamble, int n, int bad_at, const char *bad)
{
    char *path = temp_path();
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s%s\n", preamble ? preamble : "", NC_PROFILE_HEADER);
    for (int i = 0; i < n; i++) {
        if (i == bad_at)
            fprintf(f, "%s\n", bad);
        else
            fprintf(f, "%.4f\n", 0.2385 + (double)(i % 97) / 1000.0);
    }
    fclose(f);
    return path;
}

static nc_profile *load_ok(const char *path)
{
    nc_profile *p = NULL;
    nc_error err;
    int rc = nc_profile_load(&p, path, &err);
    if (rc != 0) {
        char buf[2048];
        nc_error_format(&err, buf, sizeof buf);
        print_error("%s\n", buf);
        fail();
    }
    return p;
}

/* A profile of 8760 random intensities in [0.02, 0.5) kg/kWh, or drawn from 'levels' values
 * 0.1, 0.2, ... when 'levels' > 0 (many ties), loaded through a file. */
static nc_profile *random_profile(gsl_rng *r, int levels)
{
    char *path = temp_path();
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "# random test profile\n%s\n", NC_PROFILE_HEADER);
    for (int i = 0; i < H; i++) {
        if (levels > 0)
            fprintf(f, "%.1f\n", 0.1 * (double)(1 + gsl_rng_uniform_int(r, (unsigned long)levels)));
        else
            fprintf(f, "%.6f\n", 0.02 + 0.48 * gsl_rng_uniform(r));
    }
    fclose(f);
    nc_profile *p = load_ok(path);
    drop_temp(path);
    return p;
}

static gsl_rng *test_rng(uint32_t stream)
{
    gsl_rng *r = gsl_rng_alloc(nc_rng_philox);
    assert_non_null(r);
    nc_rng_seek(r, SEED, nc_rng_key("test_profile"), 0, stream, 0);
    return r;
}

/* ---- the integral */

/* The hour of year of absolute hour 'k' (any integer). */
static size_t hour_of_year(double k)
{
    double m = fmod(k, (double)H);
    return (size_t)(m < 0 ? m + H : m);
}

/* Brute force: walk [offset + t0, offset + t1] hour by hour, fractional ends included, with
 * Neumaier's compensated sum. */
static double hourly_sum(const nc_profile *p, double offset_h, double t0, double t1)
{
    double a = offset_h + t0, b = a + (t1 - t0), sum = 0.0, carry = 0.0;
    for (double x = a; x < b;) {
        double hour = floor(x), next = fmin(hour + 1.0, b);
        double term = (next - x) * p->ci[hour_of_year(hour)], s = sum + term;
        carry += fabs(sum) >= fabs(term) ? (sum - s) + term : (term - s) + sum;
        sum = s;
        x = next;
    }
    return sum + carry;
}

/* The prefix-sum error bound of profile.h: a few ulps of a year's integral per year spanned. */
static double integral_tolerance(const nc_profile *p, double t0, double t1)
{
    return 8.0 * DBL_EPSILON * p->prefix[H] * (2.0 + (t1 - t0) / H);
}

static void check_integral(const nc_profile *p, double offset_h, double t0, double t1)
{
    double got = nc_profile_integral(p, offset_h, t0, t1);
    double want = hourly_sum(p, offset_h, t0, t1);
    if (!(fabs(got - want) <= integral_tolerance(p, t0, t1))) {
        print_error("offset %.17g, [%.17g, %.17g]: got %.17g, want %.17g\n", offset_h, t0, t1, got,
                    want);
        fail();
    }
}

static void test_profile__integral_matches_hourly_sum_on_random_intervals(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(1);
    nc_profile *p = random_profile(r, 0);
    /* interval lengths: within an hour, up to a day, up to a week, up to three years */
    const double max_len[] = {0.9, 24.0, 168.0, 3.0 * H};
    for (int i = 0; i < 4000; i++) {
        double offset_h = i % 5 == 0 ? (double)gsl_rng_uniform_int(r, H)
                                     : (double)H * (3.0 * gsl_rng_uniform(r) - 1.0);
        double t0 = 2.0 * H * gsl_rng_uniform(r);
        double t1 = t0 + max_len[i % 4] * gsl_rng_uniform(r);
        check_integral(p, offset_h, t0, t1);
    }
    nc_profile_free(p);
    gsl_rng_free(r);
}

static void test_profile__integral_spans_year_end_and_several_years(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(2);
    nc_profile *p = random_profile(r, 0);
    const double cases[][3] = {
        /* offset_h, t0, t1 */
        {8759.5, 0.0, 1.0},
        {0.0, 8755.25, 8765.75},
        {8000.0, 700.0, 800.0},
        {8759.0, 0.0, 2.0},
        {0.0, 8759.999, 8760.001},
        {0.0, 0.0, 3.0 * H + 0.25},
        {4321.125, 17.5, 17.5 + 5.0 * H},
        {-1.5, 0.0, 3.0},
        {2.0 * H + 0.5, 1.0, 50.0},
        {0.0, 3.0 * H - 2.0, 3.0 * H + 2.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_integral(p, cases[i][0], cases[i][1], cases[i][2]);
    /* a whole year, from anywhere, is the year's total; k years are k totals */
    for (int k = 1; k <= 4; k++) {
        for (double offset_h = 0.0; offset_h < H; offset_h += 997.3) {
            double got = nc_profile_integral(p, offset_h, 11.0, 11.0 + k * H);
            assert_true(fabs(got - k * p->prefix[H]) <= integral_tolerance(p, 0.0, k * H));
        }
    }
    nc_profile_free(p);
    gsl_rng_free(r);
}

static void test_profile__integral_of_empty_and_within_hour_intervals(void **state)
{
    (void)state;
    nc_profile *p = load_ok(GRIDS "gb-2021.csv");
    assert_true(nc_profile_integral(p, 12.0, 5.5, 5.5) == 0.0);
    /* within one hour the integral is exactly length x intensity */
    assert_true(nc_profile_integral(p, 0.0, 2.25, 2.875) == 0.625 * p->ci[2]);
    assert_true(nc_profile_integral(p, 8759.0, 0.125, 0.5) == 0.375 * p->ci[8759]);
    assert_true(nc_profile_integral(p, 8759.0, 1.125, 1.5) == 0.375 * p->ci[0]);
    nc_profile_free(p);
}

/* ---- the shipped profiles */

typedef struct shipped {
    const char *file;
    double sum_kg_per_kwh_h; /* exact sum of the 8760 decimals in the file */
} shipped;

/*
 * Annual means: GB 2019-2022 are 0.1904, 0.1701, 0.1841, 0.1823 kg/kWh (data-sources 3c:
 * "170-190"; ci_shape_profiles.csv has 190.4, 169.9, 184.1, 182.3 g/kWh, 2020's over 366
 * days where ours drops February 29). The shapes' means are the source's exactly.
 */
static const shipped shipped_profiles[] = {
    {"gb-2019.csv", 1667.963},
    {"gb-2020.csv", 1490.084},
    {"gb-2021.csv", 1612.855},
    {"gb-2022.csv", 1596.760},
    {"de-2023-shape.csv", 0.3293 * H},
    {"fr-2023-shape.csv", 0.0304 * H},
    {"us-ciso-2023-shape.csv", 0.1935 * H},
    {"us-pjm-2023-shape.csv", 0.3219 * H},
};

static void test_profile__shipped_profiles_load_with_documented_means(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof shipped_profiles / sizeof shipped_profiles[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", GRIDS, shipped_profiles[i].file);
        nc_profile *p = load_ok(path);
        double want_mean = shipped_profiles[i].sum_kg_per_kwh_h / H;
        if (fabs(p->mean - want_mean) > 1e-13 || fabs(p->prefix[H] / H - p->mean) > 0.0) {
            print_error("%s: mean %.17g, want %.17g\n", path, p->mean, want_mean);
            fail();
        }
        if (strncmp(shipped_profiles[i].file, "gb-", 3) == 0)
            assert_true(p->mean > 0.165 && p->mean < 0.195);
        for (int h = 0; h < H; h++)
            assert_true(p->ci[h] > 0.0 && p->ci[h] < 1.0);
        assert_string_equal(p->name, path);
        nc_profile_free(p);
    }
}

/* ---- loader errors */

static void fails_with(const char *path, int code, const char *message, int line, int col,
                       const char *file, int at_line)
{
    static nc_profile untouched;
    nc_profile *p = &untouched; /* the loader must set it to NULL */
    nc_error err;
    int rc = nc_profile_load(&p, path, &err);
    if (rc != code || err.code != code || p != NULL || strcmp(err.message, message) != 0 ||
        err.line != line || err.col != col || strcmp(err.file, path) != 0) {
        print_error("rc %d, %d:%d \"%s\"; want rc %d, %d:%d \"%s\"\n", rc, err.line, err.col,
                    err.message, code, line, col, message);
        _fail(file, at_line);
    }
}

#define assert_load_fails(path, message, line, col)                                                \
    fails_with(path, NC_EINPUT, message, line, col, __FILE__, __LINE__)

/* Hour i of write_profile() with no preamble is on line i + 2. */
static void bad_value_fails(int bad_at, const char *bad, const char *message, int col,
                            const char *file, int at_line)
{
    char *path = write_profile(NULL, H, bad_at, bad);
    fails_with(path, NC_EINPUT, message, bad_at + 2, col, file, at_line);
    drop_temp(path);
}

#define assert_value_fails(bad_at, bad, message, col)                                              \
    bad_value_fails(bad_at, bad, message, col, __FILE__, __LINE__)

static void test_profile__load_rejects_8759_hours(void **state)
{
    (void)state;
    char *path = write_profile(NULL, H - 1, -1, NULL);
    assert_load_fails(path, "has 8759 hours, expected 8760 (one 365-day year)", 8761, 1);
    drop_temp(path);
}

static void test_profile__load_rejects_8761_hours_at_the_extra_one(void **state)
{
    (void)state;
    char *path = write_profile(NULL, H + 1, -1, NULL);
    assert_load_fails(path, "more than 8760 hours: a profile is one 365-day year", 8762, 1);
    drop_temp(path);
}

static void test_profile__load_rejects_bad_values_at_their_line(void **state)
{
    (void)state;
    assert_value_fails(4123, "-0.125", "negative carbon intensity '-0.125' kg/kWh", 1);
    assert_value_fails(17, "abc", "not a number: 'abc'", 1);
    assert_value_fails(17, "0.2385x", "not a number: '0.2385x'", 1);
    assert_value_fails(8759, "  nan", "NaN is not allowed: 'nan'", 3);
    assert_value_fails(0, "-NaN", "NaN is not allowed: '-NaN'", 1);
    assert_value_fails(5, "inf", "infinity is not allowed: 'inf'", 1);
    assert_value_fails(5, "0x1p-2", "hexadecimal numbers are not allowed: '0x1p-2'", 1);
    assert_value_fails(6, "1e999", "number too large: '1e999'", 1);
    assert_value_fails(
        7, "238.5", "carbon intensity '238.5' kg/kWh is above 3 kg/kWh: is the file in g/kWh?", 1);
    assert_value_fails(8, "0.2385,0.1", "expected one value per line, found more: ',0.1'", 7);
    assert_value_fails(9, "0.2385 0.1", "expected one value per line, found more: '0.1'", 8);
    assert_value_fails(10, ",0.2385", "not a number: ',0.2385'", 1);
}

static void test_profile__load_requires_the_unit_header(void **state)
{
    (void)state;
    char *path = temp_path();
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# no header\n\n0.2385\n", f);
    fclose(f);
    assert_load_fails(path,
                      "expected the header 'kg_co2e_per_kwh' (carbon intensity in kg CO2e per "
                      "kWh, one value per hour), found '0.2385'",
                      3, 1);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("g_co2e_per_kwh\n238.5\n", f);
    fclose(f);
    assert_load_fails(path,
                      "expected the header 'kg_co2e_per_kwh' (carbon intensity in kg CO2e per "
                      "kWh, one value per hour), found 'g_co2e_per_kwh'",
                      1, 1);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_load_fails(path, "empty file: expected the header 'kg_co2e_per_kwh' and 8760 values", 1,
                      1);
    drop_temp(path);
}

static void test_profile__load_reports_unreadable_file_as_io_error(void **state)
{
    (void)state;
    const char *path = "/nonexistent/nascost/profile.csv";
    nc_profile *p = NULL;
    nc_error err;
    assert_int_equal(nc_profile_load(&p, path, &err), NC_EIO);
    assert_null(p);
    assert_int_equal(err.code, NC_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message, "cannot open: No such file or directory");
}

static void test_profile__load_skips_comments_blank_lines_and_crlf(void **state)
{
    (void)state;
    char *path = temp_path();
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("\xEF\xBB\xBF# a profile with comments\r\n\r\n  " NC_PROFILE_HEADER "  \r\n", f);
    for (int i = 0; i < H; i++) {
        fprintf(f, "\t%.3f\r\n", 0.001 * (double)(i % 500));
        if (i == 100)
            fputs("   # a comment among the hours\r\n\r\n", f);
    }
    fputs("# trailing comment, no newline", f);
    fclose(f);
    nc_profile *p = load_ok(path);
    assert_true(p->ci[0] == 0.0 && p->ci[101] == 0.101 && p->ci[H - 1] == 0.259);
    nc_profile_free(p);
    /* the same file with a bad value after the comments: the line counts them */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("# one\n# two\n" NC_PROFILE_HEADER "\n\n0.2\n-1\n", f);
    fclose(f);
    assert_load_fails(path, "negative carbon intensity '-1' kg/kWh", 6, 1);
    drop_temp(path);
}

/* ---- carbon-aware windows */

/* Brute force: the earliest offset k in 0..w of the minimum of ci[h .. h + w] (wrapping). */
static int argmin_brute(const nc_profile *p, int h, int w)
{
    int best = 0;
    for (int k = 1; k <= w; k++)
        if (p->ci[(h + k) % H] < p->ci[(h + best) % H])
            best = k;
    return best;
}

static void check_argmin_window(const nc_profile *p, int window_h)
{
    static int delay[H];
    nc_error err;
    assert_int_equal(nc_profile_argmin_window(p, window_h, delay, &err), 0);
    int w = window_h < H - 1 ? window_h : H - 1;
    for (int h = 0; h < H; h++) {
        int want = argmin_brute(p, h, w);
        if (delay[h] != want) {
            print_error("%s, window %d, hour %d: delay %d, want %d\n", p->name, window_h, h,
                        delay[h], want);
            fail();
        }
    }
}

static void test_profile__argmin_window_matches_brute_force(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(3);
    nc_profile *profiles[] = {load_ok(GRIDS "gb-2021.csv"), load_ok(GRIDS "fr-2023-shape.csv"),
                              random_profile(r, 0), random_profile(r, 3)};
    const int windows[] = {0, 1, 12, 24, 100};
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        for (size_t j = 0; j < sizeof windows / sizeof windows[0]; j++)
            check_argmin_window(profiles[i], windows[j]);
        nc_profile_free(profiles[i]);
    }
    gsl_rng_free(r);
}

static void test_profile__argmin_window_of_a_year_or_more_sees_every_hour(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(4);
    nc_profile *p = random_profile(r, 4);
    check_argmin_window(p, H - 1);
    check_argmin_window(p, 3 * H);
    static int delay[H];
    nc_error err;
    assert_int_equal(nc_profile_argmin_window(p, -1, delay, &err), NC_EINPUT);
    assert_string_equal(err.message, "a carbon-aware window must be 0 hours or more, got -1");
    nc_profile_free(p);
    gsl_rng_free(r);
}

static void test_profile__best_start_is_cleanest_hour_within_window(void **state)
{
    (void)state;
    gsl_rng *r = test_rng(5);
    nc_profile *p = load_ok(GRIDS "gb-2022.csv");
    const int windows[] = {0, 1, 12, 24, 100};
    static int delay[H];
    nc_error err;
    for (size_t j = 0; j < sizeof windows / sizeof windows[0]; j++) {
        int w = windows[j];
        assert_int_equal(nc_profile_argmin_window(p, w, delay, &err), 0);
        for (int i = 0; i < 3000; i++) {
            double offset_h = i % 3 ? 8760.0 * gsl_rng_uniform(r) : (double)(i % H);
            double t = i % 7 ? 3.0 * H * gsl_rng_uniform(r) : (double)(i % 1000);
            double s = nc_profile_best_start(p, delay, offset_h, t);
            assert_true(s >= t && s <= t + w);
            /* the hour started in is the cleanest of the hours [t, t + w] touches */
            double first = floor(offset_h + t), last = floor(offset_h + t + w);
            double best = HUGE_VAL;
            for (double k = first; k <= last; k++)
                best = fmin(best, p->ci[hour_of_year(k)]);
            assert_true(p->ci[hour_of_year(floor(offset_h + s + 1e-9))] == best ||
                        (s == t && p->ci[hour_of_year(first)] == best));
        }
    }
    nc_profile_free(p);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile__integral_matches_hourly_sum_on_random_intervals),
        cmocka_unit_test(test_profile__integral_spans_year_end_and_several_years),
        cmocka_unit_test(test_profile__integral_of_empty_and_within_hour_intervals),
        cmocka_unit_test(test_profile__shipped_profiles_load_with_documented_means),
        cmocka_unit_test(test_profile__load_rejects_8759_hours),
        cmocka_unit_test(test_profile__load_rejects_8761_hours_at_the_extra_one),
        cmocka_unit_test(test_profile__load_rejects_bad_values_at_their_line),
        cmocka_unit_test(test_profile__load_requires_the_unit_header),
        cmocka_unit_test(test_profile__load_reports_unreadable_file_as_io_error),
        cmocka_unit_test(test_profile__load_skips_comments_blank_lines_and_crlf),
        cmocka_unit_test(test_profile__argmin_window_matches_brute_force),
        cmocka_unit_test(test_profile__argmin_window_of_a_year_or_more_sees_every_hour),
        cmocka_unit_test(test_profile__best_start_is_cleanest_hour_within_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
