/* site_load.c - a scenario's `sites:` (see site_load.h). */
#include "load/site_load.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/names.h"
#include "load/catalog_load.h"
#include "load/input_load.h"
#include "load/profile_load.h"
#include "load/scenario_realism.h"
#include "load/schema.h"

static const char *const SITE_KEYS[] = {"pue",     "carbon_intensity", "grid", "electricity_price",
                                        "cluster", "description",      NULL};

/* An input that may also name a catalog preset (`pue: hyperscaler`, `grid: us-2018`). */
static int load_input_or_preset(nc_input **out, nc_scenario *sc, const nc_node *node,
                                nc_catalog_part part, const char *path, nc_dim dim,
                                const nc_domain *dom, nc_error *err)
{
    if (nc_schema_is_name(node) && !nc_schema_is_quantity(node)) {
        const nc_preset *p = nc_catalog_preset(sc->catalog, part, node->text);
        if (!p)
            return nc_catalog_unknown(sc->catalog, part, node, node->text, err);
        *out = nc_input_copy(p->value);
        return *out ? 0 : nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    return nc_input_load(out, node, path, dim, dom, err);
}

static int load_site(nc_scenario *sc, nc_site *site, const char *name, const nc_node *map,
                     nc_error *err)
{
    char what[300], path[300];
    snprintf(what, sizeof what, "site '%s'", name);
    const nc_node *pue, *ci = nc_node_get(map, "carbon_intensity");
    const nc_node *grid = nc_node_get(map, "grid"), *price = nc_node_get(map, "electricity_price");
    int rc = nc_schema_map(map, what, err);
    if (!rc)
        rc = nc_schema_keys(map, SITE_KEYS, what, err);
    if (!rc)
        rc = nc_schema_require_hint(&pue, map, "pue", what,
                                    "e.g. 'pue: 1.5', or a preset such as 'pue: hyperscaler'", err);
    if (!rc && ci && grid)
        rc = nc_schema_key_error(err, map, "grid",
                                 "give either 'carbon_intensity' or 'grid' in %s, not both", what);
    if (!rc && !ci && !grid)
        rc = nc_node_error(err, map, NC_EINPUT,
                           "missing required key 'carbon_intensity' (or 'grid') in %s (e.g. "
                           "'carbon_intensity: 400 g/kWh' or 'grid: us-2018')",
                           what);
    if (!rc)
        rc = nc_text_pool_copy(&sc->text, &site->name, name, err);
    if (!rc)
        rc = nc_schema_written(&site->description, &sc->text, map, "description", err);
    snprintf(path, sizeof path, "sites.%s.pue", name);
    if (!rc)
        rc = load_input_or_preset(&site->pue, sc, pue, NC_CAT_PUE, path, NC_DIM_NONE,
                                  &NC_DOMAIN_PUE, err);
    snprintf(path, sizeof path, "sites.%s.carbon_intensity", name);
    int hourly = rc ? 0 : nc_profile_load_site(sc, site, ci ? ci : grid, err);
    if (hourly < 0)
        rc = hourly;
    if (!rc && !hourly)
        rc = load_input_or_preset(&site->ci_kg_per_kwh, sc, ci ? ci : grid, NC_CAT_GRIDS, path,
                                  NC_DIM_CI, &NC_DOMAIN_NONNEG, err);
    const nc_node *cluster = nc_node_get(map, "cluster");
    if (!rc && cluster)
        rc = nc_realism_load_cluster(sc, site, cluster, err);
    snprintf(path, sizeof path, "sites.%s.electricity_price", name);
    if (!rc && price)
        rc = load_input_or_preset(&site->usd_per_kwh, sc, price, NC_CAT_PRICES, path,
                                  NC_DIM_USD_PER_KWH, &NC_DOMAIN_NONNEG, err);
    return rc;
}

int nc_site_load_all(nc_scenario *sc, const nc_node *root, nc_error *err)
{
    const nc_node *sites;
    int rc = nc_schema_require_hint(&sites, root, "sites", "the scenario",
                                    "where the stages run: "
                                    "'sites: {lab: {pue: 1.5, carbon_intensity: 400 g/kWh}}'",
                                    err);
    if (!rc && sites->kind != NC_NODE_MAP)
        rc = nc_schema_key_error(err, root, "sites",
                                 "'sites' must be a mapping of site names to sites, got %s",
                                 nc_node_kind_name(sites->kind));
    if (!rc && sites->n == 0)
        rc = nc_node_error(err, sites, NC_EINPUT, "'sites' is empty: name at least one site");
    if (rc)
        return rc;
    sc->sites = calloc(sites->n, sizeof *sc->sites);
    sc->site_index = calloc(1, sizeof *sc->site_index);
    if (!sc->sites || !sc->site_index ||
        nc_names_index(sc->site_index, sites, sites->n, nc_node_key_at))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < sites->n && !rc; i++, sc->n_sites++)
        rc = load_site(sc, &sc->sites[i], sites->keys[i], sites->items[i], err);
    return rc;
}
