/* pipeline.c - one replication: draw, resolve, simulate trials, sum (see pipeline.h). */
#include "pipeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "rng.h"

/* The golden-ratio sequence spreads point-mode choices evenly: frac(t * phi) is
 * equidistributed (Weyl 1916), so a 3% failure rate fails 3% of the trials. */
#define GOLDEN 0.61803398874989484820

typedef struct site_rt {
    double pue, ci_kg_per_kwh, usd_per_kwh;
} site_rt;

/* One stage resolved for one replication. The per-profile arrays have n_mix entries. */
typedef struct stage_rt {
    int64_t trials;
    nc_dist duration, power, fail_at;
    double host_w;  /* host watts per trial (all its GPUs' share, or CPU + DRAM) */
    double fail_p;
    double price;   /* USD per GPU-hour when the stage's price is not per profile */
    double *tdp_w, *pf, *scale, *hw_price, *gpu_hours;
} stage_rt;

struct nc_pipeline_ws {
    gsl_rng *r;
    site_rt *sites;
    stage_rt *stages;
    double *per_mix; /* backing store of the stages' per-profile arrays */
};

enum { PER_MIX_ARRAYS = 5 };

int nc_pipeline_ws_alloc(nc_pipeline_ws **out, const nc_scenario *sc, nc_error *err)
{
    size_t total_mix = 0;
    for (size_t i = 0; i < sc->n_stages; i++)
        total_mix += sc->stages[i].n_mix;
    nc_pipeline_ws *ws = calloc(1, sizeof *ws);
    *out = NULL;
    if (!ws || !(ws->r = gsl_rng_alloc(nc_rng_philox)) ||
        !(ws->sites = calloc(sc->n_sites, sizeof *ws->sites)) ||
        !(ws->stages = calloc(sc->n_stages, sizeof *ws->stages)) ||
        !(ws->per_mix = calloc(total_mix * PER_MIX_ARRAYS, sizeof *ws->per_mix))) {
        nc_pipeline_ws_free(ws);
        return nc_error_set(err, NC_ENOMEM, "out of memory");
    }
    double *at = ws->per_mix;
    for (size_t i = 0; i < sc->n_stages; i++) {
        size_t n = sc->stages[i].n_mix;
        stage_rt *rt = &ws->stages[i];
        rt->tdp_w = at, rt->pf = at + n, rt->scale = at + 2 * n;
        rt->hw_price = at + 3 * n, rt->gpu_hours = at + 4 * n;
        at += PER_MIX_ARRAYS * n;
    }
    *out = ws;
    return 0;
}

void nc_pipeline_ws_free(nc_pipeline_ws *ws)
{
    if (!ws)
        return;
    if (ws->r)
        gsl_rng_free(ws->r);
    free(ws->sites);
    free(ws->stages);
    free(ws->per_mix);
    free(ws);
}

/* ---- per replication: draw the systematic inputs -------------------------------------------- */

typedef struct draw_ctx {
    gsl_rng *r;
    uint64_t seed, rep;
    int point;
    nc_error *err;
} draw_ctx;

static int draw(const draw_ctx *cx, const nc_input *in, double fallback, double *out)
{
    if (!in)
        return *out = fallback, 0;
    return nc_input_draw(in, cx->r, cx->seed, cx->rep, cx->point, out, cx->err);
}

/* A per-trial distribution for this replication; in point mode the nominal value, fixed. */
static int resolve(const draw_ctx *cx, const nc_input *in, double fallback, nc_dist *out)
{
    if (!in)
        return nc_dist_fixed(out, fallback, cx->err);
    if (cx->point)
        return nc_dist_fixed(out, nc_input_nominal(in), cx->err);
    return nc_input_resolve(in, cx->r, cx->seed, cx->rep, 0, out, cx->err);
}

static int draw_sites(const draw_ctx *cx, const nc_scenario *sc, site_rt *sites)
{
    int rc = 0;
    for (size_t i = 0; i < sc->n_sites && !rc; i++) {
        const nc_site *s = &sc->sites[i];
        rc = draw(cx, s->pue, 1.0, &sites[i].pue);
        if (!rc)
            rc = draw(cx, s->ci_kg_per_kwh, 0.0, &sites[i].ci_kg_per_kwh);
        if (!rc)
            rc = draw(cx, s->usd_per_kwh, 0.0, &sites[i].usd_per_kwh);
    }
    return rc;
}

static const nc_input *profile_price(const nc_hardware *hw, nc_price_mode mode)
{
    return mode == NC_PRICE_ON_DEMAND ? hw->price_on_demand
           : mode == NC_PRICE_SPOT    ? hw->price_spot
           : mode == NC_PRICE_COMMITTED ? hw->price_committed
                                        : NULL;
}

/* Duration scale per profile: by relative speed against the reference profile, or so that
 * the mix's average duration is the stage's `duration` (see scenario.h). */
static void speed_scales(const nc_stage *st, const double *speed, double ref_speed,
                         double *scale)
{
    double inv_mean = 0.0;
    for (size_t h = 0; h < st->n_mix; h++)
        inv_mean += st->mix[h].share / speed[h];
    for (size_t h = 0; h < st->n_mix; h++)
        scale[h] = st->duration_on ? ref_speed / speed[h]
                   : st->n_mix > 1 ? 1.0 / (speed[h] * inv_mean)
                                   : 1.0;
}

static int draw_profiles(const draw_ctx *cx, const nc_stage *st, stage_rt *rt)
{
    double speed[64], ref_speed = 1.0;
    int rc = 0;
    if (st->n_mix > 64)
        return nc_error_set(cx->err, NC_EINPUT, "stage '%s': more than 64 profiles in a mix",
                            st->name);
    for (size_t h = 0; h < st->n_mix && !rc; h++) {
        const nc_hardware *hw = st->mix[h].hw;
        rc = draw(cx, hw->tdp_w, 0.0, &rt->tdp_w[h]);
        if (!rc)
            rc = draw(cx, hw->power_fraction, 1.0, &rt->pf[h]);
        if (!rc)
            rc = draw(cx, hw->speed, 1.0, &speed[h]);
        if (!rc)
            rc = draw(cx, profile_price(hw, st->pricing.mode), 0.0, &rt->hw_price[h]);
        rt->gpu_hours[h] = 0.0;
    }
    if (!rc && st->duration_on)
        rc = draw(cx, st->duration_on->speed, 1.0, &ref_speed);
    if (!rc)
        speed_scales(st, speed, ref_speed, rt->scale);
    return rc;
}

static int draw_stage(const draw_ctx *cx, const nc_stage *st, stage_rt *rt)
{
    double trials, host, cpu, dram;
    int rc = draw(cx, st->trials, 0.0, &trials);
    if (!rc)
        rt->trials = (int64_t)llround(trials);
    if (!rc)
        rc = resolve(cx, st->duration_h, 0.0, &rt->duration);
    if (!rc)
        rc = resolve(cx, st->power, 0.0, &rt->power);
    if (!rc)
        rc = resolve(cx, st->fail_at, 0.5, &rt->fail_at);
    if (!rc)
        rc = draw(cx, st->fail_p, 0.0, &rt->fail_p);
    if (!rc)
        rc = draw(cx, st->host_w_per_gpu, 0.0, &host);
    if (!rc)
        rc = draw(cx, st->cpu_w, 0.0, &cpu);
    if (!rc)
        rc = draw(cx, st->dram_w, 0.0, &dram);
    if (!rc)
        rc = draw(cx, st->pricing.gpu_hour_usd, 0.0, &rt->price);
    rt->host_w = (double)st->gpus * host + cpu + dram;
    return rc ? rc : draw_profiles(cx, st, rt);
}

/* ---- per trial ------------------------------------------------------------------------------ */

typedef struct trial_ctx {
    gsl_rng *r;
    uint64_t seed, rep;
    int point;
} trial_ctx;

/* A draw from a per-trial distribution on the trial's own stream of 'key'. */
static double trial_sample(const trial_ctx *tc, const nc_dist *d, uint64_t key, int64_t t)
{
    if (d->kind == NC_DIST_FIXED)
        return d->p1;
    nc_rng_seek(tc->r, tc->seed, key, tc->rep, (uint32_t)t, NC_RNG_TRIAL);
    return nc_dist_sample(d, tc->r);
}

static size_t pick_profile(const trial_ctx *tc, const nc_stage *st, int64_t t, int64_t n)
{
    if (st->n_mix == 1)
        return 0;
    double u;
    if (tc->point)
        u = ((double)t + 0.5) / (double)n;
    else {
        nc_rng_seek(tc->r, tc->seed, st->key_hardware, tc->rep, (uint32_t)t, NC_RNG_TRIAL);
        u = gsl_rng_uniform(tc->r);
    }
    size_t h = 0;
    while (h + 1 < st->n_mix && u >= st->mix_cum[h])
        h++;
    return h;
}

/* Hours paid for trial 't' of full duration 'd', counting failed attempts' partial runs. */
static double paid_hours(const trial_ctx *tc, const nc_stage *st, const stage_rt *rt, double d,
                         int64_t t, double *failed, double *attempts)
{
    if (rt->fail_p <= 0.0)
        return *attempts += 1.0, d;
    if (!tc->point)
        nc_rng_seek(tc->r, tc->seed, st->key_failures, tc->rep, (uint32_t)t, NC_RNG_TRIAL);
    double hours = 0.0;
    for (int64_t a = 0; a < st->max_attempts; a++) {
        *attempts += 1.0;
        double u = tc->point ? fmod((double)t * GOLDEN + (double)a * 0.5, 1.0)
                             : gsl_rng_uniform(tc->r);
        if (u >= rt->fail_p)
            return hours + d;
        *failed += 1.0;
        hours += d * (tc->point || rt->fail_at.kind == NC_DIST_FIXED
                          ? rt->fail_at.p1
                          : nc_dist_sample(&rt->fail_at, tc->r));
    }
    return hours;
}

static double trial_node_w(const trial_ctx *tc, const nc_stage *st, const stage_rt *rt,
                           size_t h, int64_t t)
{
    uint64_t key = st->power ? st->power->key : 0;
    switch (st->power_mode) {
    case NC_POWER_CONFIG_W:
        return trial_sample(tc, &rt->power, key, t);
    case NC_POWER_GPU_W:
        return (double)st->gpus * trial_sample(tc, &rt->power, key, t) + rt->host_w;
    default: {
        double pf = st->power ? trial_sample(tc, &rt->power, key, t) : rt->pf[h];
        return (double)st->gpus * rt->tdp_w[h] * pf + rt->host_w;
    }
    }
}

/* Simulate every trial of one stage; adds trials, failed, GPU-hours and IT kWh to 'm'. */
static void run_trials(const trial_ctx *tc, const nc_stage *st, stage_rt *rt, double *m)
{
    double failed = 0.0, attempts = 0.0, it_wh = 0.0;
    uint64_t dkey = st->duration_h->key;
    for (int64_t t = 0; t < rt->trials; t++) {
        size_t h = pick_profile(tc, st, t, rt->trials);
        double d = trial_sample(tc, &rt->duration, dkey, t) * rt->scale[h];
        double node_w = trial_node_w(tc, st, rt, h, t);
        double hours = paid_hours(tc, st, rt, d, t, &failed, &attempts);
        rt->gpu_hours[h] += hours * (double)st->gpus;
        it_wh += hours * node_w;
    }
    m[NC_M_TRIALS] = attempts;
    m[NC_M_FAILED_TRIALS] = failed;
    m[NC_M_IT_KWH] = it_wh / 1000.0;
}

/* Stage sums from trial sums and the replication's site and prices. */
static void stage_totals(const nc_stage *st, const stage_rt *rt, const site_rt *site, double *m)
{
    double gpu_hours = 0.0, cloud = 0.0;
    for (size_t h = 0; h < st->n_mix; h++) {
        gpu_hours += rt->gpu_hours[h];
        cloud += rt->gpu_hours[h] *
                 (st->pricing.mode == NC_PRICE_INPUT ? rt->price : rt->hw_price[h]);
    }
    m[NC_M_GPU_HOURS] = gpu_hours;
    m[NC_M_FACILITY_KWH] = m[NC_M_IT_KWH] * site->pue;
    m[NC_M_CO2E_KG] = m[NC_M_FACILITY_KWH] * site->ci_kg_per_kwh;
    m[NC_M_CLOUD_USD] = cloud;
    m[NC_M_ELECTRICITY_USD] = m[NC_M_FACILITY_KWH] * site->usd_per_kwh;
}

int nc_pipeline_replicate(nc_pipeline_ws *ws, const nc_scenario *sc, uint64_t seed,
                          uint64_t rep, int point, double *out, double *trials_run,
                          nc_error *err)
{
    draw_ctx cx = {ws->r, seed, rep, point, err};
    trial_ctx tc = {ws->r, seed, rep, point};
    double *total = out + sc->n_stages * NC_M__COUNT;
    int rc = draw_sites(&cx, sc, ws->sites);
    for (size_t i = 0; i < sc->n_stages && !rc; i++)
        rc = draw_stage(&cx, &sc->stages[i], &ws->stages[i]);
    if (rc)
        return rc;
    memset(total, 0, NC_M__COUNT * sizeof *total);
    *trials_run = 0.0;
    for (size_t i = 0; i < sc->n_stages; i++) {
        const nc_stage *st = &sc->stages[i];
        double *m = out + i * NC_M__COUNT;
        run_trials(&tc, st, &ws->stages[i], m);
        stage_totals(st, &ws->stages[i], &ws->sites[st->site], m);
        for (int k = 0; k < NC_M__COUNT; k++)
            total[k] += m[k];
        *trials_run += (double)ws->stages[i].trials;
    }
    return 0;
}
