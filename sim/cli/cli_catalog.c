/* cli_catalog.c - `nascost catalog [NAME]`: list the catalog, or show entries with sources. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "load/catalog_load.h" /* until nascost.h lists the catalog */
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

static int matches(const nc_catalog_entry *e, const char *name)
{
    if (strstr(e->id, name))
        return 1;
    if (e->name) {
        size_t len = strlen(name);
        for (const char *s = e->name; *s; s++)
            if (!strncasecmp(s, name, len))
                return 1;
    }
    for (size_t i = 0; i < e->n_aliases; i++)
        if (strstr(e->aliases[i], name))
            return 1;
    return 0;
}

static const char *const PART_TITLE[NC_CAT__COUNT] = {
    "accelerators", "grids (carbon intensity)", "PUE presets", "electricity prices",
    "CO2e equivalents"};

static void list_part(const nc_catalog *cat, nc_catalog_part part)
{
    size_t n = nc_catalog_count(cat, part);
    printf("%s (%zu):\n", PART_TITLE[part], n);
    for (size_t i = 0; i < n; i++) {
        const nc_catalog_entry *e = nc_catalog_entry_at(cat, part, i);
        printf("  %-24s %s\n", e->id, e->name ? e->name : "");
    }
}

static int show(const nc_catalog *cat, const char *name)
{
    int found = 0;
    for (int part = 0; part < NC_CAT__COUNT; part++) {
        for (size_t i = 0; i < nc_catalog_count(cat, (nc_catalog_part)part); i++) {
            const nc_catalog_entry *e = nc_catalog_entry_at(cat, (nc_catalog_part)part, i);
            if (!matches(e, name))
                continue;
            printf("%s%s %s (%s:%d)\n%s", found++ ? "\n" : "",
                   nc_catalog_part_key((nc_catalog_part)part), e->id, e->file, e->line,
                   e->listing);
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
            printf("%s", part ? "\n" : ""), list_part(cat, (nc_catalog_part)part);
    nc_catalog_free(cat);
    return status;
}
