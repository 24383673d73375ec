/* input_list.c - the inputs of a scenario for the public walk (see input_list.h). */
#include "scenario/input_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OWNED = 5 };

/* The list sc->inputs points at: the public records and the texts they point into. */
struct nc_input_list {
    nc_input_info *info;
    char **owned; /* per input OWNED texts: description, source, its file, entry name, year */
    size_t n, cap;
};

const nc_catalog_entry *nc_input_list_entry(const nc_catalog *cat, const nc_input *in,
                                            const char **key)
{
    static const char *const value_key[NC_CAT__COUNT] = {NULL, "carbon_intensity", "pue", "price",
                                                         NULL};
    char id[256];
    const char *path = in->path, *dot = strchr(path, '.');
    if (!dot || !nc_catalog_has_file(cat, in->file))
        return NULL;
    for (int part = 0; part < NC_CAT__COUNT; part++) {
        const char *name = nc_catalog_part_key((nc_catalog_part)part);
        if (strlen(name) != (size_t)(dot - path) || strncmp(path, name, (size_t)(dot - path)))
            continue;
        if (part == NC_CAT_HARDWARE) {
            const char *last = strrchr(path, '.');
            snprintf(id, sizeof id, "%.*s", (int)(last - dot - 1), dot + 1);
            const nc_hardware *hw = last > dot ? nc_catalog_hardware(cat, id) : NULL;
            *key = last + 1;
            return hw ? &hw->entry : NULL;
        }
        const nc_preset *p =
            value_key[part] ? nc_catalog_preset(cat, (nc_catalog_part)part, dot + 1) : NULL;
        *key = value_key[part];
        return p ? &p->entry : NULL;
    }
    return NULL;
}

static char *copy(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    return c ? strcpy(c, s) : NULL;
}

typedef struct builder {
    struct nc_input_list *list;
    const nc_catalog *cat;
} builder;

static int add(void *ctx, const nc_input *in)
{
    builder *b = ctx;
    struct nc_input_list *l = b->list;
    char text[512];
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        nc_input_info *info = realloc(l->info, cap * sizeof *info);
        if (info)
            l->info = info;
        char **owned = info ? realloc(l->owned, OWNED * cap * sizeof *owned) : NULL;
        if (!owned)
            return -1;
        l->owned = owned, l->cap = cap;
    }
    const char *key = NULL;
    const nc_catalog_entry *entry = nc_input_list_entry(b->cat, in, &key);
    const nc_written *src = entry ? nc_catalog_source(entry, key) : NULL;
    nc_input_describe(in, text, sizeof text);
    const char *texts[OWNED] = {text, src ? src->text : NULL, src ? src->file : NULL,
                                entry ? entry->name : NULL, entry ? entry->year : NULL};
    char **own = &l->owned[OWNED * l->n];
    int failed = 0;
    for (int i = 0; i < OWNED; i++) {
        own[i] = texts[i] ? copy(texts[i]) : NULL;
        failed |= texts[i] && !own[i];
    }
    if (failed) {
        for (int i = 0; i < OWNED; i++)
            free(own[i]);
        return -1;
    }
    l->info[l->n++] = (nc_input_info){.path = in->path,
                                      .unit = nc_dim_unit(in->dim),
                                      .distribution = own[0],
                                      .nominal = nc_input_nominal(in),
                                      .uncertain = in->random != 0,
                                      .file = in->file,
                                      .line = in->line,
                                      .col = in->col,
                                      .from_catalog = entry != NULL,
                                      .catalog_name = own[3],
                                      .catalog_year = own[4],
                                      .source = own[1],
                                      .source_file = own[2],
                                      .source_line = src ? src->line : 0};
    return 0;
}

int nc_input_list_build(nc_scenario *sc, nc_error *err)
{
    builder b = {calloc(1, sizeof *b.list), sc->catalog};
    sc->inputs = b.list;
    if (!b.list || nc_scenario_each_input(sc, add, &b))
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    return 0;
}

void nc_input_list_free(nc_scenario *sc)
{
    struct nc_input_list *l = sc->inputs;
    if (!l)
        return;
    for (size_t i = 0; i < OWNED * l->n; i++)
        free(l->owned[i]);
    free(l->owned);
    free(l->info);
    free(l);
    sc->inputs = NULL;
}

const nc_input_info *nc_input_list_get(const nc_scenario *sc, size_t *n)
{
    *n = sc->inputs ? sc->inputs->n : 0;
    return sc->inputs ? sc->inputs->info : NULL;
}
