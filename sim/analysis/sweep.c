/* sweep.c - parsing --vary (see sweep.h). */
#include "analysis/sweep.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_range(const char *begin, const char *end)
{
    while (begin < end && isspace((unsigned char)*begin))
        begin++;
    while (end > begin && isspace((unsigned char)end[-1]))
        end--;
    char *s = malloc((size_t)(end - begin) + 1);
    if (s) {
        memcpy(s, begin, (size_t)(end - begin));
        s[end - begin] = '\0';
    }
    return s;
}

static int add_value(nc_vary *v, char *value, nc_error *err)
{
    if (!value)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (!*value) {
        free(value);
        return nc_error_set(err, NC_EINPUT, "--vary %s: an empty value", v->path);
    }
    if (v->n >= NC_VARY_MAX_VALUES) {
        free(value);
        return nc_error_set(err, NC_EINPUT, "--vary %s: more than %d values", v->path,
                            NC_VARY_MAX_VALUES);
    }
    char **grown = realloc(v->values, (v->n + 1) * sizeof *grown);
    if (!grown) {
        free(value);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    v->values = grown;
    v->values[v->n++] = value;
    return 0;
}

/* Split 'list' on the commas and colons outside brackets; returns how many of each. */
static void count_separators(const char *list, int *commas, int *colons)
{
    int depth = 0;
    *commas = *colons = 0;
    for (const char *p = list; *p; p++) {
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
        *commas += depth == 0 && *p == ',';
        *colons += depth == 0 && *p == ':';
    }
}

static int split_list(nc_vary *v, const char *list, nc_error *err)
{
    int depth = 0, rc = 0;
    const char *start = list;
    for (const char *p = list;; p++) {
        if (*p == '\0' || (depth == 0 && *p == ',')) {
            if ((rc = add_value(v, dup_range(start, p), err)) || *p == '\0')
                return rc;
            start = p + 1;
        }
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
    }
}

/* A number and the unit after it ("10h" -> 10, "h"). */
static int number_unit(const char *text, double *x, char *unit, size_t size)
{
    char *end;
    errno = 0;
    *x = strtod(text, &end);
    if (end == text || errno || !isfinite(*x))
        return -1;
    while (*end == ' ')
        end++;
    snprintf(unit, size, "%s", end);
    return 0;
}

static int linspace(nc_vary *v, const char *spec, nc_error *err)
{
    char lo_t[64], hi_t[64], lo_u[32], hi_u[32];
    long steps;
    double lo, hi;
    if (sscanf(spec, "%63[^:]:%63[^:]:%ld", lo_t, hi_t, &steps) != 3 ||
        number_unit(lo_t, &lo, lo_u, sizeof lo_u) || number_unit(hi_t, &hi, hi_u, sizeof hi_u))
        return nc_error_set(err, NC_EINPUT,
                            "--vary %s=%s: expected LO:HI:STEPS, e.g. 1000:5000:5 or 1h:10h:4",
                            v->path, spec);
    if (steps < 2 || steps > NC_VARY_MAX_VALUES)
        return nc_error_set(err, NC_EINPUT, "--vary %s: STEPS must be from 2 to %d, got %ld",
                            v->path, NC_VARY_MAX_VALUES, steps);
    if (strcmp(lo_u, hi_u) != 0 && lo_u[0] && hi_u[0])
        return nc_error_set(err, NC_EINPUT, "--vary %s: LO and HI have different units ('%s', "
                            "'%s')", v->path, lo_u, hi_u);
    const char *unit = lo_u[0] ? lo_u : hi_u;
    int rc = 0;
    for (long i = 0; i < steps && !rc; i++) {
        char text[96];
        double x = lo + (hi - lo) * (double)i / (double)(steps - 1);
        snprintf(text, sizeof text, "%.10g%s%s", x, unit[0] ? " " : "", unit);
        rc = add_value(v, dup_range(text, text + strlen(text)), err);
    }
    return rc;
}

int nc_vary_parse(nc_vary *out, const char *spec, nc_error *err)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return nc_error_set(err, NC_EINPUT,
                            "--vary expects PATH=V1,V2,... or PATH=LO:HI:STEPS, got '%s'", spec);
    if (!(out->path = dup_range(spec, eq)))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    int commas, colons, rc;
    count_separators(eq + 1, &commas, &colons);
    rc = commas == 0 && colons == 2 ? linspace(out, eq + 1, err) : split_list(out, eq + 1, err);
    if (rc)
        nc_vary_free(out);
    return rc;
}

void nc_vary_free(nc_vary *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->values[i]);
    free(v->values);
    free(v->path);
    memset(v, 0, sizeof *v);
}
