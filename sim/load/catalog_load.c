/* catalog_load.c - reading models/ into an nc_catalog (see catalog_load.h). */
#include "load/catalog_load.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/catalog_entry.h"
#include "load/catalog_names.h"
#include "load/input_check.h"
#include "load/input_load.h"
#include "load/node_yaml.h"
#include "load/schema.h"
#include "base/suggest.h"
#include "base/text.h"

static const char *const FILES[NC_CATALOG_FILES] = {"hardware.yaml", "grids.yaml", "sites.yaml",
                                                    "equivalents.yaml"};
/* Which file holds each part. */
static const int PART_FILE[NC_CAT__COUNT] = {0, 1, 2, 2, 3};
#define PART_KEY(part) nc_catalog_part_key((nc_catalog_part)(part))

/* ---- hardware entries ---------------------------------------------------------------------- */

typedef struct hw_field {
    const char *key;
    nc_dim dim;
    const nc_domain *dom;
    int required;
    size_t offset;
} hw_field;

#define HW(key, dim, dom, req, member) {key, dim, &dom, req, offsetof(nc_hardware, member)}
static const hw_field HW_FIELDS[] = {
    HW("tdp", NC_DIM_POWER, NC_DOMAIN_POSITIVE, 1, tdp_w),
    HW("power_fraction", NC_DIM_NONE, NC_DOMAIN_FRACTION, 1, power_fraction),
    HW("idle", NC_DIM_POWER, NC_DOMAIN_NONNEG, 0, idle_w),
    HW("speed", NC_DIM_NONE, NC_DOMAIN_POSITIVE, 1, speed),
    HW("embodied", NC_DIM_MASS, NC_DOMAIN_NONNEG, 1, embodied_kg),
    HW("lifetime", NC_DIM_TIME, NC_DOMAIN_POSITIVE, 1, lifetime_h),
    HW("utilisation", NC_DIM_NONE, NC_DOMAIN_FRACTION, 1, utilisation),
    HW("price_on_demand", NC_DIM_USD_PER_H, NC_DOMAIN_NONNEG, 0, price_on_demand),
    HW("price_spot", NC_DIM_USD_PER_H, NC_DOMAIN_NONNEG, 0, price_spot),
    HW("price_committed", NC_DIM_USD_PER_H, NC_DOMAIN_NONNEG, 0, price_committed),
};
#define N_HW_FIELDS (sizeof HW_FIELDS / sizeof HW_FIELDS[0])

static const char *const HW_KEYS[] = {
    "name",        "kind",     "year",  "tdp",      "power_fraction",  "idle",
    "speed",       "embodied", "lifetime", "utilisation", "price_on_demand", "price_spot",
    "price_committed", "aliases", "sources", NULL};

static nc_input **hw_slot(nc_hardware *hw, const hw_field *f)
{
    return (nc_input **)(void *)((char *)hw + f->offset);
}

static int load_text(const char **out, const nc_node *entry, const char *key, int required,
                     const char *what, nc_error *err)
{
    const nc_node *node = nc_node_get(entry, key);
    *out = NULL;
    if (!node && required)
        return nc_schema_require(&node, entry, key, what, err);
    return node ? nc_schema_text(out, node, key, err) : 0;
}

static int load_hardware_entry(nc_hardware *hw, const char *id, const nc_node *entry,
                               nc_error *err)
{
    char what[300], path[300];
    snprintf(what, sizeof what, "hardware '%s'", id);
    int rc = nc_schema_map(entry, what, err);
    if (!rc)
        rc = nc_schema_keys(entry, HW_KEYS, what, err);
    if (!rc)
        rc = load_text(&hw->name, entry, "name", 1, what, err);
    if (!rc)
        rc = load_text(&hw->kind, entry, "kind", 1, what, err);
    const nc_node *year = nc_node_get(entry, "year");
    int64_t y = 0;
    if (!rc && year && !(rc = nc_schema_int(&y, year, 1950, 2100, "a year", err)))
        hw->year = (long)y;
    for (size_t i = 0; i < N_HW_FIELDS && !rc; i++) {
        const hw_field *f = &HW_FIELDS[i];
        const nc_node *node = nc_node_get(entry, f->key);
        if (!node && f->required)
            rc = nc_schema_require(&node, entry, f->key, what, err);
        snprintf(path, sizeof path, "hardware.%s.%s", id, f->key);
        if (!rc && node)
            rc = nc_input_load(hw_slot(hw, f), node, path, f->dim, f->dom, err);
    }
    return rc;
}

/* ---- presets: grids, PUE, electricity prices ------------------------------------------------ */

typedef struct preset_spec {
    const char *value_key;
    nc_dim dim;
    const nc_domain *dom;
} preset_spec;

static const preset_spec PRESET[NC_CAT__COUNT] = {
    [NC_CAT_GRIDS] = {"carbon_intensity", NC_DIM_CI, &NC_DOMAIN_NONNEG},
    [NC_CAT_PUE] = {"pue", NC_DIM_NONE, &NC_DOMAIN_PUE},
    [NC_CAT_PRICES] = {"price", NC_DIM_USD_PER_KWH, &NC_DOMAIN_NONNEG},
};

static int load_preset(nc_preset *p, nc_catalog_part part, const char *id, const nc_node *entry,
                       nc_error *err)
{
    const preset_spec *spec = &PRESET[part];
    const char *keys[] = {"name", spec->value_key, "year", "basis", "location", "aliases",
                          "sources", NULL};
    char what[300], path[300];
    snprintf(what, sizeof what, "%s '%s'", nc_catalog_part_what(part), id);
    snprintf(path, sizeof path, "%s.%s", PART_KEY(part), id);
    const nc_node *value;
    int rc = nc_schema_map(entry, what, err);
    if (!rc)
        rc = nc_schema_keys(entry, keys, what, err);
    if (!rc)
        rc = load_text(&p->name, entry, "name", 1, what, err);
    if (!rc)
        rc = nc_schema_require(&value, entry, spec->value_key, what, err);
    if (!rc)
        rc = nc_input_load(&p->value, value, path, spec->dim, spec->dom, err);
    return rc;
}

static int load_equivalent(nc_equivalent *e, const char *id, const nc_node *entry,
                           nc_error *err)
{
    static const char *const keys[] = {"name", "label", "co2e", "per", "sources", NULL};
    char what[300];
    snprintf(what, sizeof what, "equivalent '%s'", id);
    const nc_node *co2e;
    int rc = nc_schema_map(entry, what, err);
    if (!rc)
        rc = nc_schema_keys(entry, keys, what, err);
    if (!rc)
        rc = load_text(&e->name, entry, "name", 1, what, err);
    if (!rc)
        rc = load_text(&e->per, entry, "per", 0, what, err);
    if (!rc)
        rc = load_text(&e->label, entry, "label", 0, what, err);
    if (!rc)
        rc = nc_schema_require(&co2e, entry, "co2e", what, err);
    if (!rc && co2e->kind != NC_NODE_SCALAR)
        rc = nc_node_error(err, co2e, NC_EINPUT, "an equivalent's co2e is one figure");
    if (!rc && nc_quantity_parse(co2e->text, NC_DIM_MASS, &e->co2e_kg, err))
        rc = nc_node_error(err, co2e, NC_EINPUT, "%s", err->message);
    if (!rc && !(e->co2e_kg > 0))
        rc = nc_node_error(err, co2e, NC_EINPUT, "co2e must be greater than 0");
    snprintf(what, sizeof what, "equivalents.%s.co2e", id);
    if (!rc)
        rc = nc_quantity_check(co2e, what, NC_DIM_MASS, e->co2e_kg, err);
    return rc;
}

/* ---- the catalog ----------------------------------------------------------------------------- */

/* Entry 'i' of part 'part', loaded from 'map'->items[i], made the catalog's own: its strings
 * copied into the catalog's pool and the entry as written captured. */
static int keep_entry(nc_catalog *cat, nc_catalog_part part, size_t i, const nc_node *map,
                      nc_error *err)
{
    nc_text_pool *pool = &cat->text;
    nc_catalog_entry *e = (nc_catalog_entry *)nc_catalog_entry_at(cat, part, i);
    int rc = nc_catalog_entry_capture(e, pool, map->keys[i], map->items[i], err);
    if (rc)
        return rc;
    if (part == NC_CAT_HARDWARE) {
        nc_hardware *hw = &cat->hardware[i];
        hw->id = e->id;
        rc = nc_text_pool_copy(pool, &hw->name, hw->name, err);
        return rc ? rc : nc_text_pool_copy(pool, &hw->kind, hw->kind, err);
    }
    if (part == NC_CAT_EQUIVALENTS) {
        nc_equivalent *q = &cat->equivalents[i];
        q->id = e->id;
        rc = nc_text_pool_copy(pool, &q->name, q->name, err);
        if (!rc)
            rc = nc_text_pool_copy(pool, &q->per, q->per, err);
        return rc ? rc : nc_text_pool_copy(pool, &q->label, q->label, err);
    }
    cat->presets[part][i].id = e->id;
    return nc_text_pool_copy(pool, &cat->presets[part][i].name, cat->presets[part][i].name, err);
}

/* The names of part 'part' made the catalog's own (they pointed into the YAML). */
static int keep_names(nc_catalog *cat, nc_catalog_part part, nc_error *err)
{
    int rc = 0;
    for (size_t k = 0; k < cat->n_names[part] && !rc; k++) {
        nc_catalog_name *name = &cat->names[part][k];
        rc = nc_text_pool_copy(&cat->text, &name->name, name->name, err);
        if (!rc)
            rc = nc_text_pool_copy(&cat->text, &name->file, name->file, err);
    }
    return rc;
}

static int load_part(nc_catalog *cat, nc_node *const *files, nc_catalog_part part,
                     nc_error *err)
{
    const nc_node *file = files[PART_FILE[part]];
    const nc_node *map = nc_node_get(file, PART_KEY(part));
    if (!map)
        return nc_node_error(err, file, NC_EINPUT, "missing required key '%s'", PART_KEY(part));
    int rc = nc_schema_map(map, PART_KEY(part), err);
    if (rc || map->n == 0)
        return rc;
    size_t size = part == NC_CAT_HARDWARE      ? sizeof(nc_hardware)
                  : part == NC_CAT_EQUIVALENTS ? sizeof(nc_equivalent)
                                               : sizeof(nc_preset);
    void *arr = calloc(map->n, size);
    if (!arr)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    if (part == NC_CAT_HARDWARE)
        cat->hardware = arr;
    else if (part == NC_CAT_EQUIVALENTS)
        cat->equivalents = arr;
    else
        cat->presets[part] = arr;
    for (size_t i = 0; i < map->n && !rc; i++) {
        if (part == NC_CAT_HARDWARE)
            rc = load_hardware_entry(&cat->hardware[cat->n_hardware++], map->keys[i],
                                     map->items[i], err);
        else if (part == NC_CAT_EQUIVALENTS)
            rc = load_equivalent(&cat->equivalents[cat->n_equivalents++], map->keys[i],
                                 map->items[i], err);
        else
            rc = load_preset(&cat->presets[part][cat->n_presets[part]++], part, map->keys[i],
                             map->items[i], err);
    }
    for (size_t i = 0; i < map->n && !rc; i++)
        rc = keep_entry(cat, part, i, map, err);
    if (!rc)
        rc = nc_catalog_names_index(&cat->names[part], &cat->n_names[part], map, err);
    if (!rc)
        rc = nc_catalog_names_unique(cat, part, err);
    return rc ? rc : keep_names(cat, part, err);
}

/* The keys of 'over' (a scenario's overrides of part 'part'), as written, kept in 'cat'. */
static int keep_overrides(nc_catalog *cat, nc_catalog_part part, const nc_node *over,
                          nc_error *err)
{
    if (over->kind != NC_NODE_MAP || !over->n)
        return 0;
    const char **keys = realloc(cat->overrides[part],
                                (cat->n_overrides[part] + over->n) * sizeof *keys);
    if (!keys)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    cat->overrides[part] = keys;
    int rc = 0;
    for (size_t j = 0; j < over->n && !rc; j++)
        rc = nc_text_pool_copy(&cat->text, &keys[cat->n_overrides[part]++], over->keys[j], err);
    return rc;
}

static int merge_overrides(nc_catalog *cat, nc_node *const *files, const nc_node *overrides,
                           nc_error *err)
{
    static const char *const keys[] = {"hardware", "grids", "pue", "electricity_price",
                                       "equivalents", NULL};
    int rc = nc_schema_map(overrides, "the catalog overrides", err);
    if (!rc)
        rc = nc_schema_keys(overrides, keys, "catalog", err);
    for (size_t i = 0; i < overrides->n && !rc; i++) {
        int part = 0;
        while (strcmp(PART_KEY(part), overrides->keys[i]) != 0)
            part++;
        nc_node *file = files[PART_FILE[part]];
        nc_node *base = nc_node_get(file, PART_KEY(part));
        if (!base)
            return nc_node_error(err, file, NC_EINPUT, "missing key '%s'", PART_KEY(part));
        if ((rc = keep_overrides(cat, (nc_catalog_part)part, overrides->items[i], err)))
            return rc;
        nc_node *copy = nc_node_copy(overrides->items[i]);
        if (!copy)
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        if ((rc = nc_catalog_names_resolve(copy, base, (nc_catalog_part)part, err))) {
            nc_node_free(copy);
            return rc;
        }
        rc = nc_node_merge(base, copy, err);
    }
    return rc;
}

int nc_catalog_load(nc_catalog **out, const char *dir, const nc_node *overrides, nc_error *err)
{
    char path[PATH_MAX];
    nc_node *files[NC_CATALOG_FILES] = {NULL};
    int rc = 0;
    nc_catalog *cat = calloc(1, sizeof *cat);
    *out = NULL;
    if (!cat || !(cat->dir = strdup(dir))) {
        free(cat);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    for (int i = 0; i < NC_CATALOG_FILES && !rc; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, FILES[i]) >= (int)sizeof path)
            rc = nc_error_set(err, NC_EINPUT, "catalog directory path too long: %s", dir);
        else
            rc = nc_node_load_file(&files[i], path, err);
        if (!rc)
            rc = nc_schema_map(files[i], "a catalog file", err);
    }
    if (!rc && overrides)
        rc = merge_overrides(cat, files, overrides, err);
    for (int part = 0; part < NC_CAT__COUNT && !rc; part++)
        rc = load_part(cat, files, (nc_catalog_part)part, err);
    for (int i = 0; i < NC_CATALOG_FILES; i++)
        nc_node_free(files[i]);
    if (rc) {
        nc_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return 0;
}

int nc_catalog_unknown(const nc_catalog *cat, nc_catalog_part part, const nc_node *node,
                       const char *name, nc_error *err)
{
    size_t n = part == NC_CAT_HARDWARE ? cat->n_hardware : cat->n_presets[part];
    const char **ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        ids[i] = part == NC_CAT_HARDWARE ? cat->hardware[i].id : cat->presets[part][i].id;
    const char *near = nc_suggest(name, ids, n);
    int rc;
    if (near)
        rc = nc_node_error(err, node, NC_EINPUT, "unknown %s '%s' (did you mean '%s'?)",
                           nc_catalog_part_what(part), nc_quote(name).text, near);
    else
        rc = nc_node_error(err, node, NC_EINPUT, "unknown %s '%s' (`nascost catalog` lists them)",
                           nc_catalog_part_what(part), nc_quote(name).text);
    free(ids);
    return rc;
}
