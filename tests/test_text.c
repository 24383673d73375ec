/*
 * test_text.c - what the loader trusts least (issue 11): the characters text cannot hold
 * (sim/base/text.c), user text quoted in messages, the messages and file names nc_error stores
 * (sim/base/error.c), the sorted name index (sim/base/names.c) and the reading of user files
 * (sim/base/file.c). The command-line cases are in tests/cli_trust_loader.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/file.h"
#include "base/names.h"
#include "load/node_yaml.h"
#include "base/text.h"
#include "base/text_check.h"

static int refused(const char *s, nc_text_kind kind)
{
    nc_error err = {0};
    int rc = nc_text_check(s, strlen(s), kind, "the name", &err);
    if (rc)
        assert_int_equal(err.code, NC_EINPUT);
    return rc != 0;
}

static void test_text__check_refuses_each_class(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "a\x1b[31m",
        "bell\a",
        "del\x7f",
        "c1\xc2\x9b",
        "pad\xc2\x80", /* the C1 range's ends, U+0080 and U+009F (APC) */
        "apc\xc2\x9f",
        "us\x1f", /* the C0 range's last, the unit separator */
        "nel\xc2\x85",
        "rlo\xe2\x80\xae",
        "lre\xe2\x80\xaa",
        "lri\xe2\x81\xa6",
        "pdi\xe2\x81\xa9",
        "lrm\xe2\x80\x8e",
        "alm\xd8\x9c",
        "ls\xe2\x80\xa8",
        "ps\xe2\x80\xa9",
        "zwsp\xe2\x80\x8b",
        "wj\xe2\x81\xa0",
        "bom\xef\xbb\xbf",
        "cr\r",
        "bad\xff",
        "overlong\xc0\xaf",
        "surrogate\xed\xa0\x80",
        "cut\xe2\x80",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_true(refused(bad[i], NC_TEXT_NAME));
        assert_true(refused(bad[i], NC_TEXT_PROSE));
    }
    assert_true(refused("two\nlines", NC_TEXT_NAME));
    assert_true(refused("a\ttab", NC_TEXT_NAME));
    assert_false(refused("two\nlines\tand a tab", NC_TEXT_PROSE));
    /* printable text of any script passes, NBSP and the euro sign included */
    assert_false(refused("Gro\xc3\x9f \xe2\x82\xac 4\xc2\xa0h \xe6\x9d\xb1\xe4\xba\xac \xd8\xb9",
                         NC_TEXT_NAME));
    assert_false(refused("", NC_TEXT_NAME));
}

static void test_text__check_message_names_the_character_escaped(void **state)
{
    (void)state;
    nc_error err = {0};
    assert_int_equal(nc_text_check("ab\xe2\x80\xae"
                                   "cd",
                                   7, NC_TEXT_NAME, "the key", &err),
                     NC_EINPUT);
    assert_non_null(strstr(err.message, "the key 'ab\\u{202E}cd' holds U+202E"));
    assert_null(strstr(err.message, "\xe2\x80\xae"));
}

static void test_text__escape_and_quote(void **state)
{
    (void)state;
    char buf[64];
    nc_text_escape(buf, sizeof buf, "a\x1b[1m\xc2\x9b\xff\n", 0);
    assert_string_equal(buf, "a\\x1B[1m\\u{9B}\\xFF\\x0A");
    nc_text_escape(buf, sizeof buf, "abcdef", 3);
    assert_string_equal(buf, "abc...");
    nc_text_escape(buf, 8, "abcdefghijkl", 0); /* cut to fit the buffer, with the ellipsis */
    assert_string_equal(buf, "abcd...");
    char long_text[400];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    nc_quoted q = nc_quote(long_text);
    assert_int_equal(strlen(q.text), NC_TEXT_QUOTE_CHARS + 3);
    assert_string_equal(q.text + NC_TEXT_QUOTE_CHARS, "...");
    assert_string_equal(nc_quote(NULL).text, "");
    /* a character is never cut in two: 3-byte characters up to the limit */
    char euros[3 * 60 + 1] = "";
    for (int i = 0; i < 60; i++)
        strcat(euros, "\xe2\x82\xac");
    q = nc_quote(euros);
    assert_int_equal(strlen(q.text), 3 * NC_TEXT_QUOTE_CHARS + 3);
}

static void test_text__error_records_escaped_messages_and_files(void **state)
{
    (void)state;
    nc_error err = {0};
    nc_error_set(&err, NC_EINPUT, "unknown site '%s'", "l\x1b]0;pwned\a");
    assert_string_equal(err.message, "unknown site 'l\\x1B]0;pwned\\x07'");
    nc_error_at(&err, "dir\x1b/x.yaml", 2, 3);
    assert_string_equal(err.file, "dir\\x1B/x.yaml");
    nc_error_prefix(&err, "in \xe2\x80\xae: ");
    assert_string_equal(err.message, "in \\u{202E}: unknown site 'l\\x1B]0;pwned\\x07'");
    /* the message may be formatted from itself */
    nc_error_set(&err, NC_EINPUT, "again: %s", err.message);
    assert_string_equal(err.message, "again: in \\u{202E}: unknown site 'l\\x1B]0;pwned\\x07'");
}

static const char *name_of(const void *items, size_t i)
{
    return ((const char *const *)items)[i];
}

static void test_text__names_find_and_first_repeat(void **state)
{
    (void)state;
    const char *names[] = {"train", "search", NULL, "eval", "search", "train", "eval", "x"};
    nc_names ix;
    size_t repeat = 99, first = 99;
    assert_int_equal(nc_names_index(&ix, names, 8, name_of), 0);
    assert_int_equal(ix.n, 7);
    assert_int_equal(nc_names_find(&ix, "train"), 0); /* the lowest index */
    assert_int_equal(nc_names_find(&ix, "search"), 1);
    assert_int_equal(nc_names_find(&ix, "eval"), 3);
    assert_int_equal(nc_names_find(&ix, "x"), 7);
    assert_int_equal(nc_names_find(&ix, "trai"), -1);
    assert_int_equal(nc_names_find(&ix, "zzz"), -1);
    assert_int_equal(nc_names_repeat(&ix, &repeat, &first), 1);
    assert_int_equal(repeat, 4); /* "search" again at 4 comes before "train" at 5 */
    assert_int_equal(first, 1);
    nc_names_free(&ix);
    assert_int_equal(nc_names_index(&ix, names, 4, name_of), 0);
    assert_int_equal(nc_names_repeat(&ix, &repeat, &first), 0);
    nc_names_free(&ix);
}

static void test_text__names_of_many_items(void **state)
{
    (void)state;
    enum { N = 50000 };
    char(*text)[16] = malloc(N * sizeof *text);
    const char **names = malloc(N * sizeof *names);
    assert_non_null(text);
    assert_non_null(names);
    for (size_t i = 0; i < N; i++) {
        snprintf(text[i], sizeof text[i], "k%zu", (i * 7919) % N);
        names[i] = text[i];
    }
    nc_names ix;
    size_t repeat, first;
    assert_int_equal(nc_names_index(&ix, names, N, name_of), 0);
    assert_int_equal(nc_names_repeat(&ix, &repeat, &first), 0); /* 7919 is prime: a permutation */
    for (size_t i = 0; i < N; i += 997)
        assert_int_equal(nc_names_find(&ix, names[i]), (long)i);
    nc_names_free(&ix);
    names[N - 1] = names[10];
    assert_int_equal(nc_names_index(&ix, names, N, name_of), 0);
    assert_int_equal(nc_names_repeat(&ix, &repeat, &first), 1);
    assert_int_equal(repeat, N - 1);
    assert_int_equal(first, 10);
    nc_names_free(&ix);
    free(names);
    free(text);
}

static void test_text__file_read_refuses_what_is_no_regular_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/nc-text-XXXXXX", fifo[64], big[64], small[64];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(big, sizeof big, "%s/big", dir);
    snprintf(small, sizeof small, "%s/small", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    FILE *f = fopen(small, "w");
    assert_non_null(f);
    fputs("scenario: x\n", f);
    fclose(f);
    assert_int_equal(truncate(small, 12), 0);
    f = fopen(big, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(truncate(big, 4097), 0);

    char *text = NULL;
    size_t len = 0;
    nc_error err = {0};
    assert_int_equal(nc_file_read(&text, &len, fifo, 1 << 20, &err), NC_EINPUT);
    assert_string_equal(err.message, "not a regular file but a FIFO (a named pipe)");
    assert_string_equal(err.file, fifo);
    assert_int_equal(err.line, 0);
    assert_int_equal(nc_file_read(&text, &len, dir, 1 << 20, &err), NC_EINPUT);
    assert_string_equal(err.message, "not a regular file but a directory");
    assert_int_equal(nc_file_read(&text, &len, "/dev/zero", 1 << 20, &err), NC_EINPUT);
    assert_string_equal(err.message, "not a regular file but a device");
    assert_int_equal(nc_file_read(&text, &len, big, 4096, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "larger than"));
    assert_null(text);
    assert_int_equal(nc_file_read(&text, &len, "/no/such/file", 1 << 20, &err), NC_EIO);
    assert_int_equal(nc_file_read(&text, &len, small, 4096, &err), 0);
    assert_int_equal(len, 12);
    assert_string_equal(text, "scenario: x\n");
    free(text);
    /* a file in /proc says it has 0 bytes: it is read to its end all the same */
    assert_int_equal(nc_file_read(&text, &len, "/proc/self/status", 1 << 20, &err), 0);
    assert_true(len > 0 && strncmp(text, "Name:", 5) == 0);
    free(text);
    /* the stream: the same checks, no size limit */
    FILE *stream = NULL;
    assert_int_equal(nc_file_open(&stream, fifo, &err), NC_EINPUT);
    assert_null(stream);
    assert_string_equal(err.message, "not a regular file but a FIFO (a named pipe)");
    assert_int_equal(nc_file_open(&stream, "/dev/zero", &err), NC_EINPUT);
    assert_int_equal(nc_file_open(&stream, "/no/such/file", &err), NC_EIO);
    assert_int_equal(nc_file_open(&stream, big, &err), 0);
    assert_int_equal(fseek(stream, 0, SEEK_END), 0);
    assert_int_equal(ftell(stream), 4097);
    fclose(stream);
    unlink(fifo);
    unlink(big);
    unlink(small);
    rmdir(dir);
}

static void test_text__node_refuses_control_characters_at_their_place(void **state)
{
    (void)state;
    static const char doc[] = "a: 1\nb:\n  c: \"x\\e[2J\"\n";
    nc_node *root = NULL;
    nc_error err = {0};
    assert_int_equal(nc_node_load_string(&root, doc, sizeof doc - 1, "t.yaml", &err), NC_EINPUT);
    assert_null(root);
    assert_string_equal(err.file, "t.yaml");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 6);
    assert_non_null(strstr(err.message, "'x\\x1B[2J' holds U+001B"));
    static const char key[] = "a: 1\n\"\\u202Eb\": 2\n";
    assert_int_equal(nc_node_load_string(&root, key, sizeof key - 1, "t.yaml", &err), NC_EINPUT);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 1);
    assert_non_null(strstr(err.message, "the key '\\u{202E}b' holds U+202E"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__check_refuses_each_class),
        cmocka_unit_test(test_text__check_message_names_the_character_escaped),
        cmocka_unit_test(test_text__escape_and_quote),
        cmocka_unit_test(test_text__error_records_escaped_messages_and_files),
        cmocka_unit_test(test_text__names_find_and_first_repeat),
        cmocka_unit_test(test_text__names_of_many_items),
        cmocka_unit_test(test_text__file_read_refuses_what_is_no_regular_file),
        cmocka_unit_test(test_text__node_refuses_control_characters_at_their_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
