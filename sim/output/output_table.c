/* output_table.c - the table people read (see output_table.h). */
#include "output/output_table.h"

#include <math.h>
#include <string.h>

#include "base/metrics.h"
#include "output/output_format.h"
#include "analysis/precision.h"
#include "base/units.h"
#include "scenario/scenario_metrics.h"

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
