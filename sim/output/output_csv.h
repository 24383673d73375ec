/* output_csv.h - a run as CSV (summaries, samples), and the one CSV field writer and reader
 * every CSV writer and reader uses (output_csv.c). */
#ifndef NC_OUTPUT_CSV_H
#define NC_OUTPUT_CSV_H

#include <stdio.h>

#include "base/error.h"
#include "output/output_report.h"

/* One row per stage x metric: stage,metric,unit,mean,sd,se,min,max,p5,p50,p95. */
int nc_output_csv_summary(FILE *f, const nc_report *rep, nc_error *err);

/* One row per replication x stage: replication,stage,<metrics...>, values to 17 digits. */
int nc_output_csv_samples(FILE *f, const nc_report *rep, nc_error *err);

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

#endif
