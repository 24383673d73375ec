/* output_format.c - numbers and units for people (see output_format.h). */
#include "output/output_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/metrics.h"
#include "base/units.h"

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
