/* input_check.c - the checks of an uncertain input's values as it is read (see input_check.h). */
#include "load/input_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "dist/dist_quantile.h"

/*
 * How messages name the field at 'path': by its path ("stages.x.duration must be ..."), except
 * when the location already says it, as for a value given as `--set PATH=VALUE`, whose
 * location is "--set PATH". subject() starts a sentence, prefix() precedes one.
 */
static int named_by_location(const char *path, const nc_node *node)
{
    return strncmp(node->file, "--set ", 6) == 0 && strcmp(node->file + 6, path) == 0;
}

static const char *subject(const char *path, const nc_node *node)
{
    return named_by_location(path, node) ? "the value" : path;
}

void nc_input_prefix(char *buf, size_t size, const char *path, const nc_node *node)
{
    if (named_by_location(path, node))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.500s: ", path);
}

/* The value 'v' of the field at 'path' must lie in 'dom'; 'node' is where it was written.
 * When another unit would make it plausible for 'r' ("5" for a probability), say so. */
static int check_domain(double v, const nc_node *node, const char *path, const nc_domain *dom,
                        const nc_field_range *r, nc_error *err)
{
    int below = v < dom->lo || (dom->lo_open && v == dom->lo);
    if (!below && v <= dom->hi)
        return 0;
    char again[200];
    int hint = nc_field_range_suggest(r, node->text, again, sizeof again);
    return nc_node_error(err, node, NC_EINPUT, "%s must be %s, got '%s'%s%s%s", subject(path, node),
                         dom->what, nc_quote(node->text).text, hint ? ": did you mean " : "",
                         hint ? again : "", hint ? "?" : "");
}

/* The value 'v' written at 'node' for the field 'path' must be plausible for 'r' (ranges.h). */
int nc_input_check_plausible(double v, const nc_node *node, const char *path,
                             const nc_field_range *r, nc_error *err)
{
    char pre[600];
    if (!nc_field_range_check(r, node->text, v, err))
        return 0;
    nc_input_prefix(pre, sizeof pre, path, node);
    return nc_node_error(err, node, err->code, "%s%s", pre, err->message);
}

/* Both checks of a value: its domain, then its plausibility. */
int nc_input_check_value(double v, const nc_node *node, const char *path, const nc_domain *dom,
                         const nc_field_range *r, nc_error *err)
{
    int rc = check_domain(v, node, path, dom, r, err);
    return rc ? rc : nc_input_check_plausible(v, node, path, r, err);
}

/* Parse the quantity written at scalar 'node' for the field 'path'; 'r' (may be NULL) steers
 * the suggestions of a unit error. */
int nc_input_parse_quantity(double *out, const nc_node *node, const char *path, nc_dim dim,
                            const nc_field_range *r, nc_error *err)
{
    char pre[600];
    nc_input_prefix(pre, sizeof pre, path, node);
    if (nc_node_is_null(node)) {
        int none = dim == NC_DIM_NONE;
        const char *unit = nc_dim_unit(dim);
        return nc_node_error(err, node, NC_EINPUT,
                             "%sno value given; expected a number%s (e.g. '%s%s'), a range "
                             "('%s to %s%s') or a distribution ({dist: ...})",
                             pre, none ? "" : " with its unit", none ? "0.5" : "5 ", unit,
                             none ? "0.3" : "3", none ? "0.8" : "8 ", unit);
    }
    nc_plausible p;
    int near = r && nc_field_range_values(r, &p, NULL) == 0;
    if (!nc_quantity_parse_near(node->text, dim, near ? &p : NULL, out, err))
        return 0;
    return nc_node_error(err, node, NC_EINPUT, "%s%s", pre, err->message);
}

/*
 * Build the distribution at nominal parameters once, so impossible ones fail at load. The
 * message of dist.c ("uniform: low 8 must be less than high 3") is put at the parameter it
 * names first, and says which field and unit ("stages.x.duration (uniform, in h): ...").
 */
int nc_input_check_nominal(const nc_input *in, const nc_node *node, nc_error *err)
{
    nc_dist d;
    nc_draw nominal = {NULL, 0, 0, 1, NULL};
    int rc = nc_input_resolve(in, &nominal, &d, err);
    if (rc == 0 && !isfinite(nc_dist_quantile(&d, 0.5)))
        return nc_node_error(err, node, NC_EINPUT,
                             "%s: this distribution is too degenerate to sample (its median is "
                             "not a number): its spread is far beyond its centre",
                             in->path);
    if (rc != NC_EINPUT)
        return rc;
    char msg[NC_ERROR_MSG_MAX], resolve[600], kind[32] = "", param[32] = "";
    snprintf(resolve, sizeof resolve, "%.500s (replication 0): ", in->path);
    size_t skip = strncmp(err->message, resolve, strlen(resolve)) ? 0 : strlen(resolve);
    snprintf(msg, sizeof msg, "%s", err->message + skip);
    if (sscanf(msg, "%31[a-z]: %31[a-z0-9]", kind, param) < 1 ||
        strncmp(msg + strlen(kind), ": ", 2) != 0)
        kind[0] = param[0] = '\0';
    const nc_node *at = param[0] ? nc_node_get(node, param) : NULL;
    if (at && strcmp(at->file, node->file) != 0) /* a base's parameter: the override is at fault */
        at = NULL;
    const char *unit = nc_dim_unit(in->dim), *rest = msg + (kind[0] ? strlen(kind) + 2 : 0);
    char pre[600], about[700];
    nc_input_prefix(pre, sizeof pre, in->path, node);
    if (!kind[0]) /* "normal truncated to [0, inf] holds no probability" */
        return nc_node_error(err, node, NC_EINPUT, "%s%s", pre, msg);
    /* "stages.x.duration (uniform, in h)", or "uniform (in h)" when the location says it */
    if (pre[0])
        snprintf(about, sizeof about, "%.500s (%s%s%s)", in->path, kind, unit[0] ? ", in " : "",
                 unit);
    else
        snprintf(about, sizeof about, "%s%s%s%s", kind, unit[0] ? " (in " : "", unit,
                 unit[0] ? ")" : "");
    return nc_node_error(err, at ? at : node, NC_EINPUT, "%s: %s", about, rest);
}

/*
 * A distribution must be plausible as a whole: its 0.1st to 99.9th percentiles at nominal
 * parameters lie in the field's range (ranges.h), so that a spread far beyond its centre
 * (`{dist: normal, mean: 0.4, sd: 5}` for kg/kWh) is refused, at the mapping.
 */
int nc_input_check_spread(const nc_input *in, const nc_node *node, const nc_field_range *r,
                          nc_error *err)
{
    nc_dist d;
    nc_draw nominal = {NULL, 0, 0, 1, NULL};
    char pre[600];
    if (!r || in->form == NC_FORM_FIXED || nc_input_resolve(in, &nominal, &d, NULL))
        return 0;
    if (!nc_field_range_check_spread(r, nc_dist_quantile(&d, 0.001), nc_dist_quantile(&d, 0.999),
                                     err))
        return 0;
    nc_input_prefix(pre, sizeof pre, in->path, node);
    return nc_node_error(err, node, err->code, "%s%s", pre, err->message);
}

int nc_quantity_check(const nc_node *node, const char *path, nc_dim dim, double value,
                      nc_error *err)
{
    return nc_input_check_plausible(value, node, path, nc_field_range_find(path, dim), err);
}
