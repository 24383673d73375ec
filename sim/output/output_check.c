/* output_check.c - a scenario as resolved, as `nascost check` prints it (see output_check.h).
 * Moved from cli/cli_check.c, which now parses the options and calls nc_scenario_write_check. */
#include "output/output_check.h"

#include <stdio.h>
#include <string.h>

static void print_input(FILE *f, const nc_input_info *in)
{
    fprintf(f, "  %-44s %s", in->path, in->distribution);
    if (in->uncertain)
        fprintf(f, "   (nominal %.6g)", in->nominal);
    fputc('\n', f);
}

static void print_stage(FILE *f, const nc_scenario *sc, const nc_stage *st)
{
    static const char *const power[] = {"power_fraction x TDP", "gpu_w", "config_w"};
    static const char *const price[] = {"none", "given",     "on-demand",
                                        "spot", "committed", "owned (amortised)"};
    fprintf(f,
            "  stage %s: site %s, %lld GPU%s per trial, power from %s, pricing %s,"
            " %lld attempt%s at most\n    hardware:",
            st->name, sc->sites[st->site].name, (long long)st->gpus, st->gpus > 1 ? "s" : "",
            power[st->power_mode], price[st->pricing.mode], (long long)st->max_attempts,
            st->max_attempts > 1 ? "s" : "");
    for (size_t h = 0; h < st->n_mix; h++)
        fprintf(f, "%s %s %.4g%%", h ? "," : "", st->mix[h].hw->id, 100.0 * st->mix[h].share);
    if (st->duration_on)
        fprintf(f, "; durations as measured on %s", st->duration_on->id);
    fputc('\n', f);
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
static void print_overrides(FILE *f, const nc_scenario *sc)
{
    const nc_catalog *cat = sc->catalog;
    int any = 0;
    for (int part = 0; part < NC_CAT__COUNT; part++) {
        const char *key = nc_catalog_part_key((nc_catalog_part)part);
        for (size_t i = 0; i < cat->n_overrides[part]; i++) {
            const char *written = cat->overrides[part][i], *id = entry_id(cat, part, written);
            fprintf(f, "%s %s %s", any++ ? "," : "  catalog overrides:", key, id ? id : written);
            if (id && strcmp(id, written) != 0)
                fprintf(f, " (as its alias '%s')", written);
        }
    }
    if (any)
        fputc('\n', f);
}

int nc_output_check(FILE *f, const nc_scenario *sc, nc_error *err)
{
    nc_input_info in;
    fprintf(f, "%s: %s\n  seed %llu, %lld replications, catalog %s\n", sc->file, sc->name,
            (unsigned long long)sc->seed, (long long)sc->replications, sc->catalog->dir);
    for (size_t i = 0; i < sc->n_stages; i++)
        print_stage(f, sc, &sc->stages[i]);
    print_overrides(f, sc);
    fprintf(f, "inputs (canonical units):\n");
    for (size_t i = 0; i < nc_scenario_input_count(sc); i++)
        if (!nc_scenario_input(&in, sc, i, err))
            print_input(f, &in);
    return ferror(f) ? nc_error_set(err, NC_EIO, "cannot write the scenario") : 0;
}
