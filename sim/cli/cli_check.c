/* cli_check.c - `nascost check`: validate a scenario and print it as resolved. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_check.h"
#include "cli/cli_common.h"
#include "scenario/scenario.h"

static const char CHECK_HELP[] =
    "usage: nascost check SCENARIO.yaml [--set PATH=VALUE]...\n"
    "\n"
    "Validate the scenario (extends and --set applied, units converted, catalog names bound)\n"
    "and print every input the model reads for it with its distribution and nominal value,\n"
    "in canonical units (h, W, kWh, kg, kg/kWh, USD): not the catalog's power fraction where\n"
    "a stage gives gpu_w, nor embodied values with 'embodied: false', nor prices of another\n"
    "pricing. The JSON, the report and the sensitivity analyses list the same inputs.\n"
    "Exit status 0 when valid, 2 when not.\n"
    "\n"
    "example:\n"
    "  nascost check scenarios/lisa-rnd.yaml\n";

static int print_input(void *ctx, const nc_input *in)
{
    char text[512];
    (void)ctx;
    nc_input_describe(in, text, sizeof text);
    printf("  %-44s %s", in->path, text);
    if (in->random)
        printf("   (nominal %.6g)", nc_input_nominal(in));
    putchar('\n');
    return 0;
}

static void print_stage(const nc_scenario *sc, const nc_stage *st)
{
    static const char *const power[] = {"power_fraction x TDP", "gpu_w", "config_w"};
    static const char *const price[] = {"none", "given", "on-demand", "spot", "committed",
                                        "owned (amortised)"};
    printf("  stage %s: site %s, %lld GPU%s per trial, power from %s, pricing %s,"
           " %lld attempt%s at most\n    hardware:",
           st->name, sc->sites[st->site].name, (long long)st->gpus, st->gpus > 1 ? "s" : "",
           power[st->power_mode], price[st->pricing.mode], (long long)st->max_attempts,
           st->max_attempts > 1 ? "s" : "");
    for (size_t h = 0; h < st->n_mix; h++)
        printf("%s %s %.4g%%", h ? "," : "", st->mix[h].hw->id, 100.0 * st->mix[h].share);
    if (st->duration_on)
        printf("; durations as measured on %s", st->duration_on->id);
    putchar('\n');
}

/* The id of the entry of catalog part 'part' that 'name' (an id or alias) names, or NULL. */
static const char *entry_id(const nc_catalog *cat, int part, const char *name)
{
    if (part == NC_CAT_HARDWARE) {
        const nc_hardware *hw = nc_catalog_hardware(cat, name);
        return hw ? hw->id : NULL;
    }
    if (part == NC_CAT_EQUIVALENTS)
        return NULL;
    const nc_preset *p = nc_catalog_preset(cat, (nc_catalog_part)part, name);
    return p ? p->id : NULL;
}

/* "catalog overrides: hardware v100-sxm2 (as its alias 'v100')": what the scenario's
 * `catalog:` changes, each override by alias named with the entry it changed. */
static void print_overrides(const nc_scenario *sc)
{
    const nc_node *overrides = nc_node_get(sc->tree, "catalog");
    int any = 0;
    for (int part = 0; overrides && part < NC_CAT__COUNT; part++) {
        const char *key = nc_catalog_part_key((nc_catalog_part)part);
        const nc_node *map = nc_node_get(overrides, key);
        for (size_t i = 0; map && map->kind == NC_NODE_MAP && i < map->n; i++) {
            const char *id = entry_id(sc->catalog, part, map->keys[i]);
            printf("%s %s %s", any++ ? "," : "  catalog overrides:", key, id ? id : map->keys[i]);
            if (id && strcmp(id, map->keys[i]) != 0)
                printf(" (as its alias '%s')", map->keys[i]);
        }
    }
    if (any)
        putchar('\n');
}

int nc_cli_check(int argc, char **argv)
{
    static const struct option opts[] = {{"set", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char **sets = calloc((size_t)argc, sizeof *sets);
    size_t n_sets = 0;
    int c, status = NC_EXIT_OK;
    if (!sets)
        return NC_EXIT_FAIL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(CHECK_HELP, stdout);
            free(sets);
            return NC_EXIT_OK;
        }
        if (c != 's') {
            free(sets);
            return nc_cli_usage("check", "unknown or incomplete option");
        }
        sets[n_sets++] = optarg;
    }
    if (optind != argc - 1) {
        free(sets);
        return nc_cli_usage("check", "give one SCENARIO.yaml");
    }
    nc_scenario *sc = NULL;
    nc_error err;
    nc_load_opts lo = {sets, n_sets, NULL};
    if (nc_scenario_load(&sc, argv[optind], &lo, &err))
        status = nc_cli_report(&err);
    else {
        printf("%s: %s\n  seed %llu, %lld replications, catalog %s\n", sc->file, sc->name,
               (unsigned long long)sc->seed, (long long)sc->replications, sc->catalog->dir);
        for (size_t i = 0; i < sc->n_stages; i++)
            print_stage(sc, &sc->stages[i]);
        print_overrides(sc);
        printf("inputs (canonical units):\n");
        nc_scenario_each_input(sc, print_input, NULL);
        printf("ok: %s is valid\n", sc->file);
    }
    nc_scenario_free(sc);
    free(sets);
    return status;
}
