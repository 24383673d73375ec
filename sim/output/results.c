/* results.c - results read back from files, nothing trusted (see results.h). */
#include "output/results.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/checked.h"
#include "engine/engine.h"
#include "base/hash.h"
#include "base/metrics.h"
#include "output/output.h"
#include "scenario/scenario.h"

/* ---- files ----------------------------------------------------------------------------------- */

/* Record NC_EINPUT at 'path':'line' (0: none) with a printf-style message. */
static int bad_file(nc_error *err, const char *path, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int bad_file(nc_error *err, const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    nc_error_set(err, NC_EINPUT, "bad file"); /* the code, cleared position; message below */
    nc_error_at(err, path, line, 0);
    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return NC_EINPUT;
}

static int io_error(nc_error *err, const char *path, const char *verb)
{
    nc_error_set(err, NC_EIO, "cannot %s: %s", verb, strerror(errno ? errno : EIO));
    nc_error_at(err, path, 0, 0);
    return NC_EIO;
}

int nc_results_digest(nc_results_file *out, int fd, nc_error *err)
{
    unsigned char chunk[1 << 16];
    uint64_t hash = NC_HASH_FNV1A_BASIS, bytes = 0;
    for (;;) {
        ssize_t n = pread(fd, chunk, sizeof chunk, (off_t)bytes);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return nc_error_set(err, NC_EIO, "cannot read back: %s", strerror(errno));
        if (n == 0)
            break;
        hash = nc_hash_fnv1a(hash, chunk, (size_t)n);
        bytes += (uint64_t)n;
    }
    out->bytes = bytes;
    out->fnv1a64 = hash;
    return 0;
}

/* Open 'path' for reading when it is a regular file (never blocking on a FIFO); its size into
 * '*size'. NULL with 'err' set (NC_EIO naming the file) otherwise. */
static FILE *open_regular(const char *path, uint64_t *size, nc_error *err)
{
    struct stat st;
    errno = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        io_error(err, path, "read");
        return NULL;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        int saved = errno;
        close(fd);
        if (saved)
            return errno = saved, io_error(err, path, "read"), NULL;
        nc_error_set(err, NC_EINPUT, "not a regular file");
        nc_error_at(err, path, 0, 0);
        return NULL;
    }
    FILE *f = fcntl(fd, F_SETFL, 0) == 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        close(fd);
        io_error(err, path, "read");
        return NULL;
    }
    *size = (uint64_t)st.st_size;
    return f;
}

int nc_results_load_json(json_t **doc, const char *path, nc_error *err)
{
    json_error_t jerr;
    uint64_t size;
    FILE *f = open_regular(path, &size, err);
    if (!f)
        return err->code;
    if (size > NC_RESULTS_JSON_MAX) {
        fclose(f);
        nc_error_set(err, NC_EINPUT,
                     "%" PRIu64 " bytes: larger than any results document "
                     "(at most %u MiB)",
                     size, NC_RESULTS_JSON_MAX >> 20);
        nc_error_at(err, path, 0, 0);
        return NC_EINPUT;
    }
    *doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    fclose(f);
    if (!*doc) {
        nc_error_set(err, NC_EINPUT, "not JSON: %s", jerr.text);
        nc_error_at(err, path, jerr.line, jerr.column);
        return NC_EINPUT;
    }
    if (!json_is_object(*doc)) {
        json_decref(*doc);
        *doc = NULL;
        return bad_file(err, path, 0, "%s", "not a results document (expected a JSON object)");
    }
    return 0;
}

nc_results_kind nc_results_kind_of(const json_t *doc)
{
    const char *analysis = json_string_value(json_object_get(doc, "analysis"));
    return !analysis                          ? NC_RESULTS_RUN
           : !strcmp(analysis, "compare")     ? NC_RESULTS_COMPARE
           : !strcmp(analysis, "sweep")       ? NC_RESULTS_SWEEP
           : !strcmp(analysis, "sensitivity") ? NC_RESULTS_SENSITIVITY
                                              : NC_RESULTS_RUN;
}

/* ---- JSON fields ------------------------------------------------------------------------------
 */

/* A whole number in [lo, hi] at 'obj'.'key' into '*out'; 0, or -1. */
static int get_count(json_t *obj, const char *key, json_int_t lo, json_int_t hi, json_int_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return -1;
    *out = json_integer_value(v);
    return 0;
}

/* A finite number at 'obj'.'key' into '*out'; 0, or -1. */
static int get_number(json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return -1;
    *out = json_number_value(v);
    return 0;
}

/* A copy of the text at 'obj'.'key' into '*out' (NULL when absent or null and 'optional');
 * 0, or -1 (also when out of memory: then '*out' stays NULL and 'oom' is set). */
static int get_text(json_t *obj, const char *key, int optional, char **out, int *oom)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (optional && (!v || json_is_null(v)))
        return 0;
    if (!json_is_string(v))
        return -1;
    if (!(*out = strdup(json_string_value(v))))
        return *oom = 1, -1;
    return 0;
}

/* ---- result.json -------------------------------------------------------------------------- */

static int read_scenario(nc_plot_source *src, json_t *doc, int64_t *first, const char *path,
                         nc_error *err)
{
    json_t *sc = json_object_get(doc, "scenario"), *meta = json_object_get(doc, "nascost");
    json_t *point = json_object_get(sc, "point"), *deadline = json_object_get(sc, "deadline_days");
    json_int_t reps, start, seed;
    int oom = 0;
    if (!json_is_object(sc) || !json_is_array(json_object_get(doc, "stages")))
        return bad_file(err, path, 0, "%s", "not the result.json of `nascost run -o`");
    if (get_text(sc, "name", 0, &src->scenario, &oom) ||
        get_text(sc, "title", 1, &src->title, &oom))
        return oom ? nc_error_set(err, NC_ENOMEM, "out of memory")
                   : bad_file(err, path, 0, "%s", "scenario.name (or .title) is not text");
    if (get_count(sc, "replications", 1, NC_MAX_REPLICATIONS, &reps))
        return bad_file(err, path, 0, "scenario.replications is not a whole number from 1 to %s",
                        "100,000,000");
    if (get_count(sc, "first_replication", 0, UINT32_MAX, &start) ||
        get_count(meta, "seed", INT64_MIN, INT64_MAX, &seed))
        return bad_file(err, path, 0, "%s",
                        "scenario.first_replication or nascost.seed is not a whole number "
                        "(first_replication from 0 to 2^32 - 1)");
    if ((point && !json_is_boolean(point)) ||
        (deadline &&
         (get_number(sc, "deadline_days", &src->deadline_days) || src->deadline_days < 0)))
        return bad_file(err, path, 0, "%s",
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
        return bad_file(err, path, 0, "%s", "result.json lists no stage");
    if (!(src->row_names = calloc(src->n_rows, sizeof *src->row_names)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i + 1 < src->n_rows; i++)
        if (get_text(json_array_get(stages, i), "name", 0, &src->row_names[nc_row_of_stage(i)],
                     &oom))
            return oom ? nc_error_set(err, NC_ENOMEM, "out of memory")
                       : bad_file(err, path, 0, "%s", "a stage of result.json has no name");
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
        return bad_file(err, path, 0, "%s", "equivalents is not an object");
    if (!(src->equivalents = calloc(json_object_size(eqs) + 1, sizeof *src->equivalents)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    json_object_foreach(eqs, id, e)
    {
        nc_plot_equivalent *q = &src->equivalents[src->n_equivalents++];
        if (!(q->id = strdup(id)))
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        if (get_text(e, "name", 0, &q->name, &oom) || get_text(e, "label", 1, &q->label, &oom) ||
            get_number(e, "co2e_kg", &q->co2e_kg) || !(q->co2e_kg > 0))
            return oom ? nc_error_set(err, NC_ENOMEM, "out of memory")
                       : bad_file(err, path, 0,
                                  "equivalent '%s' lacks a name, or a co2e_kg above 0", id);
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
    if (get_count(f, "bytes", 0, INT64_MAX, &bytes) || !hex || strlen(hex) != 16)
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
        return bad_file(err, json_path, 0,
                        "\"files\".\"%s\" is not {\"bytes\": N, \"fnv1a64\": 16 hex digits}", name);
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
        return bad_file(err, json_path, 0, "%s",
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
    if (!(*f = open_regular(path, size, err)))
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
        return bad_file(err, r->path, 1, "%s", "expected the header replication,stage,<metrics>");
    for (size_t i = 0; i < r->n_fields; i++) {
        r->col_metric[i] = i < 2 ? -1 : nc_metric_lookup(fields[i]);
        if (r->col_metric[i] >= 0 && seen[r->col_metric[i]]++)
            return bad_file(err, r->path, 1, "metric '%s' is listed twice", fields[i]);
    }
    for (int m = 0; m < NC_M__COUNT; m++)
        if (!seen[m])
            return bad_file(err, r->path, 1, "no column %s", nc_metric_name((nc_metric)m));
    return 0;
}

/* Row 'got' of the file (replication got / rows, the (got % rows)-th row shown: the stages,
 * then the total) from 'line', into its place in the samples (row 0 the total). */
static int read_row(samples_reader *r, char *line, size_t got, int line_no, nc_error *err)
{
    char *fields[MAX_FIELDS], *end;
    const nc_plot_source *src = r->src;
    size_t k = csv_split(line, fields, MAX_FIELDS), row = nc_row_shown(got % src->n_rows, src->n_rows);
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
            return bad_file(err, r->path, line_no, "%s", "a value is not a number");
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
        rc = bad_file(err, r->path, 1, "%s", "empty: expected the header replication,stage,...");
    if (!rc)
        rc = read_header(r, line, err);
    /* every row takes at least a byte per field (its commas and line end): a count that the
     * file cannot hold is refused before it sizes anything */
    if (!rc && (nc_size_mul(&rows, (size_t)src->replications, src->n_rows) ||
                nc_size_mul3(&values, rows, NC_M__COUNT, sizeof *src->samples) ||
                (uint64_t)rows > size / r->n_fields))
        rc =
            bad_file(err, r->path, 0, "too small for the replications x stages of result.json (%s)",
                     "a row per replication and stage");
    if (!rc && !(src->samples = malloc(values)))
        rc = nc_error_set(err, NC_ENOMEM, "out of memory for %zu samples", rows);
    while (!rc && getline(&line, &cap, f) >= 0) {
        if (got == rows) {
            rc = bad_file(err, r->path, line_no + 1, "%s",
                          "more rows than result.json's replications x stages");
            break;
        }
        rc = read_row(r, line, got++, ++line_no, err);
    }
    if (!rc && ferror(f))
        rc = (errno = EIO, io_error(err, r->path, "read"));
    if (!rc && got != rows)
        rc = bad_file(err, r->path, line_no, "%s",
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
        rc = bad_file(err, path, 1, "%s", "expected the header day,p5_kg,p50_kg,p95_kg");
    while (!rc && getline(&line, &cap, f) >= 0) {
        double day;
        nc_plot_band b;
        line_no++;
        if (src->n_days == NC_MAX_TIMELINE_DAYS)
            rc = bad_file(err, path, line_no, "more than %s days", "36,500");
        else if (src->n_days == room && (rc = grow_days(src, &room, err)))
            break;
        else if (csv_split(line, fields, 8) != 4 || !parse_number(fields[0], &day) ||
                 !parse_number(fields[1], &b.p5) || !parse_number(fields[2], &b.p50) ||
                 !parse_number(fields[3], &b.p95) || day != (double)(src->n_days + 1))
            rc = bad_file(err, path, line_no, "%s", "expected the next day and three numbers");
        else
            src->cumulative[src->n_days++] = b;
    }
    if (!rc && !src->n_days)
        rc = bad_file(err, path, line_no, "%s", "no day");
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

/* ---- compare, sweep, sensitivity ---------------------------------------------------------- */

/* A summary with numbers (or null: undefined) p5, p50, p95. */
static int is_band(json_t *summary)
{
    static const char *const keys[] = {"p5", "p50", "p95"};
    if (!json_is_object(summary))
        return 0;
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(summary, keys[i]);
        if (!json_is_number(v) && !json_is_null(v))
            return 0;
    }
    return 1;
}

static int bad_entry(nc_error *err, const char *path, const char *list, size_t i, const char *what)
{
    nc_error_set(err, NC_EINPUT, "%s[%zu]: %s", list, i, what);
    nc_error_at(err, path, 0, 0);
    return NC_EINPUT;
}

int nc_results_check_versus(json_t *doc, const char *path, int metric, nc_error *err)
{
    json_t *runs = json_object_get(doc, "runs"), *paired = json_object_get(doc, "paired");
    const char *name = nc_metric_name((nc_metric)metric);
    json_int_t n;
    if (get_count(doc, "replications", 1, NC_MAX_REPLICATIONS, &n) ||
        get_count(json_object_get(doc, "nascost"), "seed", INT64_MIN, INT64_MAX, &n))
        return bad_file(err, path, 0, "%s",
                        "replications (from 1) or nascost.seed is not a whole number");
    if (!json_is_array(runs) || !json_array_size(runs) || !json_is_array(paired) ||
        json_array_size(paired) != json_array_size(runs) - 1)
        return bad_file(err, path, 0, "%s",
                        "expected \"runs\" (at least one) and \"paired\" (one per run after "
                        "the first)");
    for (size_t i = 0; i < json_array_size(runs); i++) {
        json_t *run = json_array_get(runs, i);
        if (!json_is_string(json_object_get(run, "label")) ||
            !json_is_string(json_object_get(run, "scenario")))
            return bad_entry(err, path, "runs", i, "no label or scenario text");
        json_t *band = json_object_get(json_object_get(run, "total"), name);
        if (!is_band(band) && !(json_is_null(band) && nc_metric_undefinable(metric)))
            return bad_entry(err, path, "runs", i, "total has no P5, P50, P95 of the metric");
    }
    for (size_t i = 0; i < json_array_size(paired); i++) {
        json_t *m = json_object_get(json_object_get(json_array_get(paired, i), "metrics"), name);
        json_t *p_lower = json_object_get(m, "p_lower");
        if (json_is_null(m) && nc_metric_undefinable(metric))
            continue;
        if (!is_band(json_object_get(m, "difference")) || !json_is_number(p_lower))
            return bad_entry(err, path, "paired", i,
                             "no difference (P5, P50, P95) and p_lower of the metric");
    }
    return 0;
}

int nc_results_check_sensitivity(json_t *doc, const char *path, nc_error *err)
{
    static const char *const numbers[] = {"value_p5", "value_p95", "metric_at_p5", "metric_at_p95"};
    json_t *inputs = json_object_get(doc, "inputs");
    const char *metric = json_string_value(json_object_get(doc, "metric"));
    json_int_t reps;
    double x;
    if (!metric || nc_metric_lookup(metric) < 0)
        return bad_file(err, path, 0, "%s", "\"metric\" names no known metric");
    if (!json_is_string(json_object_get(doc, "scenario")) || get_number(doc, "baseline", &x) ||
        get_count(doc, "tornado_replications", 1, NC_MAX_REPLICATIONS, &reps) ||
        !json_is_array(inputs))
        return bad_file(err, path, 0, "%s",
                        "expected scenario text, a baseline number, tornado_replications from "
                        "1 and a list of inputs");
    for (size_t i = 0; i < json_array_size(inputs); i++) {
        json_t *in = json_array_get(inputs, i);
        if (!json_is_string(json_object_get(in, "path")) ||
            !json_is_string(json_object_get(in, "unit")))
            return bad_entry(err, path, "inputs", i, "no path or unit text");
        for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++)
            if (get_number(in, numbers[k], &x))
                return bad_entry(err, path, "inputs", i, "a value is not a number");
    }
    return 0;
}
