/* output_table.c - the table people read (see output.h). */
#include "output/output.h"

#include <math.h>
#include <string.h>

#include "base/metrics.h"
#include "analysis/precision.h"
#include "base/units.h"

const nc_summary *nc_report_get(const nc_report *rep, size_t row, int m)
{
    return &rep->summary[row * NC_M__COUNT + (size_t)m];
}

static void group_thousands(char *buf, size_t size, double v)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t len = strlen(digits), at = 0;
    if (v < 0 && at + 1 < size)
        buf[at++] = '-';
    for (size_t i = 0; i < len && at + 2 < size; i++) {
        buf[at++] = digits[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            buf[at++] = ',';
    }
    buf[at] = '\0';
}

void nc_output_number(char *buf, size_t size, double v)
{
    double a = fabs(v);
    if (!isfinite(v))
        snprintf(buf, size, "%g", v);
    else if (a >= 1e15)
        snprintf(buf, size, "%.3g", v);
    else if (a >= 100 || a == 0)
        group_thousands(buf, size, round(v));
    else if (a >= 10)
        snprintf(buf, size, "%.1f", v);
    else if (a >= 1)
        snprintf(buf, size, "%.2f", v);
    else
        snprintf(buf, size, "%.3g", v);
}

int nc_output_scale(double *factor, const char **unit, int m, const char *mass_unit, nc_error *err)
{
    *factor = 1.0;
    *unit = nc_metric_unit((nc_metric)m);
    if (m == NC_M_UTILISATION || m == NC_M_CO2E_SHARE) {
        *factor = 100.0;
        *unit = "%";
        return 0;
    }
    if (strcmp(*unit, "kg") != 0 || !mass_unit || !strcmp(mass_unit, "kg"))
        return 0;
    int rc = nc_unit_convert(1.0, NC_DIM_MASS, mass_unit, factor, err);
    if (rc)
        *factor = 1.0;
    else
        *unit = mass_unit;
    return rc;
}

const char *nc_output_display(const char *mass_unit, int m, const nc_summary *s, nc_summary *out)
{
    double factor;
    const char *unit;
    nc_output_scale(&factor, &unit, m, mass_unit, NULL);
    *out = factor == 1.0 ? *s : nc_stats_scale(s, 1.0 / factor);
    return unit;
}

void nc_output_count(char *buf, size_t size, double v)
{
    if (isfinite(v) && fabs(v) < 1e15)
        group_thousands(buf, size, round(v));
    else
        nc_output_number(buf, size, v);
}

void nc_output_value(char *buf, size_t size, int m, double v)
{
    if (m >= 0 && nc_metric_is_count((nc_metric)m))
        nc_output_count(buf, size, v);
    else
        nc_output_number(buf, size, v);
}

void nc_output_band(char *buf, size_t size, int m, const nc_summary *s)
{
    char a[48], b[48], c[48];
    nc_output_value(a, sizeof a, m, s->p50);
    nc_output_value(b, sizeof b, m, s->p5);
    nc_output_value(c, sizeof c, m, s->p95);
    if (s->p5 == s->p95)
        snprintf(buf, size, "%s", a);
    else
        snprintf(buf, size, "%s [%s - %s]", a, b, c);
}

int nc_output_defined(const nc_report *rep, size_t row, int m)
{
    return nc_metric_defined((nc_metric)m, rep->res->sc, row == NC_ROW_TOTAL);
}

int nc_output_metric_shown(const nc_report *rep, size_t row, int m)
{
    const nc_scenario *sc = rep->res->sc;
    const nc_summary *s = nc_report_get(rep, row, m);
    int total = row == NC_ROW_TOTAL;
    if (m == NC_M_ON_TIME || !nc_output_defined(rep, row, m))
        return 0;
    if (m == NC_M_CO2E_SHARE)
        return !total && sc->n_stages > 1;
    if (m == NC_M_UTILISATION || m == NC_M_IDLE_KWH)
        return total && s->max > 0;
    if (m == NC_M_CO2E_KG)
        return 1;
    return !nc_metric_is_optional((nc_metric)m) || s->max > 0 || s->min < 0;
}

static void print_row(FILE *f, const nc_report *rep, size_t row)
{
    for (int m = 0; m < NC_M__COUNT; m++) {
        nc_summary s;
        char text[160];
        const char *unit = nc_output_display(rep->mass_unit, m, nc_report_get(rep, row, m), &s);
        if (!nc_output_metric_shown(rep, row, m))
            continue;
        nc_output_band(text, sizeof text, m, &s);
        fprintf(f, "  %-20s %s%s%s\n", nc_metric_label((nc_metric)m), text,
                unit[0] && unit[0] != '%' ? " " : "", unit);
    }
}

/* How precise the run's headline figure is: the Monte Carlo standard errors of the total
 * CO2e's median, P5 and P95, and how a --precision run ended. */
static void print_precision(FILE *f, const nc_report *rep)
{
    const nc_summary *co2 = nc_report_get(rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    const nc_precision *p = rep->precision;
    if (rep->res->point)
        return;
    if (isfinite(co2->se_p50) && co2->p50 > 0 && co2->p5 != co2->p95) /* no spread: no error */
        fprintf(f,
                "\nMonte Carlo error (1 standard error) of the total CO2e: median %.2g%%, P5 "
                "%.2g%%, P95 %.2g%%\n",
                100 * co2->se_p50 / co2->p50, 100 * co2->se_p5 / fabs(co2->p5),
                100 * co2->se_p95 / fabs(co2->p95));
    if (p)
        fprintf(f,
                "precision target %.3g%%: %s after %d round%s (%lld replications); largest "
                "relative standard error %.3g%% (%s of %s)\n",
                100 * p->target, p->met ? "met" : "NOT met (cap reached)", p->rounds,
                p->rounds > 1 ? "s" : "", (long long)rep->res->replications, 100 * p->achieved,
                p->statistic, nc_metric_name((nc_metric)p->metric));
}

static void print_deadline(FILE *f, const nc_report *rep)
{
    const nc_scenario *sc = rep->res->sc;
    if (sc->deadline_h <= 0)
        return;
    const nc_summary *on_time = nc_report_get(rep, NC_ROW_TOTAL, NC_M_ON_TIME);
    char days[48];
    nc_output_number(days, sizeof days, sc->deadline_h / 24.0);
    fprintf(f, "\nprobability of finishing within %s d: %.3f", days, on_time->mean);
    if (!rep->res->point && on_time->se > 0) /* every replication on time, or none: no +/- */
        fprintf(f, " (+/- %.3f)", on_time->se);
    fputc('\n', f);
}

static void print_header(FILE *f, const nc_report *rep)
{
    const nc_result *res = rep->res;
    const nc_scenario *sc = res->sc;
    fprintf(f, "%s%s%s\n", sc->name, sc->title ? ": " : "", sc->title ? sc->title : "");
    if (sc->source)
        fprintf(f, "source: %s\n", sc->source);
    if (res->point)
        fprintf(f, "point estimate: every input at its nominal value\n");
    else
        fprintf(f, "%lld replications, seed %llu; median [P5 - P95]\n",
                (long long)res->replications, (unsigned long long)res->seed);
    if (rep->timing && res->elapsed_s > 0)
        fprintf(f, "%.2f s on %d threads (%.3g million simulated trials per second)\n",
                res->elapsed_s, res->threads, res->trials_run / res->elapsed_s / 1e6);
}

static void print_equivalents(FILE *f, const nc_report *rep)
{
    const nc_catalog *cat = rep->res->sc->catalog;
    const nc_summary *co2 = nc_report_get(rep, NC_ROW_TOTAL, NC_M_CO2E_KG);
    if (cat->n_equivalents == 0 || co2->p95 <= 0)
        return;
    fprintf(f, "\nthe total CO2e equals\n");
    for (size_t i = 0; i < cat->n_equivalents; i++) {
        const nc_equivalent *e = &cat->equivalents[i];
        if (!e->label)
            continue;
        nc_summary s = nc_stats_scale(co2, e->co2e_kg);
        char text[160];
        nc_output_band(text, sizeof text, -1, &s);
        fprintf(f, "  %-26s %s\n", text, e->label);
    }
}

int nc_output_table(FILE *f, const nc_report *rep, nc_error *err)
{
    const nc_scenario *sc = rep->res->sc;
    print_header(f, rep);
    /* one stage: its row is the pipeline's total, which also holds the clusters' idle
     * energy and utilisation */
    for (size_t i = 0; i < sc->n_stages; i++) {
        fprintf(f, "\nstage %s\n", sc->stages[i].name);
        print_row(f, rep, sc->n_stages == 1 ? NC_ROW_TOTAL : nc_row_of_stage(i));
    }
    if (sc->n_stages > 1) {
        fprintf(f, "\ntotal\n");
        print_row(f, rep, NC_ROW_TOTAL);
    }
    print_deadline(f, rep);
    print_equivalents(f, rep);
    print_precision(f, rep);
    if (ferror(f))
        return nc_error_set(err, NC_EIO, "cannot write the table");
    return 0;
}
