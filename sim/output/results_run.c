/* results_run.c - a run read back from the files of `run -o`, nothing trusted (see
 * results_run.h). */
#include "output/results_run.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/checked.h"
#include "base/metrics.h"
#include "engine/engine.h"
#include "output/output_csv.h"
#include "output/results_file.h"
#include "scenario/scenario.h"

/* ---- result.json -------------------------------------------------------------------------- */

static int read_scenario(nc_plot_source *src, json_t *doc, int64_t *first, const char *path,
                         nc_error *err)
{
    json_t *sc = json_object_get(doc, "scenario"), *meta = json_object_get(doc, "nascost");
    json_t *point = json_object_get(sc, "point"), *deadline = json_object_get(sc, "deadline_days");
    json_int_t reps, start, seed;
    int oom = 0;
    if (!json_is_object(sc) || !json_is_array(json_object_get(doc, "stages")))
        return nc_results_bad_file(err, path, 0, "%s", "not the result.json of `nascost run -o`");
    if (nc_results_get_text(sc, "name", 0, &src->scenario, &oom) ||
        nc_results_get_text(sc, "title", 1, &src->title, &oom))
        return oom ? nc_error_set(err, NC_ENOMEM, "out of memory")
                   : nc_results_bad_file(err, path, 0, "%s",
                                         "scenario.name (or .title) is not text");
    if (nc_results_get_count(sc, "replications", 1, NC_MAX_REPLICATIONS, &reps))
        return nc_results_bad_file(err, path, 0,
                                   "scenario.replications is not a whole number from 1 to %s",
                                   "100,000,000");
    if (nc_results_get_count(sc, "first_replication", 0, UINT32_MAX, &start) ||
        nc_results_get_count(meta, "seed", INT64_MIN, INT64_MAX, &seed))
        return nc_results_bad_file(
            err, path, 0, "%s",
            "scenario.first_replication or nascost.seed is not a whole number "
            "(first_replication from 0 to 2^32 - 1)");
    if ((point && !json_is_boolean(point)) ||
        (deadline && (nc_results_get_number(sc, "deadline_days", &src->deadline_days) ||
                      src->deadline_days < 0)))
        return nc_results_bad_file(
            err, path, 0, "%s",
            "scenario.point is not true or false, or scenario.deadline_days not a "
            "number of days >= 0");
    src->replications = reps;
    src->point = json_is_true(point);
    src->seed = (uint64_t)seed;
    *first = start;
    return 0;
}

static int read_stages(nc_plot_source *src, json_t *stages, const char *path, nc_error *err)
{
    int oom = 0;
    src->n_rows = json_array_size(stages) + 1;
    if (src->n_rows < 2)
        return nc_results_bad_file(err, path, 0, "%s", "result.json lists no stage");
    if (!(src->row_names = calloc(src->n_rows, sizeof *src->row_names)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i + 1 < src->n_rows; i++)
        if (nc_results_get_text(json_array_get(stages, i), "name", 0,
                                &src->row_names[nc_row_of_stage(i)], &oom))
            return oom ? nc_error_set(err, NC_ENOMEM, "out of memory")
                       : nc_results_bad_file(err, path, 0, "%s",
                                             "a stage of result.json has no name");
    if (!(src->row_names[NC_ROW_TOTAL] = strdup("total")))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    return 0;
}

static int read_equivalents(nc_plot_source *src, json_t *eqs, const char *path, nc_error *err)
{
    const char *id;
    json_t *e;
    int oom = 0;
    if (eqs && !json_is_object(eqs))
        return nc_results_bad_file(err, path, 0, "%s", "equivalents is not an object");
    if (!(src->equivalents = calloc(json_object_size(eqs) + 1, sizeof *src->equivalents)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    json_object_foreach(eqs, id, e)
    {
        nc_plot_equivalent *q = &src->equivalents[src->n_equivalents++];
        if (!(q->id = strdup(id)))
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        if (nc_results_get_text(e, "name", 0, &q->name, &oom) ||
            nc_results_get_text(e, "label", 1, &q->label, &oom) ||
            nc_results_get_number(e, "co2e_kg", &q->co2e_kg) || !(q->co2e_kg > 0))
            return oom ? nc_error_set(err, NC_ENOMEM, "out of memory")
                       : nc_results_bad_file(err, path, 0,
                                             "equivalent '%s' lacks a name, or a co2e_kg above 0",
                                             id);
    }
    return 0;
}

/* ---- a run's files ----------------------------------------------------------------------------
 */

/* "DIR/NAME" into 'out' (NC_PLOT_PATH_MAX bytes). */
#define PATH_MAX_BYTES 4096
static int join(char *out, const char *dir, const char *name, nc_error *err)
{
    if (snprintf(out, PATH_MAX_BYTES, "%s/%s", dir, name) >= PATH_MAX_BYTES)
        return nc_error_set(err, NC_EINPUT, "path too long: %s/%s", dir, name);
    return 0;
}

/* What result.json lists for file 'name': 1 and '*out' filled, 0 when it is not listed, -1
 * when the listing is malformed. */
static int listed(json_t *doc, const char *name, nc_results_file *out)
{
    json_t *files = json_object_get(doc, "files"), *f = json_object_get(files, name);
    json_int_t bytes;
    const char *hex = json_string_value(json_object_get(f, "fnv1a64"));
    char *end;
    if (!f)
        return 0;
    if (nc_results_get_count(f, "bytes", 0, INT64_MAX, &bytes) || !hex || strlen(hex) != 16)
        return -1;
    errno = 0;
    out->fnv1a64 = strtoull(hex, &end, 16);
    out->bytes = (uint64_t)bytes;
    out->name = name;
    return *end || errno ? -1 : 1;
}

/* Open DIR/'name' as listed in result.json ('json_path'), its size and digest checked:
 * NULL and '*f' NULL when it is absent and not listed; an error when only one of the two holds
 * or when they differ (then it is another run's file). */
static int open_listed(FILE **f, uint64_t *size, json_t *doc, const char *json_path,
                       const char *dir, const char *name, char *path, nc_error *err)
{
    nc_results_file want, got;
    struct stat st;
    int rc = join(path, dir, name, err), is_listed = rc ? 0 : listed(doc, name, &want);
    *f = NULL;
    if (rc)
        return rc;
    if (is_listed < 0)
        return nc_results_bad_file(
            err, json_path, 0, "\"files\".\"%s\" is not {\"bytes\": N, \"fnv1a64\": 16 hex digits}",
            name);
    int absent = lstat(path, &st) && errno == ENOENT;
    if (!is_listed && absent)
        return 0;
    if (absent) {
        nc_error_set(err, NC_EINPUT,
                     "no such file, but %s lists it: a run was stopped, or the "
                     "file was removed; run `nascost run SCENARIO -o DIR` again",
                     json_path);
        nc_error_at(err, path, 0, 0);
        return NC_EINPUT;
    }
    if (!is_listed && !json_object_get(doc, "files"))
        return nc_results_bad_file(err, json_path, 0, "%s",
                                   "lists no \"files\" of its run (written by an older nascost?): "
                                   "run `nascost run SCENARIO -o DIR` again");
    if (!is_listed) {
        nc_error_set(err, NC_EINPUT,
                     "not written by the run of %s, which lists no %s: another run left it "
                     "here; run `nascost run SCENARIO -o DIR` again into an empty folder",
                     json_path, name);
        nc_error_at(err, path, 0, 0);
        return NC_EINPUT;
    }
    if (!(*f = nc_results_open_regular(path, size, err)))
        return err->code;
    if ((rc = nc_results_digest(&got, fileno(*f), err))) {
        nc_error_at(err, path, 0, 0);
        return rc;
    }
    if (got.bytes != want.bytes || got.fnv1a64 != want.fnv1a64) {
        nc_error_set(err, NC_EINPUT,
                     "not written by the run of %s (it lists %" PRIu64 " bytes, FNV-1a %016" PRIx64
                     "; this file has %" PRIu64 " bytes, %016" PRIx64 "): two runs wrote into "
                     "this folder, or one was stopped while writing; run `nascost run SCENARIO "
                     "-o DIR` again",
                     json_path, want.bytes, want.fnv1a64, got.bytes, got.fnv1a64);
        nc_error_at(err, path, 0, 0);
        return NC_EINPUT;
    }
    return 0;
}

/* ---- CSV ----------------------------------------------------------------------------------- */

enum { MAX_FIELDS = 64 };

/* Split a CSV line in place into at most 'max' fields (quotes as RFC 4180); returns the count,
 * max + 1 when there are more. */
static size_t csv_split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *r = line, *w = line;
    line[strcspn(line, "\r\n")] = '\0';
    for (;;) {
        if (n == max)
            return max + 1;
        fields[n++] = w;
        int quoted = *r == '"';
        r += quoted;
        while (*r && (quoted || *r != ',')) {
            if (quoted && *r == '"' && r[1] == '"')
                r++;
            else if (quoted && *r == '"') {
                quoted = 0, r++;
                continue;
            }
            *w++ = *r++;
        }
        int more = *r == ',';
        *w++ = '\0';
        r += more;
        if (!more)
            return n;
    }
}

/* A number of a CSV field. */
static int parse_number(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

typedef struct samples_reader {
    nc_plot_source *src;
    const char *path;
    int64_t first;
    size_t n_fields;
    int col_metric[MAX_FIELDS];
} samples_reader;

static int read_header(samples_reader *r, char *line, nc_error *err)
{
    char *fields[MAX_FIELDS];
    int seen[NC_M__COUNT] = {0};
    r->n_fields = csv_split(line, fields, MAX_FIELDS);
    if (r->n_fields < 3 || r->n_fields > MAX_FIELDS || strcmp(fields[0], "replication") ||
        strcmp(fields[1], "stage"))
        return nc_results_bad_file(err, r->path, 1, "%s",
                                   "expected the header replication,stage,<metrics>");
    for (size_t i = 0; i < r->n_fields; i++) {
        r->col_metric[i] = i < 2 ? -1 : nc_metric_lookup(fields[i]);
        if (r->col_metric[i] >= 0 && seen[r->col_metric[i]]++)
            return nc_results_bad_file(err, r->path, 1, "metric '%s' is listed twice", fields[i]);
    }
    for (int m = 0; m < NC_M__COUNT; m++)
        if (!seen[m])
            return nc_results_bad_file(err, r->path, 1, "no column %s",
                                       nc_metric_name((nc_metric)m));
    return 0;
}

/* Row 'got' of the file (replication got / rows, the (got % rows)-th row shown: the stages,
 * then the total) from 'line', into its place in the samples (row 0 the total). */
static int read_row(samples_reader *r, char *line, size_t got, int line_no, nc_error *err)
{
    char *fields[MAX_FIELDS], *end;
    const nc_plot_source *src = r->src;
    size_t k = csv_split(line, fields, MAX_FIELDS),
           row = nc_row_shown(got % src->n_rows, src->n_rows);
    size_t at = got - got % src->n_rows + row;
    long long rep = k == r->n_fields ? strtoll(fields[0], &end, 10) : -1;
    if (k != r->n_fields || end == fields[0] || *end ||
        rep != r->first + (long long)(got / src->n_rows) ||
        strcmp(nc_output_csv_text(fields[1]), src->row_names[row])) {
        nc_error_set(err, NC_EINPUT, "expected %zu fields: replication %lld, stage '%s'",
                     r->n_fields, r->first + (long long)(got / src->n_rows), src->row_names[row]);
        nc_error_at(err, r->path, line_no, 0);
        return NC_EINPUT;
    }
    for (size_t i = 2; i < r->n_fields; i++) {
        int m = r->col_metric[i];
        if (m < 0)
            continue;
        double *value = &src->samples[at * NC_M__COUNT + (size_t)m];
        /* an empty field is a metric the run left undefined (nc_metric_defined): NaN, and only
         * for the metrics a run may leave undefined */
        if (!fields[i][0] && nc_metric_undefinable(m))
            *value = NAN;
        else if (!parse_number(fields[i], value))
            return nc_results_bad_file(err, r->path, line_no, "%s", "a value is not a number");
    }
    return 0;
}

/* samples.csv ('f', 'size' bytes): replication,stage,<metric>... one row per replication x
 * row, in order. */
static int read_samples(samples_reader *r, FILE *f, uint64_t size, nc_error *err)
{
    nc_plot_source *src = r->src;
    char *line = NULL;
    size_t cap = 0, rows = 0, values = 0, got = 0;
    int rc = 0, line_no = 1;
    if (getline(&line, &cap, f) < 0)
        rc = nc_results_bad_file(err, r->path, 1, "%s",
                                 "empty: expected the header replication,stage,...");
    if (!rc)
        rc = read_header(r, line, err);
    /* every row takes at least a byte per field (its commas and line end): a count that the
     * file cannot hold is refused before it sizes anything */
    if (!rc && (nc_size_mul(&rows, (size_t)src->replications, src->n_rows) ||
                nc_size_mul3(&values, rows, NC_M__COUNT, sizeof *src->samples) ||
                (uint64_t)rows > size / r->n_fields))
        rc = nc_results_bad_file(err, r->path, 0,
                                 "too small for the replications x stages of result.json (%s)",
                                 "a row per replication and stage");
    if (!rc && !(src->samples = malloc(values)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory for %zu samples", rows);
    while (!rc && getline(&line, &cap, f) >= 0) {
        if (got == rows) {
            rc = nc_results_bad_file(err, r->path, line_no + 1, "%s",
                                     "more rows than result.json's replications x stages");
            break;
        }
        rc = read_row(r, line, got++, ++line_no, err);
    }
    if (!rc && ferror(f))
        rc = (errno = EIO, nc_results_io_error(err, r->path, "read"));
    if (!rc && got != rows)
        rc = nc_results_bad_file(err, r->path, line_no, "%s",
                                 "fewer rows than result.json's replications x stages");
    free(line);
    return rc;
}

/* Room for twice as many days (256 to start), at most NC_MAX_TIMELINE_DAYS. */
static int grow_days(nc_plot_source *src, size_t *room, nc_error *err)
{
    size_t want = *room ? 2 * *room : 256, bytes;
    if (want > NC_MAX_TIMELINE_DAYS)
        want = NC_MAX_TIMELINE_DAYS;
    nc_plot_band *grown =
        nc_size_mul(&bytes, want, sizeof *grown) ? NULL : realloc(src->cumulative, bytes);
    if (!grown)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    src->cumulative = grown;
    *room = want;
    return 0;
}

/* cumulative_co2e.csv: day,p5_kg,p50_kg,p95_kg for days 1, 2, ... */
static int read_cumulative(nc_plot_source *src, FILE *f, const char *path, nc_error *err)
{
    char *line = NULL, *fields[8];
    size_t cap = 0, room = 0;
    int rc = 0, line_no = 1;
    if (getline(&line, &cap, f) < 0 || csv_split(line, fields, 8) != 4 || strcmp(fields[0], "day"))
        rc = nc_results_bad_file(err, path, 1, "%s", "expected the header day,p5_kg,p50_kg,p95_kg");
    while (!rc && getline(&line, &cap, f) >= 0) {
        double day;
        nc_plot_band b;
        line_no++;
        if (src->n_days == NC_MAX_TIMELINE_DAYS)
            rc = nc_results_bad_file(err, path, line_no, "more than %s days", "36,500");
        else if (src->n_days == room && (rc = grow_days(src, &room, err)))
            break;
        else if (csv_split(line, fields, 8) != 4 || !parse_number(fields[0], &day) ||
                 !parse_number(fields[1], &b.p5) || !parse_number(fields[2], &b.p50) ||
                 !parse_number(fields[3], &b.p95) || day != (double)(src->n_days + 1))
            rc = nc_results_bad_file(err, path, line_no, "%s",
                                     "expected the next day and three numbers");
        else
            src->cumulative[src->n_days++] = b;
    }
    if (!rc && !src->n_days)
        rc = nc_results_bad_file(err, path, line_no, "%s", "no day");
    free(line);
    return rc;
}

static int read_files(nc_plot_source *src, json_t *doc, int64_t first, const char *json_path,
                      const char *dir, nc_error *err)
{
    char path[PATH_MAX_BYTES];
    uint64_t size = 0;
    FILE *f;
    int rc = open_listed(&f, &size, doc, json_path, dir, NC_RESULTS_SAMPLES, path, err);
    if (!rc && !f) {
        nc_error_set(err, NC_EINPUT, "no such file (result.json needs it)");
        nc_error_at(err, path, 0, 0);
        rc = NC_EINPUT;
    }
    if (!rc) {
        samples_reader r = {src, path, first, 0, {0}};
        rc = read_samples(&r, f, size, err);
    }
    if (f)
        fclose(f);
    f = NULL;
    if (!rc)
        rc = open_listed(&f, &size, doc, json_path, dir, NC_RESULTS_CUMULATIVE, path, err);
    if (!rc && f)
        rc = read_cumulative(src, f, path, err);
    if (f)
        fclose(f);
    return rc;
}

int nc_results_read_run(nc_plot_source **out, json_t *doc, const char *json_path, const char *dir,
                        nc_error *err)
{
    nc_plot_source *src = calloc(1, sizeof *src);
    int64_t first = 0;
    int rc = src ? read_scenario(src, doc, &first, json_path, err)
                 : nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!rc)
        rc = read_stages(src, json_object_get(doc, "stages"), json_path, err);
    if (!rc)
        rc = read_equivalents(src, json_object_get(doc, "equivalents"), json_path, err);
    if (!rc)
        rc = read_files(src, doc, first, json_path, dir, err);
    if (rc) {
        nc_plot_source_free(src);
        return rc;
    }
    *out = src;
    return 0;
}
