/*
 * test_results.c - results read back from files (sim/output/results.h), with the checked sizes
 * (sim/base/checked.h) and the FNV-1a digest (sim/base/hash.h) they rest on: a count no file could hold
 * is refused before it sizes anything, a file of another run is refused naming both files,
 * and a well-formed folder reads back exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/checked.h"
#include "base/hash.h"
#include "base/metrics.h"
#include "output/output_json.h"
#include "output/results_file.h"
#include "output/results_run.h"

static char dir[] = "/tmp/nascost-test-results-XXXXXX";
static char json_path[256], samples_path[256];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* samples.csv of 'reps' replications of one stage "s": metric m of replication r is
 * r + m / 100 (r + 0.5 + m / 100 in the total); 'blank' leaves metric 'blank' empty. */
static char *samples_text(int reps, int blank)
{
    size_t cap = 1024 + (size_t)reps * 2 * (NC_M__COUNT * 32 + 32), len = 0; /* %.17g: <= 24 */
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "replication,stage");
    for (int m = 0; m < NC_M__COUNT; m++)
        len += (size_t)snprintf(text + len, cap - len, ",%s", nc_metric_name((nc_metric)m));
    for (int r = 0; r < reps; r++)
        for (int row = 0; row < 2; row++) {
            len += (size_t)snprintf(text + len, cap - len, "\n%d,%s", r, row ? "total" : "s");
            for (int m = 0; m < NC_M__COUNT; m++)
                len += m == blank ? (size_t)snprintf(text + len, cap - len, ",")
                                  : (size_t)snprintf(text + len, cap - len, ",%.17g",
                                                     r + 0.5 * row + m / 100.0);
        }
    snprintf(text + len, cap - len, "\n");
    return text;
}

/* result.json claiming 'reps' replications, listing 'samples' as its samples.csv. */
static void write_folder(const char *reps, const char *samples, const char *listed_samples)
{
    char json[2048];
    uint64_t h = nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, listed_samples, strlen(listed_samples));
    snprintf(json, sizeof json,
             "{\"nascost\": {\"seed\": 7}, \"scenario\": {\"name\": \"t\", \"replications\": %s, "
             "\"first_replication\": 0}, \"stages\": [{\"name\": \"s\"}], \"equivalents\": "
             "{\"car\": {\"name\": \"a car\", \"co2e_kg\": 57152}}, \"files\": {\"samples.csv\": "
             "{\"bytes\": %zu, \"fnv1a64\": \"%016" PRIx64 "\"}}}",
             reps, strlen(listed_samples), h);
    write_text(json_path, json);
    write_text(samples_path, samples);
}

/* Read the folder back: the return code, the source in '*out' (or freed when 'out' is NULL). */
static int read_folder(nc_plot_source **out, nc_error *err)
{
    json_t *doc = NULL;
    nc_plot_source *src = NULL;
    nc_error_clear(err);
    int rc = nc_results_load_json(&doc, json_path, err);
    if (!rc)
        rc = nc_results_read_run(&src, doc, json_path, dir, err);
    json_decref(doc);
    if (out)
        *out = src;
    else
        nc_plot_source_free(src);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(json_path, sizeof json_path, "%s/result.json", dir);
    snprintf(samples_path, sizeof samples_path, "%s/samples.csv", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(json_path);
    unlink(samples_path);
    return rmdir(dir);
}

static void test_checked__products_that_wrap_are_refused(void **state)
{
    size_t out = 2385;
    (void)state;
    assert_int_equal(nc_size_mul(&out, SIZE_MAX / 2 + 1, 2), -1);
    assert_int_equal(out, 2385); /* untouched */
    assert_int_equal(nc_size_mul(&out, SIZE_MAX, 0), 0);
    assert_int_equal(out, 0);
    assert_int_equal(nc_size_mul(&out, SIZE_MAX / 3, 3), 0);
    assert_true(out == SIZE_MAX / 3 * 3);
    /* plot's old allocation: (2^59 + 1) replications x 2 rows x the metrics x 8 bytes */
    assert_int_equal(nc_size_mul3(&out, ((size_t)1 << 59) + 1, 2 * NC_M__COUNT, sizeof(double)),
                     -1);
}

/* The FNV-1a 64 test vectors of Fowler, Noll & Vo (isthe.com/chongo/src/fnv/test_fnv.c). */
static void test_hash__fnv1a_matches_the_published_vectors(void **state)
{
    (void)state;
    assert_true(nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, "", 0) == UINT64_C(0xcbf29ce484222325));
    assert_true(nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, "foobar", 6) == UINT64_C(0x85944171f73967e8));
    /* in pieces as in one go */
    uint64_t h = nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, "foo", 3);
    assert_true(nc_hash_fnv1a(h, "bar", 3) == UINT64_C(0x85944171f73967e8));
}

static void test_results__digest_reads_the_whole_file_without_moving(void **state)
{
    nc_results_file d = {"x", 0, 0};
    nc_error err;
    (void)state;
    char *text = samples_text(300, -1); /* more than one 64 KiB chunk */
    write_text(samples_path, text);
    int fd = open(samples_path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(lseek(fd, 17, SEEK_SET), 17);
    assert_int_equal(nc_results_digest(&d, fd, &err), 0);
    assert_int_equal(lseek(fd, 0, SEEK_CUR), 17);
    close(fd);
    assert_true(d.bytes == strlen(text) && d.bytes > (1 << 16));
    assert_true(d.fnv1a64 == nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, text, strlen(text)));
    assert_string_equal(d.name, "x");
    free(text);
}

static void test_results__a_folder_reads_back_exactly(void **state)
{
    nc_plot_source *src;
    nc_error err;
    (void)state;
    char *text = samples_text(3, NC_M_UTILISATION);
    write_folder("3", text, text);
    assert_int_equal(read_folder(&src, &err), 0);
    assert_int_equal(src->replications, 3);
    assert_int_equal(src->n_rows, 2);
    assert_string_equal(src->row_names[nc_row_of_stage(0)], "s");
    assert_string_equal(src->row_names[NC_ROW_TOTAL], "total");
    assert_int_equal(src->n_equivalents, 1);
    assert_true(src->equivalents[0].co2e_kg == 57152);
    assert_true(nc_plot_sample(src, 2, NC_ROW_TOTAL, NC_M_CO2E_KG) == 2 + 0.5 + NC_M_CO2E_KG / 100.0);
    assert_true(nc_plot_sample(src, 1, nc_row_of_stage(0), NC_M_GPU_HOURS) == 1 + NC_M_GPU_HOURS / 100.0);
    assert_true(isnan(nc_plot_sample(src, 0, NC_ROW_TOTAL, NC_M_UTILISATION))); /* empty: undefined */
    nc_plot_source_free(src);
    free(text);
}

/* The bug of issue 11: 2^59 + 1 replications wrapped the allocation's size. */
static void test_results__replications_no_run_has_are_refused(void **state)
{
    nc_error err;
    (void)state;
    char *text = samples_text(3, -1);
    write_folder("576460752303423489", text, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_string_equal(err.file, json_path);
    assert_string_equal(err.message,
                        "scenario.replications is not a whole number from 1 to 100,000,000");
    write_folder("-3", text, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    write_folder("2.5", text, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    free(text);
}

/* A count within range that the file cannot hold is refused before anything is allocated. */
static void test_results__a_count_larger_than_the_file_is_refused(void **state)
{
    nc_error err;
    (void)state;
    char *text = samples_text(3, -1);
    write_folder("100000000", text, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_string_equal(err.file, samples_path);
    assert_non_null(strstr(err.message, "too small for the replications x stages"));
    write_folder("4", text, text); /* within what the file could hold: counted */
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "fewer rows than result.json's replications"));
    write_folder("2", text, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_int_equal(err.line, 6);
    assert_non_null(strstr(err.message, "more rows than result.json's replications"));
    free(text);
}

static void test_results__a_file_of_another_run_is_refused(void **state)
{
    nc_error err;
    (void)state;
    char *mine = samples_text(3, -1), *other = samples_text(3, NC_M_CO2E_KG);
    write_folder("3", other, mine);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_string_equal(err.file, samples_path);
    assert_non_null(strstr(err.message, "not written by the run of"));
    assert_non_null(strstr(err.message, json_path));
    free(mine);
    free(other);
}

/* One row short of replications x stages (the last line gone) is refused; a file of the
 * listed size whose digest differs (one digit changed) is another run's; a digest that is not
 * 16 hex digits is a malformed listing. */
static void test_results__one_row_short_and_one_digit_off_are_refused(void **state)
{
    nc_error err;
    (void)state;
    char *text = samples_text(3, -1), *changed = samples_text(3, -1);
    char *short_text = strdup(text);
    assert_non_null(short_text);
    strrchr(short_text, '\n')[0] = '\0';
    strrchr(short_text, '\n')[1] = '\0'; /* the last row, "2,total,...", removed */
    write_folder("3", short_text, short_text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "fewer rows than result.json's replications"));
    char *digit = strrchr(changed, '\n') - 1; /* the last value's last digit */
    assert_true(*digit >= '0' && *digit <= '9');
    *digit = *digit == '9' ? '8' : (char)(*digit + 1);
    write_folder("3", changed, text); /* the same size as listed */
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_string_equal(err.file, samples_path);
    assert_non_null(strstr(err.message, "not written by the run of"));
    char json[2048];
    uint64_t h = nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, text, strlen(text));
    snprintf(json, sizeof json,
             "{\"nascost\": {\"seed\": 7}, \"scenario\": {\"name\": \"t\", \"replications\": 3, "
             "\"first_replication\": 0}, \"stages\": [{\"name\": \"s\"}], \"files\": "
             "{\"samples.csv\": {\"bytes\": %zu, \"fnv1a64\": \"%015" PRIx64 "z\"}}}",
             strlen(text), h >> 4);
    write_text(json_path, json);
    write_text(samples_path, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_non_null(strstr(err.message, "is not {\"bytes\": N, \"fnv1a64\": 16 hex digits}"));
    free(short_text);
    free(changed);
    free(text);
}

static void test_results__rows_out_of_order_are_refused(void **state)
{
    nc_error err;
    (void)state;
    char *text = samples_text(3, -1);
    char *second = strstr(strchr(text, '\n') + 1, "\n0,total") + 1;
    second[0] = '1'; /* replication 1 where 0 is due */
    write_folder("3", text, text);
    assert_int_equal(read_folder(NULL, &err), NC_EINPUT);
    assert_int_equal(err.line, 3);
    char want[128];
    snprintf(want, sizeof want, "expected %d fields: replication 0, stage 'total'",
             NC_M__COUNT + 2);
    assert_string_equal(err.message, want);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checked__products_that_wrap_are_refused),
        cmocka_unit_test(test_hash__fnv1a_matches_the_published_vectors),
        cmocka_unit_test(test_results__digest_reads_the_whole_file_without_moving),
        cmocka_unit_test(test_results__a_folder_reads_back_exactly),
        cmocka_unit_test(test_results__replications_no_run_has_are_refused),
        cmocka_unit_test(test_results__a_count_larger_than_the_file_is_refused),
        cmocka_unit_test(test_results__a_file_of_another_run_is_refused),
        cmocka_unit_test(test_results__one_row_short_and_one_digit_off_are_refused),
        cmocka_unit_test(test_results__rows_out_of_order_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
