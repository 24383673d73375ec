/* catalog.c - reading models/ (see catalog.h). */
#include "scenario/catalog.h"

#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/input_load.h"
#include "load/schema.h"
#include "base/suggest.h"
#include "base/text.h"

static const char *const FILES[4] = {"hardware.yaml", "grids.yaml", "sites.yaml",
                                     "equivalents.yaml"};
static const char *const PART_KEY[NC_CAT__COUNT] = {"hardware", "grids", "pue",
                                                    "electricity_price", "equivalents"};
/* Which file holds each part. */
static const int PART_FILE[NC_CAT__COUNT] = {0, 1, 2, 2, 3};
static const char *const PART_WHAT[NC_CAT__COUNT] = {"hardware", "grid", "PUE preset",
                                                     "electricity price", "equivalent"};

const char *nc_catalog_part_key(nc_catalog_part part)
{
    return PART_KEY[part];
}

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
    hw->id = id;
    hw->node = entry;
    return rc;
}

static void free_hardware(nc_hardware *hw)
{
    for (size_t i = 0; i < N_HW_FIELDS; i++)
        nc_input_free(*hw_slot(hw, &HW_FIELDS[i]));
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
    snprintf(what, sizeof what, "%s '%s'", PART_WHAT[part], id);
    snprintf(path, sizeof path, "%s.%s", PART_KEY[part], id);
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
    p->id = id;
    p->node = entry;
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
    e->id = id;
    e->node = entry;
    return rc;
}

/* ---- names: ids and aliases ------------------------------------------------------------------ */

/* By name; one name of two entries in entry order, then by position (deterministic). */
static int compare_names(const void *a, const void *b)
{
    const nc_catalog_name *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return x->line != y->line ? (x->line < y->line ? -1 : 1)
                              : (x->col > y->col) - (x->col < y->col);
}

static void set_name(nc_catalog_name *out, const char *name, size_t entry, const nc_node *at)
{
    out->name = name;
    out->entry = entry;
    out->file = at->file;
    out->line = at->line;
    out->col = at->col;
}

/* The number of names entry 'item' answers to: its id and its `aliases`, a list of names. */
static int count_names(size_t *n, const nc_node *item, nc_error *err)
{
    const nc_node *aliases = nc_node_get(item, "aliases");
    *n = 1;
    if (!aliases)
        return 0;
    if (aliases->kind != NC_NODE_SEQ)
        return nc_node_error(err, aliases, NC_EINPUT,
                             "'aliases' is a list of other names, e.g. [v100, tesla-v100], got "
                             "%s",
                             nc_node_kind_name(aliases->kind));
    *n += aliases->n;
    return 0;
}

/* Every id and alias of the entries of part mapping 'map', sorted by name, into '*out'. */
static int index_names(nc_catalog_name **out, size_t *n_out, const nc_node *map, nc_error *err)
{
    size_t n = 0, k;
    int rc = 0;
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < map->n && !rc; i++)
        if (map->items[i]->kind == NC_NODE_MAP && !(rc = count_names(&k, map->items[i], err)))
            n += k;
    nc_catalog_name *names = rc ? NULL : calloc(n ? n : 1, sizeof *names);
    if (!rc && !names)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0, at = 0; i < map->n && !rc; i++) {
        const nc_node *item = map->items[i], *aliases = nc_node_get(item, "aliases");
        if (item->kind != NC_NODE_MAP)
            continue;
        set_name(&names[at], map->keys[i], i, item);
        if (map->key_line[i] > 0) /* the key, in its value's file (see nc_node_key_error) */
            names[at].line = map->key_line[i], names[at].col = map->key_col[i];
        at++;
        for (size_t j = 0; aliases && j < aliases->n && !rc; j++)
            if (!(rc = nc_schema_text(&names[at].name, aliases->items[j], "an alias", err)))
                set_name(&names[at], names[at].name, i, aliases->items[j]), at++;
    }
    if (rc) {
        free(names);
        return rc;
    }
    qsort(names, n, sizeof *names, compare_names);
    *out = names;
    *n_out = n;
    return 0;
}

static int name_matches(const void *key, const void *item)
{
    return strcmp(key, ((const nc_catalog_name *)item)->name);
}

static const nc_catalog_name *find_name(const nc_catalog_name *names, size_t n, const char *name)
{
    return n ? bsearch(name, names, n, sizeof *names, name_matches) : NULL;
}

static const char *entry_id(const nc_catalog *cat, nc_catalog_part part, size_t entry)
{
    return part == NC_CAT_HARDWARE      ? cat->hardware[entry].id
           : part == NC_CAT_EQUIVALENTS ? cat->equivalents[entry].id
                                        : cat->presets[part][entry].id;
}

/* 1 when 'file' is one of the catalog's own files (not a scenario's `catalog:` override). */
static int in_catalog_dir(const nc_catalog *cat, const char *file)
{
    size_t len = strlen(cat->dir);
    return !strncmp(file, cat->dir, len) && file[len] == '/';
}

/*
 * A name two entries answer to would make one of them unreachable: refuse it where it was
 * written last (in the scenario rather than in the catalog; else the later entry).
 */
static int check_unique(const nc_catalog *cat, nc_catalog_part part, nc_error *err)
{
    const nc_catalog_name *names = cat->names[part];
    for (size_t k = 1; k < cat->n_names[part]; k++) {
        const nc_catalog_name *a = &names[k - 1], *b = &names[k];
        if (strcmp(a->name, b->name) != 0 || a->entry == b->entry)
            continue;
        if (!in_catalog_dir(cat, a->file) && in_catalog_dir(cat, b->file)) {
            const nc_catalog_name *t = a;
            a = b, b = t;
        }
        const char *id = entry_id(cat, part, b->entry), *other = entry_id(cat, part, a->entry);
        nc_error_set(err, NC_EINPUT,
                     "%s '%s' %s '%s', which already names %s '%s' (%s:%d:%d): each id and alias "
                     "names one entry; to change '%s', override it by that name",
                     PART_WHAT[part], id, strcmp(id, b->name) ? "takes the alias" : "is named",
                     b->name, PART_WHAT[part], other, a->file, a->line, a->col, other);
        nc_error_at(err, b->file, b->line, b->col);
        return NC_EINPUT;
    }
    return 0;
}

/* ---- the catalog ----------------------------------------------------------------------------- */

static int load_part(nc_catalog *cat, nc_catalog_part part, nc_error *err)
{
    const nc_node *file = cat->files[PART_FILE[part]];
    const nc_node *map = nc_node_get(file, PART_KEY[part]);
    if (!map)
        return nc_node_error(err, file, NC_EINPUT, "missing required key '%s'", PART_KEY[part]);
    int rc = nc_schema_map(map, PART_KEY[part], err);
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
    if (!rc)
        rc = index_names(&cat->names[part], &cat->n_names[part], map, err);
    return rc ? rc : check_unique(cat, part, err);
}

/* Give key 'j' of 'over' the text 'id'. */
static int rename_key(nc_node *over, size_t j, const char *id, nc_error *err)
{
    char *copy = strdup(id);
    if (!copy)
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    free(over->keys[j]);
    over->keys[j] = copy;
    return 0;
}

/*
 * An override named by an alias changes the entry of that alias: rename the keys of 'over'
 * (a scenario's overrides of part 'part', a copy) to the ids they stand for in 'base' (the
 * part as the catalog's file has it). Two keys for one entry (`v100` and `v100-sxm2`) are an
 * error: one would silently undo the other.
 */
static int resolve_aliases(nc_node *over, const nc_node *base, nc_catalog_part part, nc_error *err)
{
    nc_catalog_name *names;
    size_t n;
    if (over->kind != NC_NODE_MAP || base->kind != NC_NODE_MAP)
        return 0;
    int rc = index_names(&names, &n, base, err);
    long *claimed = rc ? NULL : malloc((base->n ? base->n : 1) * sizeof *claimed);
    if (!rc && !claimed)
        rc = nc_error_set(err, NC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < base->n; i++)
        claimed[i] = -1;
    for (size_t j = 0; j < over->n && !rc; j++) {
        const nc_catalog_name *hit = find_name(names, n, over->keys[j]);
        if (!hit)
            continue; /* a new entry */
        const char *id = base->keys[hit->entry];
        size_t first = (size_t)claimed[hit->entry];
        if (claimed[hit->entry] >= 0 && !strcmp(id, over->keys[j]))
            rc = nc_node_key_error(err, over, j, NC_EINPUT,
                                   "%s '%s' is overridden twice: also as '%s' (line %d), one of "
                                   "its aliases; override each entry once",
                                   PART_WHAT[part], id, over->keys[first], over->key_line[first]);
        else if (claimed[hit->entry] >= 0)
            rc = nc_node_key_error(err, over, j, NC_EINPUT,
                                   "'%s' is an alias of %s '%s', which this scenario already "
                                   "overrides as '%s' (line %d): override each entry once",
                                   over->keys[j], PART_WHAT[part], id, over->keys[first],
                                   over->key_line[first]);
        claimed[hit->entry] = (long)j;
    }
    for (size_t i = 0; !rc && i < base->n; i++) /* after the messages, which quote the keys */
        if (claimed[i] >= 0 && strcmp(base->keys[i], over->keys[claimed[i]]) != 0)
            rc = rename_key(over, (size_t)claimed[i], base->keys[i], err);
    free(names);
    free(claimed);
    return rc;
}

static int merge_overrides(nc_catalog *cat, const nc_node *overrides, nc_error *err)
{
    static const char *const keys[] = {"hardware", "grids", "pue", "electricity_price",
                                       "equivalents", NULL};
    int rc = nc_schema_map(overrides, "the catalog overrides", err);
    if (!rc)
        rc = nc_schema_keys(overrides, keys, "catalog", err);
    for (size_t i = 0; i < overrides->n && !rc; i++) {
        int part = 0;
        while (strcmp(PART_KEY[part], overrides->keys[i]) != 0)
            part++;
        nc_node *file = cat->files[PART_FILE[part]];
        nc_node *base = nc_node_get(file, PART_KEY[part]);
        if (!base)
            return nc_node_error(err, file, NC_EINPUT, "missing key '%s'", PART_KEY[part]);
        nc_node *copy = nc_node_copy(overrides->items[i]);
        if (!copy)
            return nc_error_set(err, NC_ENOMEM, "out of memory");
        if ((rc = resolve_aliases(copy, base, (nc_catalog_part)part, err))) {
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
    int rc = 0;
    nc_catalog *cat = calloc(1, sizeof *cat);
    *out = NULL;
    if (!cat || !(cat->dir = strdup(dir))) {
        free(cat);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    for (int i = 0; i < 4 && !rc; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, FILES[i]) >= (int)sizeof path)
            rc = nc_error_set(err, NC_EINPUT, "catalog directory path too long: %s", dir);
        else
            rc = nc_node_load_file(&cat->files[i], path, err);
        if (!rc)
            rc = nc_schema_map(cat->files[i], "a catalog file", err);
    }
    if (!rc && overrides)
        rc = merge_overrides(cat, overrides, err);
    for (int part = 0; part < NC_CAT__COUNT && !rc; part++)
        rc = load_part(cat, (nc_catalog_part)part, err);
    if (rc) {
        nc_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return 0;
}

void nc_catalog_free(nc_catalog *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->n_hardware; i++)
        free_hardware(&cat->hardware[i]);
    for (int part = 0; part < NC_CAT__COUNT; part++) {
        for (size_t i = 0; i < cat->n_presets[part]; i++)
            nc_input_free(cat->presets[part][i].value);
        free(cat->presets[part]);
    }
    for (int part = 0; part < NC_CAT__COUNT; part++)
        free(cat->names[part]);
    free(cat->hardware);
    free(cat->equivalents);
    for (int i = 0; i < 4; i++)
        nc_node_free(cat->files[i]);
    free(cat->dir);
    free(cat);
}

/* ---- lookup ---------------------------------------------------------------------------------- */

const nc_hardware *nc_catalog_hardware(const nc_catalog *cat, const char *name)
{
    const nc_catalog_name *hit =
        find_name(cat->names[NC_CAT_HARDWARE], cat->n_names[NC_CAT_HARDWARE], name);
    return hit ? &cat->hardware[hit->entry] : NULL;
}

const nc_preset *nc_catalog_preset(const nc_catalog *cat, nc_catalog_part part,
                                   const char *name)
{
    const nc_catalog_name *hit = find_name(cat->names[part], cat->n_names[part], name);
    return hit ? &cat->presets[part][hit->entry] : NULL;
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
                           PART_WHAT[part], nc_quote(name).text, near);
    else
        rc = nc_node_error(err, node, NC_EINPUT, "unknown %s '%s' (`nascost catalog` lists them)",
                           PART_WHAT[part], nc_quote(name).text);
    free(ids);
    return rc;
}

/* ---- where the data is ----------------------------------------------------------------------- */

static int is_dir_with_models(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/models/hardware.yaml", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}

/* The data directory beside the executable (BIN/../share/nascost), or "": looked for once, so
 * that threads loading scenarios at once never write it (nascost.h, "Threads"). */
static char exe_dir[PATH_MAX];
static pthread_once_t exe_dir_once = PTHREAD_ONCE_INIT;

static void find_exe_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            int len = snprintf(exe_dir, sizeof exe_dir, "%s/../share/nascost", exe);
            if (len > 0 && (size_t)len < sizeof exe_dir && is_dir_with_models(exe_dir))
                return;
        }
    }
    exe_dir[0] = '\0';
}

const char *nc_catalog_data_dir(void)
{
    const char *env = getenv("NASCOST_DATA");
    if (env && *env)
        return env;
    pthread_once(&exe_dir_once, find_exe_dir);
    if (exe_dir[0])
        return exe_dir;
    if (is_dir_with_models(NC_DATA_DIR_INSTALL))
        return NC_DATA_DIR_INSTALL;
    return NC_DATA_DIR_BUILD;
}
