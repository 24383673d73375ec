/* scenario.c - which inputs of a loaded scenario the model reads, and walking them (see
 * scenario.h). */
#include "scenario/scenario.h"

#include <stdlib.h>

#include "base/names.h"
#include "scenario/input_list.h"
#include "realism/profile.h"

#define VISIT(in)                                                                               \
    do {                                                                                        \
        if ((in) && (rc = fn(ctx, (in))))                                                       \
            return rc;                                                                          \
    } while (0)

/* ---- what the model reads (DESIGN.md, "The model"; pipeline.c and trial.c read them) ---- */

/*
 * The fields of the profiles of stage 'st' the model reads: TDP and the catalog's power
 * fraction only when a trial's power is TDP x fraction (gpu_w and config_w replace both, a
 * stage's own power_fraction the catalog's); speeds only to scale durations between profiles
 * (a mix, or durations measured on `duration_on`); the catalog price of the stage's pricing
 * mode; embodied CO2e, lifetime and utilisation only when embodied carbon is counted.
 */
static unsigned stage_fields(const nc_scenario *sc, const nc_stage *st)
{
    unsigned fields = 0;
    if (st->power_mode == NC_POWER_FRACTION)
        fields |= NC_USES_TDP | (st->power ? 0u : NC_USES_POWER_FRACTION);
    if (st->n_mix > 1 || st->duration_on)
        fields |= NC_USES_SPEED;
    if (st->pricing.mode == NC_PRICE_ON_DEMAND)
        fields |= NC_USES_PRICE_ON_DEMAND;
    if (st->pricing.mode == NC_PRICE_SPOT)
        fields |= NC_USES_PRICE_SPOT;
    if (st->pricing.mode == NC_PRICE_COMMITTED)
        fields |= NC_USES_PRICE_COMMITTED;
    if (sc->embodied)
        fields |= NC_USES_EMBODIED;
    return fields;
}

/* Add 'fields' of profile 'hw' to the scenario's list ('slot' maps a catalog entry to its
 * place in the list + 1). */
static void use_profile(nc_scenario *sc, size_t *slot, const nc_hardware *hw, unsigned fields)
{
    size_t entry = (size_t)(hw - sc->catalog->hardware);
    if (!slot[entry]) {
        sc->profiles[sc->n_profiles].hw = hw;
        sc->profiles[sc->n_profiles].fields = 0;
        slot[entry] = ++sc->n_profiles;
    }
    sc->profiles[slot[entry] - 1].fields |= fields;
}

static int find_profiles(nc_scenario *sc, nc_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n_stages; i++)
        n += sc->stages[i].n_mix + (sc->stages[i].duration_on != NULL);
    size_t *slot = calloc(sc->catalog->n_hardware + 1, sizeof *slot);
    sc->profiles = calloc(n + 1, sizeof *sc->profiles);
    if (!slot || !sc->profiles) {
        free(slot);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < sc->n_stages; i++) {
        const nc_stage *st = &sc->stages[i];
        unsigned fields = stage_fields(sc, st);
        for (size_t h = 0; h < st->n_mix; h++)
            use_profile(sc, slot, st->mix[h].hw, fields);
        if (st->duration_on) /* the reference profile: its speed alone */
            use_profile(sc, slot, st->duration_on, NC_USES_SPEED);
    }
    free(slot);
    return 0;
}

/* A site's inputs are read when a stage runs there, or when its idle GPUs are counted
 * (pipeline.c, add_idle: idle energy x PUE x intensity, x price). */
static void find_sites(nc_scenario *sc)
{
    for (size_t i = 0; i < sc->n_sites; i++)
        sc->sites[i].used = sc->sites[i].cluster_gpus > 0 && sc->sites[i].idle_w;
    for (size_t i = 0; i < sc->n_stages; i++)
        sc->sites[sc->stages[i].site].used = 1;
}

/* Mark 'in' and the inputs of its parameters used. */
static void mark(nc_input *in)
{
    if (!in)
        return;
    in->used = 1;
    for (int i = 0; i < 3; i++)
        mark(in->p[i].input);
    mark(in->min.input);
    mark(in->max.input);
}

static int mark_visitor(void *ctx, const nc_input *in)
{
    (void)ctx;
    mark((nc_input *)(void *)in); /* the scenario's own input, which mark_used may change */
    return 0;
}

int nc_scenario_mark_used(nc_scenario *sc, nc_error *err)
{
    int rc = find_profiles(sc, err);
    if (rc)
        return rc;
    find_sites(sc);
    return nc_scenario_each_input(sc, mark_visitor, NULL);
}

/* ---- walking them ------------------------------------------------------------------------ */

static int visit_profile(const nc_profile_use *use, nc_input_visitor fn, void *ctx)
{
    const nc_hardware *hw = use->hw;
    unsigned f = use->fields;
    int rc;
    VISIT(f & NC_USES_TDP ? hw->tdp_w : NULL);
    VISIT(f & NC_USES_POWER_FRACTION ? hw->power_fraction : NULL);
    VISIT(f & NC_USES_SPEED ? hw->speed : NULL);
    VISIT(f & NC_USES_PRICE_ON_DEMAND ? hw->price_on_demand : NULL);
    VISIT(f & NC_USES_PRICE_SPOT ? hw->price_spot : NULL);
    VISIT(f & NC_USES_PRICE_COMMITTED ? hw->price_committed : NULL);
    VISIT(f & NC_USES_EMBODIED ? hw->embodied_kg : NULL);
    VISIT(f & NC_USES_EMBODIED ? hw->lifetime_h : NULL);
    VISIT(f & NC_USES_EMBODIED ? hw->utilisation : NULL);
    return 0;
}

static int visit_stage(const nc_stage *st, nc_input_visitor fn, void *ctx)
{
    int rc;
    VISIT(st->trials);
    VISIT(st->duration_h);
    VISIT(st->power);
    VISIT(st->host_w_per_gpu);
    VISIT(st->cpu_w);
    VISIT(st->dram_w);
    VISIT(st->fail_p);
    VISIT(st->fail_p ? st->fail_at : NULL);
    VISIT(st->pricing.gpu_hour_usd);
    VISIT(st->pricing.purchase_usd);
    VISIT(st->pricing.amortise_h);
    VISIT(st->pricing.utilisation);
    VISIT(st->trials_fraction);
    VISIT(st->preempt_per_h);
    VISIT(st->checkpoint_h);
    VISIT(st->restart_h);
    return 0;
}

int nc_scenario_each_input(const nc_scenario *sc, nc_input_visitor fn, void *ctx)
{
    int rc;
    for (size_t i = 0; i < sc->n_sites; i++) {
        if (!sc->sites[i].used)
            continue;
        VISIT(sc->sites[i].pue);
        VISIT(sc->sites[i].ci_kg_per_kwh);
        VISIT(sc->sites[i].ci_scale);
        VISIT(sc->sites[i].usd_per_kwh);
        VISIT(sc->sites[i].idle_w);
    }
    for (size_t i = 0; i < sc->n_stages; i++)
        if ((rc = visit_stage(&sc->stages[i], fn, ctx)))
            return rc;
    for (size_t i = 0; i < sc->n_profiles; i++)
        if ((rc = visit_profile(&sc->profiles[i], fn, ctx)))
            return rc;
    return 0;
}

/* ---- lookups and freeing ------------------------------------------------------------------- */

long nc_scenario_find_stage(const nc_scenario *sc, const char *name)
{
    long j = sc->stage_index ? nc_names_find(sc->stage_index, name) : -1;
    return j >= 0 && (size_t)j < sc->n_stages ? j : -1;
}

void nc_pricing_free(nc_pricing *pr)
{
    nc_input_free(pr->gpu_hour_usd);
    nc_input_free(pr->purchase_usd);
    nc_input_free(pr->amortise_h);
    nc_input_free(pr->utilisation);
}

static void free_stage(nc_stage *st)
{
    nc_input_free(st->trials);
    nc_input_free(st->duration_h);
    nc_input_free(st->power);
    nc_input_free(st->host_w_per_gpu);
    nc_input_free(st->cpu_w);
    nc_input_free(st->dram_w);
    nc_input_free(st->fail_p);
    nc_input_free(st->fail_at);
    nc_pricing_free(&st->pricing);
    free(st->after); /* the realism of a stage: order, carbon-aware starts, pre-emption */
    free(st->carbon_delay);
    nc_input_free(st->trials_fraction);
    nc_input_free(st->preempt_per_h);
    nc_input_free(st->checkpoint_h);
    nc_input_free(st->restart_h);
    free(st->mix);
    free(st->mix_cum);
}

static void free_site(nc_site *site)
{
    nc_input_free(site->pue);
    nc_input_free(site->ci_kg_per_kwh);
    nc_input_free(site->ci_scale);
    nc_input_free(site->usd_per_kwh);
    nc_profile_free(site->profile);
    nc_input_free(site->idle_w);
}

void nc_scenario_free(nc_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_stages; i++)
        free_stage(&sc->stages[i]);
    for (size_t i = 0; i < sc->n_sites; i++)
        free_site(&sc->sites[i]);
    free(sc->stages);
    free(sc->sites);
    free(sc->profiles);
    nc_input_list_free(sc);
    nc_catalog_free(sc->catalog);
    nc_text_pool_free(&sc->text);
    free(sc->file);
    free(sc);
}
