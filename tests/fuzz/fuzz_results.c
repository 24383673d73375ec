/*
 * fuzz_results.c - libFuzzer harness for the readers of results files (sim/output/results.c): a
 * run's folder (result.json, samples.csv, cumulative_co2e.csv) as `nascost plot` reads it,
 * and the JSON of `compare`, `sweep` and `sensitivity`.
 *
 * An input is a flags byte, then up to three parts separated by NUL bytes: result.json,
 * samples.csv and cumulative_co2e.csv (written only when the input has a third part). With
 * flag bit 0 and a first part that is a JSON object, the harness rewrites its "files" list to
 * match the parts it wrote, so that the CSV readers are reached past the check that the files
 * are of one run (a fuzzer would never forge an FNV-1a digest); without it, that check itself
 * is fuzzed. The seeds (tests/fuzz/corpus/results) are real outputs: make_results_corpus.sh.
 *
 * Properties: a failure is NC_EINPUT/NC_EIO/NC_ENOMEM with a message; a run read back has at
 * least one replication and a stage, a name per row, every equivalent a positive CO2e, at
 * most NC_MAX_TIMELINE_DAYS days, and its samples are addressable (each replication's total
 * is read); a compare/sweep document that passes its check has the texts and bands the forest
 * figure reads; a sensitivity document that passes has a known metric.
 * FUZZ_RESULTS_VERBOSE=1 prints why a run was refused (to see how far an input gets).
 */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <jansson.h>

#include "engine/engine.h"
#include "fuzz_common.h"
#include "base/hash.h"
#include "base/metrics.h"
#include "output/figure_run.h"
#include "output/results_file.h"
#include "output/results_analysis.h"
#include "output/results_run.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const PART_NAMES[] = {"result.json", NC_RESULTS_SAMPLES, NC_RESULTS_CUMULATIVE};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_scratch_dir();
    return 0;
}

/* The size and digest of 'len' bytes, as the writer lists them. */
static json_t *listing_of(const uint8_t *bytes, size_t len)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx",
             (unsigned long long)nc_hash_fnv1a(NC_HASH_FNV1A_BASIS, bytes, len));
    return json_pack("{s:I, s:s}", "bytes", (json_int_t)len, "fnv1a64", hex);
}

/* Part 0 with its "files" made to list parts 1 and 2 as written; NULL when it is not JSON. */
static char *with_listing(const uint8_t *const *part, const size_t *len, size_t n_parts)
{
    json_t *doc = json_loadb((const char *)part[0], len[0], 0, NULL);
    char *text = NULL;
    if (json_is_object(doc)) {
        json_t *files = json_object();
        for (size_t i = 1; files && i < n_parts; i++)
            json_object_set_new(files, PART_NAMES[i], listing_of(part[i], len[i]));
        json_object_set_new(doc, "files", files);
        text = json_dumps(doc, JSON_COMPACT);
    }
    json_decref(doc);
    return text;
}

static void check_run(const nc_plot_source *src)
{
    FUZZ_CHECK(src->replications >= 1 && src->n_rows >= 2 && src->scenario,
               "a run read back with %lld replications, %zu rows", (long long)src->replications,
               src->n_rows);
    for (size_t i = 0; i < src->n_rows; i++)
        FUZZ_CHECK(src->row_names[i] != NULL, "row %zu has no name", i);
    for (size_t i = 0; i < src->n_equivalents; i++)
        FUZZ_CHECK(src->equivalents[i].name && src->equivalents[i].co2e_kg > 0,
                   "equivalent %zu without a name or a positive CO2e", i);
    FUZZ_CHECK(src->n_days <= NC_MAX_TIMELINE_DAYS && (src->n_days == 0) == !src->cumulative,
               "%zu days kept", src->n_days);
    double sum = 0;
    for (int64_t r = 0; r < src->replications; r++) /* ASan: each row is inside 'samples' */
        sum += nc_plot_sample(src, r, NC_ROW_TOTAL, NC_M_CO2E_KG);
    (void)sum;
}

static void check_versus(json_t *doc, const nc_plot_versus *v)
{
    json_t *runs = json_object_get(doc, "runs");
    FUZZ_CHECK(v->n_runs >= 1 && v->n_runs == json_array_size(runs), "%zu runs read", v->n_runs);
    for (size_t i = 0; i < v->n_runs; i++) {
        json_t *run = json_array_get(runs, i);
        FUZZ_CHECK(v->runs[i].label && v->runs[i].scenario &&
                       json_is_object(json_object_get(json_object_get(run, "total"), "co2e_kg")),
                   "a compare run %zu passed its check without a label or a band", i);
    }
    FUZZ_CHECK(json_array_size(json_object_get(doc, "paired")) + 1 == json_array_size(runs),
               "paired and runs disagree");
}

/* Read the files of the scratch folder as `plot` would. */
static void read_back(void)
{
    char path[1024];
    const char *dir = fuzz_scratch_dir();
    nc_error err = {0};
    json_t *doc = NULL;
    snprintf(path, sizeof path, "%s/result.json", dir);
    if (fuzz_result(nc_results_load_json(&doc, path, &err), &err, "nc_results_load_json"))
        return;
    nc_plot_source *src = NULL;
    if (!fuzz_result(nc_results_read_run(&src, doc, path, dir, &err), &err, "nc_results_read_run"))
        check_run(src);
    else if (getenv("FUZZ_RESULTS_VERBOSE")) /* to see how far an input gets */
        fprintf(stderr, "fuzz_results: %s\n", err.message);
    nc_plot_source_free(src);
    nc_error_clear(&err);
    nc_plot_versus *v = NULL;
    if (!fuzz_result(nc_results_read_versus(&v, doc, path, NC_M_CO2E_KG, &err), &err,
                     "nc_results_read_versus"))
        check_versus(doc, v);
    nc_plot_versus_free(v);
    nc_error_clear(&err);
    nc_plot_tornado *t = NULL;
    if (!fuzz_result(nc_results_read_tornado(&t, doc, path, &err), &err,
                     "nc_results_read_tornado"))
        FUZZ_CHECK(t->metric >= 0 && t->metric < NC_M__COUNT && t->scenario,
                   "a sensitivity document passed without a known metric");
    nc_plot_tornado_free(t);
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0}, n_parts = 0;
    char path[1024];
    if (size < 1)
        return 0;
    const uint8_t *p = data + 1, *end = data + size;
    while (n_parts < 3) {
        const uint8_t *nul = n_parts < 2 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        part[n_parts] = p;
        len[n_parts++] = (size_t)((nul ? nul : end) - p);
        if (!nul)
            break;
        p = nul + 1;
    }
    char *listed = data[0] & 1 ? with_listing(part, len, n_parts) : NULL;
    const char *dir = fuzz_scratch_dir();
    fuzz_write_file(path, sizeof path, dir, PART_NAMES[0], listed ? listed : (const char *)part[0],
                    listed ? strlen(listed) : len[0]);
    free(listed);
    for (size_t i = 1; i < 3; i++) {
        if (i < n_parts)
            fuzz_write_file(path, sizeof path, dir, PART_NAMES[i], part[i], len[i]);
        else {
            snprintf(path, sizeof path, "%s/%s", dir, PART_NAMES[i]);
            unlink(path);
        }
    }
    read_back();
    return 0;
}
