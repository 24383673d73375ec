/* output_csv.c - summaries and per-replication samples as CSV (see output_csv.h). */
#include "output/output_csv.h"

#include <string.h>

#include "base/metrics.h"

/* Characters that make a spreadsheet read a cell as a formula when they lead it (OWASP, "CSV
 * Injection": = + - @, tab, carriage return), and the single quote that marks a neutralised
 * field, so that marking is reversible. */
static const char FORMULA_LEAD[] = "=+-@\t\r'";

void nc_output_csv_field(FILE *f, const char *s)
{
    int formula = s[0] && strchr(FORMULA_LEAD, s[0]);
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

const char *nc_output_csv_text(const char *field)
{
    return field[0] == '\'' && field[1] && strchr(FORMULA_LEAD, field[1]) ? field + 1 : field;
}

static const char *row_name(const nc_report *rep, size_t row)
{
    const nc_scenario *sc = rep->res->sc;
    return row != NC_ROW_TOTAL ? sc->stages[row - 1].name : "total";
}

int nc_output_csv_summary(FILE *f, const nc_report *rep, nc_error *err)
{
    fputs("stage,metric,unit,mean,sd,se,min,max,p5,p50,p95\n", f);
    for (size_t k = 0; k < rep->res->n_rows; k++) {
        size_t row = nc_row_shown(k, rep->res->n_rows);
        for (int m = 0; m < NC_M__COUNT; m++) {
            const nc_summary *s = nc_report_get(rep, row, m);
            nc_output_csv_field(f, row_name(rep, row));
            fprintf(f, ",%s,%s", nc_metric_name((nc_metric)m), nc_metric_unit((nc_metric)m));
            if (nc_output_defined(rep, row, m))
                fprintf(f, ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", s->mean, s->sd,
                        s->se, s->min, s->max, s->p5, s->p50, s->p95);
            else
                fputs(",,,,,,,,\n", f); /* undefined (no cluster, no deadline): not 0 */
        }
    }
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}

int nc_output_csv_samples(FILE *f, const nc_report *rep, nc_error *err)
{
    const nc_result *res = rep->res;
    fputs("replication,stage", f);
    for (int m = 0; m < NC_M__COUNT; m++)
        fprintf(f, ",%s", nc_metric_name((nc_metric)m));
    fputc('\n', f);
    for (int64_t i = 0; i < res->replications; i++)
        for (size_t k = 0; k < res->n_rows; k++) {
            size_t row = nc_row_shown(k, res->n_rows);
            const double *v = nc_result_at(res, i, row);
            fprintf(f, "%lld,", (long long)(res->first + i));
            nc_output_csv_field(f, row_name(rep, row));
            for (int m = 0; m < NC_M__COUNT; m++)
                if (nc_output_defined(rep, row, m))
                    fprintf(f, ",%.17g", v[m]);
                else
                    fputc(',', f);
            fputc('\n', f);
        }
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write CSV") : 0;
}
