/* catalog.c - the catalog's data: its parts, finding entries by id or alias, their sources,
 * and where models/ is (see catalog.h). Loading it is load/catalog_load.c. */
#include "scenario/catalog.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const PART_KEY[NC_CAT__COUNT] = {"hardware", "grids", "pue", "electricity_price",
                                                    "equivalents"};

static const char *const PART_WHAT[NC_CAT__COUNT] = {"hardware", "grid", "PUE preset",
                                                     "electricity price", "equivalent"};

const char *nc_catalog_part_key(nc_catalog_part part)
{
    return PART_KEY[part];
}

const char *nc_catalog_part_what(nc_catalog_part part)
{
    return PART_WHAT[part];
}

/* ---- entries --------------------------------------------------------------------------------- */

size_t nc_catalog_count(const nc_catalog *cat, nc_catalog_part part)
{
    return part == NC_CAT_HARDWARE      ? cat->n_hardware
           : part == NC_CAT_EQUIVALENTS ? cat->n_equivalents
                                        : cat->n_presets[part];
}

const nc_catalog_entry *nc_catalog_entry_at(const nc_catalog *cat, nc_catalog_part part, size_t i)
{
    return part == NC_CAT_HARDWARE      ? &cat->hardware[i].entry
           : part == NC_CAT_EQUIVALENTS ? &cat->equivalents[i].entry
                                        : &cat->presets[part][i].entry;
}

const nc_written *nc_catalog_source(const nc_catalog_entry *e, const char *key)
{
    for (size_t i = 0; e && key && i < e->n_sources; i++)
        if (!strcmp(e->sources[i].key, key))
            return &e->sources[i].text;
    return NULL;
}

int nc_catalog_has_file(const nc_catalog *cat, const char *file)
{
    size_t len = strlen(cat->dir);
    return file && !strncmp(file, cat->dir, len) && file[len] == '/';
}

static void free_entry(nc_catalog_entry *e)
{
    free(e->aliases);
    free(e->sources);
}

static void free_hardware(nc_hardware *hw)
{
    nc_input *inputs[] = {hw->tdp_w,       hw->power_fraction, hw->idle_w,      hw->speed,
                          hw->embodied_kg, hw->lifetime_h,     hw->utilisation, hw->price_on_demand,
                          hw->price_spot,  hw->price_committed};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        nc_input_free(inputs[i]);
    free_entry(&hw->entry);
}

void nc_catalog_free(nc_catalog *cat)
{
    if (!cat)
        return;
    for (size_t i = 0; i < cat->n_hardware; i++)
        free_hardware(&cat->hardware[i]);
    for (int part = 0; part < NC_CAT__COUNT; part++) {
        for (size_t i = 0; i < cat->n_presets[part]; i++) {
            nc_input_free(cat->presets[part][i].value);
            free_entry(&cat->presets[part][i].entry);
        }
        free(cat->presets[part]);
        free(cat->names[part]);
        free(cat->overrides[part]);
    }
    for (size_t i = 0; i < cat->n_equivalents; i++)
        free_entry(&cat->equivalents[i].entry);
    free(cat->hardware);
    free(cat->equivalents);
    nc_text_pool_free(&cat->text);
    free(cat->dir);
    free(cat);
}

/* ---- lookup ---------------------------------------------------------------------------------- */

static int name_matches(const void *key, const void *item)
{
    return strcmp(key, ((const nc_catalog_name *)item)->name);
}

const nc_catalog_name *nc_catalog_find_name(const nc_catalog_name *names, size_t n,
                                            const char *name)
{
    return n ? bsearch(name, names, n, sizeof *names, name_matches) : NULL;
}

const nc_hardware *nc_catalog_hardware(const nc_catalog *cat, const char *name)
{
    const nc_catalog_name *hit =
        nc_catalog_find_name(cat->names[NC_CAT_HARDWARE], cat->n_names[NC_CAT_HARDWARE], name);
    return hit ? &cat->hardware[hit->entry] : NULL;
}

const nc_preset *nc_catalog_preset(const nc_catalog *cat, nc_catalog_part part, const char *name)
{
    const nc_catalog_name *hit = nc_catalog_find_name(cat->names[part], cat->n_names[part], name);
    return hit ? &cat->presets[part][hit->entry] : NULL;
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
