/*
 * output.h - writers: an aligned table for people, JSON and CSV for machines.
 * Writers take a finished result and its summaries and a stream; they compute nothing but
 * unit conversions and ratios to equivalents.
 */
#ifndef NC_OUTPUT_H
#define NC_OUTPUT_H

#include <stdio.h>

#include "base/error.h"
#include "stats/stats.h"

struct nc_versus;
struct nc_sensitivity;
struct json_t;

struct nc_precision;
struct nc_results_file;

typedef struct nc_report {
    const nc_result *res;
    const nc_summary *summary; /* res->n_rows x NC_M__COUNT, row-major, total last */
    const char *mass_unit;     /* tables: "kg" (default), "lb" or "t" */
    int timing;                /* include elapsed time and thread count (not reproducible) */
    const struct nc_precision *precision; /* NULL, or how a --precision run ended */
} nc_report;

/* The summary of metric 'm' in row 'row'. */
const nc_summary *nc_report_get(const nc_report *rep, size_t row, int m);

/* Whether a table shows metric 'm' in row 'row' (stages, then the total): optional metrics
 * (failures, pre-emptions, costs, idle energy ...) only when not zero everywhere, idle energy
 * and utilisation only in the total, shares only for the stages of a pipeline, the deadline
 * never (it is reported once, under the table). */
int nc_output_metric_shown(const nc_report *rep, size_t row, int m);

/* Table per stage and total, `median [P5 - P95] unit`, then equivalents. */
int nc_output_table(FILE *f, const nc_report *rep, nc_error *err);

/* One JSON document (see README, "Output"). */
int nc_output_json(FILE *f, const nc_report *rep, nc_error *err);

/* The result.json of `run -o`: nc_output_json and "files": {NAME: {"bytes": N, "fnv1a64":
 * "16 hex digits"}} listing the 'n_files' other files of the run at 'files' (results.h). */
int nc_output_json_listing(FILE *f, const nc_report *rep, const struct nc_results_file *files,
                           size_t n_files, nc_error *err);

/* One row per stage x metric: stage,metric,unit,mean,sd,se,min,max,p5,p50,p95. */
int nc_output_csv_summary(FILE *f, const nc_report *rep, nc_error *err);

/* One row per replication x stage: replication,stage,<metrics...>, values to 17 digits. */
int nc_output_csv_samples(FILE *f, const nc_report *rep, nc_error *err);

/* Runs compared against the first (paired.h): per metric, each run's band and, for the
 * others, the paired difference, ratio and P(lower). 'kind' names the analysis in JSON
 * ("compare", "sweep"). Labels are quoted in CSV. */
int nc_output_versus_table(FILE *f, const struct nc_versus *v, const char *mass_unit,
                           nc_error *err);
int nc_output_versus_json(FILE *f, const struct nc_versus *v, const char *kind, nc_error *err);
int nc_output_versus_csv(FILE *f, const struct nc_versus *v, nc_error *err);

/* A sensitivity analysis: the tornado ranked by swing, then the Sobol indices. */
int nc_output_sensitivity_table(FILE *f, const struct nc_sensitivity *s, nc_error *err);
int nc_output_sensitivity_json(FILE *f, const struct nc_sensitivity *s, const char *scenario,
                               nc_error *err);
int nc_output_sensitivity_csv(FILE *f, const struct nc_sensitivity *s, nc_error *err);

/* Write JSON document 'doc' (consumed: its reference is released) to 'f', indented, numbers
 * to 17 digits, keys in order, with a final newline; NC_ENOMEM when 'doc' is NULL (a failed
 * build), NC_EIO when the write fails. */
int nc_output_json_dump(FILE *f, struct json_t *doc, nc_error *err);

/* Write text 's' as one CSV field, quoted when it holds a comma, a quote or a line break
 * (RFC 4180). Every CSV writer writes its text fields (names, labels, paths, units) through it,
 * numbers with printf. A field a spreadsheet would run as a formula (one that begins with
 * = + - @, a tab or a carriage return: OWASP, "CSV Injection") is neutralised: written quoted
 * with a single quote in front ("'=1+2"); so that this stays reversible, a field that begins
 * with a single quote gets one more. */
void nc_output_csv_field(FILE *f, const char *s);

/* The text of a CSV field that nc_output_csv_field wrote (after RFC 4180 unquoting): 'field'
 * without the single quote that neutralised it, else 'field' itself. */
const char *nc_output_csv_text(const char *field);

/* Text 's' from anywhere (a file name, an option's value) as a JSON string: made valid UTF-8
 * first (nc_utf8_repair: a bad byte becomes U+FFFD), since JSON admits nothing else; null
 * when 's' is NULL. Every JSON writer makes its strings with it. NULL when out of memory. */
struct json_t *nc_output_json_text(const char *s);

/* Set 'obj'['key'] to 'value' (consumed), 'key' made valid UTF-8 as nc_output_json_text;
 * -1 when 'value' is NULL (a failed build) or out of memory, else 0. */
int nc_output_json_set(struct json_t *obj, const char *key, struct json_t *value);

/* A summary as a JSON object (mean, sd, se, min, max, p5, p50, p95 and the quantiles'
 * standard errors se_p5, se_p50, se_p95, null when undefined); NULL on ENOMEM. */
struct json_t *nc_output_summary_json(const nc_summary *s);

/* Format 'v' for people: thousands separators, about 3 significant digits. */
void nc_output_number(char *buf, size_t size, double v);

/* 'v', a count, for people: a whole number with thousands separators ("4,789"). */
void nc_output_count(char *buf, size_t size, double v);

/* 'v', a value of metric 'm', for people: a count (nc_metric_is_count) as a whole number with
 * thousands separators ("4,789", "5"), anything else (and any value when 'm' < 0) as
 * nc_output_number. */
void nc_output_value(char *buf, size_t size, int m, double v);

/* "median [P5 - P95]" of metric 'm' (as nc_output_value), or the median alone when the band
 * is a point. */
void nc_output_band(char *buf, size_t size, int m, const nc_summary *s);

/* 1 when metric 'm' has a meaning in row 'row' of the report (nc_metric_defined). */
int nc_output_defined(const nc_report *rep, size_t row, int m);

/*
 * How metric 'm' is shown to people: in '*unit', its canonical value times '*factor'. Masses
 * (kg) in 'mass_unit' ("kg", "t", "lb" or any mass unit units.c knows; NULL: kg), shares and
 * utilisation in percent, every other metric in its own unit (factor 1). The one conversion
 * of masses for tables, figures, the report and budgets. NC_EINPUT for a unit that is not a
 * mass ('*factor' 1 and '*unit' the metric's own then).
 */
int nc_output_scale(double *factor, const char **unit, int m, const char *mass_unit,
                    nc_error *err);

/* Metric 'm''s summary 's' as a table shows it: masses in 'mass_unit' (kg, lb, t), fractions
 * as percentages; returns the unit to print. */
const char *nc_output_display(const char *mass_unit, int m, const nc_summary *s,
                              nc_summary *out);

#endif
