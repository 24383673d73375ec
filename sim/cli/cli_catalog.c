/* cli_catalog.c - `nascost catalog [NAME]`: list the catalog, or show entries with sources. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scenario/catalog.h"
#include "cli/cli_catalog.h"
#include "cli/cli_common.h"

static const char CATALOG_HELP[] =
    "usage: nascost catalog [NAME]\n"
    "\n"
    "Without NAME, list the catalog in models/: accelerators, grids, PUE presets, electricity\n"
    "prices and CO2e equivalents. With NAME, show every entry whose id, alias or name contains\n"
    "it, with all its values and their sources.\n"
    "\n"
    "examples:\n"
    "  nascost catalog\n"
    "  nascost catalog a100\n"
    "  nascost catalog us-2018\n";

/* Print a node as YAML-like text, 'indent' spaces deep. */
static void print_node(const nc_node *node, int indent)
{
    for (size_t i = 0; i < node->n; i++) {
        const nc_node *item = node->items[i];
        if (node->kind == NC_NODE_MAP)
            printf("%*s%s:", indent, "", node->keys[i]);
        else
            printf("%*s-", indent, "");
        if (item->kind == NC_NODE_SCALAR)
            printf(" %s\n", item->text);
        else {
            putchar('\n');
            print_node(item, indent + 2);
        }
    }
}

static int matches(const char *id, const nc_node *entry, const char *name)
{
    if (strstr(id, name))
        return 1;
    const nc_node *n = nc_node_get(entry, "name");
    if (n && n->kind == NC_NODE_SCALAR) {
        size_t len = strlen(name);
        for (const char *s = n->text; *s; s++)
            if (!strncasecmp(s, name, len))
                return 1;
    }
    const nc_node *aliases = nc_node_get(entry, "aliases");
    for (size_t i = 0; aliases && aliases->kind == NC_NODE_SEQ && i < aliases->n; i++)
        if (aliases->items[i]->kind == NC_NODE_SCALAR && strstr(aliases->items[i]->text, name))
            return 1;
    return 0;
}

static const char *const PART_TITLE[NC_CAT__COUNT] = {
    "accelerators", "grids (carbon intensity)", "PUE presets", "electricity prices",
    "CO2e equivalents"};

static const nc_node *part_map(const nc_catalog *cat, int part)
{
    static const int file[NC_CAT__COUNT] = {0, 1, 2, 2, 3};
    return nc_node_get(cat->files[file[part]], nc_catalog_part_key((nc_catalog_part)part));
}

static void list_part(const nc_catalog *cat, int part)
{
    const nc_node *map = part_map(cat, part);
    printf("%s (%zu):\n", PART_TITLE[part], map ? map->n : 0);
    for (size_t i = 0; map && i < map->n; i++) {
        const nc_node *name = nc_node_get(map->items[i], "name");
        printf("  %-24s %s\n", map->keys[i],
               name && name->kind == NC_NODE_SCALAR ? name->text : "");
    }
}

static int show(const nc_catalog *cat, const char *name)
{
    int found = 0;
    for (int part = 0; part < NC_CAT__COUNT; part++) {
        const nc_node *map = part_map(cat, part);
        for (size_t i = 0; map && i < map->n; i++) {
            if (!matches(map->keys[i], map->items[i], name))
                continue;
            printf("%s%s %s (%s:%d)\n", found++ ? "\n" : "", nc_catalog_part_key(part),
                   map->keys[i], map->items[i]->file, map->items[i]->line);
            print_node(map->items[i], 2);
        }
    }
    if (!found) {
        fprintf(stderr, "nascost: nothing in the catalog matches '%s' (try 'nascost catalog')\n",
                name);
        return NC_EXIT_USAGE;
    }
    return NC_EXIT_OK;
}

int nc_cli_catalog(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
        return fputs(CATALOG_HELP, stdout), NC_EXIT_OK;
    if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
        return nc_cli_usage("catalog", "expects at most one NAME");
    char models[4200];
    nc_catalog *cat = NULL;
    nc_error err;
    snprintf(models, sizeof models, "%s/models", nc_catalog_data_dir());
    if (nc_catalog_load(&cat, models, NULL, &err))
        return nc_cli_report(&err);
    int status = NC_EXIT_OK;
    if (argc == 2)
        status = show(cat, argv[1]);
    else
        for (int part = 0; part < NC_CAT__COUNT; part++)
            printf("%s", part ? "\n" : ""), list_part(cat, part);
    nc_catalog_free(cat);
    return status;
}
