/*
 * test_utf8.c - text made valid UTF-8 for JSON (sim/base/utf8.h, nc_output_json_text): every
 * ill-formed sequence of Unicode 15, Table 3-7 is caught and replaced byte by byte, and
 * well-formed text, up to U+10FFFF, passes unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "output/output_json.h"
#include "base/utf8.h"

#define FFFD "\xEF\xBF\xBD"

typedef struct repair_case {
    const char *in, *want;
} repair_case;

static void test_utf8__well_formed_text_is_copied_unchanged(void **state)
{
    static const char *const cases[] = {
        "",
        "lisa-rnd",
        "CO\xE2\x82\x82"
        "e", /* U+2082 */
        "\xC2\x80",
        "\xDF\xBF", /* the two-byte range */
        "\xE0\xA0\x80",
        "\xED\x9F\xBF",
        "\xEE\x80\x80", /* around the surrogates */
        "\xF0\x90\x80\x80",
        "\xF4\x8F\xBF\xBF", /* U+10000, U+10FFFF */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(nc_utf8_is_valid(cases[i]), 1);
        char *out = nc_utf8_repair(cases[i]);
        assert_non_null(out);
        assert_string_equal(out, cases[i]);
        free(out);
    }
}

static void test_utf8__each_bad_byte_becomes_one_replacement(void **state)
{
    static const repair_case cases[] = {
        {"bad-\xFF\xFE.yaml", "bad-" FFFD FFFD ".yaml"}, /* never in UTF-8 */
        {"\x80", FFFD},                                  /* a lone continuation byte */
        {"\xC0\xAF", FFFD FFFD},                         /* overlong '/' */
        {"\xC1\xBF", FFFD FFFD},                         /* overlong */
        {"\xE0\x80\xAF", FFFD FFFD FFFD},                /* overlong, three bytes */
        {"\xED\xA0\x80", FFFD FFFD FFFD},                /* U+D800, a surrogate */
        {"\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD},       /* above U+10FFFF */
        {"\xF5\x80", FFFD FFFD},                         /* no such lead byte */
        {"a\xE2\x82", "a" FFFD FFFD},                    /* cut short by the end */
        {"\xE2\x82x", FFFD FFFD "x"},                    /* cut short by ASCII */
        {"\xC3\xA9\xFF\xC3\xA9", "\xC3\xA9" FFFD "\xC3\xA9"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(nc_utf8_is_valid(cases[i].in), 0);
        char *out = nc_utf8_repair(cases[i].in);
        assert_non_null(out);
        assert_string_equal(out, cases[i].want);
        assert_int_equal(nc_utf8_is_valid(out), 1);
        free(out);
    }
}

/* jansson refuses the raw bytes; nc_output_json_text and nc_output_json_set never do. */
static void test_utf8__json_text_and_keys_survive_any_bytes(void **state)
{
    (void)state;
    const char *name = "run-\xFF\xFE";
    assert_null(json_string(name));
    json_t *s = nc_output_json_text(name);
    assert_non_null(s);
    assert_string_equal(json_string_value(s), "run-" FFFD FFFD);
    json_decref(s);
    json_t *null = nc_output_json_text(NULL);
    assert_true(json_is_null(null));
    json_t *obj = json_object();
    assert_int_equal(nc_output_json_set(obj, name, json_integer(7)), 0);
    assert_int_equal(json_integer_value(json_object_get(obj, "run-" FFFD FFFD)), 7);
    assert_int_equal(nc_output_json_set(obj, "x", NULL), -1); /* a failed build is an error */
    json_decref(obj);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8__well_formed_text_is_copied_unchanged),
        cmocka_unit_test(test_utf8__each_bad_byte_becomes_one_replacement),
        cmocka_unit_test(test_utf8__json_text_and_keys_survive_any_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
