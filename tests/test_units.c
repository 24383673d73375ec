/*
 * test_units.c - quantities with units (sim/base/units.h): every accepted unit converts exactly,
 * and every error path has a golden message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/units.h"

#define KG_PER_LB 0.45359237 /* NIST SP 811 (2008 ed.), Appendix B.8 */
#define UNTOUCHED 2.385      /* what an output holds before a call that must not write it */

typedef struct unit_case {
    const char *text;
    double want;
} unit_case;

#define N_CASES(cases) (sizeof(cases) / sizeof((cases)[0]))

static void check_exact(double got, double want, const char *text, const char *file, int line)
{
    if (got != want) {
        print_error("'%s': got %.17g, want %.17g\n", text, got, want);
        _fail(file, line);
    }
}

static void parses_to(const char *text, nc_dim dim, double want, const char *file, int line)
{
    nc_error err;
    double got = UNTOUCHED;
    nc_error_clear(&err);
    if (nc_quantity_parse(text, dim, &got, &err) != 0) {
        print_error("'%s': %s\n", text, err.message);
        _fail(file, line);
    }
    check_exact(got, want, text, file, line);
}

static void fails_with(const char *text, nc_dim dim, const char *message, const char *file,
                       int line)
{
    nc_error err;
    double got = UNTOUCHED;
    nc_error_clear(&err);
    int rc = nc_quantity_parse(text, dim, &got, &err);
    if (rc != NC_EINPUT || err.code != NC_EINPUT || strcmp(err.message, message) != 0 ||
        got != UNTOUCHED) {
        print_error("'%s': rc %d, message \"%s\", want \"%s\"\n", text, rc, err.message, message);
        _fail(file, line);
    }
}

#define assert_parses(text, dim, want)   parses_to(text, dim, want, __FILE__, __LINE__)
#define assert_fails(text, dim, message) fails_with(text, dim, message, __FILE__, __LINE__)

static void assert_cases(const unit_case *cases, size_t n, nc_dim dim)
{
    for (size_t i = 0; i < n; i++)
        assert_parses(cases[i].text, dim, cases[i].want);
}

static void range_is(const char *text, nc_dim dim, double lo, double hi, const char *file, int line)
{
    nc_error err;
    double got_lo = UNTOUCHED, got_hi = UNTOUCHED;
    nc_error_clear(&err);
    int rc = nc_range_parse(text, dim, &got_lo, &got_hi, &err);
    if (rc != 1) {
        print_error("'%s': rc %d, %s\n", text, rc, err.message);
        _fail(file, line);
    }
    check_exact(got_lo, lo, text, file, line);
    check_exact(got_hi, hi, text, file, line);
}

static void range_fails(const char *text, nc_dim dim, const char *message, const char *file,
                        int line)
{
    nc_error err;
    double lo = UNTOUCHED, hi = UNTOUCHED;
    nc_error_clear(&err);
    int rc = nc_range_parse(text, dim, &lo, &hi, &err);
    if (rc != NC_EINPUT || strcmp(err.message, message) != 0 || lo != UNTOUCHED ||
        hi != UNTOUCHED) {
        print_error("'%s': rc %d, message \"%s\", want \"%s\"\n", text, rc, err.message, message);
        _fail(file, line);
    }
}

#define assert_range(text, dim, lo, hi)        range_is(text, dim, lo, hi, __FILE__, __LINE__)
#define assert_range_fails(text, dim, message) range_fails(text, dim, message, __FILE__, __LINE__)

/* ---- each dimension's units ---------------------------------------------------------------- */

static void test_units__time_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 s", 2.385 / 3600},
        {"2.385 sec", 2.385 / 3600},
        {"2.385 second", 2.385 / 3600},
        {"2.385 seconds", 2.385 / 3600},
        {"2.385 min", 2.385 / 60},
        {"2.385 minute", 2.385 / 60},
        {"2.385 minutes", 2.385 / 60},
        {"2.385 h", 2.385},
        {"2.385 hr", 2.385},
        {"2.385 hour", 2.385},
        {"2.385 hours", 2.385},
        {"2.385 d", 2.385 * 24},
        {"2.385 day", 2.385 * 24},
        {"2.385 days", 2.385 * 24},
        {"2.385 wk", 2.385 * 168},
        {"2.385 week", 2.385 * 168},
        {"2.385 weeks", 2.385 * 168},
        {"2.385 month", 2.385 * 730},
        {"2.385 months", 2.385 * 730},
        {"2.385 y", 2.385 * 8760},
        {"2.385 yr", 2.385 * 8760},
        {"2.385 year", 2.385 * 8760},
        {"2.385 years", 2.385 * 8760},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_TIME);
}

static void test_units__power_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 mW", 2.385 / 1000},
        {"2.385 W", 2.385},
        {"2.385 kW", 2.385 * 1e3},
        {"2.385 MW", 2.385 * 1e6},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_POWER);
}

static void test_units__energy_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 Wh", 2.385 / 1000},        {"2.385 kWh", 2.385},
        {"2.385 MWh", 2.385 * 1e3},        {"2.385 GWh", 2.385 * 1e6},
        {"2.385 J", 2.385 / 3.6e6},        {"2.385 kJ", 2.385 * 1e3 / 3.6e6},
        {"2.385 MJ", 2.385 * 1e6 / 3.6e6}, {"2.385 GJ", 2.385 * 1e9 / 3.6e6},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_ENERGY);
}

static void test_units__energy_joules_in_a_kwh_are_exactly_3_6_mj(void **state)
{
    (void)state;
    assert_parses("3600000 J", NC_DIM_ENERGY, 1);
    assert_parses("3600 kJ", NC_DIM_ENERGY, 1);
    assert_parses("3.6 MJ", NC_DIM_ENERGY, 1);
    assert_parses("0.0036 GJ", NC_DIM_ENERGY, 1);
}

static void test_units__mass_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 g", 2.385 / 1000},       {"2.385 kg", 2.385},
        {"2.385 t", 2.385 * 1e3},        {"2.385 tonne", 2.385 * 1e3},
        {"2.385 tonnes", 2.385 * 1e3},   {"2.385 kt", 2.385 * 1e6},
        {"2.385 lb", 2.385 * KG_PER_LB}, {"2.385 lbs", 2.385 * KG_PER_LB},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_MASS);
    assert_parses("1 lb", NC_DIM_MASS, 0.45359237);
}

static void test_units__carbon_intensity_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 kg/kWh", 2.385},
        {"2.385 kgCO2/kWh", 2.385},
        {"2.385 kgCO2e/kWh", 2.385},
        {"2.385 g/kWh", 2.385 / 1000},
        {"2.385 gCO2/kWh", 2.385 / 1000},
        {"2.385 gCO2e/kWh", 2.385 / 1000},
        {"2.385 lb/kWh", 2.385 * KG_PER_LB},
        {"2.385 lbs/kWh", 2.385 * KG_PER_LB},
        {"2.385 t/MWh", 2.385},
        {"2.385 kg/MWh", 2.385 / 1000},
        {"0.954 lb/kWh", 0.954 * KG_PER_LB},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_CI);
}

static void test_units__money_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 USD", 2.385},
        {"2.385 $", 2.385},
        {"2.385 kUSD", 2.385 * 1e3},
        {"2.385 MUSD", 2.385 * 1e6},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_MONEY);
}

static void test_units__usd_per_hour_units_convert_exactly(void **state)
{
    (void)state;
    const char *symbols[] = {"USD/h", "USD/hr", "USD/hour", "USD/GPU-h", "USD/GPU-hour",
                             "$/h",   "$/hr",   "$/hour",   "$/GPU-h",   "$/GPU-hour"};
    char text[64];
    for (size_t i = 0; i < N_CASES(symbols); i++) {
        snprintf(text, sizeof text, "2.385 %s", symbols[i]);
        assert_parses(text, NC_DIM_USD_PER_H, 2.385);
    }
}

static void test_units__usd_per_kwh_units_convert_exactly(void **state)
{
    (void)state;
    const unit_case cases[] = {
        {"2.385 USD/kWh", 2.385},
        {"2.385 $/kWh", 2.385},
        {"2.385 USD/MWh", 2.385 / 1000},
        {"2.385 $/MWh", 2.385 / 1000},
    };
    assert_cases(cases, N_CASES(cases), NC_DIM_USD_PER_KWH);
}

/* ---- forms of writing a quantity ----------------------------------------------------------- */

static void test_units__bare_number_takes_canonical_unit(void **state)
{
    (void)state;
    for (int dim = 0; dim < NC_DIM__COUNT; dim++)
        assert_parses("2.385", (nc_dim)dim, 2.385);
    assert_parses("250", NC_DIM_POWER, 250);
}

static void test_units__dollar_prefix_is_usd(void **state)
{
    (void)state;
    assert_parses("$0.43", NC_DIM_MONEY, 0.43);
    assert_parses("$ 2.385", NC_DIM_MONEY, 2.385);
    assert_parses("0.43 USD", NC_DIM_MONEY, 0.43);
}

static void test_units__dollar_prefix_joins_a_per_unit(void **state)
{
    (void)state;
    assert_parses("$2.385/h", NC_DIM_USD_PER_H, 2.385);
    assert_parses("$2.385/GPU-hour", NC_DIM_USD_PER_H, 2.385);
    assert_parses("$2.385/MWh", NC_DIM_USD_PER_KWH, 2.385 / 1000);
}

static void test_units__no_space_between_number_and_unit(void **state)
{
    (void)state;
    assert_parses("3min", NC_DIM_TIME, 3.0 / 60);
    assert_parses("20t", NC_DIM_MASS, 20000);
    assert_parses("1.2e3W", NC_DIM_POWER, 1200);
    assert_parses("430g/kWh", NC_DIM_CI, 0.43);
}

static void test_units__percent_is_a_fraction(void **state)
{
    (void)state;
    assert_parses("12%", NC_DIM_NONE, 0.12);
    assert_parses("2.385 %", NC_DIM_NONE, 2.385 / 100);
}

static void test_units__blanks_around_are_ignored(void **state)
{
    (void)state;
    assert_parses("  3 min\t ", NC_DIM_TIME, 3.0 / 60);
    assert_parses("\t2.385\t", NC_DIM_NONE, 2.385);
}

static void test_units__sign_and_exponent_parse(void **state)
{
    (void)state;
    assert_parses("-5 h", NC_DIM_TIME, -5);
    assert_parses("+2.385 h", NC_DIM_TIME, 2.385);
    assert_parses("1.2e3 W", NC_DIM_POWER, 1200);
    assert_parses(".5 kW", NC_DIM_POWER, 500);
}

static void test_units__case_matters_for_symbols(void **state)
{
    (void)state;
    assert_parses("2.385 mW", NC_DIM_POWER, 2.385 / 1000);
    assert_parses("2.385 MW", NC_DIM_POWER, 2.385 * 1e6);
    assert_fails("2.385 T", NC_DIM_MASS, "unknown unit 'T' (did you mean 't'?)");
    assert_fails("2.385 Hours", NC_DIM_TIME, "unknown unit 'Hours' (did you mean 'hours'?)");
}

static void test_units__lookup_gives_dimension_and_factor(void **state)
{
    (void)state;
    nc_dim dim = NC_DIM_NONE;
    double factor = 0;
    assert_int_equal(nc_unit_lookup("min", &dim, &factor, NULL), 0);
    assert_int_equal(dim, NC_DIM_TIME);
    check_exact(factor, 1.0 / 60, "min", __FILE__, __LINE__);
    assert_int_equal(nc_unit_lookup("lb/kWh", &dim, &factor, NULL), 0);
    assert_int_equal(dim, NC_DIM_CI);
    check_exact(factor, KG_PER_LB, "lb/kWh", __FILE__, __LINE__);
    assert_int_equal(nc_unit_lookup("%", &dim, &factor, NULL), 0);
    assert_int_equal(dim, NC_DIM_NONE);
    check_exact(factor, 0.01, "%", __FILE__, __LINE__);
}

static void test_units__lookup_unknown_suggests_nearest(void **state)
{
    (void)state;
    nc_error err;
    nc_dim dim = NC_DIM_MASS;
    double factor = UNTOUCHED;
    assert_int_equal(nc_unit_lookup("kwh", &dim, &factor, &err), NC_EINPUT);
    assert_string_equal(err.message, "unknown unit 'kwh' (did you mean 'kWh'?)");
    assert_int_equal(dim, NC_DIM_MASS);
    check_exact(factor, UNTOUCHED, "kwh", __FILE__, __LINE__);
    assert_int_equal(nc_unit_lookup("", &dim, &factor, &err), NC_EINPUT);
    assert_string_equal(err.message, "empty unit symbol");
}

/* ---- error messages ------------------------------------------------------------------------ */

static void test_units__error_unknown_unit_suggests_case_fix(void **state)
{
    (void)state;
    assert_fails("5 kwh", NC_DIM_ENERGY, "unknown unit 'kwh' (did you mean 'kWh'?)");
    assert_fails("5 G/KWH", NC_DIM_CI, "unknown unit 'G/KWH' (did you mean 'g/kWh'?)");
}

static void test_units__error_unknown_unit_suggests_near_miss(void **state)
{
    (void)state;
    assert_fails("3 minx", NC_DIM_TIME, "unknown unit 'minx' (did you mean 'min'?)");
    assert_fails("3 hourz", NC_DIM_TIME, "unknown unit 'hourz' (did you mean 'hour'?)");
    assert_fails("0.4 gCO2x/kWh", NC_DIM_CI,
                 "unknown unit 'gCO2x/kWh' (did you mean 'gCO2/kWh'?)");
}

static void test_units__error_suggestion_prefers_wanted_dimension(void **state)
{
    (void)state;
    assert_fails("5 kx", NC_DIM_POWER, "unknown unit 'kx' (did you mean 'kW'?)");
    assert_fails("5 kx", NC_DIM_ENERGY, "unknown unit 'kx' (did you mean 'kJ'?)");
    assert_fails("5 kx", NC_DIM_MASS, "unknown unit 'kx' (did you mean 'kg'?)");
}

static void test_units__error_unknown_unit_without_suggestion(void **state)
{
    (void)state;
    assert_fails("5 furlongs", NC_DIM_TIME, "unknown unit 'furlongs'");
    assert_fails("5 x", NC_DIM_TIME, "unknown unit 'x'");
    /* 3 edits from 'W', 'kW', 'mW' and 'MW': beyond the 2 a suggestion may be away */
    assert_fails("5 Wxyz", NC_DIM_POWER, "unknown unit 'Wxyz'");
    assert_fails("5 abcdefghijklmnopqrstuvwxyzabcdefghij", NC_DIM_TIME,
                 "unknown unit 'abcdefghijklmnopqrstuvwxyzabcdefghij'");
}

static void test_units__error_wrong_dimension_names_both(void **state)
{
    (void)state;
    assert_fails("5 W", NC_DIM_TIME, "expected a time (h), got a power (W) in '5 W'");
    assert_fails("2.385 kWh", NC_DIM_MASS,
                 "expected a mass (kg), got an energy (kWh) in '2.385 kWh'");
    assert_fails("$5", NC_DIM_USD_PER_KWH,
                 "expected a price per kWh (USD/kWh), got money ($) in '$5'");
    assert_fails("5 USD/kWh", NC_DIM_USD_PER_H,
                 "expected a price per hour (USD/h), got a price per kWh (USD/kWh) in '5 USD/kWh'");
    assert_fails("5 h", NC_DIM_MONEY, "expected money (USD), got a time (h) in '5 h'");
}

/* DESIGN.md writes a GPU-hour's price as plain money: `gpu_hour: {low: 0.43 USD}`. */
static void test_units__price_per_hour_accepts_plain_money(void **state)
{
    (void)state;
    double v = 0;
    nc_error err;
    assert_int_equal(nc_quantity_parse("0.43 USD", NC_DIM_USD_PER_H, &v, &err), 0);
    assert_true(v == 0.43);
    assert_int_equal(nc_quantity_parse("$2.385", NC_DIM_USD_PER_H, &v, &err), 0);
    assert_true(v == 2.385);
    assert_int_equal(nc_quantity_parse("1.5 kUSD", NC_DIM_USD_PER_H, &v, &err), 0);
    assert_true(v == 1500.0);
}

static void test_units__error_wrong_dimension_for_plain_number(void **state)
{
    (void)state;
    assert_fails("5 W", NC_DIM_NONE, "expected a number, got a power (W) in '5 W'");
    assert_fails("12%", NC_DIM_TIME, "expected a time (h), got a number (%) in '12%'");
}

static void test_units__error_trailing_garbage_is_named(void **state)
{
    (void)state;
    assert_fails("3 min extra", NC_DIM_TIME, "unexpected 'extra' after '3 min'");
    assert_fails("3 lb / kWh", NC_DIM_CI, "unexpected '/ kWh' after '3 lb'");
    assert_fails("3 min,", NC_DIM_TIME, "unknown unit 'min,' (did you mean 'min'?)");
}

static void test_units__error_empty_string(void **state)
{
    (void)state;
    assert_fails("", NC_DIM_TIME, "expected a number with a unit");
    assert_fails(" \t ", NC_DIM_TIME, "expected a number with a unit");
    assert_fails(NULL, NC_DIM_TIME, "expected a number with a unit");
}

static void test_units__error_no_number(void **state)
{
    (void)state;
    assert_fails("W", NC_DIM_POWER, "expected a number with a unit, got 'W'");
    assert_fails("$", NC_DIM_MONEY, "expected a number with a unit, got '$'");
    assert_fails("- 5 h", NC_DIM_TIME, "expected a number with a unit, got '- 5 h'");
}

static void test_units__error_nan(void **state)
{
    (void)state;
    assert_fails("nan W", NC_DIM_POWER, "NaN is not allowed in 'nan W'");
    assert_fails("-NaN(0x1)", NC_DIM_NONE, "NaN is not allowed in '-NaN(0x1)'");
}

static void test_units__error_infinity(void **state)
{
    (void)state;
    assert_fails("inf h", NC_DIM_TIME, "infinity is not allowed in 'inf h'");
    assert_fails("-Infinity", NC_DIM_TIME, "infinity is not allowed in '-Infinity'");
}

static void test_units__error_overflow(void **state)
{
    (void)state;
    assert_fails("1e999 W", NC_DIM_POWER, "number too large in '1e999 W'");
    assert_fails("-1e999", NC_DIM_NONE, "number too large in '-1e999'");
}

static void test_units__error_overflow_after_conversion(void **state)
{
    (void)state;
    assert_fails("1e306 MW", NC_DIM_POWER, "number too large in '1e306 MW' once converted to W");
}

/* Values too small to compute with, and magnitudes beyond any pipeline, are refused
 * (issue 7: "denormal and absurd magnitudes in any quantity"); zero is fine. */
static void test_units__underflow_and_absurd_magnitudes_are_refused(void **state)
{
    (void)state;
    nc_error err;
    double got = UNTOUCHED;
    assert_fails("1e-999 h", NC_DIM_TIME,
                 "'1e-999 h' is too small to compute with (below 2.22507e-308); write 0 for none");
    assert_fails("2.385e-310 W", NC_DIM_POWER,
                 "'2.385e-310 W' is too small to compute with (below 2.22507e-308); write 0 for "
                 "none");
    assert_fails("2000 y", NC_DIM_TIME,
                 "'2000 y' is beyond any research pipeline: the limit is 8.76e+06 h");
    assert_fails("2.385e16 USD", NC_DIM_MONEY,
                 "'2.385e16 USD' is beyond any research pipeline: the limit is 1e+15 USD");
    assert_int_equal(nc_quantity_parse("0 h", NC_DIM_TIME, &got, &err), 0);
    assert_true(got == 0.0);
    assert_int_equal(nc_quantity_parse("999 y", NC_DIM_TIME, &got, &err), 0);
    assert_true(got == 999 * 8760.0);
}

static void test_units__error_hexadecimal(void **state)
{
    (void)state;
    assert_fails("0x10", NC_DIM_NONE, "hexadecimal numbers are not allowed in '0x10'");
    assert_fails("-0X1p3 W", NC_DIM_POWER, "hexadecimal numbers are not allowed in '-0X1p3 W'");
}

static void test_units__error_dollar_and_unit_together(void **state)
{
    (void)state;
    assert_fails("$3 USD", NC_DIM_MONEY, "both '$' and 'USD' in '$3 USD': write one");
}

static void test_units__error_record_may_be_null(void **state)
{
    (void)state;
    double got = UNTOUCHED;
    assert_int_equal(nc_quantity_parse("5 kwh", NC_DIM_ENERGY, &got, NULL), NC_EINPUT);
    check_exact(got, UNTOUCHED, "5 kwh", __FILE__, __LINE__);
}

static void test_units__error_invalid_dimension_is_internal(void **state)
{
    (void)state;
    nc_error err;
    double out = UNTOUCHED, lo = UNTOUCHED, hi = UNTOUCHED;
    assert_int_equal(nc_quantity_parse("5", NC_DIM__COUNT, &out, &err), NC_EINTERNAL);
    assert_string_equal(err.message, "invalid dimension 9");
    assert_int_equal(nc_range_parse("1 to 5", NC_DIM__COUNT, &lo, &hi, &err), NC_EINTERNAL);
    assert_int_equal(nc_unit_convert(5, NC_DIM__COUNT, "h", &out, &err), NC_EINTERNAL);
    check_exact(out, UNTOUCHED, "5", __FILE__, __LINE__);
}

/* ---- ranges -------------------------------------------------------------------------------- */

static void test_units__range_unit_after_high_end_applies_to_both(void **state)
{
    (void)state;
    assert_range("380 to 480 g/kWh", NC_DIM_CI, 0.38, 0.48);
    assert_range("40 to 90 W", NC_DIM_POWER, 40, 90);
    assert_range("3 to 9 d", NC_DIM_TIME, 72, 216);
    assert_range("60 to 90%", NC_DIM_NONE, 0.6, 0.9);
    assert_range("1 to 2.385 USD/GPU-hour", NC_DIM_USD_PER_H, 1, 2.385);
}

static void test_units__range_units_at_both_ends(void **state)
{
    (void)state;
    assert_range("3 min to 9 d", NC_DIM_TIME, 3.0 / 60, 216);
    assert_range(" 0.5 t to 2.385 t ", NC_DIM_MASS, 500, 2.385 * 1e3);
    assert_range("$0.43 to $1.46", NC_DIM_MONEY, 0.43, 1.46);
}

static void test_units__range_of_plain_numbers(void **state)
{
    (void)state;
    assert_range("0.6 to 0.9", NC_DIM_NONE, 0.6, 0.9);
    assert_range("-2.385 to 2.385", NC_DIM_NONE, -2.385, 2.385);
    assert_range("40 to 90", NC_DIM_POWER, 40, 90);
}

static void test_units__range_absent_returns_zero_untouched(void **state)
{
    (void)state;
    nc_error err;
    double lo = UNTOUCHED, hi = UNTOUCHED;
    nc_error_clear(&err);
    assert_int_equal(nc_range_parse("3 h", NC_DIM_TIME, &lo, &hi, &err), 0);
    assert_int_equal(nc_range_parse("3 to", NC_DIM_TIME, &lo, &hi, &err), 0);
    assert_int_equal(nc_range_parse("3\tto\t9 h", NC_DIM_TIME, &lo, &hi, &err), 0);
    assert_int_equal(nc_range_parse(NULL, NC_DIM_TIME, &lo, &hi, &err), 0);
    assert_int_equal(err.code, NC_OK);
    check_exact(lo, UNTOUCHED, "lo", __FILE__, __LINE__);
    check_exact(hi, UNTOUCHED, "hi", __FILE__, __LINE__);
}

static void test_units__range_error_reversed_or_empty(void **state)
{
    (void)state;
    assert_range_fails("480 to 380 g/kWh", NC_DIM_CI,
                       "the range must go from low to high: '480 to 380 g/kWh'");
    assert_range_fails("2.385 to 2.385", NC_DIM_NONE,
                       "the range must go from low to high: '2.385 to 2.385'");
    assert_range_fails("1 d to 2 h", NC_DIM_TIME,
                       "the range must go from low to high: '1 d to 2 h'");
}

static void test_units__range_error_bad_unit(void **state)
{
    (void)state;
    assert_range_fails("1 to 2 kwh", NC_DIM_ENERGY, "unknown unit 'kwh' (did you mean 'kWh'?)");
    assert_range_fails("1 kwh to 2 kWh", NC_DIM_ENERGY, "unknown unit 'kwh' (did you mean 'kWh'?)");
}

static void test_units__range_error_mixed_dimensions(void **state)
{
    (void)state;
    assert_range_fails("3 min to 9 W", NC_DIM_TIME,
                       "expected a time (h), got a power (W) in '3 min to 9 W'");
    assert_range_fails("3 to 9 W", NC_DIM_TIME,
                       "expected a time (h), got a power (W) in '3 to 9 W'");
    assert_range_fails("$1 to $2.385/kWh", NC_DIM_USD_PER_H,
                       "expected a price per hour (USD/h), got a price per kWh ($/kWh) in "
                       "'$1 to $2.385/kWh'");
}

static void test_units__range_error_unit_only_on_low_end(void **state)
{
    (void)state;
    assert_range_fails("3 min to 9", NC_DIM_TIME, "missing unit after '9' in '3 min to 9'");
}

static void test_units__range_error_malformed_end(void **state)
{
    (void)state;
    assert_range_fails("x to 9 h", NC_DIM_TIME, "expected a number with a unit, got 'x'");
    assert_range_fails(" to 9 h", NC_DIM_TIME, "expected a number with a unit");
    assert_range_fails("1 to 9 h extra", NC_DIM_TIME, "unexpected 'extra' after '9 h'");
    assert_range_fails("1 to nan h", NC_DIM_TIME, "NaN is not allowed in 'nan h'");
}

static void test_units__range_error_several_to(void **state)
{
    (void)state;
    assert_range_fails("1 to 2 to 3 h", NC_DIM_TIME,
                       "a range has one 'to', not several: '1 to 2 to 3 h'");
}

/* ---- conversion for output ----------------------------------------------------------------- */

static void test_units__convert_kg_to_lb_and_back(void **state)
{
    (void)state;
    nc_error err;
    double lb = 0, kg = 0;
    char text[64];
    assert_int_equal(nc_unit_convert(2.385, NC_DIM_MASS, "lb", &lb, &err), 0);
    check_exact(lb, 2.385 / KG_PER_LB, "lb", __FILE__, __LINE__);
    snprintf(text, sizeof text, "%.17g lb", lb);
    assert_int_equal(nc_quantity_parse(text, NC_DIM_MASS, &kg, &err), 0);
    assert_true(fabs(kg - 2.385) <= 2 * DBL_EPSILON * 2.385);
}

static void test_units__convert_to_named_units(void **state)
{
    (void)state;
    nc_error err;
    double out = 0;
    assert_int_equal(nc_unit_convert(0.43, NC_DIM_CI, "g/kWh", &out, &err), 0);
    check_exact(out, 0.43 * 1000, "g/kWh", __FILE__, __LINE__);
    assert_int_equal(nc_unit_convert(2385, NC_DIM_MASS, "t", &out, &err), 0);
    check_exact(out, 2.385, "t", __FILE__, __LINE__);
    assert_int_equal(nc_unit_convert(1, NC_DIM_ENERGY, "MJ", &out, &err), 0);
    check_exact(out, 3.6, "MJ", __FILE__, __LINE__);
    assert_int_equal(nc_unit_convert(2.385, NC_DIM_TIME, "min", &out, &err), 0);
    check_exact(out, 2.385 * 60, "min", __FILE__, __LINE__);
    assert_int_equal(nc_unit_convert(0.12, NC_DIM_NONE, "%", &out, &err), 0);
    check_exact(out, 12, "%", __FILE__, __LINE__);
}

static void test_units__convert_to_canonical_is_identity(void **state)
{
    (void)state;
    nc_error err;
    for (int dim = 0; dim < NC_DIM__COUNT; dim++) {
        double out = 0;
        assert_int_equal(nc_unit_convert(2.385, (nc_dim)dim, nc_dim_unit((nc_dim)dim), &out, &err),
                         0);
        check_exact(out, 2.385, nc_dim_unit((nc_dim)dim), __FILE__, __LINE__);
    }
}

static void test_units__convert_error_unknown_or_other_dimension(void **state)
{
    (void)state;
    nc_error err;
    double out = UNTOUCHED;
    assert_int_equal(nc_unit_convert(1, NC_DIM_MASS, "lbz", &out, &err), NC_EINPUT);
    assert_string_equal(err.message, "unknown unit 'lbz' (did you mean 'lb'?)");
    assert_int_equal(nc_unit_convert(1, NC_DIM_MASS, "kWh", &out, &err), NC_EINPUT);
    assert_string_equal(err.message, "cannot express a mass in 'kWh', a unit of energy");
    assert_int_equal(nc_unit_convert(1, NC_DIM_TIME, "", &out, &err), NC_EINPUT);
    assert_string_equal(err.message, "empty unit symbol");
    check_exact(out, UNTOUCHED, "out", __FILE__, __LINE__);
}

static void test_units__dimension_names_and_units(void **state)
{
    (void)state;
    const char *names[] = {"number",           "time",  "power",          "energy",       "mass",
                           "carbon intensity", "money", "price per hour", "price per kWh"};
    const char *symbols[] = {"", "h", "W", "kWh", "kg", "kg/kWh", "USD", "USD/h", "USD/kWh"};
    for (int dim = 0; dim < NC_DIM__COUNT; dim++) {
        assert_string_equal(nc_dim_name((nc_dim)dim), names[dim]);
        assert_string_equal(nc_dim_unit((nc_dim)dim), symbols[dim]);
    }
    assert_string_equal(nc_dim_name(NC_DIM__COUNT), "unknown");
    assert_string_equal(nc_dim_unit(NC_DIM__COUNT), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units__time_units_convert_exactly),
        cmocka_unit_test(test_units__power_units_convert_exactly),
        cmocka_unit_test(test_units__energy_units_convert_exactly),
        cmocka_unit_test(test_units__energy_joules_in_a_kwh_are_exactly_3_6_mj),
        cmocka_unit_test(test_units__mass_units_convert_exactly),
        cmocka_unit_test(test_units__carbon_intensity_units_convert_exactly),
        cmocka_unit_test(test_units__money_units_convert_exactly),
        cmocka_unit_test(test_units__usd_per_hour_units_convert_exactly),
        cmocka_unit_test(test_units__usd_per_kwh_units_convert_exactly),
        cmocka_unit_test(test_units__bare_number_takes_canonical_unit),
        cmocka_unit_test(test_units__dollar_prefix_is_usd),
        cmocka_unit_test(test_units__dollar_prefix_joins_a_per_unit),
        cmocka_unit_test(test_units__no_space_between_number_and_unit),
        cmocka_unit_test(test_units__percent_is_a_fraction),
        cmocka_unit_test(test_units__blanks_around_are_ignored),
        cmocka_unit_test(test_units__sign_and_exponent_parse),
        cmocka_unit_test(test_units__case_matters_for_symbols),
        cmocka_unit_test(test_units__lookup_gives_dimension_and_factor),
        cmocka_unit_test(test_units__lookup_unknown_suggests_nearest),
        cmocka_unit_test(test_units__error_unknown_unit_suggests_case_fix),
        cmocka_unit_test(test_units__error_unknown_unit_suggests_near_miss),
        cmocka_unit_test(test_units__error_suggestion_prefers_wanted_dimension),
        cmocka_unit_test(test_units__error_unknown_unit_without_suggestion),
        cmocka_unit_test(test_units__error_wrong_dimension_names_both),
        cmocka_unit_test(test_units__price_per_hour_accepts_plain_money),
        cmocka_unit_test(test_units__error_wrong_dimension_for_plain_number),
        cmocka_unit_test(test_units__error_trailing_garbage_is_named),
        cmocka_unit_test(test_units__error_empty_string),
        cmocka_unit_test(test_units__error_no_number),
        cmocka_unit_test(test_units__error_nan),
        cmocka_unit_test(test_units__error_infinity),
        cmocka_unit_test(test_units__error_overflow),
        cmocka_unit_test(test_units__error_overflow_after_conversion),
        cmocka_unit_test(test_units__underflow_and_absurd_magnitudes_are_refused),
        cmocka_unit_test(test_units__error_hexadecimal),
        cmocka_unit_test(test_units__error_dollar_and_unit_together),
        cmocka_unit_test(test_units__error_record_may_be_null),
        cmocka_unit_test(test_units__error_invalid_dimension_is_internal),
        cmocka_unit_test(test_units__range_unit_after_high_end_applies_to_both),
        cmocka_unit_test(test_units__range_units_at_both_ends),
        cmocka_unit_test(test_units__range_of_plain_numbers),
        cmocka_unit_test(test_units__range_absent_returns_zero_untouched),
        cmocka_unit_test(test_units__range_error_reversed_or_empty),
        cmocka_unit_test(test_units__range_error_bad_unit),
        cmocka_unit_test(test_units__range_error_mixed_dimensions),
        cmocka_unit_test(test_units__range_error_unit_only_on_low_end),
        cmocka_unit_test(test_units__range_error_malformed_end),
        cmocka_unit_test(test_units__range_error_several_to),
        cmocka_unit_test(test_units__convert_kg_to_lb_and_back),
        cmocka_unit_test(test_units__convert_to_named_units),
        cmocka_unit_test(test_units__convert_to_canonical_is_identity),
        cmocka_unit_test(test_units__convert_error_unknown_or_other_dimension),
        cmocka_unit_test(test_units__dimension_names_and_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
