/* scenario.c - walking a loaded scenario's inputs (see scenario.h). */
#include "scenario.h"

#define VISIT(in)                                                                               \
    do {                                                                                        \
        if ((in) && (rc = fn(ctx, (in))))                                                       \
            return rc;                                                                          \
    } while (0)

static int seen_profile(const nc_scenario *sc, size_t stage, size_t h)
{
    const nc_hardware *hw = sc->stages[stage].mix[h].hw;
    for (size_t i = 0; i <= stage; i++)
        for (size_t j = 0; j < sc->stages[i].n_mix && (i < stage || j < h); j++)
            if (sc->stages[i].mix[j].hw == hw)
                return 1;
    return 0;
}

static int visit_profile(const nc_hardware *hw, nc_input_visitor fn, void *ctx)
{
    int rc;
    VISIT(hw->tdp_w);
    VISIT(hw->power_fraction);
    VISIT(hw->speed);
    VISIT(hw->price_on_demand);
    VISIT(hw->price_spot);
    VISIT(hw->price_committed);
    VISIT(hw->embodied_kg);
    VISIT(hw->lifetime_h);
    VISIT(hw->utilisation);
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
        VISIT(sc->sites[i].pue);
        VISIT(sc->sites[i].ci_kg_per_kwh);
        VISIT(sc->sites[i].usd_per_kwh);
        VISIT(sc->sites[i].idle_w);
    }
    for (size_t i = 0; i < sc->n_stages; i++)
        if ((rc = visit_stage(&sc->stages[i], fn, ctx)))
            return rc;
    for (size_t i = 0; i < sc->n_stages; i++)
        for (size_t h = 0; h < sc->stages[i].n_mix; h++)
            if (!seen_profile(sc, i, h) && (rc = visit_profile(sc->stages[i].mix[h].hw, fn, ctx)))
                return rc;
    return 0;
}
