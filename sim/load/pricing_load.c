/* pricing_load.c - `pricing:` of a scenario or a stage (see pricing_load.h). */
#include "load/pricing_load.h"

#include <stdio.h>
#include <string.h>

#include "base/suggest.h"
#include "base/text.h"
#include "load/input_load.h"
#include "load/schema.h"

static const char *const PRICING_KEYS[] = {"gpu_hour", "owned", NULL};

/* `owned: {price_per_gpu, amortise_over, utilisation}`: the purchase price amortised. */
static int load_owned(nc_pricing *pr, const nc_node *owned, const char *prefix, nc_error *err)
{
    static const char *const keys[] = {"price_per_gpu", "amortise_over", "utilisation", NULL};
    const nc_node *price, *over, *util;
    char path[300];
    int rc = nc_schema_map(owned, "'owned'", err);
    if (!rc)
        rc = nc_schema_keys(owned, keys, "'owned'", err);
    if (!rc)
        rc = nc_schema_require(&price, owned, "price_per_gpu", "'owned'", err);
    if (!rc)
        rc = nc_schema_require(&over, owned, "amortise_over", "'owned' (e.g. 4 y)", err);
    snprintf(path, sizeof path, "%spricing.owned.price_per_gpu", prefix);
    if (!rc)
        rc = nc_input_load(&pr->purchase_usd, price, path, NC_DIM_MONEY, &NC_DOMAIN_NONNEG, err);
    snprintf(path, sizeof path, "%spricing.owned.amortise_over", prefix);
    if (!rc)
        rc = nc_input_load(&pr->amortise_h, over, path, NC_DIM_TIME, &NC_DOMAIN_POSITIVE, err);
    snprintf(path, sizeof path, "%spricing.owned.utilisation", prefix);
    if (!rc && (util = nc_node_get(owned, "utilisation")))
        rc = nc_input_load(&pr->utilisation, util, path, NC_DIM_NONE, &NC_DOMAIN_FRACTION, err);
    if (!rc && pr->utilisation && !(nc_input_nominal(pr->utilisation) > 0))
        rc = nc_node_error(err, owned, NC_EINPUT, "utilisation must be greater than 0");
    pr->mode = NC_PRICE_OWNED;
    return rc;
}

int nc_pricing_load(nc_pricing *pr, const nc_node *map, const char *prefix, nc_error *err)
{
    static const char *const modes[] = {"on-demand", "spot", "committed"};
    char path[300];
    const nc_node *gh;
    const nc_node *owned = nc_node_get(map, "owned");
    int rc = nc_schema_map(map, "'pricing'", err);
    if (!rc)
        rc = nc_schema_keys(map, PRICING_KEYS, "'pricing'", err);
    if (!rc && owned && nc_node_get(map, "gpu_hour"))
        rc = nc_schema_key_error(
            err, map, "owned",
            "'pricing' takes either 'gpu_hour' (cloud) or 'owned' (your hardware)");
    if (!rc && owned)
        return load_owned(pr, owned, prefix, err);
    if (!rc)
        rc = nc_schema_require_hint(
            &gh, map, "gpu_hour", "'pricing'",
            "a price per GPU-hour, on-demand, spot or committed; or 'owned: {...}'", err);
    if (rc)
        return rc;
    for (int i = 0; i < 3; i++)
        if (gh->kind == NC_NODE_SCALAR && strcmp(gh->text, modes[i]) == 0) {
            pr->mode = (nc_price_mode)(NC_PRICE_ON_DEMAND + i);
            return 0;
        }
    const char *near = nc_schema_is_name(gh) ? nc_suggest(gh->text, modes, 3) : NULL;
    if (near)
        return nc_node_error(err, gh, NC_EINPUT, "unknown price '%s' (did you mean '%s'?)",
                             nc_quote(gh->text).text, near);
    if (nc_schema_is_name(gh))
        return nc_node_error(err, gh, NC_EINPUT,
                             "expected a price per GPU-hour or one of on-demand, spot, "
                             "committed; got '%s'",
                             nc_quote(gh->text).text);
    snprintf(path, sizeof path, "%spricing.gpu_hour", prefix);
    pr->mode = NC_PRICE_INPUT;
    return nc_input_load(&pr->gpu_hour_usd, gh, path, NC_DIM_USD_PER_H, &NC_DOMAIN_NONNEG, err);
}

/* Copy the optional input at 'src' into '*dst' (NULL stays NULL). */
static int copy_input(nc_input **dst, const nc_input *src)
{
    *dst = NULL;
    return src && !(*dst = nc_input_copy(src)) ? NC_ENOMEM : 0;
}

int nc_pricing_copy(nc_pricing *dst, const nc_pricing *src, nc_error *err)
{
    dst->mode = src->mode;
    if (copy_input(&dst->gpu_hour_usd, src->gpu_hour_usd) ||
        copy_input(&dst->purchase_usd, src->purchase_usd) ||
        copy_input(&dst->amortise_h, src->amortise_h) ||
        copy_input(&dst->utilisation, src->utilisation))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    return 0;
}
