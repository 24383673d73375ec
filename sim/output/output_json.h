/* output_json.h - a run as one JSON document, and the JSON pieces every JSON writer builds
 * with (output_json.c). */
#ifndef NC_OUTPUT_JSON_H
#define NC_OUTPUT_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "output/output_report.h"

struct json_t;
struct nc_results_file;

/* One JSON document (see README, "Output"). */
int nc_output_json(FILE *f, const nc_report *rep, nc_error *err);

/* The result.json of `run -o`: nc_output_json and "files": {NAME: {"bytes": N, "fnv1a64":
 * "16 hex digits"}} listing the 'n_files' other files of the run at 'files' (results_file.h). */
int nc_output_json_listing(FILE *f, const nc_report *rep, const struct nc_results_file *files,
                           size_t n_files, nc_error *err);

/* Write JSON document 'doc' (consumed: its reference is released) to 'f', indented, numbers
 * to 17 digits, keys in order, with a final newline; NC_ENOMEM when 'doc' is NULL (a failed
 * build), NC_EIO when the write fails. */
int nc_output_json_dump(FILE *f, struct json_t *doc, nc_error *err);

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

#endif
